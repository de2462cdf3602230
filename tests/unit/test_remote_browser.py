"""What a browser server's failure to launch a browser means, in one line,
and which browser path the client sends it (no server needed)."""

from __future__ import annotations

import pytest

from auditor.engines.playwright_launch import browser_server_error, missing_executable, remote_browser_path

WS = "ws://browsers.internal:3000/"
# Playwright 1.65's messages, as a server without --unsafe and one with it give them.
OWN_MISSING = ("BrowserType.connect: Executable doesn't exist at /root/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell\n"
               "╔═══╗\n║ Looks like Playwright was just installed or updated. ║")
OURS_MISSING = "BrowserType.connect: Failed to launch chromium because executable doesn't exist at /usr/bin/chromium"
OWN = "/root/.cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell"


def test_missing_executable_is_read_from_either_message():
    assert missing_executable(OWN_MISSING) == OWN
    assert missing_executable(OURS_MISSING) == "/usr/bin/chromium"
    assert missing_executable("BrowserType.connect: WebSocket error: 400 Bad Request") == ""


@pytest.mark.parametrize(
    ("message", "sent", "not_there", "expected"),
    [
        (OWN_MISSING, "/usr/bin/chromium", "",
         f"cannot use the browser server at {WS}: it launches only its own Playwright Chromium, which is not installed there ({OWN}), "
         "and ignores the browser this tool names (/usr/bin/chromium): start the server with --unsafe so that it takes it, "
         "or run `python -m playwright install chromium` where the server runs"),
        (OURS_MISSING, "/usr/bin/chromium", "",
         f"cannot use the browser server at {WS}: there is no browser at /usr/bin/chromium on the server's machine (--browser names a path there)"),
        (OWN_MISSING, "", "/usr/bin/chromium",
         f"cannot use the browser server at {WS}: the server's machine has neither this tool's browser (/usr/bin/chromium) nor "
         "Playwright's own Chromium; give --browser the path of Chrome or Chromium there, or run `python -m playwright install chromium` where the server runs"),
        (OWN_MISSING, "", "",
         f"cannot use the browser server at {WS}: Playwright's own Chromium is not installed there ({OWN}); give --browser the path of Chrome "
         "or Chromium on the server's machine (a server started with --unsafe takes it), or run `python -m playwright install chromium` where the server runs"),
        ("BrowserType.connect: WebSocket error: 428 Precondition Required\nmore", "/usr/bin/chromium", "",
         f"cannot use the browser server at {WS}: BrowserType.connect: WebSocket error: 428 Precondition Required"),
    ],
)
def test_each_failure_is_one_line_saying_what_to_do(message, sent, not_there, expected):
    assert browser_server_error(WS, message, sent, not_there) == expected


def test_the_client_sends_its_own_browser_unless_told_another(monkeypatch, tmp_path):
    assert remote_browser_path("/opt/chrome/chrome") == "/opt/chrome/chrome"  # a path on the server's machine: not checked here
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("AUDITOR_BROWSER", str(browser))
    assert remote_browser_path("") == str(browser)
    monkeypatch.setenv("AUDITOR_BROWSER", str(tmp_path / "none"))
    assert remote_browser_path("") == ""  # none here: the server launches its own
