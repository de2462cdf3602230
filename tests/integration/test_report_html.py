"""The HTML report is safe with hostile pages and accessible itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from auditor.engines.base import LAUNCH_ARGS, find_browser

from .helpers import page, run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def hostile_report(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss")
    code, document = run_cli(tmp, [server.url("xss.html"), server.url("dialogs.html"), server.url("never"), "--timeout", "5", "--retries", "0"])
    return tmp / "out" / "report.html", document


def test_hostile_content_is_escaped_and_nothing_runs(hostile_report, server):
    report, document = hostile_report
    title = page(document, server.url("xss.html"))["title"]
    assert title.startswith("<script>alert(1)</script>")
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html.lower()  # the report ships no script, and none got in
    assert "<img" not in html.lower()  # escaped: shown as text, never parsed as a tag
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_browser(), args=list(LAUNCH_ARGS))
        try:
            view = browser.new_page()
            dialogs, errors, requests = [], [], []
            view.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            view.on("pageerror", lambda e: errors.append(str(e)))
            view.on("request", lambda r: requests.append(r.url))
            view.goto(report.as_uri())
            assert dialogs == [] and errors == []
            assert requests == [report.as_uri()]  # loads nothing else
            # The payloads are shown as text, and the structure is intact.
            assert view.locator("h3", has_text="alert(1)").count() == 1
            assert view.locator("main h2").all_inner_texts()[:2] == ["Who is excluded", "By impact"]
            assert view.locator("pre", has_text='alert(7)').count() >= 1
            assert view.locator("img").count() == 0
        finally:
            browser.close()


def test_report_has_no_axe_violations(hostile_report, tmp_path):
    report, _ = hostile_report
    code, document = run_cli(tmp_path, [report.as_uri(), "--allow-file-urls", "--fail-on", "minor", "--best-practice"])
    row = document["pages"][0]
    assert row["error"] is None
    assert [(f["rule"], f["targets"][0]["selector"]) for f in row["findings"] if f["outcome"] == "fail"] == []
    assert code == 0
