"""The Selenium engine: Chrome or Chromium through WebDriver, local or remote.

Each :class:`SeleniumVisit` is one WebDriver session (one browser), created for
the page and quit after it, or, with ``reuse_sessions``, handed to the next
page with its state cleared. The sessions live behind a local chromedriver
started for the run, or behind any remote WebDriver endpoint: a Selenium Grid
(hub or standalone) or a chromedriver started as a server.

Everything the checks need that WebDriver itself lacks comes from the Chrome
DevTools Protocol, which chromedriver forwards from its ``goog/cdp/execute``
command (also through a Grid, which passes the session's commands on to the
node's chromedriver): viewport, JavaScript off, network conditions and
clipped screenshots. The network log is Chrome's performance log, whose
entries are the same ``Network.*`` events the Playwright engine records; its
``Page.*`` events say which document the page's load ended on, as they do
there.

Selenium's client is synchronous. Every WebDriver call runs on a bounded
thread pool, so the runner's event loop stays free and its per-page deadline
still bounds a visit: a call that is abandoned at the deadline leaves its
session to be quit from another thread, and the run goes on.
"""

from __future__ import annotations

import asyncio
import base64
import functools
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, UnexpectedAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service

from ..errors import ConfigError
from ..fetch import fetch
from ..offloop import off_loop
from ..politeness import browser_user_agent
from .base import PAGE_EVENTS, Document, Engine, Navigation, SessionOptions, Visit, main_document
from .browsers import find_browser
from .chromium import (decoded_body, HEAD_MAX_REDIRECTS, NETWORK_EVENTS, POPUP_CLOSED, ChromiumVisit, accessibility_steps, classify_navigation_error, devtools_cookie,
                       error_page_failure, load_timeout, network_conditions)
from .isolation import ScriptError, Worlds, drive, is_missing_context
from .remote import check_webdriver_endpoint
from .selenium_devtools import (CDP_COMMAND, LOG_COMMAND, all_cookies, check_document, cookie_header, main_document_error, main_document_response,
                                performance_events, request_urls)
from .selenium_input import WebDriverInput
from .selenium_sessions import SessionPool, error_message, find_chromedriver, session_failure, stop_service, unsupported_sign_in

T = TypeVar("T")

MAX_FRAME_DEPTH = 3
MAX_DIALOGS = 10
"""Dialogs dismissed for one call before the page is given up."""

# The text caret blinks and transitions move: both would make two shots of the
# same state differ (Playwright's caret="hide" and animations="disabled").
STILL_STYLE = "*, *::before, *::after { caret-color: transparent !important; transition: none !important; animation: none !important; }"
STILL_ON = """(css) => {
  const s = document.createElement('style'); s.id = '__auditor_still'; s.textContent = css;
  (document.head || document.documentElement).appendChild(s);
  return {x: window.scrollX, y: window.scrollY};
}"""
STILL_OFF = "() => { const s = document.getElementById('__auditor_still'); if (s) s.remove(); }"

# An expression or a function of one argument, as Playwright's evaluate takes
# it; a returned promise is awaited (WebDriver awaits the script's promise).
EVALUATE_WRAPPER = "return (async (arg) => {{ const value = ({expression}\n); return typeof value === 'function' ? await value(arg) : await value; }})(arguments[0]);"


