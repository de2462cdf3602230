"""report.html without a browser: its policy, its content, its screenshots
and its size budget; the element screenshots kept in the store."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import re

import pytest
from PIL import Image

from auditor.checks.axe_words import WORDS
from auditor.collectors.shots import MAX_CLIP, MIME, OUT_SIZE, PAD, PER_PAGE, bands, crop_box, crop_outline_encode, outline_and_encode, selectors_to_shoot, wanted
from auditor.config import AuditConfig
from auditor.model import ElementShot, Finding, PageResult, Target
from auditor.document import build_document
from auditor.reports import html, json as json_report, write_reports
from auditor.registry import CHECKS
from sample_report import sample_image, sample_pages, sample_run
from auditor.store import Store

SIZE_BUDGET_BYTES = 10_000_000
"""report.html for 100 pages, each with the most element screenshots a page
keeps (PER_PAGE), stays under 10 MB."""


@pytest.fixture
def document(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        return build_document(store, sample_run(store))


def _finding(rule: str, outcome: str, impact: str, *selectors: str) -> Finding:
    return Finding("axe", rule, outcome, impact, (), ("screen-reader",), rule, "", tuple(Target(s) for s in selectors), rule)


def test_policy_allows_only_the_reports_own_script_and_style():
    for text in (html.SCRIPT, html.STYLE):
        digest = base64.b64encode(hashlib.sha256(str(text).encode()).digest()).decode()
        assert html.csp_hash(text) == f"'sha256-{digest}'"
    directives = dict(d.split(" ", 1) for d in html.CSP.split("; "))
    assert directives == {
        "default-src": "'none'",
        "script-src": html.csp_hash(html.SCRIPT),
        "style-src": html.csp_hash(html.STYLE),
        "img-src": "data:",
        "base-uri": "'none'",
        "form-action": "'none'",
    }


def test_content_top_down(document):
    """The questions first (who is excluded, what to fix first), then the
    chart, every issue, who fixes what, things to check, the pages, and the
    run's facts last."""
    page = html.render(document)
    headings = re.findall(r"<h2 id=\"([a-z-]+)\"", page)
    assert headings == ["excluded", "fix-first", "chart", "issues", "fixers", "to-check", "pages", "unreachable", "about", "accessibility"]
    assert "axe-core 4.11.0" in page and "playwright engine, Chromium 156.0" in page
    # Families in words, dates as people write them.
    assert re.findall(r'<ul class="families">(.*?)</ul>', page) == ["".join(f"<li>{t}</li>" for t in (
        "Accessibility rules (axe-core)", "Low bandwidth: page weight, load time on slow networks, data cost", "Without JavaScript", "Small screens and zoom",
        "Text enlarged to 200%", "Keyboard", "Reading and language", "Documents and dead ends",
        "Time limits", "Widgets", "What a screen reader hears", "Languages the page is marked in",
        "Typography for reading", "Motion and distraction", "Form structure", "Links and abbreviations",
        "Tables, images and presentational markup", "Reading order", "Meaning carried by presentation", "Other ways in",
        "Trust: HTTPS, tracking before consent, security headers, autofill of personal details"))]
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d\d:\d\d", page)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", page)
    assert "baseline.json: 1 new" not in page and "baseline.json: 18 new, 1 unchanged, 1 fixed" in page
    assert "Fixed since the baseline: <code>axe/link-name</code>" in page
    assert "dns</strong>: the host name could not be resolved." in page


