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
import json
import os
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    SessionNotCreatedException,
    TimeoutException,
    UnexpectedAlertPresentException,
    WebDriverException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as shown
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from ..config import ConfigError
from ..fetch import fetch
from ..model import NO_CONTENT_STATUSES, PageFailure, no_content_failure
from ..offloop import off_loop
from ..politeness import browser_user_agent
from .base import (DISABLED_FEATURES, LAUNCH_ARGS, PAGE_EVENTS, XHTML_TYPE, XML_ERROR_SCRIPT, BrowserNotFound, Document, Engine, Navigation,
                   SessionOptions, Visit, find_browser, main_document, malformed_xml)
from .isolation import (
    ScriptError,
    StaleWorld,
    call_params,
    create_world_params,
    frame_ids,
    is_missing_context,
    mark_params,
    new_token,
    read_call,
    read_value,
    script_params,
)
from .playwright import (
    HTML_TYPES,
    NAVIGATION_GRACE_S,
    NETWORK_EVENTS,
    SETTLE_SCRIPT,
    STEP_SETTLE_MS,
    SUBMIT_CONTROLS,
    classify_navigation_error,
    describe_media_type,
)
from .remote import check_webdriver_endpoint

T = TypeVar("T")

CDP_COMMAND = "auditorExecuteCdp"
LOG_COMMAND = "auditorGetLog"

# What Playwright's driver does for every headless Chromium, done here too so
# both engines measure the same page: HTTPS upgrades off (an http:// address is
# audited as given) and scrollbars hidden (a 320 px viewport is 320 px of page).
SELENIUM_DISABLED_FEATURES = (*DISABLED_FEATURES, "HttpsUpgrades")
PARITY_ARGS = ("--hide-scrollbars",)

SESSION_WAIT_S = 25.0
"""How long to keep asking a busy Grid for a session (under the runner's 30 s to open a page)."""
SESSION_BACKOFF_S = (0.5, 1.0, 2.0, 4.0)
HTTP_GRACE_S = 30.0
"""WebDriver's own timeouts end a hung command first; the HTTP client waits this much longer."""
MAX_FRAME_DEPTH = 3
MAX_DIALOGS = 10
"""Dialogs dismissed for one call before the page is given up."""
QUIT_TIMEOUT_S = 15.0

# Chromedriver's (and a Grid's) words for a session or browser that is gone.
_SESSION_GONE = (
    "tab crashed",
    "page crash",
    "session deleted",
    "invalid session id",
    "disconnected",
    "chrome not reachable",
    "no such window",
    "target window already closed",
    "target frame detached",
    "not connected to devtools",
    "browser has closed",
    "session not found",
    "unable to find session",
    "max retries exceeded",
    "connection refused",
    "connection reset",
    "remote end closed connection",
    "was terminated due to",  # a Grid whose node lost the browser: "Session [...] was terminated due to BROWSER_TIMEOUT"
)
_SESSION_REFUSED = ("session not created", "could not start a new session", "new session request", "error forwarding the new session", "timed out waiting for a node", "no free slots")

# The text caret blinks and transitions move: both would make two shots of the
# same state differ (Playwright's caret="hide" and animations="disabled").
STILL_STYLE = "*, *::before, *::after { caret-color: transparent !important; transition: none !important; animation: none !important; }"
STILL_ON = """(css) => {
  const s = document.createElement('style'); s.id = '__auditor_still'; s.textContent = css;
  (document.head || document.documentElement).appendChild(s);
  return {x: window.scrollX, y: window.scrollY};
}"""
STILL_OFF = "() => { const s = document.getElementById('__auditor_still'); if (s) s.remove(); }"

# Playwright's key names, as the collectors use them, to WebDriver's keys.
KEY_NAMES = {
    "Tab": Keys.TAB,
    "Enter": Keys.ENTER,
    "Escape": Keys.ESCAPE,
    "Space": Keys.SPACE,
    "Backspace": Keys.BACKSPACE,
    "Delete": Keys.DELETE,
    "Home": Keys.HOME,
    "End": Keys.END,
    "PageUp": Keys.PAGE_UP,
    "PageDown": Keys.PAGE_DOWN,
    "ArrowUp": Keys.ARROW_UP,
    "ArrowDown": Keys.ARROW_DOWN,
    "ArrowLeft": Keys.ARROW_LEFT,
    "ArrowRight": Keys.ARROW_RIGHT,
    "Shift": Keys.SHIFT,
    "Control": Keys.CONTROL,
    "Alt": Keys.ALT,
    "Meta": Keys.META,
}