class SeleniumVisit(WebDriverInput, ChromiumVisit):
    """One WebDriver session showing one page."""

    def __init__(self, engine: "SeleniumEngine", driver: webdriver.Remote, javascript: bool) -> None:
        super().__init__(javascript)
        self.engine = engine
        self.sessions = engine.sessions
        self.driver = driver
        self.target = driver.current_window_handle
        self._in_flight = 0
        self._abandoned = False
        self._throttled = False
        self._user_agent = ""
        self.worlds = Worlds(missing_context=_missing_context, opaque=_opaque)

    # running WebDriver calls off the event loop

    async def _run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the engine's threads. Cancelled (the page's deadline),
        the call is abandoned: the session is quit at close, from another thread."""
        self._in_flight += 1
        try:
            return await self.sessions.call(fn)
        except asyncio.CancelledError:
            self._abandoned = True
            raise
        finally:
            self._in_flight -= 1

    def _cdp(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.driver.execute(CDP_COMMAND, {"cmd": method, "params": params or {}})["value"]

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        """A DevTools command that runs a script. chromedriver answers
        nothing when a dialog opens while the script runs: a WebDriver
        command then meets the dialog (and the call is made again after it
        is dismissed, see :meth:`_dismissing`)."""
        response = self._cdp(method, params)
        if not isinstance(response, dict) or not ("result" in response or "exceptionDetails" in response):
            self.driver.current_url  # raises UnexpectedAlertPresentException for an open dialog
        return response

    async def devtools(self, method: str, params: dict[str, Any]) -> Any:
        return await self._guarded(functools.partial(self._cdp, method, params))

    def _send(self, method: str, params: dict[str, Any]) -> Any:
        """A command of the audit's worlds: those that run a script are answered."""
        return self._answer(method, params) if method.startswith("Runtime.") else self._cdp(method, params)

    def _call_in_world(self, frame_id: str, expression: str, arg: Any = None) -> Any:
        return drive(self.worlds.call(frame_id, expression, arg), self._send)

    def _drain(self) -> None:
        """Move the performance log's new entries to this visit's network log
        (and its ``Page`` events to :attr:`documents`)."""
        entries = self.driver.execute(LOG_COMMAND, {"type": "performance"})["value"]
        for event in performance_events(entries, self.target, NETWORK_EVENTS + PAGE_EVENTS):
            if event["method"] in PAGE_EVENTS:
                self.documents.on_event(event["method"], event["params"])
            else:
                self._network.append(event)

    def _note_dialog(self, exc: UnexpectedAlertPresentException) -> None:
        text = " ".join((exc.alert_text or "").split())[:200]
        self.notes.append("A dialog was dismissed" + (f": {text}" if text else ""))

    def _dismissing(self, fn: Callable[[], T]) -> T:
        """Call ``fn``; a dialog the page opened is dismissed (WebDriver's
        "dismiss and notify": the call that meets it fails) and noted, then
        the call is made again, for up to :data:`MAX_DIALOGS` dialogs."""
        for _ in range(MAX_DIALOGS):
            try:
                return fn()
            except UnexpectedAlertPresentException as exc:
                self._note_dialog(exc)
        return fn()

    async def _guarded(self, fn: Callable[[], T], *, again_after_dialog: bool = True) -> T:
        """Run ``fn`` and turn a lost session into a ``crash`` page failure."""
        try:
            return await self._run(functools.partial(self._dismissing, fn) if again_after_dialog else fn)
        except WebDriverException as exc:
            failure = session_failure(exc)
            if failure is not None:
                raise failure from None
            raise
        except OSError as exc:
            raise session_failure(exc) or exc from None

    # the Visit interface

    async def prepare(self, viewport: tuple[int, int]) -> None:
        """Set the viewport and JavaScript before anything is loaded, and drop
        what the log holds from before (the session's start page)."""

        def setup() -> None:
            self._set_viewport(*viewport)
            # The page keeps focus when Tab leaves it for the browser's own UI
            # (as pages opened by Playwright do), so focus rings still paint.
            self._cdp("Emulation.setFocusEmulationEnabled", {"enabled": True})
            self._sign_in(self.engine.session)
            if not self.javascript:
                self._cdp("Emulation.setScriptExecutionDisabled", {"value": True})
            self.driver.execute(LOG_COMMAND, {"type": "performance"})

        await self._guarded(setup)

    def _sign_in(self, session: SessionOptions) -> None:
        """The run's User-Agent, headers and cookies (what
        :func:`unsupported_sign_in` lets through)."""
        if self.engine.browser_ua:
            self._cdp("Network.setUserAgentOverride", {"userAgent": browser_user_agent(self.engine.browser_ua, session.contact)})
        if session.headers:
            self._cdp("Network.setExtraHTTPHeaders", {"headers": dict(session.headers)})
        for cookie in session.cookies:
            self._cdp("Network.setCookie", devtools_cookie(cookie))

    def _set_viewport(self, width: int, height: int) -> None:
        self._cdp("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    async def navigate(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        self.phase = "loading the page"
        try:
            async with self.load_slot(url):
                await self.start_cpu_clock()
                response = await self._guarded(functools.partial(self._load, url, timeout_s), again_after_dialog=False)
        except TimeoutException:
            raise load_timeout(timeout_s) from None
        except WebDriverException as exc:
            raise classify_navigation_error(error_message(exc)) from None
        final_url = await self.current_url()
        failed = main_document_error(self._network, self.target)
        if failed:  # chromedriver reports some failed loads (a redirect loop) as loaded
            raise classify_navigation_error(failed)
        shown_error = error_page_failure(final_url)
        if shown_error is not None:
            raise shown_error
        status, media = check_document(response, final_url)
        await self.finish_load(media, status, final_url, settle_ms)
        return Navigation(status=status, final_url=await self.current_url(), content_type=media or "text/html")

    def _load(self, url: str, timeout_s: float) -> dict[str, Any] | None:
        """Load ``url`` once (never again because of a dialog: a dialog while
        loading is dismissed and the load goes on)."""
        self.driver.set_page_load_timeout(timeout_s)
        self._dismissing(self._drain)  # what is logged so far belongs to the page before
        self.documents.expect_load()
        try:
            self.driver.get(url)
        except UnexpectedAlertPresentException as exc:
            self._note_dialog(exc)
        self._dismissing(self._drain)
        self._dismissing(self._close_popups)
        return main_document_response(self._network, self.target)

    def _close_popups(self) -> None:
        handles = self.driver.window_handles
        if len(handles) > 1:
            self.notes.append(POPUP_CLOSED)
            for handle in handles:
                if handle != self.target:
                    self.driver.switch_to.window(handle)
                    self.driver.close()
            self.driver.switch_to.window(self.target)

    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        def run() -> Any:
            value = self._call_in_world(self.target, expression, arg)
            self._drain()
            return value

        return await self._guarded(run)

    async def evaluate_in_page(self, expression: str, arg: Any = None) -> Any:
        script = EVALUATE_WRAPPER.format(expression=expression.strip())

        def run() -> Any:
            value = self.driver.execute_script(script, arg)
            self._drain()
            return value

        return await self._guarded(run)

    async def inject_script(self, source: str) -> None:
        """Into the audit's world of the main frame (a failure there is the
        page's), then of every frame in the tab's renderer process (up to
        :data:`MAX_FRAME_DEPTH` deep), each in the world of its own document.
        Those are all the frames axe-core reads: it takes answers only from
        frames of the page's own origin (its default ``allowedOrigins``),
        and a frame of the page's origin runs in the page's process (frames
        from other sites run in their own, under site isolation, which
        chromedriver's DevTools commands do not reach)."""
        await self._guarded(functools.partial(drive, self.worlds.inject(self.target, source, MAX_FRAME_DEPTH), self._send))

    async def accessibility_tree(self) -> dict[str, Any]:
        return await self._guarded(lambda: drive(accessibility_steps(), self._cdp))

    async def response_body(self, request_id: str) -> bytes | None:
        try:
            reply = await self._guarded(functools.partial(self._cdp, "Network.getResponseBody", {"requestId": request_id}))
        except WebDriverException:
            return None
        return decoded_body(reply)

    async def cookies(self) -> list[dict[str, Any]] | None:
        return await self._guarded(functools.partial(all_cookies, self._cdp))

    async def title(self) -> str:
        try:
            return await self._guarded(lambda: self.driver.title)
        except WebDriverException:
            return ""

    async def refresh_network(self) -> None:
        """The network log is drained from the performance log after loading
        and after each evaluation (so a collector that evaluates first sees
        every request), and here."""
        await self._guarded(self._drain)

    def last_status(self) -> int | None:
        response = main_document_response(self._network, self.target)
        return response.get("status") if response else None

    async def set_viewport(self, width: int, height: int) -> None:
        await self._guarded(functools.partial(self._set_viewport, width, height))

    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """``clip`` is in CSS pixels of the viewport (as the Playwright
        engine's); DevTools wants it in page coordinates, so the scroll
        position is added."""

        def run() -> bytes:
            scroll = self._call_in_world(self.target, STILL_ON, STILL_STYLE)
            try:
                params: dict[str, Any] = {"format": "png"}
                if clip:
                    params["clip"] = {"x": clip["x"] + scroll["x"], "y": clip["y"] + scroll["y"], "width": clip["width"], "height": clip["height"], "scale": 1}
                return base64.b64decode(self._cdp("Page.captureScreenshot", params)["data"])
            finally:
                self._call_in_world(self.target, STILL_OFF)

        return await self._guarded(run)

    async def head(self, url: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        """Sent from this machine with the session's cookies for ``url`` (on a
        Grid, the node's network may see a different answer)."""
        cookies = await self._guarded(self.driver.get_cookies)
        if not self._user_agent:
            self._user_agent = await self.evaluate("navigator.userAgent")
        headers = {"User-Agent": self._user_agent}
        header = cookie_header(cookies, url)
        if header:
            headers["Cookie"] = header
        # Its own thread, not the WebDriver pool's, and a deadline for the
        # whole request: a server that sends its headers a byte at a time
        # holds neither a WebDriver thread nor the process.
        response = await off_loop(functools.partial(fetch, url, method="HEAD", headers=headers, deadline_s=timeout_s, max_redirects=HEAD_MAX_REDIRECTS))
        return response.status, dict(response.headers)

    async def throttle(self, rtt_ms: float, down_kbps: float, up_kbps: float) -> None:
        await self._guarded(functools.partial(self._cdp, "Network.emulateNetworkConditions", network_conditions(rtt_ms, down_kbps, up_kbps)))
        self._throttled = True

    async def current_url(self) -> str:
        return await self._guarded(lambda: self.driver.current_url)

    async def shown_document(self) -> Document | None:
        try:
            await self._guarded(self._drain)  # the load's events first: they say which document was the page's
            return main_document(await self._guarded(functools.partial(self._cdp, "Page.getFrameTree")))
        except WebDriverException:
            return None

    async def close(self) -> None:
        """Quit the session, or clear it for the next page. A session with a
        call still running (abandoned at the deadline) is quit from another
        thread, without waiting for it."""
        if self._in_flight or self._abandoned:
            self.sessions.discard(self.driver)
            return
        if self.engine.reuse_sessions:
            try:
                await self.sessions.call(self._clear)
            except Exception:  # a session that cannot be cleared is not reused
                self.sessions.discard(self.driver)
                return
            self.sessions.give_back(self.driver)
            return
        await self.sessions.quit(self.driver)

    def _clear(self) -> None:
        """Leave nothing of this page for the next: a fresh tab (history,
        session storage, emulation), then cookies, cache and the storage of
        every origin the page used."""
        origins = {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, request_urls(self._network)) if p.scheme in ("http", "https")}
        used = self.driver.window_handles
        self.driver.switch_to.new_window("tab")
        fresh = self.driver.current_window_handle
        for handle in used:
            self.driver.switch_to.window(handle)
            self.driver.close()
        self.driver.switch_to.window(fresh)
        self._cdp("Network.clearBrowserCookies")
        self._cdp("Network.clearBrowserCache")
        for origin in sorted(origins):
            self._cdp("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        self.driver.execute(LOG_COMMAND, {"type": "performance"})


class SeleniumEngine(Engine):
    """WebDriver sessions of Chrome/Chromium, one per page (or one per worker,
    cleared between pages, with ``reuse_sessions``)."""

    name = "selenium"

    def __init__(
        self,
        browser: str = "",
        extra_args: tuple[str, ...] = (),
        *,
        webdriver_url: str = "",
        reuse_sessions: bool = False,
        sessions: int = 2,
        timeout_s: float = 30.0,
    ) -> None:
        super().__init__()
        self.webdriver_url = webdriver_url.rstrip("/")
        if self.webdriver_url:
            self.slots = check_webdriver_endpoint(self.webdriver_url)
            self.executable = browser  # a path on the remote machine; empty lets it choose
            self.chromedriver = ""
        else:
            self.executable = find_browser(browser)
            self.chromedriver = find_chromedriver()
        self.extra_args = tuple(extra_args)
        self.reuse_sessions = reuse_sessions
        self.timeout_s = timeout_s
        self.sessions = SessionPool(executable=self.executable, extra_args=self.extra_args, timeout_s=timeout_s, sessions=sessions,
                                    local=not self.webdriver_url)
        self._service: Service | None = None
        self._version = ""
        self.browser_ua = ""

    @property
    def sessions_refused(self) -> int:
        """Session requests a busy Grid turned down."""
        return self.sessions.refused

    @property
    def browser_version(self) -> str:
        return self._version

    @property
    def connected(self) -> bool:
        if self.webdriver_url:
            return bool(self.sessions.endpoint)
        process = self._service.process if self._service is not None else None
        return process is not None and process.poll() is None

    async def start(self) -> None:
        """Start chromedriver (or check the remote endpoint), then open one
        session: it names the browser and fails fast on a bad setup."""
        self.sessions.reopen()  # started again after shutdown()
        if self.webdriver_url:
            self.sessions.endpoint = self.webdriver_url
        else:
            self._service = Service(executable_path=self.chromedriver, popen_kw={"start_new_session": True})
            await self.sessions.call(self._service.start)
            self.sessions.endpoint = self._service.service_url
        unsupported = unsupported_sign_in(self.session)
        if unsupported:
            raise ConfigError(f"the selenium engine cannot sign in with {unsupported} (WebDriver cannot limit what it sends to one site); use the playwright engine")
        driver = await self.sessions.new_session()
        if not self.browser_ua:
            self.browser_ua = await self.sessions.call(functools.partial(driver.execute_script, "return navigator.userAgent"))
        caps = driver.capabilities
        self._version = f"{caps.get('browserName', 'chrome').title()} {caps.get('browserVersion') or caps.get('version', '')}".strip()
        if self.reuse_sessions:
            self.sessions.give_back(driver)
        else:
            await self.sessions.quit(driver)
        self.pages_since_launch = 0

    async def stop(self) -> None:
        await self.sessions.quit_all()
        service, self._service = self._service, None
        if service is not None:
            await self.sessions.call(functools.partial(stop_service, service))
        if not self.webdriver_url:
            self.sessions.endpoint = ""

    async def shutdown(self) -> None:
        await self.stop()
        self.sessions.shutdown()

    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        self.pages_since_launch += 1
        driver = self.sessions.idle()
        if driver is None:
            driver = await self.sessions.new_session(viewport)
        visit = SeleniumVisit(self, driver, javascript)
        try:
            await visit.prepare(viewport)
        except BaseException:
            self.sessions.discard(driver)
            raise
        return visit


def _missing_context(exc: BaseException) -> bool:
    """chromedriver words a world's lost context "timeout", then "from no such
    execution context"; a dialog that met the call is not one."""
    return isinstance(exc, WebDriverException) and not isinstance(exc, UnexpectedAlertPresentException) and is_missing_context(exc.msg or str(exc))


def _opaque(exc: BaseException) -> bool:
    """A child frame's failure that leaves it unread (not a dialog, not a lost session)."""
    if isinstance(exc, UnexpectedAlertPresentException) or not isinstance(exc, (ScriptError, WebDriverException)):
        return False
    return session_failure(exc) is None
