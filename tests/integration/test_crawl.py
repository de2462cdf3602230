"""Crawling the fixture service: exactly which pages are audited, following
links of the rendered page, on the same host, within the limits, obeying
robots.txt, and each page once however its links are written."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from service_server import serving

from .helpers import html_section, run_cli, run_cli_aloud
from .test_store_resume import _stored_urls

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)


def audited(document: dict, base: str) -> list[str]:
    return sorted(row["url"].removeprefix(base) for row in document["pages"] if row["error"] is None)


def test_crawl_follows_rendered_links_once_each_on_the_same_host_obeying_robots(tmp_path, service):
    service.reset()
    code, document = run_cli(tmp_path, ["--crawl", service.url("/"), "--fail-on", "none"])
    assert code == 0
    # /rendered exists only in the rendered page; /about/, /about#team and
    # /about?utm_source=... are /about; /private/ is disallowed by robots.txt;
    # the PDF, the mailto: link and the other host are not followed.
    assert audited(document, service.base) == ["/", "/about", "/contact/", "/deep/1", "/deep/2", "/deep/3", "/rendered"]
    assert len(document["pages"]) == document["run"]["targets"] == 7 and document["run"]["complete"]
    assert service.hits["/robots.txt"] == 1
    for never in ("/private/report", "/guide.pdf", "/elsewhere", "/deep/4"):
        assert service.hits[never] == 0, never
    assert service.hits["/about"] + service.hits["/about/"] == 1


ROBOTS_SAYS_NO = "robots.txt does not allow this tool to load it"


def test_a_link_robots_txt_disallows_is_listed_as_skipped_not_failed(tmp_path, service, capsys):
    code, document, html, printed = run_cli_aloud(tmp_path, ["--crawl", service.url("/"), "--max-depth", "1", "--fail-on", "none"], capsys)
    assert code == 0  # skipping a page is not an error
    assert audited(document, service.base) == ["/", "/about", "/contact/", "/deep/1", "/rendered"]
    skipped = [{"url": service.url("/private/report"), "reason": "robots-disallowed", "message": ROBOTS_SAYS_NO, "found_on": service.url("/")}]
    assert document["skipped"] == skipped
    assert f"Skipped {service.url('/private/report')}: {ROBOTS_SAYS_NO} (found on {service.url('/')})" in printed.splitlines()
    section = html_section(html, "skipped")
    assert f'<td class="page-url">{service.url("/private/report")}</td>' in section and ROBOTS_SAYS_NO in section

    # A resumed crawl keeps the list, and a page it skipped is listed once however often it is found again.
    db = sqlite3.connect(tmp_path / "runs.sqlite3")
    with db:  # as if the run had been killed before the home page and /about were stored
        db.execute("DELETE FROM pages WHERE url IN (?, ?)", (service.url("/"), service.url("/about")))
        db.execute("UPDATE runs SET finished = NULL")
    db.close()
    code, again = run_cli(tmp_path, ["--resume", "last", "--fail-on", "none"])
    assert code == 0 and again["run"]["complete"]
    assert audited(again, service.base) == audited(document, service.base)
    assert again["skipped"] == skipped


def test_crawl_limits_depth_and_patterns(tmp_path, service):
    code, document = run_cli(tmp_path, ["--crawl", service.url("/"), "--max-depth", "2", "--exclude", "contact", "--fail-on", "none"])
    assert code == 0
    assert audited(document, service.base) == ["/", "/about", "/deep/1", "/deep/2", "/rendered"]

    code, document = run_cli(tmp_path / "include", ["--crawl", service.url("/"), "--include", "/deep/", "--fail-on", "none"])
    assert audited(document, service.base) == ["/", "/deep/1", "/deep/2", "/deep/3"]  # a start page is always audited


def test_max_pages_and_ignore_robots(tmp_path, service):
    code, document = run_cli(tmp_path, ["--crawl", service.url("/"), "--ignore-robots", "--max-pages", "4", "--fail-on", "none"])
    assert code == 0
    # The first four pages in link order, the start page counted; robots.txt is not even read.
    assert audited(document, service.base) == ["/", "/about", "/contact/", "/private/report"]


def test_a_start_page_that_redirects_takes_the_crawl_to_its_host(tmp_path, service):
    code, document = run_cli(tmp_path, ["--crawl", service.url("/go"), "--max-depth", "1", "--fail-on", "none"])
    assert code == 0
    other = f"http://localhost:{service.server_address[1]}"
    assert document["pages"][0]["final_url"] == f"{other}/"
    # The home page under its new name is not audited again; its links are on the new host.
    assert [row["url"] for row in document["pages"]] == [service.url("/go"), *(f"{other}{p}" for p in ("/about", "/contact/", "/elsewhere", "/deep/1", "/rendered"))]


def test_discovered_pages_are_stored_before_they_are_audited(tmp_path, service):
    code, document = run_cli(tmp_path, ["--crawl", service.url("/"), "--max-depth", "1", "--fail-on", "none"])
    db = sqlite3.connect(tmp_path / "runs.sqlite3")
    targets = json.loads(db.execute("SELECT targets FROM runs").fetchone()[0])
    depths = json.loads(db.execute("SELECT value FROM run_inputs WHERE name = 'crawl_depths'").fetchone()[0])
    assert [t.removeprefix(service.base) for t in targets] == ["/", "/about", "/contact/", "/deep/1", "/rendered"]
    assert {k.removeprefix(service.base): v for k, v in depths.items()} == {"/": 0, "/about": 1, "/contact/": 1, "/deep/1": 1, "/rendered": 1}


def test_a_killed_crawl_resumes_where_it_stopped_within_its_limits(tmp_path, service):
    service.reset()
    service.deep_delay = 0.4
    db = tmp_path / "runs.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "auditor", "run", "--crawl", service.url("/deep/1"), "--include", "/deep/", "--max-depth", "6", "--concurrency", "1",
         "--profile", "quick", "--db", str(db), "--out", str(tmp_path / "first"), "--quiet"],
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while len(_stored_urls(db)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        service.deep_delay = 0.0
    done_before = _stored_urls(db)
    hits_before = dict(service.hits)

    code, document = run_cli(tmp_path, ["--resume", "last", "--fail-on", "none"])
    assert code == 0 and document["run"]["complete"], [(r["url"], r["error"]) for r in document["pages"]]
    assert [row["url"].removeprefix(service.base) for row in document["pages"]] == [f"/deep/{n}" for n in range(1, 8)]  # depth 0 to 6
    for url in done_before:  # a finished page is not loaded again
        assert service.hits[url.removeprefix(service.base)] == hits_before[url.removeprefix(service.base)]
    assert service.hits["/deep/8"] == 0


# The crawl's process, dying (as SIGKILL would) the moment the store has
# committed the Nth page the crawl found: nothing after that write happens.
DIES_AFTER_FINDING = """
import os, sys
from auditor.cli import main
from auditor.store import Store
found, dies_at = [], int(sys.argv.pop(1))
add_targets = Store.add_targets
def add_targets_then_die(self, *args, **kwargs):
    add_targets(self, *args, **kwargs)
    found.append(1)
    if len(found) == dies_at:
        os._exit(137)
