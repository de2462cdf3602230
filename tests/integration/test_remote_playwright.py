"""The Playwright engine on a remote browser server (``playwright run-server``
started on 127.0.0.1): the audit is the same, our launch flags reach the
server's browser, the README's recipe works with one flag on each side, and a
server that cannot launch a browser is a one-line error that leaves no run
to resume."""

from __future__ import annotations

import asyncio
import re
import sys

import pytest

from auditor.cli import main
from auditor.engines.browsers import DISABLED_FEATURES
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


def test_the_readmes_recipe_needs_one_flag_on_each_side(spawn, server, tmp_path):
    """``run-server --unsafe`` and ``--browser-ws``, nothing else: the client
    sends the path of its own browser, which the server launches (Playwright's
    own Chromium is not installed here, so nothing else could be launched)."""
    ws = _browser_server(spawn, "playwright-server-recipe", "--unsafe")
    code, document = run_cli(tmp_path, [server.url("image-alt.html"), "--browser-ws", ws, "--fail-on", "none"])
    assert code == 0
    row = page(document, server.url("image-alt.html"))
    assert row["error"] is None and "image-alt" in {f["rule"] for f in row["findings"]}
    assert document["tool"]["browser"].startswith("Chromium 1")


@pytest.fixture(scope="module")
def safe_server(spawn) -> str:
    """A server started without --unsafe: it launches only its own Playwright
    Chromium (not installed here), whatever the client asks."""
    return _browser_server(spawn, "playwright-server-safe")


@pytest.mark.parametrize("browser", [["--browser", BROWSER], []])
def test_a_server_that_ignores_our_browser_is_a_one_line_error(safe_server, server, capsys, browser):
    assert main(["run", server.url("clean.html"), "--browser-ws", safe_server, *browser, "--no-store", "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cannot use the browser server at {safe_server}: " in err[0]
    # What to do about it, rather than Playwright's advice to the server's owner alone.
    assert "start the server with --unsafe" in err[0] and "playwright install chromium" in err[0]


def test_a_run_that_failed_at_its_start_is_not_resumed(safe_server, server, tmp_path, capsys):
    db = str(tmp_path / "runs.sqlite3")
    for _ in range(2):  # every failed start: none of them is offered for --resume
        assert main(["run", server.url("clean.html"), "--browser-ws", safe_server, "--db", db, "--quiet"]) == 1
    capsys.readouterr()
    assert main(["runs", "--db", db]) == 0
    listing = capsys.readouterr().out.splitlines()[1:]
    assert len(listing) == 2 and all(" failed " in line and "0/1" in line for line in listing)

    assert main(["run", "--resume", "last", "--db", db]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["inclusion-audit: error: there is no unfinished run to resume"]
    failed = listing[0].split()[0]
    assert main(["run", "--resume", failed, "--db", db]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"run {failed} failed before it audited any page (cannot use the browser server at {safe_server}" in err[0]
    assert err[0].endswith("; start it again instead of resuming it")


def test_unreachable_or_wrong_browser_server_addresses(server, capsys):
    url = server.url("clean.html")
    for ws, words in {f"ws://127.0.0.1:{free_port()}/": "cannot reach", "http://127.0.0.1:3000/": "not a valid address"}.items():
        assert main(["run", url, "--browser-ws", ws, "--no-store", "--quiet"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and words in err[0]