def test_who_is_excluded_follows_the_core_severity_first(document):
    page = html.render(document)
    rows = re.findall(r'data-group-row="([a-z-]+)"', page)
    assert rows == [r["group"] for r in document["priorities"]["excluded"]]
    screen_reader = re.search(r'data-group-row="screen-reader"[^>]*>(.*?)</li>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", screen_reader) == "People who use a screen reader: 3 critical barriers on 3 of 3 pages"


def test_issues_describe_rules_not_instances(document):
    rows = {r["id"]: r["summary"] for r in document["summary"]["by_rule"]}
    declared = {rule.full_id: rule.description for check in CHECKS.values() for rule in check.rules}
    assert rows["reading/reading-age-too-high"] == declared["reading/reading-age-too-high"]
    assert rows["bandwidth/page-weight-over-budget"] == declared["bandwidth/page-weight-over-budget"]
    assert rows["axe/image-alt"] == WORDS["image-alt"].description  # plain words, not axe-core's help
    issues = re.search(r'id="issues".*?</ol>', html.render(document), re.S).group(0)
    assert declared["reading/reading-age-too-high"] in issues
    summaries = re.findall(r'<span class="issue-title">(.*?)</span>', issues)
    assert "aim for 9" not in " ".join(summaries)


def test_screenshots_only_in_the_html(document, tmp_path):
    """Each photographed element in its finding (14), and the example of
    each issue that has a picture once more (5: image-alt, color-contrast,
    no-visible-focus, horizontal-scroll and, to check, video-caption)."""
    write_reports(document, tmp_path, ["html", "json"])
    page = (tmp_path / "report.html").read_text()
    assert page.count('src="data:image/webp;base64,') == 14 + 5
    stored = document.shots[(document["pages"][0]["url"], "img.logo")]
    assert html.data_uri(stored) in page
    report = (tmp_path / "report.json").read_text()
    assert "data:image" not in report and "shots" not in json.loads(report)


def test_hostile_text_is_escaped(tmp_path):
    pages = sample_pages(2, shots=False)
    hostile = '"><script>window.__pwned=1</script>{{7*7}}'
    finding = dataclasses.replace(pages[0].findings[0], summary=hostile, help_url="javascript:alert(1)",
                                  targets=(Target(hostile, f"<img src=x onerror=alert(1)>{hostile}"),))
    pages[0] = dataclasses.replace(pages[0], title=hostile, findings=(finding,))
    with Store() as store:
        run_id = store.create_run(AuditConfig(urls=(pages[0].url,)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [pages[0].url])
        store.save_page(run_id, pages[0])
        page = html.render(build_document(store, run_id))
    assert page.lower().count("<script") == 1 and "<img" not in page
    assert "&#34;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;{{7*7}}" in page
    assert "javascript:" not in page


def test_shots_are_kept_with_the_page_and_survive_reopening(tmp_path):
    path = tmp_path / "runs.sqlite3"
    page = sample_pages(2)[0]
    with Store(path) as store:
        run_id = store.create_run({}, {}, [page.url])
        store.save_page(run_id, page)
    with Store(path) as store:  # a resumed run opens the store again
        kept = store.shots(run_id)
        assert {selector for _, selector in kept} == {s.selector for s in page.shots}
        assert kept[(page.url, "img.logo")] == page.shots[0]
        store.save_page(run_id, dataclasses.replace(page, shots=page.shots[:1]))  # audited again: replaced
        assert list(store.shots(run_id)) == [(page.url, "img.logo")]


def test_which_elements_are_photographed():
    findings = [
        _finding("minor-rule", "fail", "minor", "p.small"),
        _finding("review-rule", "review", "critical", "video"),
        _finding("worst", "fail", "critical", "img.logo", "html"),
        _finding("again", "fail", "serious", "img.logo", "body"),
    ]
    assert selectors_to_shoot(findings) == ["img.logo", "p.small", "video"]
    many = [_finding("r", "fail", "serious", f"li:nth-of-type({i})") for i in range(30)]
    assert len(selectors_to_shoot(many)) == PER_PAGE
    assert wanted(AuditConfig(formats=("html",))) and not wanted(AuditConfig(formats=("json",)))
    assert not wanted(AuditConfig(formats=("html",), screenshots=False))


def test_shot_is_outlined_small_webp():
    source = Image.new("RGB", (640, 320), (255, 255, 255))
    png = io.BytesIO()
    source.save(png, "PNG")
    data = outline_and_encode(png.getvalue(), {"x": 100, "y": 100, "width": 200, "height": 60})
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP" and image.size == OUT_SIZE  # scaled down to fit
    rgb = image.convert("RGB")
    ring = [rgb.getpixel((x, 70)) for x in range(50, 60)]  # the left side of the ring, scaled by 360/640
    assert any(r > 120 and g < 60 and b > 50 for r, g, b in ring)  # magenta, softened by scaling
    assert rgb.getpixel((100, 65)) == (255, 255, 255) or min(rgb.getpixel((100, 65))) > 240  # inside: untouched
    assert len(data) < 3000 and MIME == "image/webp"


def _with_shots(page: PageResult, pool: list[bytes], n: int) -> PageResult:
    """The page with PER_PAGE more findings, each on its own photographed element."""
    if page.error:
        return page
    extra = tuple(
        dataclasses.replace(page.findings[1], targets=(Target(f"#field-{i}", f'<input id="field-{i}">'),), fingerprint=f"{n}-{i}")
        for i in range(PER_PAGE)
    )
    shots = tuple(ElementShot(f"#field-{i}", MIME, pool[(n * PER_PAGE + i) % len(pool)]) for i in range(PER_PAGE))
    return dataclasses.replace(page, findings=page.findings + extra, shots=shots, screen_reader=_long_transcript(page.screen_reader or ()))


HEARD_LINES = 300
"""Lines of what a screen reader hears on each page of the size budget: the
most the benchmark's generated pages gave (190 on average; the demo site's
pages 45)."""


def _long_transcript(lines: tuple) -> tuple:
    return tuple(lines[i % len(lines)] for i in range(HEARD_LINES)) if lines else ()


def test_size_budget_for_100_pages_with_screenshots(capsys):
    """The stated budget: 100 pages, each with PER_PAGE element shots (the
    most a page keeps), made like real ones but busier (real shots average
    about 2.5 KB on the demo site, these about 5 KB), and HEARD_LINES lines
    of what a screen reader hears."""
    pool = [sample_image(i, {"x": 60, "y": 40, "width": 180, "height": 44}) for i in range(40)]
    pages = [_with_shots(page, pool, n) for n, page in enumerate(sample_pages(101, shots=False))]
    with Store() as store:
        run_id = store.create_run({}, {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [p.url for p in pages])
        for page in pages:
            store.save_page(run_id, page)
        document = build_document(store, run_id)
    page = html.render(document)
    shown = page.count('src="data:image/webp;base64,')
    size = len(page.encode("utf-8"))
    json_size = len(json_report.render(document).encode("utf-8"))
    with capsys.disabled():
        print(f"\nreport.html, 100 pages, {shown} screenshots: {size / 1e6:.2f} MB (report.json {json_size / 1e6:.2f} MB)")
    examples = [i["example"] for key in ("fix_first", "to_check") for i in document["priorities"][key]]
    assert shown == 100 * PER_PAGE + sum(1 for e in examples if (e["url"], e["selector"]) in document.shots)
    assert page.count("</li></ol>") >= 100 and page.count("<li>") >= 100 * HEARD_LINES  # the transcripts are in
    assert size < SIZE_BUDGET_BYTES


def _box(y: float, height: float = 40, x: float = 100, width: float = 200) -> dict[str, float]:
    return {"x": x, "y": y, "width": width, "height": height}


def test_nearby_elements_share_one_screenshot():
    viewport = {"width": 1280, "height": 800}
    boxes = [_box(2100), _box(100), None, _box(500), _box(2600), _box(400, height=2000)]
    # In document order: 100, the tall one at 400 (cut to MAX_CLIP) and 500 fit
    # one band from the top; 2100 and 2600 a second, starting a margin above 2100.
    assert bands(boxes, viewport) == [(0, [1, 5, 3]), (2100 - PAD - 160, [0, 4])]
    assert bands([_box(1000), _box(1700)], viewport) == [(1000 - PAD - 160, [0]), (1700 - PAD - 160, [1])]
    assert bands([None, None], viewport) == []
    assert MAX_CLIP[1] + 2 * PAD < 800 * 0.8  # any one element fits in a band below its margin


def test_crop_is_the_padded_element_within_the_viewport():
    viewport = {"width": 1280, "height": 800}
    clip, box = crop_box(_box(1000), {"x": 0, "y": 900}, viewport)
    assert clip == {"x": 100 - PAD, "y": 100 - PAD, "width": 200 + 2 * PAD + 1, "height": 40 + 2 * PAD + 1}
    assert box == {"x": PAD, "y": PAD, "width": 200, "height": 40}
    clip, _ = crop_box(_box(10, x=1200, width=400), {"x": 0, "y": 0}, viewport)  # cut at the right edge
    assert clip["x"] + clip["width"] == 1280
    assert crop_box(_box(5000), {"x": 0, "y": 0}, viewport) is None  # not on screen


def test_crops_of_one_screenshot_are_outlined_where_the_elements_are():
    shot = Image.new("RGB", (1280, 800), (255, 255, 255))
    png = io.BytesIO()
    shot.save(png, "PNG")
    viewport = {"width": 1280, "height": 800}
    crops = [crop_box(_box(y), {"x": 0, "y": 0}, viewport) for y in (100, 400)]
    images = [Image.open(io.BytesIO(data)).convert("RGB") for data in crop_outline_encode(png.getvalue(), crops, 1280)]
    assert len(images) == 2
    for image in images:  # small, with the magenta ring round the element's box
        assert image.width <= OUT_SIZE[0] and image.height <= OUT_SIZE[1]
        assert any(r > 150 and g < 60 and b > 60 for _, (r, g, b) in image.getcolors(maxcolors=1 << 16))


def _verdict(page: str) -> tuple[str, str]:
    """The banner's tone (its class) and its text, tags dropped."""
    match = re.search(r'<div class="verdict (\w+)">(.*?)</div>', page, re.S)
    assert match, "no verdict banner"
    return match.group(1), " ".join(re.sub(r"<[^>]+>", "", match.group(2)).split())


def _run_with(tmp_path, fail_on: str, findings: tuple[Finding, ...]) -> dict:
    url = "https://example.org/"
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(url,), fail_on=fail_on).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [url])
        store.save_page(run_id, PageResult(url=url, final_url=url, status=200, title="Home", findings=findings))
        store.finish_run(run_id)
        return build_document(store, run_id)


def test_no_threshold_banner_states_what_was_found_without_verdict(tmp_path):
    """With --fail-on none nothing can pass or fail: the banner counts the
    barriers by impact, neither green nor red, and never says "none impact"."""
    findings = (
        _finding("image-alt", "fail", "critical", "img"),
        _finding("label", "fail", "serious", "input"),
        _finding("color-contrast", "fail", "serious", "p"),
        _finding("video-caption", "review", "critical", "video"),
    )
    page = html.render(_run_with(tmp_path, "none", findings))
    tone, text = _verdict(page)
    assert tone == "neutral"
    assert text == "3 barriers found: 1 critical, 2 serious; 1 thing for a person to check."
    assert not re.search(r"\b(pass|passed|fail|fails|failed|no barriers)\b", text, re.I)
    assert "none impact" not in page


def test_no_threshold_and_nothing_found(tmp_path):
    tone, text = _verdict(html.render(_run_with(tmp_path, "none", ())))
    assert (tone, text) == ("neutral", "No barriers found.")


@pytest.mark.parametrize("fail_on,tone,text", [
    ("serious", "bad", "1 of 1 page has barriers of serious impact or worse."),
    ("critical", "good", "No barriers of critical impact or worse were found; 1 less severe barrier (1 serious)."),
])
def test_threshold_banner(tmp_path, fail_on, tone, text):
    assert _verdict(html.render(_run_with(tmp_path, fail_on, (_finding("label", "fail", "serious", "input"),)))) == (tone, text)


def test_page_weight_in_si_units_and_plural_words(tmp_path):
    url = "https://example.org/"
    metrics = {"transfer_bytes": 1_048_577, "requests": 1, "third_party_bytes": 0, "bytes_by_type": {"document": 1_048_577, "script": 1_500}}
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(url,)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [url])
        store.save_page(run_id, PageResult(url=url, final_url=url, status=200, title="Home", metrics=metrics, findings=(_finding("label", "fail", "serious", "input"),)))
        page = html.render(build_document(store, run_id))
    assert "<dt>Page weight</dt><dd>1 MB in 1 request</dd>" in page
    assert re.search(r'<th scope="row">script</th><td class="bar">.*?</td><td class="num">1.5 kB</td>', page)
    assert "1 barrier, 0 to check" in page and "1 barriers" not in page and "1 pages" not in page