Store.add_targets = add_targets_then_die
sys.exit(main(sys.argv[1:]))
"""


def test_a_crawl_killed_just_after_finding_a_page_resumes_to_its_limits(tmp_path, service):
    """A page the crawl found is stored with its depth in one write: killed
    right after /deep/4 was found, the resumed crawl still knows how deep
    /deep/4 is, reads its links and goes on to /deep/7 (depth 6). With the
    depth written after the page, the kill left /deep/4 without one: it was
    audited, its links never read, and the crawl stopped there, "complete"."""
    service.reset()
    db = tmp_path / "runs.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", DIES_AFTER_FINDING, "3", "run", "--crawl", service.url("/deep/1"), "--include", "/deep/", "--max-depth", "6",
         "--concurrency", "1", "--profile", "quick", "--db", str(db), "--out", str(tmp_path / "first"), "--quiet"], timeout=300)
    assert done.returncode == 137
    assert sorted(u.removeprefix(service.base) for u in _stored_urls(db)) == ["/deep/1", "/deep/2", "/deep/3"]
    code, document = run_cli(tmp_path, ["--resume", "last", "--fail-on", "none"])
    assert code == 0 and document["run"]["complete"]
    assert [row["url"].removeprefix(service.base) for row in document["pages"]] == [f"/deep/{n}" for n in range(1, 8)]
