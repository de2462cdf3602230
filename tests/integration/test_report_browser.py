"""Golden tests of report.html in a real browser: the sample stored run (every
kind of content) rendered and opened in Chromium. Structure, filters and
sorting by mouse and keyboard, the list without scripting, print, axe on the
report itself, reflow at 320 px, and the project's own checks on it."""

from __future__ import annotations

import gzip
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from auditor.collectors.axe import axe_source
from auditor.engines.browsers import LAUNCH_ARGS, find_browser
from auditor.document import build_document
from auditor.reports import RENDERERS, write_reports
from sample_report import sample_run
from auditor.store import Store

from .helpers import run_cli

pytestmark = pytest.mark.integration

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_browser(), args=list(LAUNCH_ARGS))
        yield browser
        browser.close()


@dataclass
class Opened:
    """A report open in a browser tab, with everything the tab reported."""

    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def shown(self, selector: str) -> int:
        return self.page.locator(f"{selector}:visible").count()

    def status(self) -> str:
        return self.page.get_by_role("status").inner_text()


def open_report(browser: Browser, path: Path, *, javascript: bool = True, width: int = 1280) -> Opened:
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
    view = Opened(context.new_page())
    view.page.on("console", lambda m: view.console.append(f"{m.type}: {m.text}"))
    view.page.on("pageerror", lambda e: view.errors.append(str(e)))
    view.page.on("request", lambda r: view.requests.append(r.url))
    view.page.on("requestfailed", lambda r: view.failed.append(r.url))
    view.page.on("dialog", lambda d: (view.dialogs.append(d.message), d.dismiss()))
    view.page.goto(path.as_uri())
    return view


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the open page (evaluated over the DevTools
    protocol, which the report's CSP does not govern)."""
    page.evaluate(axe_source())
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "targets": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("golden")
    with Store(out / "runs.sqlite3") as store:
        document = build_document(store, sample_run(store))
    write_reports(document, out, list(RENDERERS))
    return out / "report.html", document


def _findings(document: dict[str, Any], **where: str) -> list[dict[str, Any]]:
    return [f for p in document["pages"] for f in p["findings"] if all(f.get(k) == v for k, v in where.items())]


def test_structure_and_nothing_loaded(chromium, sample):
    report, document = sample
    view = open_report(chromium, report)
    assert view.console == [] and view.errors == [] and view.failed == [] and view.dialogs == []
    assert view.requests == [report.as_uri()]  # images are data: URIs, nothing else is fetched
    page = view.page
    assert page.locator("main h2").all_inner_texts() == [
        "Who is excluded", "Fix these first", "Barriers by group and severity", "All issues, ranked", "Fixes by who makes them",
        "Things for a person to check", "By page", "Pages that could not be audited", "About this run",
    ]
    audited = [p for p in document["pages"] if not p["error"]]
    # Pages and issues are collapsed: one line each until opened.
    assert view.shown("details.page") == len(audited) == 3 and view.shown("details.page[open]") == 0
    assert page.locator("li.finding").count() == len(_findings(document)) == 19 and view.shown("li.finding") == 0
    assert view.status() == "19 findings shown"
    assert view.shown("li.issue > details") == len(document["priorities"]["fix_first"]) + len(document["priorities"]["to_check"]) == 7
    assert view.shown(".issue-body") == 0
    # Opened, every shot of an element is shown, decoded (naturalWidth > 0):
    # 14 in the findings, and the 5 issues' examples that have a picture.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    images = page.locator("li.finding figure img")
    assert images.count() == 14  # every finding but those about the whole page or <main>
    assert page.locator(".example figure img").count() == 5
    for each in (images, page.locator(".example figure img")):
        for i in range(each.count()):  # loaded lazily: each as it comes into view
            each.nth(i).scroll_into_view_if_needed()
            assert each.nth(i).evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
    # Who is excluded: severity first, in plain lines.
    low_vision = page.locator("li[data-group-row='low-vision']")
    assert low_vision.inner_text() == "People with low vision who zoom or need strong contrast: 5 serious barriers on 3 of 3 pages"
    # The issues describe a rule, not one of its findings.
    titles = page.locator("#issues ~ ol.issues").first.locator(".issue-title").all_inner_texts()
    assert titles == [f"{n}. {i['description']}" for n, i in enumerate(document["priorities"]["fix_first"], 1)]
    assert "5. The main text needs a higher reading age than its audience has." in titles
    assert not any("aim for 9" in t for t in titles)
    # Load estimates and bytes by type drawn as bars, the largest full length, figures beside them.
    step1 = page.locator("#p1")
    assert step1.locator("table.load rect").evaluate_all("(r) => r.map((e) => e.getAttribute('width'))") == ["3.7", "16.3", "100.0"]
    assert step1.locator("table.load td.num").all_inner_texts() == ["1.4 s", "6.2 s", "38.0 s"]
    assert step1.locator("table.bars:not(.load) th[scope=row]").all_inner_texts() == ["document", "script", "stylesheet", "image", "font", "other"]
    assert "dns: the host name could not be resolved" in page.locator("#unreachable ~ .table-wrap").inner_text()
    # What a screen reader hears: each page's lines, in order, in an ordered list.
    heard = step1.locator("details.hears")
    assert heard.locator("> summary").inner_text() == "What a screen reader hears (14 lines)"
    by_url = {p["url"]: p for p in audited}
    lines = by_url[page.locator("details.page").first.get_attribute("data-url")]["screen_reader"]
    assert heard.locator("ol.heard > li").all_inner_texts() == [line["text"] for line in lines]
    assert heard.get_by_role("listitem").nth(3).inner_text() == "button, Menu, collapsed"


def test_what_a_screen_reader_hears_opens_by_keyboard_without_scripting(chromium, sample):
    """Collapsed inside its page until opened, by click or by keyboard, with
    scripting off; the filters leave it alone."""
    report, _ = sample
    view = open_report(chromium, report, javascript=False)
    page = view.page
    page.locator("details.page > summary").first.click()
    heard = page.locator("details.page").first.locator("details.hears")
    assert heard.is_visible() and not heard.locator("ol.heard").is_visible()
    heard.locator("> summary").focus()
    page.keyboard.press("Enter")
    assert heard.locator("ol.heard").is_visible() and heard.locator("ol.heard > li:visible").count() == 14
    assert heard.locator("ol.heard > li").first.inner_text() == "link, Skip to main content"
    with_js = open_report(chromium, report)
    with_js.page.select_option("#f-group", "hearing")  # a filter that hides findings keeps the transcript
    with_js.page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert with_js.shown("details.hears ol.heard > li") == 3 * 14


def test_chart_of_barriers_by_group_and_severity(chromium, sample):
    """The chart's bars and its figures as text say the same: each group's
    barriers by impact, in the core's order, the longest bar full width."""
    report, document = sample
    page = open_report(chromium, report).page
    rows = page.locator("table.chart tbody tr")
    excluded = document["priorities"]["excluded"]
    assert rows.count() == len(excluded)
    longest = max(r["findings"] for r in excluded)
    for i, row in enumerate(excluded):
        cells = rows.nth(i).locator("td.num").all_inner_texts()
        assert cells == [str(row[impact]) for impact in ("critical", "serious", "moderate", "minor")] + [str(row["pages"])]
        widths = rows.nth(i).locator("rect").evaluate_all("(r) => r.map((e) => [e.getAttribute('class'), Number(e.getAttribute('width'))])")
        assert [c for c, _ in widths] == [impact for impact in ("critical", "serious", "moderate", "minor") if row[impact]]
        assert sum(w for _, w in widths) == pytest.approx(100 * row["findings"] / longest, abs=0.3)


def test_issues_group_findings_and_link_their_pages(chromium, sample):
    """One issue per rule: colour contrast on every page is one entry that
    counts 3 pages and 3 elements, links each page, and following a link
    opens that page's section; the example carries its screenshot."""
    report, document = sample
    page = open_report(chromium, report).page
    contrast = page.locator("li.issue[data-issue='axe/color-contrast']")
    assert contrast.count() == 1
    assert "3 pages · 3 elements" in contrast.locator(".issue-meta").inner_text()
    contrast.locator("details > summary").first.click()
    links = contrast.locator("ul.where a")
    assert links.evaluate_all("(a) => a.map((e) => e.getAttribute('href'))") == ["#p1", "#p2", "#p3"]
    assert links.all_inner_texts() == ["Apply for a blue badge – step 1", "Apply for a blue badge – step 2", "Apply for a blue badge – step 3"]
    assert contrast.locator(".example img").count() == 1
    links.nth(1).click()
    assert page.locator("details.page[data-page='p2']").evaluate("(d) => d.open")
    # From the first screen, an issue opens where its link lands.
    page.locator("ol.top a").first.click()
    assert page.locator("li.issue").first.locator(":scope > details").evaluate("(d) => d.open")


def test_filters_and_sorting_by_keyboard_and_mouse(chromium, sample):
    report, document = sample
    view = open_report(chromium, report)
    page = view.page
    page.locator("#filters").get_by_label("Who is excluded").select_option(label="People who are deaf or hard of hearing")  # by its label
    assert view.status() == "3 findings shown"
    # A filter opens the pages it leaves, showing what it found.
    assert [t for t in page.locator("li.finding:visible .finding-line").all_inner_texts()] == ["To check <video> elements must have captions Thing to check 1 new"] * 3
    page.select_option("#f-page", "p2")
    assert view.status() == "1 finding shown" and view.shown("details.page") == 1
    page.get_by_role("button", name="Show everything").click()
    page.wait_for_function("document.getElementById('filter-status').textContent === '19 findings shown'")
    assert view.shown("details.page") == 3 and view.shown("details.page[open]") == 0

    # Keyboard only: Tab to the impact filter, choose with the arrow keys.
    page.locator("#f-group").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-impact"
    page.keyboard.press("ArrowDown")  # the first impact present: critical
    critical = _findings(document, impact="critical")
    assert view.status() == f"{len(critical)} findings shown"
    assert set(page.locator("li.finding:visible").evaluate_all("(a) => a.map((e) => e.dataset.impact)")) == {"critical"}
    page.select_option("#f-impact", "")

    page.select_option("#f-baseline", "unchanged")
    assert view.status() == "1 finding shown"
    page.select_option("#f-baseline", "")
    page.select_option("#f-rule", "reflow/horizontal-scroll-at-320px")
    assert view.status() == "2 findings shown" and view.shown("details.page") == 2  # step 2 has none
    page.select_option("#f-rule", "")

    order = lambda: page.locator("details.page").evaluate_all("(s) => s.map((e) => e.dataset.page)")  # noqa: E731
    assert order() == ["p1", "p3", "p2"]  # worst first (odd steps have more serious barriers)
    page.select_option("#f-sort", "given")
    assert order() == ["p1", "p2", "p3"]
    page.get_by_label("Sort pages").select_option(label="Most barriers first")
    assert order() == ["p1", "p3", "p2"]  # 6, 6 (the worse first) and 4 barriers
    page.select_option("#f-sort", "address")
    assert order() == ["p1", "p2", "p3"]
    assert view.console == [] and view.errors == []


def test_without_scripting_everything_opens_with_a_click(chromium, sample):
    report, _ = sample
    view = open_report(chromium, report, javascript=False)
    page = view.page
    assert not page.locator("#filters").is_visible()
    assert view.shown("details.page") == 3 and page.locator("li.finding").count() == 19
    # An issue opens with a click, and a link to it opens it too.
    first = page.locator("li.issue > details").first
    assert not page.locator("#fix-1").is_visible()
    first.locator("> summary").click()
    assert page.locator("#fix-1").is_visible()
    page.locator("li.issue > details > summary").nth(1).focus()
    page.keyboard.press("Enter")  # by keyboard
    assert page.locator("#fix-2").is_visible()
    page.locator("ol.top a").nth(2).click()
    assert page.locator("#fix-3").is_visible()
    page.locator("details.page > summary").first.click()
    assert view.shown("li.finding") == 7  # step 1's 6 barriers and 1 thing to check, listed without the filters


def test_print_opens_every_section(chromium, sample):
    report, _ = sample
    view = open_report(chromium, report)
    page = view.page
    page.emulate_media(media="print")
    assert not page.locator("#filters").is_visible()
    assert view.shown("li.finding") == 19 and view.shown(".issue-body") == 7 and view.shown(".finding .target") == 19
    assert view.shown("details.hears ol.heard > li") == 3 * 14  # what a screen reader hears, printed too
    assert page.locator("#p1 .finding a[href^='https']").first.evaluate("(a) => getComputedStyle(a, '::after').content") == '" (https://www.w3.org/WAI/WCAG22/quickref/#:~:text=1.1.1)"'
    assert len(page.pdf(format="A4")) > 10_000  # it prints


@pytest.mark.parametrize("width", [1280, 320])
def test_report_has_no_axe_violations_and_reflows(chromium, sample, width):
    report, _ = sample
    view = open_report(chromium, report, width=width)
    assert run_axe(view.page) == []
    page = view.page
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Filtering keeps it clean (hidden parts, the status line, opened pages).
    page.select_option("#f-group", "hearing")
    assert run_axe(page) == []
    # Every section open, too.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


class _ReportHost(http.server.BaseHTTPRequestHandler):
    """Serves one report compressed and cacheable, as a web host would."""

    def do_GET(self) -> None:  # noqa: N802
        body = gzip.compress(self.server.report.read_bytes())  # type: ignore[attr-defined]
        self.send_response(200)
        for name, value in (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                            ("Content-Length", str(len(body))), ("Cache-Control", "max-age=300")):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def served(sample) -> Iterator[str]:
    """The sample report served over HTTP on 127.0.0.1, as people would get it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ReportHost)
    server.report = sample[0]  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/report.html"
    finally:
        server.shutdown()
        server.server_close()


# The one finding the report is allowed, and why: its main text is mostly
# rule names, selectors, code and axe-core's own rule help, written for the
# service teams who fix pages, not for the public a service's pages address
# (the reading family's target reading age of 9 is for those).
ACCEPTED = {("reading", "reading-age-too-high")}
# And one long sentence, where it stands: how the issues are ranked, in the
# core's words (auditor.priorities.HOW_RANKED, which the console and the
# desktop app say too), shown as the document carries it.
ACCEPTED_AT = {("reading", "long-sentence", "#how-ranked")}


def test_report_passes_the_projects_own_checks(served, tmp_path):
    code, document = run_cli(tmp_path, [served, "--timeout", "120", "--format", "json", "--fail-on", "critical"], profile="default")
    row = document["pages"][0]
    assert row["error"] is None and row["check_errors"] == []
    fails = {(f["check"], f["rule"], f["targets"][0]["selector"]) for f in row["findings"] if f["outcome"] == "fail"}
    assert {f for f in fails if f[:2] not in ACCEPTED} - ACCEPTED_AT == set()
    assert row["metrics"]["axe_rules_failed"] == 0 and row["metrics"]["focus_stops"] > 10
    assert code == 0
