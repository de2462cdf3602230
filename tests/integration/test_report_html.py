"""The HTML report is safe with hostile pages and accessible itself."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from auditor.reports.html import CSP, SCRIPT, STYLE, csp_hash

from .helpers import page, run_cli
from .test_report_browser import chromium, open_report, run_axe  # noqa: F401 (a fixture)

pytestmark = pytest.mark.integration

# Every payload in the fixtures, if it ran, sets window.__pwned or the title.
PWNED = "() => [window.__pwned === undefined ? null : String(window.__pwned), document.title]"


@pytest.fixture(scope="module")
def hostile_report(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss")
    code, document = run_cli(tmp, [server.url("xss.html"), server.url("dialogs.html"), server.url("never"), "--timeout", "5", "--retries", "0"])
    return tmp / "out" / "report.html", document


@pytest.fixture(scope="module")
def payload_report(server, tmp_path_factory):
    """Pages whose title, text, attributes and address carry script and
    template payloads, audited by axe and the no-JavaScript family (whose
    summaries quote link addresses), with element screenshots."""
    tmp = tmp_path_factory.mktemp("payloads")
    hostile_url = server.url("payloads/hostile.html?q=%22%3E%3Cscript%3Ewindow.__pwned%3D%27url%27%3C%2Fscript%3E&t={{7*7}}")
    code, document = run_cli(tmp, [hostile_url, "--checks", "axe,nojs", "--timeout", "30"], profile=None)
    return tmp / "out" / "report.html", document, hostile_url


def _only_our_script(html: str) -> None:
    """The report carries one script, its own, allowed by its hash alone."""
    assert html.lower().count("<script") == 1
    assert f"<script>{SCRIPT}</script>" in html and f"<style>{STYLE}</style>" in html
    assert f'content="{escape(CSP)}"' in html
    assert f"script-src {csp_hash(SCRIPT)};" in CSP and "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_hostile_content_is_escaped_and_nothing_runs(hostile_report, server, chromium):  # noqa: F811
    report, document = hostile_report
    title = page(document, server.url("xss.html"))["title"]
    assert title.startswith("<script>alert(1)</script>")
    html = report.read_text(encoding="utf-8")
    _only_our_script(html)
    assert "<img" not in html.lower().replace('<img src="data:image/webp;base64,', "")  # only our screenshots
    view = open_report(chromium, report)
    assert view.dialogs == [] and view.errors == []
    assert view.requests == [report.as_uri()]  # loads nothing else
    # The payloads are shown as text, and the structure is intact.
    assert view.page.locator(".page-title", has_text="alert(1)").count() == 1
    assert view.page.locator("main h2").all_inner_texts()[:3] == ["Who is excluded", "Fix these first", "Barriers by group and severity"]
    assert view.page.locator("pre", has_text="alert(7)").count() >= 1
    assert view.page.locator("main img:not([src^='data:image/webp;base64,'])").count() == 0


def test_payloads_never_run_in_the_report(payload_report, chromium):  # noqa: F811
    report, document, url = payload_report
    row = page(document, url)
    assert row["error"] is None
    assert row["title"].startswith("<script>window.__pwned='title'")
    rules = sorted({f["rule"] for f in row["findings"]})
    assert {"image-alt", "link-name", "button-name", "link-needs-javascript"} <= set(rules)
    html = report.read_text(encoding="utf-8")
    _only_our_script(html)
    # No template ran: the markers are there as sent, and nowhere did one
    # become 49 beside what the page put next to it (a bare "49" can be in a
    # port, a run id or a byte count).
    assert "{{7*7}}" in html
    assert re.search(r"49(\$\{7\*7\}| \{% raw %\})|t=49|&gt;49", html) is None
    assert 'href="javascript:' not in html.lower()

    view = open_report(chromium, report)
    page_ = view.page
    assert page_.evaluate(PWNED) == [None, f"Inclusion audit report – {document['run']['id']}"]
    assert view.dialogs == [] and view.errors == [] and view.console == []
    assert view.requests == [report.as_uri()]
    # Structure intact: one page section, one line per finding, the filters work.
    assert page_.locator("details.page").count() == 1
    assert page_.locator("li.finding").count() == len(row["findings"])
    assert page_.locator("details.page .page-title").inner_text() == row["title"]
    assert page_.locator("main script, main iframe, main svg:not(.bar):not(.chart-bar), main [onerror], main [onclick]").count() == 0
    # Element screenshots of the hostile elements are there, as data: images.
    assert page_.locator("li.finding figure img").count() >= 2
    page_.select_option("#f-rule", "nojs/link-needs-javascript")
    assert view.status() == "1 finding shown"
    assert page_.evaluate(PWNED)[0] is None
    # Hovering and focusing every element of a finding runs nothing either.
    page_.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    for element in page_.locator("li.finding:visible code, li.finding:visible a, .issue-body code, .issue-body a").all():
        element.hover()
    assert page_.evaluate(PWNED) == [None, f"Inclusion audit report – {document['run']['id']}"]
    assert run_axe(page_) == []


def test_hostile_report_has_no_axe_violations(hostile_report, tmp_path):
    report, _ = hostile_report
    code, document = run_cli(tmp_path, [report.as_uri(), "--allow-file-urls", "--fail-on", "minor", "--best-practice"])
    row = document["pages"][0]
    assert row["error"] is None
    assert [(f["rule"], f["targets"][0]["selector"]) for f in row["findings"] if f["outcome"] == "fail"] == []
    assert code == 0