def test_skipped_pages_are_listed_and_escaped():
    """A skipped page's address comes from a sitemap or a page: escaped like any page text."""
    from auditor.model import SkippedPage

    hostile = 'https://a.example/"><script>window.__pwned=1</script>'
    with Store() as store:
        run_id = store.create_run(AuditConfig(urls=("https://a.example/",)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, ["https://a.example/"])
        store.add_skipped(run_id, [SkippedPage(hostile, "robots-disallowed", "https://a.example/<b>sitemap</b>.xml")])
        store.add_skipped(run_id, [SkippedPage(hostile, "robots-disallowed", "https://a.example/again")])  # listed once
        document = build_document(store, run_id)
    assert document["skipped"] == [{"url": hostile, "reason": "robots-disallowed", "message": "robots.txt does not allow this tool to load it",
                                    "found_on": "https://a.example/<b>sitemap</b>.xml"}]
    page = html.render(document)
    assert page.lower().count("<script") == 1 and "<b>" not in page
    assert '<td class="page-url">https://a.example/&#34;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</td>' in page


def test_long_strings_are_capped_in_the_html_and_kept_whole_in_the_json(tmp_path):
    """A 1 MB page title was written five times into report.html (heading,
    worst pages, filter options...). The HTML view caps every string at
    html.MAX_CHARS with an ellipsis; report.json keeps the whole value, and
    an element's screenshot is still found under its long selector."""
    pages = sample_pages(2, shots=True)
    title, selector, snippet = "T" * 1_000_000, "div > " * 400 + "img", "<img alt='" + "s" * 50_000 + "'>"
    url = pages[0].url + "?q=" + "u" * 5000
    shot = dataclasses.replace(pages[0].shots[0], selector=selector)
    finding = dataclasses.replace(pages[0].findings[0], summary="m" * 20_000, targets=(Target(selector, snippet),))
    pages[0] = dataclasses.replace(pages[0], url=url, title=title, findings=(finding,), shots=(shot,), notes=("n" * 30_000,))
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(url,)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [url])
        store.save_page(run_id, pages[0])
        document = build_document(store, run_id)
    written = write_reports(document, tmp_path / "out", ["json", "html"])
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert len(page) < 200_000 + len(html.data_uri(shot))
    capped = "T" * (html.MAX_CHARS - 1) + "…"
    assert capped in page and "T" * html.MAX_CHARS not in page
    for long in ("m", "n", "s", "u"):
        assert long * html.MAX_CHARS not in page and long * 100 + "…" in page
    assert html.data_uri(shot) in page  # found under its capped selector
    stored = json.loads(written[0].read_text(encoding="utf-8"))["pages"][0]
    assert (stored["title"], stored["url"], stored["findings"][0]["targets"][0]["snippet"]) == (title, url, snippet)


