"""A sample stored run, made by hand: every kind of content a report shows.

Used to preview the report without auditing anything, by the report's own
tests (every format renders it; the HTML is checked in a browser) and by the
size benchmark (``sample_run(store, pages=100)``). Deterministic: the same
arguments give the same findings, metrics and images.
"""

from __future__ import annotations

import io
import random
from typing import Any

from auditor.collectors.shots import MIME, OUT_SIZE, outline_and_encode
from auditor.config import AuditConfig
from auditor.registry import run_settings
from auditor.model import ERROR_KINDS, ElementShot, Finding, PageError, PageResult, Target, fingerprint
from auditor.store import Store

TOOL = {"name": "inclusion-auditor", "version": "0.1.0", "axe_version": "4.11.0", "engine": "playwright", "browser": "Chromium 156.0"}
BASE = "https://services.example.gov.uk"
UNREACHABLE = "https://down.example/"
AXE_HELP = "https://dequeuniversity.com/rules/axe/4.11/"


def _finding(check: str, rule: str, outcome: str, impact: str, wcag: tuple[str, ...], groups: tuple[str, ...],
             summary: str, detail: str, help_url: str, url: str, selector: str, snippet: str) -> Finding:
    return Finding(check, rule, outcome, impact, wcag, groups, summary, help_url, (Target(selector, snippet),),
                   fingerprint(rule, url, selector), detail)


def _findings(url: str, n: int) -> list[Finding]:
    """A page's findings: axe, bandwidth, keyboard, reading, reflow; more on odd pages."""
    found = [
        _finding("axe", "image-alt", "fail", "critical", ("1.1.1",), ("screen-reader", "low-bandwidth"),
                 "Images must have alternative text", "Fix any of the following:\n  Element does not have an alt attribute",
                 AXE_HELP + "image-alt", url, "img.logo", '<img class="logo" src="crest.png">'),
        _finding("axe", "color-contrast", "fail", "serious", ("1.4.3",), ("low-vision",),
                 "Elements must meet minimum color contrast ratio thresholds",
                 "Fix any of the following:\n  Element has insufficient color contrast of 2.5 (foreground color: #999999, background color: #ffffff)",
                 AXE_HELP + "color-contrast", url, f"#step-{n} > p.hint", '<p class="hint">Use your reference number</p>'),
        _finding("keyboard", "no-visible-focus", "fail", "serious", ("2.4.7",), ("keyboard",),
                 "The “Continue” button shows no sign of keyboard focus.",
                 "Someone using a keyboard cannot see where they are. Give focused controls a clear outline.",
                 "https://www.w3.org/WAI/WCAG22/Understanding/focus-visible.html", url, "button.continue", '<button class="continue">'),
        _finding("reading", "reading-age-too-high", "fail", "moderate", ("3.1.5",), ("cognitive",),
                 f"The main text needs a reading age of {14 + n % 5}; aim for 9.",
                 "Long sentences and long words make the page hard for many people. Use short sentences and common words.",
                 "https://www.gov.uk/guidance/content-design/writing-for-gov-uk", url, "main", "<main>"),
        _finding("axe", "video-caption", "review", "critical", ("1.2.2",), ("hearing",),
                 "<video> elements must have captions", "Check that the video has captions.",
                 AXE_HELP + "video-caption", url, "video", "<video src=intro.mp4>"),
    ]
    if n % 2:
        found.append(_finding("reflow", "horizontal-scroll-at-320px", "fail", "serious", ("1.4.10",), ("low-vision", "older-devices"),
                              "At 320 px wide the table is 540 px wide, so the page scrolls sideways.",
                              "People who zoom in must scroll both ways to read each line. Let the table wrap or scroll on its own.",
                              "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html", url, "table.fees", '<table class="fees">'))
        found.append(_finding("bandwidth", "page-weight-over-budget", "fail", "moderate", (), ("low-bandwidth",),
                              f"The page downloads {1.8 + n / 100:.1f} MB, over the 1 MB budget.",
                              "On pay-as-you-go data this visit costs 7p. Remove what the page does not need.",
                              "https://web.dev/articles/performance-budgets-101", url, "html", "<html>"))
    return found


def _metrics(n: int) -> dict[str, Any]:
    by_type = {"document": 18_000, "script": 420_000 + 1000 * n, "stylesheet": 60_000, "image": 900_000, "font": 110_000, "media": 0, "other": 2_000}
    total = sum(by_type.values())
    return {
        "transfer_bytes": total, "requests": 31, "bytes_by_type": by_type, "third_party_bytes": 240_000,
        "load_ms": {"fast-4G": 1400.0 + n, "3G": 6200.0 + 10 * n, "slow-2G": 38_000.0 + 50 * n},
        "data_cost_gbp": total / 1e9 * 40, "price_per_gb_gbp": 40.0, "reading_age": 14 + n % 5, "focus_stops": 12,
    }


def _line(role: str, name: str = "", *, level: int | None = None, states: tuple[str, ...] = (), landmark: str = "",
          selector: str = "", text: str) -> dict[str, Any]:
    return {"role": role, "name": name, "level": level, "states": list(states), "landmark": landmark, "selector": selector, "text": text}


