"""Throughput of a full audit against the floor: what a bare Playwright + axe-core
loop costs on the same pages, the same browser and the same concurrency.

    python benchmarks/throughput.py --pages 120 --concurrency 2 [--repeat 3] [--seed 7]

It generates a local site of N public-service-like pages (deterministic for a
seed), serves it on 127.0.0.1 and, for each repeat, runs two phases whose order
alternates between repeats:

* floor: one Chromium (same executable and launch arguments as the engine),
  C asyncio workers, each page: new_context -> new_page -> goto(load) ->
  inject axe -> run axe (WCAG A/AA tags) -> context.close(). Nothing else.
* tool: ``AuditRun.start_new(Store(':memory:'), AuditConfig(urls, concurrency=C))``
  and iterating ``.results()``: the full default audit through the public API.

Times: "pages" is first page start to last page end (the like-for-like figure,
used for the ratio); "wall" also includes launching and closing the browser
(for the tool: from calling ``results()`` until it is exhausted). Peak memory
is the largest sum of RSS over this process and all its descendants, sampled
every 100 ms (RSS counts shared pages once per process, so it overstates the
real footprint of a multi-process browser; it is comparable between phases).

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import subprocess

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import auditor  # noqa: E402
from auditor import AuditConfig, AuditRun, ConfigError, PageFinished, PageStarted, Store  # noqa: E402
from auditor.collectors.axe import RUN_AXE, axe_source  # noqa: E402
from auditor.config import WCAG_AA_TAGS  # noqa: E402
from auditor.demo import serve_directory  # noqa: E402
from auditor.engines.browsers import find_browser  # noqa: E402
from auditor.engines.playwright_launch import launch_options  # noqa: E402

# --------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------

COUNCIL = "Eastbridge Borough Council"
TOPICS = (
    ("Bins and recycling", "bins"), ("Council Tax", "council-tax"), ("Parking permits", "parking"),
    ("Housing benefit", "housing-benefit"), ("Planning applications", "planning"),
    ("School admissions", "schools"), ("Libraries", "libraries"), ("Adult social care", "social-care"),
    ("Registering a birth", "births"), ("Business rates", "business-rates"), ("Roads and pavements", "roads"),
    ("Noise complaints", "noise"), ("Blue Badge", "blue-badge"), ("Electoral register", "elections"),
    ("Licensing", "licensing"), ("Pest control", "pest-control"),
)
WORDS = (
    "you can apply online if you live in the borough and are over 18 the council will contact you "
    "within 10 working days your application may take longer if we need more evidence such as proof "
    "of address a recent utility bill or a bank statement you must tell us about any change in your "
    "circumstances this includes moving home changes to your income or people joining or leaving "
    "your household payments are made every four weeks directly into your bank account if you "
    "disagree with a decision you can ask us to look at it again we will write to you to explain "
    "how we reached our decision the service is free there is a charge for replacement permits and "
    "late renewals find out what you need to do before you start you will need your reference number"
).split()
FIRST = ("Amira", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo", "Iqra", "Jon", "Kasia", "Liam")
STREETS = ("High Street", "Mill Lane", "Station Road", "Church Walk", "Victoria Road", "Park View", "Bridge Street")
COLOURS = ("#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92", "#28a197", "#912b88", "#505a5f")

STYLE = """
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; background: #fff; }
a { color: #1d70b8; } a:visited { color: #4c2c92; } a:focus { outline: 3px solid #fd0; background: #fd0; color: #0b0c0c; }
.skip-link { position: absolute; left: -9999px; } .skip-link:focus { left: 0; }
.header { background: #0b0c0c; color: #fff; padding: .5rem 0; } .header a { color: #fff; }
.wrapper { max-width: 960px; margin: 0 auto; padding: 0 15px; }
.brand { display: flex; align-items: center; gap: .75rem; font-weight: bold; font-size: 1.5rem; }
.nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: .5rem 0 0; font-size: 1rem; }
.breadcrumbs ol { list-style: none; display: flex; gap: .5rem; padding: 0; font-size: 1rem; }
.phase { border-bottom: 1px solid #b1b4b6; padding: .5rem 0; font-size: 1rem; }
.tag { background: #1d70b8; color: #fff; padding: 2px 6px; font-weight: bold; }
main { padding: 2rem 0; display: block; }
.grid { display: grid; grid-template-columns: 2fr 1fr; gap: 2rem; }
.card-list { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; padding: 0; list-style: none; }
.card { border: 1px solid #b1b4b6; padding: 1rem; } .card img { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; font-size: 1rem; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .5rem 1rem .5rem 0; text-align: left; }
.form-group { margin-bottom: 1.5rem; } label, legend { display: block; font-weight: bold; }
.hint { color: #505a5f; } input[type=text], input[type=email], select, textarea { font: inherit; border: 2px solid #0b0c0c; padding: 5px; width: 100%; max-width: 30em; }
.button { font: inherit; background: #00703c; color: #fff; border: 0; padding: .5rem 1rem; box-shadow: 0 2px 0 #002d18; }
.inset { border-left: 10px solid #b1b4b6; padding: 1rem; margin: 1.5rem 0; }
.warning { font-weight: bold; } .muted { color: #aaaaaa; }
.related { border-top: 2px solid #1d70b8; padding-top: 1rem; font-size: 1rem; }
.footer { background: #f3f2f1; border-top: 1px solid #b1b4b6; padding: 2rem 0; font-size: 1rem; }
.footer ul { columns: 3; padding: 0; list-style: none; }
.chart { display: block; margin: 1rem 0; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""

CREST_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="48" viewBox="0 0 40 48">
<path d="M20 1 L38 8 V24 C38 36 29 44 20 47 C11 44 2 36 2 24 V8 Z" fill="#1d70b8" stroke="#fff" stroke-width="2"/>
<path d="M10 20 H30 M20 10 V38" stroke="#fff" stroke-width="4"/></svg>
"""


def icon_svg(colour: str, shape: int) -> str:
    body = (
        f'<circle cx="32" cy="32" r="26" fill="{colour}"/>',
        f'<rect x="8" y="8" width="48" height="48" rx="8" fill="{colour}"/>',
        f'<path d="M32 4 L60 56 H4 Z" fill="{colour}"/>',
        f'<path d="M8 32 L32 8 L56 32 L32 56 Z" fill="{colour}"/>',
    )[shape % 4]
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">{body}<path d="M20 32 h24 M32 20 v24" stroke="#fff" stroke-width="5"/></svg>\n'


def chart_data_uri(rng: random.Random) -> str:
    bars = "".join(
        f'<rect x="{10 + i * 36}" y="{110 - h}" width="28" height="{h}" fill="{COLOURS[i % len(COLOURS)]}"/>'
        for i, h in enumerate(rng.randint(15, 100) for _ in range(8))
    )
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">{bars}<path d="M5 110 H295" stroke="#0b0c0c"/></svg>'
    return "data:image/svg+xml," + quote(svg)


def sentence(rng: random.Random, lo: int = 8, hi: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, lo: int = 2, hi: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Barriers:
    missing_alt: bool = False
    unlabelled_input: bool = False
    low_contrast: bool = False
    empty_link: bool = False
    skipped_heading: bool = False
    no_lang: bool = False
    table_without_headers: bool = False

    def names(self) -> list[str]:
        return [k for k, v in self.__dict__.items() if v]


def page_html(index: int, n: int, rng: random.Random, barriers: Barriers) -> str:
    topic, slug = TOPICS[index % len(TOPICS)]
    kind = ("guidance", "form", "start", "data", "news")[index % 5]
    title = f"{topic}: {('how to apply', 'your details', 'overview', 'figures for 2024', 'latest updates')[index % 5]}"
    out: list[str] = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html>' if barriers.no_lang else '<html lang="en-GB">')
    w(f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
      f"<title>{esc(title)} - {COUNCIL}</title><link rel=\"stylesheet\" href=\"style.css\"></head>")
    w("<body>")
    w('<a class="skip-link" href="#main">Skip to main content</a>')
    w('<header class="header"><div class="wrapper"><div class="brand">'
      f'<img src="img/crest.svg" width="40" height="48" alt=""><a href="page-000.html">{COUNCIL}</a></div>')
    w('<nav class="nav" aria-label="Main"><ul>')
    for t, s in TOPICS:
        w(f'<li><a href="page-{(TOPICS.index((t, s)) * 7) % n:03d}.html">{esc(t)}</a></li>')
    w("</ul></nav></div></header>")
    w('<div class="wrapper"><div class="phase"><strong class="tag">BETA</strong> This is a new service. '
      '<a href="page-001.html">Give feedback</a> to help us improve it.</div>')
    w('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="page-000.html">Home</a></li>'
      f'<li><a href="page-{index % n:03d}.html">{esc(topic)}</a></li></ol></nav>')
    w('<main id="main"><div class="grid"><div>')
    w(f"<h1>{esc(title)}</h1>")
    w(f'<p class="lead">{esc(paragraph(rng, 1, 2))}</p>')
    if barriers.low_contrast:
        w(f'<p class="muted">{esc(sentence(rng))}</p>')

    sections = rng.randint(3, 7) if kind in ("guidance", "news") else rng.randint(2, 4)
    for s in range(sections):
        heading = "h4" if (barriers.skipped_heading and s == 0) else "h2"
        w(f"<{heading}>{esc(sentence(rng, 3, 6)[:-1])}</{heading}>")
        for _ in range(rng.randint(1, 4)):
            w(f"<p>{esc(paragraph(rng))}</p>")
        if rng.random() < 0.6:
            w("<ul>" + "".join(f"<li>{esc(sentence(rng, 4, 10))}</li>" for _ in range(rng.randint(3, 8))) + "</ul>")
        if rng.random() < 0.3:
            w(f'<div class="inset">{esc(paragraph(rng, 1, 2))}</div>')
        if rng.random() < 0.4:
            w(f'<h3>{esc(sentence(rng, 2, 5)[:-1])}</h3><p>{esc(paragraph(rng, 1, 3))} '
              f'<a href="page-{rng.randrange(n):03d}.html">{esc(sentence(rng, 3, 6)[:-1])}</a>.</p>')

    if kind in ("data", "guidance") or rng.random() < 0.3:
        rows = rng.randint(6, 40)
        w(f"<h2>{esc(topic)} in numbers</h2>")
        w(f'<img class="chart" src="{chart_data_uri(rng)}" width="300" height="120" '
          f'alt="Bar chart of {esc(topic.lower())} by ward; the figures are in the table below">')
        w("<table>")
        if not barriers.table_without_headers:
            w("<caption>Figures by ward</caption>")
            w('<thead><tr><th scope="col">Ward</th><th scope="col">Applications</th><th scope="col">Approved</th>'
              '<th scope="col">Average days</th><th scope="col">Contact</th></tr></thead>')
        w("<tbody>")
        for r in range(rows):
            name = f"{rng.choice(FIRST)} {rng.choice(STREETS)}"
            apps = rng.randint(20, 900)
            w(f"<tr><td>{esc(name)} ward</td><td>{apps}</td><td>{rng.randint(0, apps)}</td>"
              f"<td>{rng.randint(2, 60)}</td><td><a href=\"page-{rng.randrange(n):03d}.html\">Ward office {r + 1}</a></td></tr>")
        w("</tbody></table>")

    if kind in ("form", "start") or rng.random() < 0.25:
        w(f'<form method="get" action="page-{(index + 1) % n:03d}.html" novalidate><h2>Tell us about you</h2>')
        fields = rng.randint(3, 8)
        unlabelled_at = rng.randrange(fields) if barriers.unlabelled_input else -1
        for f in range(fields):
            fid = f"f{index}-{f}"
            label = ("Full name", "Email address", "Postcode", "Reference number", "Phone number",
                     "Address line 1", "Town or city", "National Insurance number")[f % 8]
            if f == unlabelled_at:
                w(f'<div class="form-group"><p class="label">{label}</p>'
                  f'<input type="text" id="{fid}" name="{fid}"></div>')
            else:
                w(f'<div class="form-group"><label for="{fid}">{label}</label>'
                  f'<p class="hint" id="{fid}-hint">{esc(sentence(rng, 5, 10))}</p>'
                  f'<input type="text" id="{fid}" name="{fid}" aria-describedby="{fid}-hint"></div>')
        w('<div class="form-group"><fieldset><legend>How would you like us to contact you?</legend>')
        for o, opt in enumerate(("Email", "Phone", "Letter")):
            w(f'<div><input type="radio" id="c{index}-{o}" name="contact" value="{opt.lower()}">'
              f'<label for="c{index}-{o}">{opt}</label></div>')
        w("</fieldset></div>")
        w(f'<div class="form-group"><label for="s{index}">Ward</label><select id="s{index}" name="ward">'
          + "".join(f"<option>{esc(s)}</option>" for s in STREETS) + "</select></div>")
        w(f'<div class="form-group"><label for="t{index}">More detail (optional)</label>'
          f'<textarea id="t{index}" name="detail" rows="4"></textarea></div>')
        w('<button class="button" type="submit">Continue</button></form>')

    w("</div><aside>")
    w('<div class="related"><h2>Related content</h2><ul class="card-list">')
    for c in range(3):
        shape = (index + c) % 4
        alt = "" if (barriers.missing_alt and c == 0) else f' alt="{esc(TOPICS[(index + c) % len(TOPICS)][0])} icon"'
        # alt="" would be decorative (fine); the barrier is no alt attribute at all.
        w(f'<li class="card"><img src="img/icon-{shape}-{(index + c) % len(COLOURS)}.svg" width="64" height="64"{alt}>'
          f'<a href="page-{rng.randrange(n):03d}.html">{esc(TOPICS[(index + c) % len(TOPICS)][0])}</a></li>')
    w("</ul>")
    if barriers.empty_link:
        w(f'<p><a href="page-{rng.randrange(n):03d}.html"><img src="img/icon-0-0.svg" width="24" height="24" alt=""></a></p>')
    w("</div></aside></div></main></div>")
    w('<footer class="footer"><div class="wrapper"><h2 class="visually-hidden">Support links</h2><ul>')
    for label in ("Accessibility statement", "Cookies", "Privacy notice", "Contact us", "Complaints",
                  "Freedom of information", "Jobs", "Modern slavery statement", "Sitemap", "Terms of use",
                  "Translate this page", "Report a problem"):
        w(f'<li><a href="page-{rng.randrange(n):03d}.html">{label}</a></li>')
    w(f"</ul><p>&copy; {COUNCIL}. {esc(sentence(rng, 6, 12))}</p></div></footer>")
    w("</body></html>")
    return "\n".join(out)


def generate_site(root: Path, n: int, seed: int) -> dict[str, int]:
    """Write n pages plus shared assets; returns how many pages carry each barrier."""
    rng = random.Random(seed)
    (root / "img").mkdir(parents=True, exist_ok=True)
    (root / "style.css").write_text(STYLE, encoding="utf-8")
    (root / "img" / "crest.svg").write_text(CREST_SVG, encoding="utf-8")
    for shape in range(4):
        for c, colour in enumerate(COLOURS):
            (root / "img" / f"icon-{shape}-{c}.svg").write_text(icon_svg(colour, shape), encoding="utf-8")
    counts: Counter[str] = Counter()
    for i in range(n):
        b = Barriers(
            missing_alt=rng.random() < 0.25,
            unlabelled_input=rng.random() < 0.2,
            low_contrast=rng.random() < 0.2,
            empty_link=rng.random() < 0.15,
            skipped_heading=rng.random() < 0.15,
            no_lang=rng.random() < 0.05,
            table_without_headers=rng.random() < 0.1,
        )
        counts.update(b.names())
        (root / f"page-{i:03d}.html").write_text(page_html(i, n, rng, b), encoding="utf-8")
    return dict(counts)


# --------------------------------------------------------------------------
# Memory sampling
# --------------------------------------------------------------------------


def _tree_cpu() -> float:
    """CPU seconds used by this process and every descendant that has exited and
    been waited for. Chromium reaps its renderers, the Playwright driver reaps
    Chromium and this process reaps the driver, so once a phase has closed its
    browser this covers the whole browser tree. It counts work, not waiting, so
    it is far less disturbed than wall time by other load on the machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class PeakRSS:
    """Samples RSS of this process and all its descendants every `interval` s,
    and measures the CPU time of the whole tree over the block."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._me = psutil.Process()

    def sample(self) -> int:
        total = 0
        try:
            procs = [self._me, *self._me.children(recursive=True)]
        except psutil.Error:
            procs = [self._me]
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass  # a renderer that exited between listing and reading
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._cpu0 = _tree_cpu()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.cpu_s = _tree_cpu() - self._cpu0
        self.leftover = len(self._me.children(recursive=True))

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


# --------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    pages: int = 0
    pages_s: float = 0.0  # first page start -> last page end
    wall_s: float = 0.0  # including browser launch and close
    peak_mb: float = 0.0
    cpu_s: float = 0.0  # CPU of this process and the browser tree, launch to close
    leftover: int = 0  # descendants still alive after the phase (their CPU is not counted)
    errors: int = 0
    error_kinds: Counter = field(default_factory=Counter)
    error_samples: list = field(default_factory=list)
    findings: int = 0  # axe nodes (violations + incomplete): a sanity check that both did the same work

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.pages_s / self.pages if self.pages else float("nan")

    @property
    def pages_per_min(self) -> float:
        return 60 * self.pages / self.pages_s if self.pages_s else float("nan")


async def _floor(urls: list[str], concurrency: int, result: Phase, viewport: tuple[int, int]) -> None:
    from playwright.async_api import async_playwright

    source = axe_source()
    options = {"tags": list(WCAG_AA_TAGS)}
    async with async_playwright() as pw:
        t_wall = time.perf_counter()
        # The very launch the engine makes: same executable, flags and disabled features.
        browser = await pw.chromium.launch(**await launch_options(pw, find_browser()))
        queue: asyncio.Queue[str] = asyncio.Queue()
        for u in urls:
            queue.put_nowait(u)
        starts: list[float] = []
        ends: list[float] = []

        async def worker() -> None:
            while True:
                try:
                    url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                starts.append(time.perf_counter())
                try:
                    context = await browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
                    try:
                        page = await context.new_page()
                        await page.goto(url, wait_until="load")
                        await page.evaluate(source)
                        axe = await page.evaluate(RUN_AXE, options)
                        result.findings += sum(len(r["nodes"]) for r in axe["violations"] + axe["incomplete"])
                    finally:
                        await context.close()
                except Exception as exc:  # counted, never fatal
                    result.errors += 1
                    result.error_kinds[type(exc).__name__] += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(f"{url}: {str(exc).splitlines()[0][:200]}")
                ends.append(time.perf_counter())
                result.pages += 1

        await asyncio.gather(*(worker() for _ in range(min(concurrency, len(urls)))))
        await browser.close()
        result.wall_s = time.perf_counter() - t_wall
        result.pages_s = max(ends) - min(starts)


def _default(name: str):
    return AuditConfig.__dataclass_fields__[name].default


def run_floor(urls: list[str], concurrency: int) -> Phase:
    result = Phase("floor")
    viewport = (_default("viewport_width"), _default("viewport_height"))  # the tool's, so both lay out alike
    with PeakRSS() as mem:
        asyncio.run(_floor(urls, concurrency, result, viewport))
    result.peak_mb, result.cpu_s, result.leftover = mem.peak_mb, mem.cpu_s, mem.leftover
    return result


def tool_config(urls: list[str], concurrency: int, settings: dict) -> AuditConfig:
    """The default audit, unless --profile / --checks narrow it."""
    return AuditConfig(urls=tuple(urls), concurrency=concurrency, **settings)


def run_tool(urls: list[str], concurrency: int, settings: dict) -> Phase:
    result = Phase("tool")
    store = Store(":memory:")
    run = AuditRun.start_new(store, tool_config(urls, concurrency, settings))
    starts: list[float] = []
    ends: list[float] = []

    def observe(event: object) -> None:
        if isinstance(event, PageStarted):
            starts.append(time.perf_counter())
        elif isinstance(event, PageFinished):
            ends.append(time.perf_counter())

    seen: set[str] = set()
    with PeakRSS() as mem:
        t_wall = time.perf_counter()
        for page in run.results(observe):
            seen.add(page.url)
            result.pages += 1
            result.findings += sum(len(f.targets) for f in page.findings)
            if page.error is not None:
                result.errors += 1
                result.error_kinds[page.error.kind] += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"{page.url}: {page.error.kind}: {page.error.message} (attempts {page.attempts})")
            elif page.check_errors:
                result.errors += 1
                result.error_kinds["check-errors"] += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"{page.url}: {page.check_errors[0]}")
            elif page.attempts > 1:
                result.error_kinds["retried-ok"] += 1  # not an error, but worth knowing
        result.wall_s = time.perf_counter() - t_wall
    result.peak_mb, result.cpu_s, result.leftover = mem.peak_mb, mem.cpu_s, mem.leftover
    lost = set(urls) - seen
    if lost:
        result.errors += len(lost)
        result.error_kinds["lost"] += len(lost)
        result.error_samples.extend(sorted(lost)[:3])
    result.pages_s = (max(ends) - min(starts)) if starts and ends else float("nan")
    store.close()
    return result


def warm_up(urls: list[str]) -> None:
    """Launch the browser and audit a couple of pages once, so the first measured
    phase does not pay for cold disk caches and the first axe compile alone."""
    run_floor(urls[:2], 1)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def median_phase(runs: list[Phase]) -> Phase:
    if len(runs) == 1:
        return runs[0]
    m = Phase(runs[0].name)
    m.pages = runs[0].pages
    m.pages_s = statistics.median(r.pages_s for r in runs)
    m.wall_s = statistics.median(r.wall_s for r in runs)
    m.peak_mb = statistics.median(r.peak_mb for r in runs)
    m.cpu_s = statistics.median(r.cpu_s for r in runs)
    m.leftover = max(r.leftover for r in runs)
    m.errors = sum(r.errors for r in runs)
    m.findings = runs[0].findings
    for r in runs:
        m.error_kinds.update(r.error_kinds)
        m.error_samples.extend(r.error_samples)
    return m


def print_table(floor: Phase, tool: Phase) -> None:
    header = (f"{'phase':<6} {'pages':>5} {'seconds':>8} {'wall s':>7} {'pages/min':>9} {'ms/page':>8} "
              f"{'cpu ms/page':>11} {'peak MB':>8} {'errors':>6} {'findings':>8}")
    print(header)
    print("-" * len(header))
    for p in (floor, tool):
        cpu = 1000 * p.cpu_s / p.pages if p.pages else float("nan")
        print(f"{p.name:<6} {p.pages:>5} {p.pages_s:>8.2f} {p.wall_s:>7.2f} {p.pages_per_min:>9.1f} "
              f"{p.ms_per_page:>8.1f} {cpu:>11.1f} {p.peak_mb:>8.0f} {p.errors:>6} {p.findings:>8}")
    print("-" * len(header))


def source_revision() -> str:
    """The git commit the auditor package is imported from, and whether it has local changes."""
    where = Path(auditor.__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(where), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(where), "status", "--porcelain", "--", "auditor"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    if head.returncode != 0:
        return "not a git checkout"
    return head.stdout.strip() + (" + local changes" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep-site", metavar="DIR", help="generate the site into DIR and keep it")
    parser.add_argument("--profile", help="audit profile for the tool phase (default: the tool's default)")
    parser.add_argument("--checks", help="comma-separated check families for the tool phase (default: the profile's)")
    parser.add_argument("--no-screenshots", action="store_true", help="tool phase without the element screenshots for report.html")
    args = parser.parse_args(argv)
    settings: dict = {"screenshots": False} if args.no_screenshots else {}
    if args.profile:
        settings["profile"] = args.profile
    if args.checks:
        settings["checks"] = tuple(c.strip() for c in args.checks.split(",") if c.strip())
    try:
        checks = tool_config(["http://127.0.0.1/"], args.concurrency, settings).checks
    except (ConfigError, TypeError) as exc:
        print(f"cannot build the tool's audit settings {settings or '(defaults)'}: {exc}", file=sys.stderr)
        return 2

    tmp = None
    if args.keep_site:
        root = Path(args.keep_site)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="ia-bench-")
        root = Path(tmp.name)
    barriers = generate_site(root, args.pages, args.seed)
    size_kb = sum(f.stat().st_size for f in root.glob("page-*.html")) / args.pages / 1024
    print(f"site: {args.pages} pages in {root} (avg {size_kb:.1f} KB html), seed {args.seed}; barriers: "
          + ", ".join(f"{k} {v}" for k, v in sorted(barriers.items())))
    print(f"browser: {find_browser()}; concurrency {args.concurrency}; cpus {os.cpu_count()}; repeat {args.repeat}")
    print(f"auditor {auditor.__version__} from {Path(auditor.__file__).parent} ({source_revision()}); tool checks: {', '.join(checks)}"
          + ("; no element screenshots" if args.no_screenshots else "; element screenshots on"))

    floors: list[Phase] = []
    tools: list[Phase] = []
    try:
        with serve_directory(root) as base:
            urls = [f"{base}page-{i:03d}.html" for i in range(args.pages)]
            warm_up(urls)
            for r in range(args.repeat):
                order = ("floor", "tool") if r % 2 == 0 else ("tool", "floor")
                for name in order:
                    phase = run_floor(urls, args.concurrency) if name == "floor" else run_tool(urls, args.concurrency, settings)
                    (floors if name == "floor" else tools).append(phase)
                    print(f"  repeat {r + 1} {name:<5}: {phase.pages_s:7.2f} s ({phase.ms_per_page:6.1f} ms/page, "
                          f"wall {phase.wall_s:.2f} s, cpu {phase.cpu_s:.1f} s, peak {phase.peak_mb:.0f} MB, errors {phase.errors})", flush=True)
    finally:
        if tmp is not None:
            tmp.cleanup()

    floor, tool = median_phase(floors), median_phase(tools)
    print()
    if args.repeat > 1:
        print(f"medians of {args.repeat} repeats (errors: summed over all repeats)")
    print_table(floor, tool)
    ratios = [t.pages_s / f.pages_s for f, t in zip(floors, tools)]
    wall_ratios = [t.wall_s / f.wall_s for f, t in zip(floors, tools)]
    cpu_ratios = [t.cpu_s / f.cpu_s for f, t in zip(floors, tools) if f.cpu_s > 0]
    each = "median of per-repeat ratios" if args.repeat > 1 else "ratio"
    print(f"tool/floor time per page ({each}): {statistics.median(ratios):.2f}x"
          f"   wall incl. launch/close: {statistics.median(wall_ratios):.2f}x"
          + (f"   CPU: {statistics.median(cpu_ratios):.2f}x" if cpu_ratios else ""))
    if args.repeat > 1:
        print("  per repeat (time): " + ", ".join(f"{x:.2f}x" for x in ratios))
        if cpu_ratios:
            print("  per repeat (CPU):  " + ", ".join(f"{x:.2f}x" for x in cpu_ratios))
    load = os.getloadavg()
    print(f"load average after the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs"
          + ("  (other work was competing for the CPU: trust the CPU ratio over the time ratio)" if load[2] > (os.cpu_count() or 1) * 1.2 else ""))
    if floor.leftover or tool.leftover:
        print(f"note: {max(floor.leftover, tool.leftover)} child processes outlived a phase; the CPU column misses their time")
    print(f"tool errors: {tool.errors}" + (f"  kinds: {dict(tool.error_kinds)}" if tool.error_kinds else ""))
    for sample in tool.error_samples[:10]:
        print(f"  - {sample}")
    if floor.errors:
        print(f"floor errors: {floor.errors}  kinds: {dict(floor.error_kinds)}")
        for sample in floor.error_samples[:5]:
            print(f"  - {sample}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