def test_a_rules_technical_text_is_a_detail_of_its_issue(document):
    """Where a rule's plain description replaces axe-core's own wording, the
    rule table keeps axe's text as ``technical``: the issue shows it one
    click further, escaped; a rule without it shows no such detail."""
    entry = next(r for r in document["rules"] if r["id"] == "axe/image-alt")
    entry["description"] = "Images have no text for people who cannot see them."
    entry["technical"] = "<img> elements must have alternative text"
    document["priorities"]["fix_first"][0]["description"] = entry["description"]
    page = html.render(document)
    issue = re.search(r'data-issue="axe/image-alt">.*?</li>\n', page, re.S).group(0)
    assert "1. Images have no text for people who cannot see them." in issue
    assert ('<details class="technical"><summary>The rule in axe-core’s own words</summary>'
            "<p>&lt;img&gt; elements must have alternative text</p></details>") in issue
    shown = {r["id"] for r in document["rules"] if r.get("technical")} & {i["id"] for key in ("fix_first", "to_check") for i in document["priorities"][key]}
    assert page.count('class="technical"') == len(shown)  # one detail per issue whose rule has its own words


def _hears_section(page: str, page_id: str) -> str:
    body = re.search(rf'<div class="page-body" id="{page_id}">(.*?)\n    </div>\n  </details>', page, re.S).group(1)
    found = re.search(r'<details class="hears">.*?</details>', body, re.S)
    return found.group(0) if found else ""