# An expression or a function of one argument, as Playwright's evaluate takes
# it; a returned promise is awaited (WebDriver awaits the script's promise).
EVALUATE_WRAPPER = "return (async (arg) => {{ const value = ({expression}\n); return typeof value === 'function' ? await value(arg) : await value; }})(arguments[0]);"


class ChromedriverNotFound(BrowserNotFound):
    """No chromedriver to start sessions with."""


def find_chromedriver(explicit: str = "") -> str:
    """The chromedriver to start: ``$AUDITOR_CHROMEDRIVER``,
    ``/usr/bin/chromedriver``, or one on ``PATH`` (found as the browser is)."""
    configured = explicit or os.environ.get("AUDITOR_CHROMEDRIVER", "")
    if configured:
        resolved = shutil.which(configured) or configured
        if Path(resolved).is_file() and os.access(resolved, os.X_OK):
            return resolved
        raise ChromedriverNotFound(f"$AUDITOR_CHROMEDRIVER names {configured!r}, which is not an executable file")
    if os.access("/usr/bin/chromedriver", os.X_OK):
        return "/usr/bin/chromedriver"
    found = shutil.which("chromedriver")
    if found:
        return found
    raise ChromedriverNotFound(
        "the selenium engine needs chromedriver, matching the browser's version: install it "
        "(Debian/Ubuntu: apt-get install chromium-driver) or set AUDITOR_CHROMEDRIVER to its path"
    )


def parse_key(key: str) -> tuple[list[str], str]:
    """``"Shift+Tab"`` -> ([SHIFT], TAB): modifiers held, then the key pressed."""
    *modifiers, last = key.split("+") if key != "+" else [key]
    unknown = [m for m in modifiers if m not in KEY_NAMES]
    if unknown or (len(last) > 1 and last not in KEY_NAMES):
        raise ValueError(f"unknown key {key!r}")
    return [KEY_NAMES[m] for m in modifiers], KEY_NAMES.get(last, last)


def performance_events(entries: list[dict[str, Any]], target: str, methods: tuple[str, ...] = NETWORK_EVENTS) -> list[dict[str, Any]]:
    """The events of one tab from Chrome's performance log (by default its
    ``Network.*`` events), as ``{"method", "params"}`` (the shape of
    :meth:`Visit.network_events`)."""
    events = []
    for entry in entries:
        try:
            record = json.loads(entry["message"])
        except (KeyError, TypeError, ValueError):
            continue
        message = record.get("message") or {}
        if message.get("method") in methods and record.get("webview", target) == target:
            events.append({"method": message["method"], "params": message.get("params") or {}})
    return events


def main_document_response(events: list[dict[str, Any]], frame_id: str) -> dict[str, Any] | None:
    """The response that gave the tab its current document (after redirects)."""
    documents = [
        e["params"] for e in events
        if e["method"] == "Network.responseReceived" and e["params"].get("type") == "Document"
    ]
    main = [p for p in documents if p.get("frameId") == frame_id]
    chosen = (main or documents)[-1:] if documents else []
    return chosen[0].get("response") if chosen else None


def main_document_error(events: list[dict[str, Any]], frame_id: str) -> str:
    """The network error of the tab's last document request (``net::ERR_...``),
    if it failed; a download's abort is not an error here."""
    requests = [
        e["params"].get("requestId") for e in events
        if e["method"] == "Network.requestWillBeSent" and e["params"].get("type") == "Document" and e["params"].get("frameId") == frame_id
    ]
    if not requests:
        return ""
    for event in events:
        params = event["params"]
        if event["method"] == "Network.loadingFailed" and params.get("requestId") == requests[-1] and params.get("errorText") != "net::ERR_ABORTED":
            return str(params.get("errorText") or "")
    return ""


