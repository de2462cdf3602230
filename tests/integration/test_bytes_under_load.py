"""Large transfers are counted in full, on both engines, while the machine is
busy: CPU-burning processes beside more pages in flight than there are cores.

The fixture server writes every bandwidth response by hand and logs the bytes
it sent (tests/fixture_server.py), so the report's figures are compared with
what really went over the wire, not with an expectation."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

IMAGE = "/bandwidth/gen/image.png?w=300&h=200&bytes=1536000&static=1"
SCRIPT = "/bandwidth/gen/app.js?bytes=2000000&static=1"
PAGES = 4  # pages in flight at once, twice the cores of the development machine


@pytest.fixture
def busy_machine():
    """One CPU-burning process per core, and one more, for the length of the test."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range((os.cpu_count() or 2) + 1)
    ]
    yield
    for burner in burners:
        burner.kill()
        burner.wait()


def sent(server, path: str) -> int:
    answers = {(h, b) for p, h, b in server.bandwidth_sent if p == path}
    assert len(answers) == 1, f"{path}: {answers or 'never served'}"
    header, body = answers.pop()
    return header + body


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_large_transfers_are_counted_in_full_on_a_busy_machine(server, tmp_path, busy_machine, engine):
    urls = [server.url(f"bandwidth/large.html?copy={n}") for n in range(PAGES)]
    code, document = run_cli(
        tmp_path, [*urls, "--engine", engine, "--concurrency", str(PAGES), "--timeout", "120"], profile="default"
    )
    assert document is not None
    image, script = sent(server, IMAGE), sent(server, SCRIPT)
    assert image > 1_536_000 and script > 2_000_000  # uncompressed
    for url in urls:
        row = page(document, url)
        assert row["error"] is None, row["error"]
        metrics = row["metrics"]
        by_url = {r["url"]: r for r in metrics["largest_requests"]}
        assert by_url[server.url(IMAGE)]["transfer_bytes"] == image, url
        assert by_url[server.url(SCRIPT)]["transfer_bytes"] == script, url
        assert metrics["bytes_by_type"]["image"] == image
        assert metrics["bytes_by_type"]["script"] == script
        html = "/bandwidth/large.html?copy=" + url.rsplit("=", 1)[1]
        assert metrics["transfer_bytes"] == sent(server, html) + image + script
        assert metrics["unfinished_requests"] == 0
        assert "page-weight-over-budget" in {f["rule"] for f in row["findings"]}


LATE = "/bandwidth/gen/image.png?w=300&h=200&bytes=600000&pause=1"
STALLED = "/bandwidth/gen/image.png?w=300&h=200&bytes=600000&stall=1"


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_a_response_still_loading_is_waited_for_or_reported_unfinished(server, tmp_path, engine):
    """late.html starts a picture after its load event whose server pauses
    halfway: it is still arriving when the page is read, and must be waited
    for and counted in full. stalled.html's picture never finishes: it is
    reported as unfinished, with the bytes that arrived and the size the
    server announced."""
    late, stalled = server.url(f"bandwidth/late.html?engine={engine}"), server.url(f"bandwidth/stalled.html?engine={engine}")
    code, document = run_cli(tmp_path, [late, stalled, "--checks", "bandwidth", "--engine", engine, "--timeout", "30"], profile=None)
    assert document is not None

    waited = page(document, late)
    assert waited["error"] is None, waited["error"]
    by_url = {r["url"]: r for r in waited["metrics"]["largest_requests"]}
    assert by_url[server.url(LATE)]["transfer_bytes"] == sent(server, LATE) > 600_000
    assert waited["metrics"]["bytes_by_type"]["image"] == sent(server, LATE)
    assert waited["metrics"]["unfinished_requests"] == 0
    assert waited["metrics"]["unfinished"] == []

    cut = page(document, stalled)
    assert cut["error"] is None, cut["error"]
    metrics = cut["metrics"]
    assert metrics["unfinished_requests"] == 1
    (unfinished,) = metrics["unfinished"]
    assert unfinished["url"] == server.url(STALLED)
    assert unfinished["type"] == "image"
    assert unfinished["content_length"] == 600_000
    assert unfinished["received_bytes"] == sent(server, STALLED)  # headers and the first 64 KiB
    assert metrics["bytes_by_type"]["image"] == sent(server, STALLED)
