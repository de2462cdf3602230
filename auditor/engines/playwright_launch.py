"""How the Playwright engine gets its browser and signs a context in.

A local Chromium is launched with our flags, and our disabled features merged
with those Playwright's driver passes; a browser server (``playwright
run-server``) is sent the same options, and its errors are put in one line
that says what to do. Each browser context gets the run's session: its
User-Agent, storage state, credentials, headers and cookies; each page its
DevTools session.
"""

from __future__ import annotations

import json
import re
from typing import Any, Awaitable, Callable

from playwright.async_api import Browser, BrowserContext, CDPSession, Error, Page, Playwright

from ..politeness import browser_user_agent
from .base import SessionOptions
from .browsers import DISABLED_FEATURES, LAUNCH_ARGS, BrowserNotFound, find_browser
from .chromium import devtools_cookie


_FEATURES_SWITCH = re.compile(r"--disable-features=(\S+)")
_driver_features: dict[str, str] = {}


async def launch_options(playwright: Playwright, executable: str, extra_args: tuple[str, ...] = ()) -> dict[str, Any]:
    """Keyword arguments for ``chromium.launch``: our safe flags, and our
    disabled features merged with the driver's own.

    Chromium keeps only the last ``--disable-features`` switch, and Playwright
    passes one of its own (HTTPS upgrades off, among others), so ours must
    replace it with the union. Its value is read once per executable from the
    browser's own ``chrome://version``; if that fails, ours are left out
    rather than dropping the driver's."""
    if executable not in _driver_features:
        _driver_features[executable] = await _read_driver_features(
            lambda: playwright.chromium.launch(executable_path=executable, args=list(LAUNCH_ARGS), headless=True)
        )
    theirs = _driver_features[executable]
    options: dict[str, Any] = {
        "executable_path": executable,
        "args": [*LAUNCH_ARGS, *extra_args],
        "headless": True,
        "handle_sigint": False,
        "handle_sigterm": False,
        "handle_sighup": False,
    }
    if theirs:
        options["ignore_default_args"] = [f"--disable-features={theirs}"]
        options["args"].append("--disable-features=" + ",".join(dict.fromkeys([*theirs.split(","), *DISABLED_FEATURES])))
    return options


async def connect_browser_server(playwright: Playwright, ws_endpoint: str, executable: str, extra_args: tuple[str, ...] = ()) -> Browser:
    """Connect to a browser server (``playwright run-server``), which launches
    a browser for this connection with the options sent in the
    ``x-playwright-launch-options`` header.

    The server takes ``args`` and ``executablePath`` from a client only when it
    was started with ``--unsafe``; otherwise it launches its own Chromium with
    its defaults, and our flags and disabled features are left out (the audit
    is the same, a little slower). ``executable`` is a path on the server's
    machine (empty: the server's own Playwright Chromium). The driver's
    disabled features are read once from a first connection and merged with
    ours, as for a local launch."""

    def connect(args: list[str], ignore: list[str]) -> Awaitable[Browser]:
        options: dict[str, Any] = {"headless": True, "args": args, **({"ignoreDefaultArgs": ignore} if ignore else {})}
        if executable:
            options["executablePath"] = executable
        return playwright.chromium.connect(ws_endpoint, headers={"x-playwright-launch-options": json.dumps(options)})

    key = f"{ws_endpoint} {executable}"
    if key not in _driver_features:
        _driver_features[key] = await _read_driver_features(lambda: connect(list(LAUNCH_ARGS), []))
    theirs = _driver_features[key]
    args = [*LAUNCH_ARGS, *extra_args]
    if not theirs:
        return await connect(args, [])
    merged = "--disable-features=" + ",".join(dict.fromkeys([*theirs.split(","), *DISABLED_FEATURES]))
    return await connect([*args, merged], [f"--disable-features={theirs}"])


_MISSING_EXECUTABLE = re.compile(r"executable doesn't exist at (\S+)", re.IGNORECASE)
INSTALL_HINT = "run `python -m playwright install chromium` where the server runs"