def session_failure(exc: BaseException) -> PageFailure | None:
    """A :class:`PageFailure` when ``exc`` means the session or its browser is
    gone (a crash, a dead node), else None."""
    text = _message(exc).lower()
    if "net::err_" in text:  # the page's own network failure, not the session's
        return None
    if isinstance(exc, (ConnectionError, OSError)) or any(word in text for word in _SESSION_GONE):
        return PageFailure("crash", f"The browser session ended while the page was being audited ({_message(exc)[:160]})")
    return None


def is_refused_session(exc: BaseException) -> bool:
    """A Grid with no free slot (or a node that could not start a browser)."""
    return isinstance(exc, SessionNotCreatedException) or any(word in _message(exc).lower() for word in _SESSION_REFUSED)


def _message(exc: BaseException) -> str:
    text = (exc.msg if isinstance(exc, WebDriverException) and exc.msg else str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


HEAD_MAX_REDIRECTS = 5
"""As many as the Playwright engine's HEAD requests follow."""


class SeleniumVisit(Visit):
    """One WebDriver session showing one page."""

    def __init__(self, engine: "SeleniumEngine", driver: webdriver.Remote, javascript: bool) -> None:
        super().__init__()
        self.engine = engine
        self.driver = driver
        self.javascript = javascript
        self.target = driver.current_window_handle
        self._network: list[dict[str, Any]] = []
        self._segment = 0  # network_events() starts here (journey checkpoints)
        self._in_flight = 0
        self._abandoned = False
        self._throttled = False
        self._user_agent = ""
        self._token = new_token()  # marks this visit's isolated worlds
        self._worlds: dict[str, int] = {}  # frame id -> execution context of the audit's world there

    # running WebDriver calls off the event loop

    async def _run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the engine's threads. Cancelled (the page's deadline),
        the call is abandoned: the session is quit at close, from another thread."""
        self._in_flight += 1
        try:
            return await self.engine.call(fn)
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

    def _world(self, frame_id: str, fresh: bool) -> int:
        """The audit's isolated world in the frame's current document: the
        one kept from before, unless ``fresh``, or one made (and marked) now."""
        context = None if fresh else self._worlds.get(frame_id)
        if context is None:
            context = self._cdp("Page.createIsolatedWorld", create_world_params(frame_id))["executionContextId"]
            if not read_value(self._answer("Runtime.callFunctionOn", mark_params(context, self._token))):
                raise ScriptError("the audit's world in the page was taken by the page")
            self._worlds[frame_id] = context
        return context

    def _call_in_world(self, frame_id: str, expression: str, arg: Any = None) -> Any:
        """Run ``expression`` in the frame's isolated world; a world whose
        document has gone (a navigation) is made again once."""
        for attempt in range(2):
            context = self._world(frame_id, fresh=attempt > 0)
            try:
                return read_call(self._answer("Runtime.callFunctionOn", call_params(context, expression, arg, self._token)))
            except StaleWorld:
                pass
            except WebDriverException as exc:
                # chromedriver words it "timeout", then "from no such execution context"
                if isinstance(exc, UnexpectedAlertPresentException) or not is_missing_context(exc.msg or str(exc)):
                    raise
            self._worlds.pop(frame_id, None)
        raise ScriptError("the page kept replacing its document while it was being read")

    def _run_in_world(self, frame_id: str, source: str) -> None:
        self._call_in_world(frame_id, "true")  # the world is this visit's
        read_value(self._answer("Runtime.evaluate", script_params(self._worlds[frame_id], source)))

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
            names = {"http_only": "httpOnly", "same_site": "sameSite"}
            self._cdp("Network.setCookie", {names.get(k, k): v for k, v in cookie.items()})

    def _set_viewport(self, width: int, height: int) -> None:
        self._cdp("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    async def navigate(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        self.phase = "loading the page"
        try:
            async with self.load_slot(url):
                response = await self._guarded(functools.partial(self._load, url, timeout_s), again_after_dialog=False)
        except TimeoutException:
            raise PageFailure("timeout", f"The page did not finish loading within {timeout_s:g} s") from None
        except WebDriverException as exc:
            raise classify_navigation_error(_message(exc)) from None
        final_url = await self.current_url()
        failed = main_document_error(self._network, self.target)
        if failed:  # chromedriver reports some failed loads (a redirect loop) as loaded
            raise classify_navigation_error(failed)
        if final_url.startswith("chrome-error://"):
            raise PageFailure("network", "The browser could not show the page (it showed its own error page)")
        status, media = check_document(response, final_url)
        if media == XHTML_TYPE:
            unparsed = malformed_xml(await self.evaluate(XML_ERROR_SCRIPT), status, final_url)
            if unparsed is not None:
                raise unparsed
        self.phase = "waiting for the page to settle"
        if settle_ms > 0 and self.javascript:
            await self.evaluate(SETTLE_SCRIPT, settle_ms)
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
            self.notes.append("The page opened a pop-up window, which was closed")
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
        await self._guarded(functools.partial(self._inject_everywhere, source))

    def _inject_everywhere(self, source: str) -> None:
        self._run_in_world(self.target, source)
        tree = self._cdp("Page.getFrameTree")["frameTree"]
        for frame_id in frame_ids(tree, MAX_FRAME_DEPTH):
            try:
                self._run_in_world(frame_id, source)
            except (ScriptError, WebDriverException) as exc:
                if isinstance(exc, UnexpectedAlertPresentException) or session_failure(exc) is not None:
                    raise
                # a frame that went away or refuses scripts is audited as opaque

    async def title(self) -> str:
        try:
            return await self._guarded(lambda: self.driver.title)
        except WebDriverException:
            return ""

    def network_events(self) -> list[dict[str, Any]]:
        """Drained from the performance log after loading and after each
        evaluation, so a collector that evaluates first sees every request."""
        return self._network[self._segment:]

    async def refresh_network(self) -> None:
        await self._guarded(self._drain)

    def start_network_segment(self) -> None:
        self._segment = len(self._network)

    def last_status(self) -> int | None:
        response = main_document_response(self._network, self.target)
        return response.get("status") if response else None

    # journey steps: WebDriver's element commands, each waiting for its element

    def _element(self, selector: str, timeout_s: float, condition: Callable[..., Any] = shown.element_to_be_clickable) -> WebElement:
        return WebDriverWait(self.driver, timeout_s, poll_frequency=0.1).until(condition((By.CSS_SELECTOR, selector)))

    def _documents(self) -> int:
        """Main-frame document requests so far: one more means the step loads a page."""
        return sum(1 for e in self._network if e["method"] == "Network.requestWillBeSent" and e["params"].get("type") == "Document" and e["params"].get("frameId") == self.target)

    def _then_load(self, action: Callable[[], None], timeout_s: float) -> None:
        """Do ``action``; if it starts loading a page, wait for that page's load."""
        self._drain()
        before = self._documents()
        action()
        grace = time.monotonic() + NAVIGATION_GRACE_S
        while self._documents() == before and time.monotonic() < grace:
            time.sleep(0.05)
            self._drain()
        if self._documents() > before:
            WebDriverWait(self.driver, timeout_s, poll_frequency=0.1).until(lambda d: d.execute_script("return document.readyState") == "complete")
            self._drain()

    async def _act(self, action: Callable[[], None], timeout_s: float, settle_ms: int = STEP_SETTLE_MS) -> None:
        """A journey step, as the Playwright engine does it: the step, the page
        it may open, then a settle; failures become page failures."""
        try:
            await self._guarded(functools.partial(self._then_load, action, timeout_s))
        except TimeoutException:
            raise PageFailure("timeout", f"no usable element within {timeout_s:g} s") from None
        except (WebDriverException, ValueError) as exc:
            raise PageFailure("network", _message(exc)[:300]) from None
        failed = main_document_error(self._network, self.target)
        if failed or (await self.current_url()).startswith("chrome-error://"):
            raise PageFailure("network", "the browser could not show the page it led to")
        if settle_ms > 0 and self.javascript:
            await self.evaluate(SETTLE_SCRIPT, settle_ms)

    async def click(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self._element(selector, timeout_s).click(), timeout_s)

    async def fill(self, selector: str, value: str, timeout_s: float) -> None:
        def run() -> None:
            field = self._element(selector, timeout_s, shown.visibility_of_element_located)
            field.clear()
            field.send_keys(value)

        await self._act(run, timeout_s, 0)

    async def select(self, selector: str, value: str, timeout_s: float) -> None:
        def run() -> None:
            field = Select(self._element(selector, timeout_s, shown.visibility_of_element_located))
            try:
                field.select_by_value(value)
            except NoSuchElementException:
                field.select_by_visible_text(value)

        await self._act(run, timeout_s)

    async def check(self, selector: str, timeout_s: float) -> None:
        def run() -> None:
            box = self._element(selector, timeout_s)
            if not box.is_selected():
                box.click()

        await self._act(run, timeout_s)

    async def press_on(self, selector: str, key: str, timeout_s: float) -> None:
        modifiers, pressed = parse_key(key)

        def run() -> None:
            if selector:
                self._element(selector, timeout_s, shown.visibility_of_element_located).send_keys(*modifiers, pressed)
            else:
                self._press(modifiers, pressed)

        await self._act(run, timeout_s)

    async def submit(self, selector: str, timeout_s: float) -> None:
        def run() -> None:
            target = self._element(selector, timeout_s, shown.presence_of_element_located)
            if target.tag_name.lower() == "form":
                target = target.find_element(By.CSS_SELECTOR, SUBMIT_CONTROLS)
            target.click()

        await self._act(run, timeout_s)

    async def wait_for(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self._element(selector, timeout_s, shown.visibility_of_element_located) and None, timeout_s, 0)

    async def set_viewport(self, width: int, height: int) -> None:
        await self._guarded(functools.partial(self._set_viewport, width, height))

    async def press(self, key: str) -> None:
        await self._guarded(functools.partial(self._press, *parse_key(key)))

    async def press_many(self, key: str, times: int) -> None:
        """Every press in one WebDriver actions command: one round trip for
        the batch, each key still pressed and released in turn."""
        await self._guarded(functools.partial(self._press, *parse_key(key), times))

    def _press(self, modifiers: list[str], pressed: str, times: int = 1) -> None:
        chain = ActionChains(self.driver)
        for _ in range(times):
            for modifier in modifiers:
                chain.key_down(modifier)
            chain.send_keys(pressed)
            for modifier in reversed(modifiers):
                chain.key_up(modifier)
        chain.perform()

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
        # DevTools' conditions: latency in ms, throughput in bytes per second.
        conditions = {"offline": False, "latency": rtt_ms, "downloadThroughput": down_kbps * 1000 / 8, "uploadThroughput": up_kbps * 1000 / 8}
        await self._guarded(functools.partial(self._cdp, "Network.emulateNetworkConditions", conditions))
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
            self.engine.discard(self.driver)
            return
        if self.engine.reuse_sessions:
            try:
                await self.engine.call(self._clear)
            except Exception:  # a session that cannot be cleared is not reused
                self.engine.discard(self.driver)
                return
            self.engine.give_back(self.driver)
            return
        await self.engine.quit(self.driver)

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


