"""The demo site keeps its identity between audits: served on another port
(its usual one was busy), its findings are the same findings."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from servers import free_port

from auditor.demo import DemoHandler, serve_demo, serve_directory, site_root
from auditor.model import DEMO_PATH
from auditor.gui.rows import compare_runs, site_of, trend
from auditor.store import Store

from .helpers import run_cli

pytestmark = pytest.mark.integration

CHECKS = ["--checks", "axe,bandwidth"]  # bandwidth names the demo's own files (uncompressed text) in its findings


def test_two_demo_audits_on_different_ports_compare_as_unchanged(tmp_path):
    first_port = free_port()
    second_port = next(p for p in iter(free_port, None) if p != first_port)
    with serve_demo(port=first_port) as urls:
        assert f":{first_port}/" in urls[0]
        code, first = run_cli(tmp_path, [*urls[:2], *CHECKS], profile=None)
    assert code == 2 and first is not None
    with serve_demo(port=second_port) as urls:
        assert f":{second_port}/" in urls[0]
        code, second = run_cli(tmp_path, [*urls[:2], *CHECKS, "--baseline", first["run"]["id"]], profile=None)
    assert second is not None

    findings = [f for page in second["pages"] for f in page["findings"]]
    assert {f["check"] for f in findings} == {"axe", "bandwidth"}
    assert any(f["rule"] == "uncompressed-text-response" for f in findings)
    assert [f["rule"] for f in findings if f["baseline"] != "unchanged"] == []
    assert second["summary"]["baseline"]["new"] == 0 and second["summary"]["baseline"]["fixed"] == 0
    assert all(page["fixed"] == [] for page in second["pages"])

    # The window's History: Compare finds nothing new, and Trend sees one site with two runs.
    with Store(tmp_path / "runs.sqlite3") as store:
        comparison = compare_runs(store, first["run"]["id"], second["run"]["id"])
        assert (comparison.new, comparison.fixed, comparison.unchanged) == ([], [], len(findings))
        records = store.runs()
        assert len({site_of(r) for r in records}) == 1
        assert [p.run_id for p in trend(store, site_of(records[0]))] == [first["run"]["id"], second["run"]["id"]]


def fetch(url: str) -> tuple[int, str, str]:
    """Status, final URL and body of a GET (redirects followed)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.url, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, url, ""


def test_a_second_demo_takes_another_port_while_the_first_holds_its_own():
    with serve_demo() as first, serve_demo() as second:
        assert urlsplit(first[0]).port != urlsplit(second[0]).port
        for urls in (first, second):
            assert urlsplit(urls[0]).path == DEMO_PATH + "index.html"
            status, _, body = fetch(urls[0])
            assert status == 200 and "garden waste" in body.lower()


def test_the_first_free_port_of_those_given_is_taken():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        wanted = free_port()
        with serve_directory(site_root(), DemoHandler, (busy, wanted, 0)) as base:
            assert urlsplit(base).port == wanted
        with pytest.raises(OSError):
            with serve_directory(site_root(), DemoHandler, busy):
                pass


def test_the_demo_servers_root_leads_to_its_first_page_and_nothing_else_is_served():
    with serve_demo(port=free_port()) as urls:
        base = urls[0].split(DEMO_PATH)[0]
        status, final, _ = fetch(base + "/")
        assert status == 200 and final == urls[0]
        assert fetch(base + "/index.html")[0] == 404
        assert fetch(base + DEMO_PATH + "style.css")[0] == 200