def missing_executable(message: str) -> str:
    """The browser path a server found nothing at, from Playwright's error, or ''."""
    match = _MISSING_EXECUTABLE.search(message)
    return match.group(1) if match else ""


def browser_server_error(ws_endpoint: str, message: str, sent: str, not_there: str = "") -> str:
    """One line saying why a browser server launched no browser, and what to do.

    ``sent`` is the browser path the client sent (empty: none); ``not_there``
    a path the server already said it does not have. Playwright's own message
    about a missing browser speaks to the server's owner ("run playwright
    install") and does not say that a server without ``--unsafe`` ignores the
    browser the client names, which is what usually went wrong."""
    where = f"cannot use the browser server at {ws_endpoint}"
    missing = missing_executable(message)
    if not missing:
        first = message.strip().splitlines()[0] if message.strip() else "it launched no browser"
        return f"{where}: {first}"
    if sent and missing == sent:
        return f"{where}: there is no browser at {sent} on the server's machine (--browser names a path there)"
    if not_there:
        return (f"{where}: the server's machine has neither this tool's browser ({not_there}) nor Playwright's own Chromium; "
                f"give --browser the path of Chrome or Chromium there, or {INSTALL_HINT}")
    if sent:
        return (f"{where}: it launches only its own Playwright Chromium, which is not installed there ({missing}), and ignores "
                f"the browser this tool names ({sent}): start the server with --unsafe so that it takes it, or {INSTALL_HINT}")
    return (f"{where}: Playwright's own Chromium is not installed there ({missing}); give --browser the path of Chrome or "
            f"Chromium on the server's machine (a server started with --unsafe takes it), or {INSTALL_HINT}")


def remote_browser_path(explicit: str) -> str:
    """The browser path to send a browser server: ``--browser`` as given (a
    path on the server's machine), or else this machine's own browser, which
    a server on the same machine or image has at the same path; empty when
    there is none (the server then launches its own Playwright Chromium)."""
    if explicit:
        return explicit
    try:
        return find_browser()
    except BrowserNotFound:
        return ""


async def _read_driver_features(launch: Callable[[], Awaitable[Browser]]) -> str:
    try:
        browser = await launch()
    except Error:
        return ""
    try:
        page = await browser.new_page()
        await page.goto("chrome://version", timeout=15_000)
        match = _FEATURES_SWITCH.search(await page.inner_text("#command_line", timeout=5_000))
        return match.group(1) if match else ""
    except Error:
        return ""
    finally:
        await browser.close()


def context_options(session: SessionOptions, browser_ua: str) -> dict[str, Any]:
    """``new_context`` options of the run's session: the User-Agent, saved
    storage state, basic-auth credentials and (without an origin) headers."""
    options: dict[str, Any] = {"user_agent": browser_user_agent(browser_ua, session.contact)} if browser_ua else {}
    if session.storage_state:
        options["storage_state"] = session.storage_state
    if session.http_username:
        credentials = {"username": session.http_username, "password": session.http_password}
        options["http_credentials"] = credentials | ({"origin": session.origin} if session.origin else {})
    if session.headers and not session.origin:
        options["extra_http_headers"] = dict(session.headers)
    return options


async def sign_in(context: BrowserContext, session: SessionOptions) -> None:
    """Cookies of the session, and headers sent to its origin only when it names one."""
    if session.cookies:
        await context.add_cookies([devtools_cookie(c) for c in session.cookies])
    if session.headers and session.origin:
        prefix, extra = session.origin + "/", dict(session.headers)

        async def add_headers(route: Any, request: Any) -> None:
            if request.url.startswith(prefix):
                await route.continue_(headers={**request.headers, **extra})
            else:
                await route.continue_()

        await context.route("**/*", add_headers)


async def open_page(context: BrowserContext) -> tuple[Page, CDPSession]:
    """A new page in ``context`` and its DevTools session, reporting network and page events."""
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Page.enable")
    return page, cdp