def unsupported_sign_in(session: SessionOptions) -> str:
    """What of the run's sign-in this engine cannot do, and why (empty when
    it can do all of it). WebDriver gives no request interception, so
    credentials cannot be kept to one origin."""
    if session.http_username:
        return "HTTP basic auth"
    if session.headers and session.origin:
        return "headers sent to one origin only"
    if session.storage_state:
        return "a storage state file"
    return ""


def request_urls(events: list[dict[str, Any]]) -> list[str]:
    return [e["params"].get("request", {}).get("url", "") for e in events if e["method"] == "Network.requestWillBeSent"]


def check_document(response: dict[str, Any] | None, final_url: str) -> tuple[int | None, str]:
    """(status, media type) of the main document, or the :class:`PageFailure`
    that says why it is not an auditable HTML page."""
    if response is None:
        return None, ""
    status = response.get("status")
    if status in NO_CONTENT_STATUSES:
        raise no_content_failure(status, response.get("url", final_url))
    headers = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}
    media = headers.get("content-type", response.get("mimeType", "")).split(";", 1)[0].strip().lower()
    if status is not None and status >= 400:
        reason = f" {response['statusText']}" if response.get("statusText") else ""
        raise PageFailure("http-error", f"The server answered HTTP {status}{reason}", status=status, final_url=final_url)
    attachment = "attachment" in headers.get("content-disposition", "").lower()
    if media and media not in HTML_TYPES and not attachment:
        raise PageFailure("not-html", f"The address is a {describe_media_type(media)}, not an HTML page", status=status, final_url=response.get("url", final_url))
    if attachment:
        raise PageFailure("download", "The address starts a file download instead of showing a page")
    return status, media


