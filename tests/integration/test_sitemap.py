"""Sitemaps of the fixture service: an index with one gzipped child; exactly
which pages are audited; unsafe or oversized sitemaps stop the run with one line."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest

from service_server import serving

from auditor.cli import main

from .helpers import html_section, run_cli, run_cli_aloud

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)


def audited(document: dict, base: str) -> list[str]:
    return [row["url"].removeprefix(base) for row in document["pages"]]


def test_sitemap_index_with_gzipped_child(tmp_path, service):
    service.reset()
    code, document = run_cli(tmp_path, ["--sitemap", service.url("/sitemap.xml"), "--fail-on", "none"])
    assert code == 0
    # /about/?utm_source=... is /about; /private/ is disallowed; another host is not this sitemap's to list.
    assert audited(document, service.base) == ["/", "/about", "/contact/"]
    assert service.hits["/sitemap-pages.xml.gz"] == 1 and service.hits["/private/report"] == 0


def test_sitemap_with_limits_and_patterns(tmp_path, service):
    code, document = run_cli(tmp_path, ["--sitemap", service.url("/sitemap.xml"), "--max-pages", "2", "--fail-on", "none"])
    assert audited(document, service.base) == ["/", "/about"]
    code, document = run_cli(tmp_path / "ex", ["--sitemap", service.url("/sitemap.xml"), "--exclude", "about", "--ignore-robots", "--fail-on", "none"])
    assert audited(document, service.base) == ["/", "/contact/", "/private/report"]


ROBOTS_SAYS_NO = "robots.txt does not allow this tool to load it"


def test_a_page_robots_txt_disallows_is_listed_as_skipped_not_failed(tmp_path, service, capsys):
    service.reset()
    code, document, html, printed = run_cli_aloud(tmp_path, ["--sitemap", service.url("/sitemap.xml"), "--fail-on", "none"], capsys)
    assert code == 0  # skipping a page is not an error
    assert audited(document, service.base) == ["/", "/about", "/contact/"]
    assert document["skipped"] == [{
        "url": service.url("/private/report"), "reason": "robots-disallowed", "message": ROBOTS_SAYS_NO,
        "found_on": service.url("/sitemap-pages.xml.gz"),
    }]
    assert service.hits["/private/report"] == 0
    assert f"Skipped {service.url('/private/report')}: {ROBOTS_SAYS_NO} (found on {service.url('/sitemap-pages.xml.gz')})" in printed.splitlines()
    section = html_section(html, "skipped")
    assert (f'<tr><td class="page-url">{service.url("/private/report")}</td><td>{ROBOTS_SAYS_NO}</td>'
            f'<td class="page-url">{service.url("/sitemap-pages.xml.gz")}</td></tr>') in section
    assert section.count("<tr>") == 2  # the heading row and this page

    # Kept with the run: the stored run renders the same list again.
    again = tmp_path / "again"
    assert main(["report", document["run"]["id"], "--db", str(tmp_path / "runs.sqlite3"), "--out", str(again),
                 "--format", "html,json,junit,sarif,csv"]) == 0
    assert json.loads((again / "report.json").read_text(encoding="utf-8"))["skipped"] == document["skipped"]
    assert html_section((again / "report.html").read_text(encoding="utf-8"), "skipped") == section
    # And in the formats CI reads: a skipped case, a note, a row; none an error.
    why = f"{ROBOTS_SAYS_NO} (found on {service.url('/sitemap-pages.xml.gz')})"
    junit = ET.parse(again / "report.junit.xml").getroot()
    case = junit.find(f"testsuite[@name='{service.url('/private/report')}']/testcase/skipped")
    assert (case.get("type"), case.get("message"), junit.get("errors")) == ("robots-disallowed", why, "0")
    notes = json.loads((again / "report.sarif").read_text(encoding="utf-8"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert [(n["level"], n["message"]["text"]) for n in notes] == [("note", f"{service.url('/private/report')}: skipped on purpose: {why}")]
    rows = list(csv.DictReader((again / "report.csv").open(encoding="utf-8", newline="")))
    assert [(r["page_url"], r["rule"], r["summary"]) for r in rows if r["outcome"] == "skipped"] == [(service.url("/private/report"), "robots-disallowed", why)]

    # The section passes our own axe audit, like the rest of the report.
    code, audit = run_cli(tmp_path / "axe", [(tmp_path / "out" / "report.html").as_uri(), "--allow-file-urls", "--fail-on", "minor"])
    assert code == 0 and audit["pages"][0]["error"] is None and audit["pages"][0]["findings"] == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/sitemap-bomb.xml", "sitemap-bomb.xml refused: it declares a DTD or entities, which sitemaps never need"),
        ("/sitemap-nested.xml", "nests indexes more than 3 deep"),
        ("/missing-sitemap.xml", "the server answered HTTP 404"),
        ("/about", "/about is an HTML page, not a sitemap"),
        ("/guide.pdf", "guide.pdf is not a sitemap: line 1 is not an http(s) address"),
    ],
)
def test_unsafe_or_broken_sitemaps_stop_the_run_with_one_line(tmp_path, service, capsys, path, message):
    code, document = run_cli(tmp_path, ["--sitemap", service.url(path)])
    assert code == 1 and document is None
    err = capsys.readouterr().err.strip()
    assert err.startswith("inclusion-audit: error: ") and message in err
    assert len(err.splitlines()) == 1


def test_a_download_over_the_limit_is_refused_or_cut(service):
    from auditor.sitemaps import SitemapError, fetch_bytes

    with pytest.raises(SitemapError, match="sitemap.xml is larger than the 100 bytes allowed"):
        fetch_bytes(service.url("/sitemap.xml"), limit=100)
    status, body = fetch_bytes(service.url("/robots.txt"), limit=12, truncate=True)  # robots.txt: read up to the limit
    assert (status, body) == (200, b"User-agent: ")
    assert fetch_bytes(service.url("/no-such-sitemap.xml"))[0] == 404
