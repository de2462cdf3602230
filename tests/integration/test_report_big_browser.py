"""A big run's report in a real browser: the summary's page index (plain
without scripting; filtered and sorted by the report's own script), its
links into the detail files, nothing loaded or run that the report did not
ship, and axe-core on the summary and on a detail file."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.document import build_document
from auditor.reports import html, write_reports
from auditor.store import Store
from sample_report import big_run

from .test_report_browser import chromium, open_report, run_axe  # noqa: F401 - chromium is a fixture

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """120 pages, split (report_pages_inline 0): three detail files."""
    out = tmp_path_factory.mktemp("big")
    with Store() as store:
        document = build_document(store, big_run(store, 120, shots_per_page=1, heard_lines=3))
    write_reports(document, out, ["html"], report_pages_inline=0)
    return out


def test_the_page_index_filters_and_sorts_and_links_into_the_details(chromium, big):  # noqa: F811
    view = open_report(chromium, big / "report.html")
    page = view.page
    assert view.console == [] and view.errors == [] and view.failed == [] and view.dialogs == []
    assert view.requests == [(big / "report.html").as_uri()]
    assert view.shown("#index-filters") == 1 and view.shown("#page-index tbody tr") == 120
    assert page.locator("#index-status").inner_text() == "120 pages shown"
    page.get_by_label("Title or address contains").fill("step-7")  # step-7 and step-70 to step-79
    assert view.shown("#page-index tbody tr") == 11 and page.locator("#index-status").inner_text() == "11 pages shown"
    page.get_by_label("Title or address contains").fill("")
    page.get_by_label("Worst barrier").select_option("none")
    assert view.shown("#page-index tbody tr") == 0
    page.get_by_label("Worst barrier").select_option("")
    page.get_by_label("Sort pages").select_option("address")
    addresses = page.locator("#page-index tbody tr td.page-url").all_inner_texts()
    assert addresses == sorted(addresses) and len(addresses) == 120
    # A page's link opens its detail file at its section.
    first = page.locator("#page-index tbody tr a").first
    href = first.get_attribute("href")
    first.click()
    page.wait_for_url(f"**/{html.DETAILS_FOLDER}/*.html#p*")
    assert page.url.endswith(href)
    assert page.locator(f"#{href.split('#')[1]}").is_visible()
    assert view.errors == [] and view.console == []


def test_without_scripting_the_index_is_a_plain_table(chromium, big):  # noqa: F811
    view = open_report(chromium, big / "report.html", javascript=False)
    assert view.shown("#index-filters") == 0 and view.shown("#page-index tbody tr") == 120


def test_axe_finds_nothing_on_the_summary_or_a_detail_file(chromium, big):  # noqa: F811
    for path in (big / "report.html", big / html.DETAILS_FOLDER / "0002.html"):
        view = open_report(chromium, path)
        assert view.console == [] and view.errors == []
        assert run_axe(view.page) == [], path.name