def cookie_header(cookies: list[dict[str, Any]], url: str) -> str:
    """The ``Cookie`` header a browser would send to ``url`` from WebDriver's cookie list."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path or "/"
    chosen = []
    for cookie in cookies:
        domain = str(cookie.get("domain", "")).lstrip(".").lower()
        if not (host == domain or host.endswith("." + domain)):
            continue
        if not path.startswith(str(cookie.get("path") or "/")) or (cookie.get("secure") and parts.scheme != "https"):
            continue
        chosen.append(f"{cookie['name']}={cookie['value']}")
    return "; ".join(chosen)


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
            check_webdriver_endpoint(self.webdriver_url)
            self.executable = browser  # a path on the remote machine; empty lets it choose
            self.chromedriver = ""
        else:
            self.executable = find_browser(browser)
            self.chromedriver = find_chromedriver()
        self.extra_args = tuple(extra_args)
        self.reuse_sessions = reuse_sessions
        self.timeout_s = timeout_s
        self._threads = 3 * max(1, sessions) + 2  # a main visit, a JavaScript-off visit and a close per page in flight
        self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="webdriver")
        self._service: Service | None = None
        self._endpoint = ""
        self._idle: list[webdriver.Remote] = []
        self._live: set[webdriver.Remote] = set()
        self._lock = threading.Lock()
        self._version = ""
        self.browser_ua = ""
        self.sessions_refused = 0
        """Session requests a busy Grid turned down (each was asked again)."""

    @property
    def browser_version(self) -> str:
        return self._version

    @property
    def connected(self) -> bool:
        if self.webdriver_url:
            return bool(self._endpoint)
        process = self._service.process if self._service is not None else None
        return process is not None and process.poll() is None

    async def call(self, fn: Callable[[], T]) -> T:
        """Run a blocking WebDriver call on the engine's bounded thread pool."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn)

    async def start(self) -> None:
        """Start chromedriver (or check the remote endpoint), then open one
        session: it names the browser and fails fast on a bad setup."""
        if self._pool._shutdown:  # started again after shutdown()
            self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="webdriver")
        if self.webdriver_url:
            self._endpoint = self.webdriver_url
        else:
            self._service = Service(executable_path=self.chromedriver, popen_kw={"start_new_session": True})
            await self.call(self._service.start)
            self._endpoint = self._service.service_url
        unsupported = unsupported_sign_in(self.session)
        if unsupported:
            raise ConfigError(f"the selenium engine cannot sign in with {unsupported} (WebDriver cannot limit what it sends to one site); use the playwright engine")
        driver = await self._new_session()
        if not self.browser_ua:
            self.browser_ua = await self.call(functools.partial(driver.execute_script, "return navigator.userAgent"))
        caps = driver.capabilities
        self._version = f"{caps.get('browserName', 'chrome').title()} {caps.get('browserVersion') or caps.get('version', '')}".strip()
        if self.reuse_sessions:
            self.give_back(driver)
        else:
            await self.quit(driver)
        self.pages_since_launch = 0

    async def stop(self) -> None:
        with self._lock:
            drivers, self._idle, self._live = list(self._live), [], set()
        if drivers:
            await asyncio.gather(*(self.quit(d) for d in drivers), return_exceptions=True)
        service, self._service = self._service, None
        if service is not None:
            await self.call(functools.partial(_stop_service, service))
        if not self.webdriver_url:
            self._endpoint = ""

    async def shutdown(self) -> None:
        await self.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        self.pages_since_launch += 1
        with self._lock:
            driver = self._idle.pop() if self._idle else None
        if driver is None:
            driver = await self._new_session(viewport)
        visit = SeleniumVisit(self, driver, javascript)
        try:
            await visit.prepare(viewport)
        except BaseException:
            self.discard(driver)
            raise
        return visit

    async def _new_session(self, viewport: tuple[int, int] = (1280, 800)) -> webdriver.Remote:
        """A new session; a Grid with no free slot is asked again with backoff
        for :data:`SESSION_WAIT_S` before the page is given up (and retried by
        the runner). A session that arrives after the page gave up is quit."""
        deadline = time.monotonic() + SESSION_WAIT_S
        for attempt in range(1000):
            creation = asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(self._create, viewport))
            try:
                return await asyncio.shield(creation)
            except asyncio.CancelledError:
                creation.add_done_callback(self._discard_late)
                raise
            except WebDriverException as exc:
                if not is_refused_session(exc) or time.monotonic() >= deadline:
                    raise RuntimeError(f"the WebDriver endpoint did not give a session: {_message(exc)}") from None
                self.sessions_refused += 1
            await asyncio.sleep(SESSION_BACKOFF_S[min(attempt, len(SESSION_BACKOFF_S) - 1)])
        raise RuntimeError("the WebDriver endpoint did not give a session")

    def _discard_late(self, creation: "asyncio.Future[webdriver.Remote]") -> None:
        if not creation.cancelled() and creation.exception() is None:
            self.discard(creation.result())

    def _create(self, viewport: tuple[int, int]) -> webdriver.Remote:
        config = ClientConfig(self._endpoint, timeout=int(self.timeout_s + HTTP_GRACE_S))
        driver = webdriver.Remote(command_executor=self._endpoint, options=self.options(viewport), client_config=config)
        driver.command_executor.add_command(CDP_COMMAND, "POST", "/session/$sessionId/goog/cdp/execute")
        driver.command_executor.add_command(LOG_COMMAND, "POST", "/session/$sessionId/se/log")
        with self._lock:
            self._live.add(driver)
        return driver

    def options(self, viewport: tuple[int, int]) -> Options:
        """The session's capabilities: our launch flags and disabled features
        (chromedriver merges them with its own), the performance log with
        network and page events, dialogs dismissed, downloads refused."""
        options = Options()
        if self.executable:
            options.binary_location = self.executable
        for arg in (*LAUNCH_ARGS, *PARITY_ARGS, f"--window-size={viewport[0]},{viewport[1]}", "--disable-features=" + ",".join(SELENIUM_DISABLED_FEATURES), *self.extra_args):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": True})
        options.add_experimental_option("prefs", {"download_restrictions": 3})
        options.unhandled_prompt_behavior = "dismiss and notify"
        milliseconds = int(self.timeout_s * 1000)
        options.timeouts = {"pageLoad": milliseconds, "script": milliseconds}
        return options

    def give_back(self, driver: webdriver.Remote) -> None:
        with self._lock:
            if driver in self._live:
                self._idle.append(driver)

    async def quit(self, driver: webdriver.Remote) -> None:
        with self._lock:
            self._live.discard(driver)
        try:
            await asyncio.wait_for(self.call(driver.quit), QUIT_TIMEOUT_S)
        except Exception:  # gone already, or stuck: nothing more to do from here
            pass

    def discard(self, driver: webdriver.Remote) -> None:
        """Quit a session from a thread of its own, without waiting: its
        WebDriver may still be busy with a call that was abandoned.

        chromedriver runs a session's commands one after another, so the quit
        would wait for that call (a page in a busy loop holds it until the
        script timeout). A local browser is killed first, which ends the call
        at once; a remote one holds its slot until WebDriver's own timeout."""
        with self._lock:
            self._live.discard(driver)
            if driver in self._idle:
                self._idle.remove(driver)
        local = not self.webdriver_url
        threading.Thread(target=_end_session, args=(driver, local), name="webdriver-quit", daemon=True).start()


def _end_session(driver: webdriver.Remote, kill_browser: bool) -> None:
    if kill_browser:
        kill_local_browser(driver)
    try:
        driver.quit()
    except Exception:
        pass


def kill_local_browser(driver: webdriver.Remote) -> None:
    """SIGKILL the processes of the session's browser on this machine, known by
    the profile folder chromedriver made for it (``--user-data-dir``)."""
    profile = (driver.capabilities.get("chrome") or {}).get("userDataDir", "")
    if not profile:
        return
    marker = f"--user-data-dir={profile}".encode()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc / "cmdline").read_bytes().split(b"\0"):
                os.kill(int(proc.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read


def _stop_service(service: Service) -> None:
    """Stop chromedriver, and every browser it started (its process group):
    a browser it could not close must not outlive the run."""
    process = service.process
    try:
        service.stop()
    finally:
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
