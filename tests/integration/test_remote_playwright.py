"""The Playwright engine on a remote browser server (``playwright run-server``
started on 127.0.0.1): the audit is the same, our launch flags reach the
server's browser, and a server that cannot launch the browser asked for is a
one-line error."""

from __future__ import annotations

import asyncio
import re
import sys

import pytest

from auditor.cli import main
from auditor.engines.base import DISABLED_FEATURES
from auditor.engines.playwright import PlaywrightEngine
from servers import answers, free_port

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

BROWSER = "/usr/bin/chromium"


def _browser_server(spawn, name: str, *extra: str) -> str:
    port = free_port()
    spawn(name, [sys.executable, "-m", "playwright", "run-server", "--port", str(port), "--host", "127.0.0.1", *extra], lambda: answers(f"http://127.0.0.1:{port}/"))
    return f"ws://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def browser_server(spawn) -> str:
    """A server that takes the client's launch options (``--unsafe``), so it
    can be told to launch /usr/bin/chromium with our flags."""
    return _browser_server(spawn, "playwright-server", "--unsafe")


def test_an_audit_on_the_browser_server(browser_server, server, tmp_path):
    paths = {"image-alt.html": "image-alt", "keyboard/no-visible-focus.html": "no-visible-focus", "nojs/content.html": "content-missing-without-javascript"}
    urls = [server.url(p) for p in paths]
    code, document = run_cli(tmp_path, [*urls, "--browser-ws", browser_server, "--browser", BROWSER, "--concurrency", "2"], profile="default")
    assert code == 2
    assert document["tool"]["engine"] == "playwright" and document["tool"]["browser"].startswith("Chromium 1")
    for path, rule in paths.items():
        row = page(document, server.url(path))
        assert row["error"] is None and row["check_errors"] == []
        assert rule in {f["rule"] for f in row["findings"]}


async def _remote_command_line(ws: str) -> str:
    engine = PlaywrightEngine(BROWSER, browser_ws=ws)
    await engine.start()
    try:
        visit = await engine.open(viewport=(800, 600))
        await visit.page.goto("chrome://version")
        text = await visit.page.inner_text("#command_line")
        await visit.close()
        return text
    finally:
        await engine.shutdown()


def test_our_flags_and_disabled_features_reach_the_servers_browser(browser_server):
    command_line = asyncio.run(_remote_command_line(browser_server))
    assert "--disable-background-networking" in command_line.split()
    (switch,) = re.findall(r"--disable-features=(\S+)", command_line)  # one merged switch
    assert set(DISABLED_FEATURES) | {"HttpsUpgrades"} <= set(switch.split(","))


def test_a_server_that_ignores_our_browser_is_a_one_line_error(spawn, server, capsys):
    ws = _browser_server(spawn, "playwright-server-safe")  # no --unsafe: it launches only its own browsers
    assert main(["run", server.url("clean.html"), "--browser-ws", ws, "--browser", BROWSER, "--no-store", "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot use the browser server" in err[0] and "--unsafe" in err[0]


def test_unreachable_or_wrong_browser_server_addresses(server, capsys):
    url = server.url("clean.html")
    for ws, words in {f"ws://127.0.0.1:{free_port()}/": "cannot reach", "http://127.0.0.1:3000/": "not a valid address"}.items():
        assert main(["run", url, "--browser-ws", ws, "--no-store", "--quiet"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0]