def transcript(n: int) -> tuple[dict[str, Any], ...]:
    """What a screen reader hears on step ``n``, as the hears family keeps
    it: a skip link, the banner, the heading outline, a collapsed menu, a
    form and the footer's links, in reading order."""
    return (
        _line("link", "Skip to main content", selector="body > a.skip", text="link, Skip to main content"),
        _line("banner", selector="header", text="banner landmark"),
        _line("link", "Home", landmark="banner", selector="header a.home", text="link, Home"),
        _line("button", "Menu", states=("collapsed",), landmark="banner", selector="header button.menu", text="button, Menu, collapsed"),
        _line("main", selector="main", text="main landmark"),
        _line("heading", f"Apply for a blue badge: step {n}", level=1, landmark="main", selector="main h1",
              text=f"heading level 1, Apply for a blue badge: step {n}"),
        _line("text", "Use your reference number", landmark="main", selector=f"#step-{n} > p.hint", text="Use your reference number"),
        _line("textbox", "Reference number", states=("required",), landmark="main", selector="#ref", text="edit text, Reference number, required"),
        _line("heading", "Your bins", level=2, landmark="main", selector="main h2", text="heading level 2, Your bins"),
        _line("link", "Read more", landmark="main", selector="main a.more", text="link, Read more"),
        _line("image", "crest.png", landmark="main", selector="img.logo", text="image, crest.png"),
        _line("button", "Continue", landmark="main", selector="button.continue", text="button, Continue"),
        _line("contentinfo", selector="footer", text="content information landmark"),
        _line("link", "Privacy", landmark="contentinfo", selector="footer a", text="link, Privacy"),
    )


def sample_image(seed: int, box: dict[str, float]) -> bytes:
    """A made-up element screenshot, encoded as real ones are: a form field
    with text lines around it, at the size shots are taken."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = OUT_SIZE[0] + 120, OUT_SIZE[1] + 60
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for row in range(8, height, 18):
        x = 8
        while x < width - 20:
            word = rng.randint(12, 60)
            draw.rectangle((x, row, x + word, row + 8), fill=(rng.randint(0, 80),) * 3)
            x += word + 6
    draw.rectangle((box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]), fill=(29, 79, 145))
    png = io.BytesIO()
    image.save(png, "PNG")
    return outline_and_encode(png.getvalue(), box)


def sample_pages(count: int = 4, shots: bool = True) -> list[PageResult]:
    """``count`` pages: all audited but the last, which could not be reached."""
    pages = []
    for n in range(1, count):
        url = f"{BASE}/apply/step-{n}"
        findings = _findings(url, n)
        selectors = dict.fromkeys(t.selector for f in findings for t in f.targets if t.selector not in ("html", "main"))
        images = tuple(
            ElementShot(selector, MIME, sample_image(n * 100 + i, {"x": 60, "y": 40 + i * 3, "width": 180, "height": 44}))
            for i, selector in enumerate(selectors)
        ) if shots else ()
        pages.append(PageResult(
            url=url, final_url=url, status=200, title=f"Apply for a blue badge – step {n}",
            metrics=_metrics(n), findings=tuple(findings), started="2026-01-01T09:00:00+00:00", duration_ms=1200, shots=images,
            screen_reader=transcript(n),
        ))
    pages.append(PageResult(url=UNREACHABLE, final_url=UNREACHABLE, error=PageError("dns", ERROR_KINDS["dns"]),
                            started="2026-01-01T09:00:05+00:00", attempts=2))
    return pages


def sample_run(store: Store, pages: int = 4, shots: bool = True, baseline: bool = True) -> str:
    """Store the sample run (with a baseline: one finding unchanged, one
    fixed) and return its id."""
    results = sample_pages(pages, shots)
    urls = [p.url for p in results]
    config = run_settings(AuditConfig(urls=tuple(urls), profile="default", formats=("html", "json"))).config
    run_id = store.create_run(config.to_dict(), TOOL, urls)
    if baseline:
        first = results[0]
        known = [first.findings[0].to_dict(), {**first.findings[0].to_dict(), "rule": "link-name", "fingerprint": "f" * 20, "summary": "Links must have discernible text"}]
        store.set_input(run_id, "baseline", {"source": "baseline.json", "pages": {first.url: known}})
    for page in results:
        store.save_page(run_id, page)
    store.finish_run(run_id)
    return run_id


def big_run(store: Store, pages: int, shots_per_page: int = 10, heard_lines: int = 300) -> str:
    """A run of ``pages`` audited pages (and one unreachable) at the size
    budget's worst case: the sample's findings plus ``shots_per_page`` more,
    each on an element with its screenshot (from a pool of 40 made-up ones,
    so thousands of pages cost no more image making), and ``heard_lines``
    lines of what a screen reader hears. Stored without a baseline; returns
    the run's id. For the big-report tests and benchmark."""
    import dataclasses

    pool = [sample_image(i, {"x": 60, "y": 40, "width": 180, "height": 44}) for i in range(40)]
    results = sample_pages(pages + 1, shots=False)
    run_id = store.create_run(run_settings(AuditConfig(urls=(BASE,), profile="default")).config.to_dict(), TOOL, [p.url for p in results])
    for n, page in enumerate(results):
        if not page.error:
            extra = tuple(dataclasses.replace(page.findings[1], targets=(Target(f"#field-{i}", f'<input id="field-{i}">'),), fingerprint=f"{n}-{i}")
                          for i in range(shots_per_page))
            shots = tuple(ElementShot(f"#field-{i}", MIME, pool[(n * shots_per_page + i) % len(pool)]) for i in range(shots_per_page))
            lines = page.screen_reader or ()
            page = dataclasses.replace(page, findings=page.findings + extra, shots=shots,
                                       screen_reader=tuple(lines[i % len(lines)] for i in range(heard_lines)))
        store.save_page(run_id, page)
    store.finish_run(run_id)
    return run_id