def test_what_a_screen_reader_hears_is_listed_collapsed_in_each_page(document):
    """Each page's section ends with its transcript: a collapsed
    <details>, one ordered list item per line, in the order heard."""
    page = html.render(document)
    for n, row in enumerate(document["pages"][:3], 1):
        section = _hears_section(page, f"p{n}")
        assert section.startswith('<details class="hears">\n      <summary>What a screen reader hears <span class="muted">(14 lines)</span></summary>')
        items = re.findall(r"<li>(.*?)</li>", re.search(r'<ol class="heard">(.*?)</ol>', section, re.S).group(1))
        assert items == [line["text"] for line in row["screen_reader"]]
    assert "<li>heading level 1, Apply for a blue badge: step 2</li>" in _hears_section(page, "p2")
    assert "<li>button, Menu, collapsed</li><li>main landmark</li>" in page
    assert page.count('<details class="hears">') == 3 and '<details class="hears" open' not in page


def test_what_a_screen_reader_hears_only_when_the_family_ran_and_escaped():
    """No transcript without the hears family (the key is absent); an empty
    one is said in words; every line came from the page and is escaped."""
    hostile = '"><script>window.__pwned=1</script><img src=x onerror=alert(1)>'
    pages = sample_pages(4, shots=False)
    line = {"role": "link", "name": hostile, "level": None, "states": [], "landmark": "", "selector": "a", "text": "link, " + hostile}
    pages = [dataclasses.replace(pages[0], screen_reader=None), dataclasses.replace(pages[1], screen_reader=()),
             dataclasses.replace(pages[2], screen_reader=(line,))]
    with Store() as store:
        run_id = store.create_run(AuditConfig(urls=tuple(p.url for p in pages)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [p.url for p in pages])
        for p in pages:
            store.save_page(run_id, p)
        document = build_document(store, run_id)
    page = html.render(document)
    ids = {v["page"]["url"]: v["id"] for v in html.page_views(document)}
    assert _hears_section(page, ids[pages[0].url]) == ""
    assert "Nothing: the page exposes nothing a screen reader announces." in _hears_section(page, ids[pages[1].url])
    assert "(0 lines)" in _hears_section(page, ids[pages[1].url])
    assert ("<li>link, &#34;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</li>"
            in _hears_section(page, ids[pages[2].url]))
    assert page.lower().count("<script") == 1 and "<img" not in page
