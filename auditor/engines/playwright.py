"""The Playwright engine: one Chromium, a new browser context per page."""

from __future__ import annotations

import asyncio
import functools
import json
import re
from typing import Any, Awaitable, Callable, TypeVar

from playwright.async_api import Browser, BrowserContext, CDPSession, Dialog, Error, Page, Playwright, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..model import ERROR_KINDS, NO_CONTENT_STATUSES, PageFailure, no_content_failure
from ..politeness import browser_user_agent, parse_retry_after
from .remote import EndpointUnreachable, check_browser_server
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

T = TypeVar("T")

HTML_TYPES = ("text/html", XHTML_TYPE)

# Chromium's net error codes, as they appear in navigation errors, and what
# they mean for the person reading the report.
NET_ERROR_KINDS = (
    ("ERR_NAME_NOT_RESOLVED", "dns"),
    ("ERR_NAME_RESOLUTION_FAILED", "dns"),
    ("ERR_CONNECTION_REFUSED", "refused"),
    ("ERR_CERT_", "tls"),
    ("ERR_SSL_", "tls"),
    ("ERR_BAD_SSL_", "tls"),
    ("ERR_TOO_MANY_REDIRECTS", "redirect-loop"),
    ("ERR_TIMED_OUT", "timeout"),
    ("ERR_CONNECTION_TIMED_OUT", "timeout"),
    ("ERR_UNSAFE_PORT", "blocked"),
    ("ERR_BLOCKED_BY_", "blocked"),
    ("ERR_ACCESS_DENIED", "blocked"),
    ("ERR_INVALID_URL", "blocked"),
    ("ERR_DISALLOWED_URL_SCHEME", "blocked"),
    ("ERR_FILE_NOT_FOUND", "http-error"),
)

_NET_ERROR = re.compile(r"net::(ERR_[A-Z0-9_]+)")
_CRASH_WORDS = ("crashed", "Target closed", "has been closed", "Browser closed", "Connection closed")
# A journey's click that leads to a new page starts loading it at once; wait
# this long for that to begin before deciding the click stayed on the page.
NAVIGATION_GRACE_S = 0.5
STEP_SETTLE_MS = 500
SUBMIT_CONTROLS = 'button:not([type]), button[type="submit" i], input[type="submit" i], input[type="image" i]'


# Resolves when the DOM has been quiet for a moment, or after `max` ms: a short
# bounded settle after `load` for pages that render late, never network idle.
SETTLE_SCRIPT = """
(max) => new Promise((resolve) => {
  const quiet = 80;
  let timer = setTimeout(done, quiet);
  const cap = setTimeout(done, max);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  function done() { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(true); }
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})
"""


def classify_navigation_error(message: str) -> PageFailure:
    """Turn Playwright's navigation error text into a classified failure."""
    match = _NET_ERROR.search(message)
    if match:
        code = match.group(1)
        kind = next((k for prefix, k in NET_ERROR_KINDS if code.startswith(prefix)), "network")
        return PageFailure(kind, f"{ERROR_KINDS[kind][0].upper()}{ERROR_KINDS[kind][1:]} ({code})")
    if any(word in message for word in _CRASH_WORDS):
        return PageFailure("crash", "The browser page crashed or was closed while loading")
    first_line = message.strip().splitlines()[0] if message.strip() else "navigation failed"
    return PageFailure("network", first_line[:300])


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


NETWORK_EVENTS = (
    "Network.requestWillBeSent",
    "Network.responseReceived",
    "Network.dataReceived",
    "Network.loadingFinished",
    "Network.loadingFailed",
)


# Keys that press_many sends as raw DevTools input events, with their
# modifier bits (Shift is 8): focus moves on the Tab key's own modifiers.
PIPELINED_KEYS = {"Tab": 0, "Shift+Tab": 8}


class PlaywrightVisit(Visit):
    def __init__(self, context: BrowserContext, page: Page, cdp: CDPSession, javascript: bool = True) -> None:
        super().__init__()
        self.javascript = javascript
        self.context = context
        self.page = page
        self.cdp = cdp
        self._network: list[dict[str, Any]] = []
        self.signed_in: list[Any] = []
        """The cookies the context had when it was opened (the run's sign-in:
        its ``[auth]`` cookies and those of its storage state): :meth:`reset`
        puts them back."""
        self._segment = 0  # network_events() starts here (journey checkpoints)
        self._navigations = 0  # main-frame document requests, and load events: a step that navigates
        self._loads = 0
        self._token = new_token()  # marks this visit's isolated worlds
        self._worlds: dict[str, int] = {}  # frame id -> execution context of the audit's world there
        self._main_frame = ""
        for method in NETWORK_EVENTS:
            cdp.on(method, functools.partial(self._on_network, method))
        for method in PAGE_EVENTS:
            cdp.on(method, functools.partial(self.documents.on_event, method))
        self._crashed = asyncio.Event()
        self._main_responses: list[Any] = []
        page.on("dialog", self._on_dialog)
        page.on("popup", self._on_popup)
        page.on("crash", self._on_crash)
        page.on("response", self._on_response)
        page.on("download", self._on_download)
        page.on("request", self._on_request)
        page.on("load", self._on_load)

    async def _on_dialog(self, dialog: Dialog) -> None:
        text = " ".join(dialog.message.split())[:200]
        self.notes.append(f"A {dialog.type} dialog was dismissed" + (f": {text}" if text else ""))
        try:
            await dialog.dismiss()
        except Error:
            pass

    async def _on_popup(self, popup: Page) -> None:
        self.notes.append("The page opened a pop-up window, which was closed")
        try:
            await popup.close()
        except Error:
            pass

    def _on_network(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.dataReceived":  # only the byte counts matter
            params = {"requestId": params.get("requestId"), "encodedDataLength": params.get("encodedDataLength", 0), "dataLength": params.get("dataLength", 0), "timestamp": params.get("timestamp")}
        self._network.append({"method": method, "params": params})

    def network_events(self) -> list[dict[str, Any]]:
        return self._network[self._segment:]

    def start_network_segment(self) -> None:
        self._segment = len(self._network)

    async def set_viewport(self, width: int, height: int) -> None:
        await self.page.set_viewport_size({"width": width, "height": height})

    async def press(self, key: str) -> None:
        await self.page.keyboard.press(key)

    async def press_many(self, key: str, times: int) -> None:
        """Tab and Shift+Tab go to the browser as DevTools input events sent
        together rather than one awaited press at a time. The renderer still
        handles each key down and up in order (key events are never merged),
        so every press moves focus and fires its key-up; but it draws once
        for the lot: 100 presses took 0.29 s and 0.30 CPU s instead of 0.71 s
        and 0.62 CPU s here (benchmarks/keyboard_presses.py, 2 busy cores)."""
        modifiers = PIPELINED_KEYS.get(key)
        if modifiers is None:
            await super().press_many(key, times)
            return
        event = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9, "modifiers": modifiers}
        sends = []
        for _ in range(times):
            sends.append(self.cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", **event}))
            sends.append(self.cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **event}))
        await self._unless_crashed(asyncio.gather(*sends))

    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        return await self.page.screenshot(clip=clip, caret="hide", animations="disabled", timeout=10_000)

    async def head(self, url: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        response = await self.context.request.head(url, timeout=timeout_s * 1000, max_redirects=5, fail_on_status_code=False)
        try:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
        finally:
            await response.dispose()

    async def throttle(self, rtt_ms: float, down_kbps: float, up_kbps: float) -> None:
        # DevTools' conditions: latency in ms, throughput in bytes per second.
        await self.cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": rtt_ms, "downloadThroughput": down_kbps * 1000 / 8, "uploadThroughput": up_kbps * 1000 / 8},
        )

    def _on_crash(self, _page: Page) -> None:
        self._crashed.set()

    def _on_download(self, download: Any) -> None:
        self.notes.append("The page tried to start a download, which was refused")

    def _on_response(self, response: Any) -> None:
        try:
            request = response.request
            if request.is_navigation_request() and request.frame == self.page.main_frame:
                self._main_responses.append(response)
        except Error:
            pass

    async def navigate(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        self.phase = "loading the page"
        self.documents.expect_load()
        try:
            async with self.load_slot(url):
                response = await self.page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        except PlaywrightTimeout:
            raise PageFailure("timeout", f"The page did not finish loading within {timeout_s:g} s") from None
        except Error as exc:
            message = exc.message or str(exc)
            if "Download is starting" in message:
                raise self._download_failure(url) from None
            answered = self._main_responses[-1] if self._main_responses else None
            if answered is not None and answered.status in NO_CONTENT_STATUSES:  # Chromium aborts it: ERR_ABORTED
                raise no_content_failure(answered.status, answered.url) from None
            raise classify_navigation_error(message) from None

        final_url = self.page.url
        if final_url.startswith("chrome-error://"):
            # Chromium's own error page: never audit it as if it were the site.
            raise PageFailure("network", "The browser could not show the page (it showed its own error page)")
        status = response.status if response else None
        content_type = (await response.header_value("content-type") or "") if response else ""
        if status is not None and status >= 400:
            reason = f" {response.status_text}" if response and response.status_text else ""
            raise PageFailure(
                "http-error",
                f"The server answered HTTP {status}{reason}",
                status=status,
                final_url=final_url,
                retry_after=parse_retry_after(await response.header_value("retry-after")) if response and status in (429, 503) else None,
            )
        media = _media_type(content_type) or _media_type(await self._document_type())
        if media and media not in HTML_TYPES:
            raise PageFailure("not-html", f"The address is a {describe_media_type(media)}, not an HTML page", status=status, final_url=final_url)
        if media == XHTML_TYPE:
            unparsed = malformed_xml(await self.evaluate(XML_ERROR_SCRIPT), status, final_url)
            if unparsed is not None:
                raise unparsed

        self.phase = "waiting for the page to settle"
        if settle_ms > 0 and self.javascript:  # without JavaScript nothing changes (and no timer runs)
            await self.evaluate(SETTLE_SCRIPT, settle_ms)
        return Navigation(status=status, final_url=self.page.url, content_type=media or "text/html")

    async def _document_type(self) -> str:
        try:
            return await self.evaluate("document.contentType")
        except (Error, ScriptError):
            return ""

    def _download_failure(self, url: str) -> PageFailure:
        response = self._main_responses[-1] if self._main_responses else None
        if response is not None:
            headers = response.headers
            media = _media_type(headers.get("content-type", ""))
            attachment = "attachment" in headers.get("content-disposition", "").lower()
            if media and media not in HTML_TYPES and not attachment:
                return PageFailure("not-html", f"The address is a {describe_media_type(media)}, not an HTML page", status=response.status, final_url=response.url)
        return PageFailure("download", "The address starts a file download instead of showing a page")

    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        return await self._unless_crashed(self._call_in_world(self.cdp, await self._main_frame_id(), expression, arg))

    async def evaluate_in_page(self, expression: str, arg: Any = None) -> Any:
        return await self._unless_crashed(self.page.evaluate(expression, arg))

    async def _main_frame_id(self) -> str:
        """The DevTools id of the main frame (it outlives navigations)."""
        if not self._main_frame:
            tree = await self._unless_crashed(self.cdp.send("Page.getFrameTree"))
            self._main_frame = tree["frameTree"]["frame"]["id"]
        return self._main_frame

    async def _world(self, session: CDPSession, frame_id: str, fresh: bool) -> int:
        """The audit's isolated world in the frame's current document: the
        one kept from before, unless ``fresh``, or one made (and marked) now."""
        context = None if fresh else self._worlds.get(frame_id)
        if context is None:
            context = (await session.send("Page.createIsolatedWorld", create_world_params(frame_id)))["executionContextId"]
            if not read_value(await session.send("Runtime.callFunctionOn", mark_params(context, self._token))):
                raise ScriptError("the audit's world in the page was taken by the page")
            self._worlds[frame_id] = context
        return context

    async def _call_in_world(self, session: CDPSession, frame_id: str, expression: str, arg: Any) -> Any:
        """Run ``expression`` in the frame's isolated world; a world whose
        document has gone (a navigation) is made again once."""
        for attempt in range(2):
            context = await self._world(session, frame_id, fresh=attempt > 0)
            try:
                return read_call(await session.send("Runtime.callFunctionOn", call_params(context, expression, arg, self._token)))
            except StaleWorld:
                pass
            except Error as exc:
                if not is_missing_context(exc.message or str(exc)):
                    raise
            self._worlds.pop(frame_id, None)
        raise ScriptError("the page kept replacing its document while it was being read")

    async def _run_in_world(self, session: CDPSession, frame_id: str, source: str) -> None:
        await self._call_in_world(session, frame_id, "true", None)  # the world is this visit's
        read_value(await session.send("Runtime.evaluate", script_params(self._worlds[frame_id], source)))

    async def _unless_crashed(self, work: Awaitable[T]) -> T:
        """Await ``work`` on the page; a renderer crash ends the wait at once
        (a pending evaluation or input event is otherwise never answered)."""
        pending = asyncio.ensure_future(work)
        crash = asyncio.ensure_future(self._crashed.wait())
        try:
            await asyncio.wait({pending, crash}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            crash.cancel()
            if not pending.done():
                pending.cancel()
        if not pending.done() or pending.cancelled():
            raise PageFailure("crash", "The page crashed while it was being audited")
        try:
            return pending.result()
        except Error as exc:
            if self._crashed.is_set() or any(word in (exc.message or "") for word in _CRASH_WORDS):
                raise PageFailure("crash", "The page crashed while it was being audited") from None
            raise

    async def inject_script(self, source: str) -> None:
        """Into the audit's world of the main frame (a failure there is the
        page's), then of every frame in the page's renderer process, each in
        the world of its own document. Those are all the frames axe-core
        reads: it takes answers only from frames of the page's own origin
        (its default ``allowedOrigins``), and a frame of the page's origin
        runs in the page's process (frames from other sites run in their
        own, under site isolation, out of this session's reach)."""
        main = await self._main_frame_id()
        await self._unless_crashed(self._run_in_world(self.cdp, main, source))
        tree = await self._unless_crashed(self.cdp.send("Page.getFrameTree"))
        for frame_id in frame_ids(tree["frameTree"]):
            try:
                await self._unless_crashed(self._run_in_world(self.cdp, frame_id, source))
            except (Error, ScriptError):
                pass  # a frame that went away or refuses scripts is audited as opaque

    async def title(self) -> str:
        try:
            return await self.page.title()
        except Error:
            return ""

    async def current_url(self) -> str:
        return self.page.url

    async def shown_document(self) -> Document | None:
        try:
            return main_document(await self._unless_crashed(self.cdp.send("Page.getFrameTree")))
        except Error:
            return None

    async def close(self) -> None:
        try:
            await self.context.close()
        except Error:
            pass

    async def reset(self) -> bool:
        """Only a visit with JavaScript off is reset: its cookies are all a
        page can leave in it (storage and caches of scripts need JavaScript).
        The cookies it was opened with, the run's sign-in, are put back; the
        rest of the sign-in (headers, basic auth, User-Agent) belongs to the
        context and stays. The next ``navigate`` replaces the page."""
        if self.javascript or self._crashed.is_set() or self.page.is_closed():
            return False
        try:
            await self.context.clear_cookies()
            if self.signed_in:
                await self.context.add_cookies(self.signed_in)
        except Error:
            return False
        self._network.clear()
        self._segment = 0
        self._main_responses.clear()
        self.notes.clear()
        self.phase = "opening the page"
        return True

    # journey steps

    def _on_request(self, request: Any) -> None:
        try:
            if request.is_navigation_request() and request.frame == self.page.main_frame:
                self._navigations += 1
        except Error:
            pass

    def _on_load(self, _page: Page) -> None:
        self._loads += 1

    def last_status(self) -> int | None:
        return self._main_responses[-1].status if self._main_responses else None

    async def _act(self, action: Any, timeout_s: float, settle_ms: int = STEP_SETTLE_MS) -> None:
        """Do ``action()``; if it starts loading a new page, wait for that page's
        load event, then let the page settle (scripts may redraw it)."""
        navigations, loads = self._navigations, self._loads
        try:
            await action()
            loop = asyncio.get_running_loop()
            grace = loop.time() + NAVIGATION_GRACE_S
            while self._navigations == navigations and loop.time() < grace:
                await asyncio.sleep(0.05)
            if self._navigations > navigations:
                deadline = loop.time() + timeout_s
                while self._loads == loads and loop.time() < deadline and not self._crashed.is_set():
                    await asyncio.sleep(0.05)
                if self._loads == loads:
                    raise PageFailure("timeout", f"the page it opened did not load within {timeout_s:g} s")
        except PlaywrightTimeout:
            raise PageFailure("timeout", f"no usable element within {timeout_s:g} s") from None
        except Error as exc:
            raise PageFailure("network", (exc.message or str(exc)).strip().splitlines()[0][:300]) from None
        if self.page.url.startswith("chrome-error://"):
            raise PageFailure("network", "the browser could not show the page it led to")
        if settle_ms > 0 and self.javascript:
            await self.evaluate(SETTLE_SCRIPT, settle_ms)

    async def click(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self.page.locator(selector).first.click(timeout=timeout_s * 1000), timeout_s)

    async def fill(self, selector: str, value: str, timeout_s: float) -> None:
        await self._act(lambda: self.page.locator(selector).first.fill(value, timeout=timeout_s * 1000), timeout_s, 0)

    async def select(self, selector: str, value: str, timeout_s: float) -> None:
        async def choose() -> None:
            field = self.page.locator(selector).first
            try:
                await field.select_option(value=value, timeout=timeout_s * 1000)
            except Error:
                await field.select_option(label=value, timeout=timeout_s * 1000)

        await self._act(choose, timeout_s)

    async def check(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self.page.locator(selector).first.check(timeout=timeout_s * 1000), timeout_s)

    async def press_on(self, selector: str, key: str, timeout_s: float) -> None:
        if selector:
            await self._act(lambda: self.page.locator(selector).first.press(key, timeout=timeout_s * 1000), timeout_s)
        else:
            await self._act(lambda: self.page.keyboard.press(key), timeout_s)

    async def submit(self, selector: str, timeout_s: float) -> None:
        async def send() -> None:
            target = self.page.locator(selector).first
            if await target.evaluate("(el) => el.tagName === 'FORM'", timeout=timeout_s * 1000):
                target = target.locator(SUBMIT_CONTROLS).first
            await target.click(timeout=timeout_s * 1000)

        await self._act(send, timeout_s)

    async def wait_for(self, selector: str, timeout_s: float) -> None:
        await self._act(lambda: self.page.locator(selector).first.wait_for(state="visible", timeout=timeout_s * 1000), timeout_s, 0)


def describe_media_type(media: str) -> str:
    known = {
        "application/pdf": "PDF document",
        "application/json": "JSON file",
        "text/plain": "plain text file",
        "application/xml": "XML file",
        "text/xml": "XML file",
        "text/csv": "CSV file",
        "application/zip": "ZIP archive",
    }
    if media in known:
        return known[media]
    if media.startswith("image/"):
        return f"image ({media})"
    if media.startswith(("audio/", "video/")):
        return f"media file ({media})"
    if "officedocument" in media or media in ("application/msword", "application/vnd.ms-excel"):
        return f"office document ({media})"
    return f"{media} file"


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


class PlaywrightEngine(Engine):
    name = "playwright"

    def __init__(self, browser: str = "", extra_args: tuple[str, ...] = (), browser_ws: str = "") -> None:
        super().__init__()
        self.browser_ws = browser_ws
        self.explicit_browser = bool(browser)
        if browser_ws:  # the server launches the browser: a path there, if any
            check_browser_server(browser_ws)
            self.executable = remote_browser_path(browser)
        else:
            self.executable = find_browser(browser)
        self.extra_args = tuple(extra_args)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._version = ""
        self._browser_ua = ""

    @property
    def browser_version(self) -> str:
        return self._version

    @property
    def connected(self) -> bool:
        return self._browser is not None and self._browser.is_connected()

    async def start(self) -> None:
        if self._playwright is None:
            self._playwright = await async_playwright().start()
        if self.browser_ws:
            self._browser = await self._connect_remote()
        else:
            self._browser = await self._playwright.chromium.launch(**await launch_options(self._playwright, self.executable, self.extra_args))
        self._version = f"Chromium {self._browser.version}"
        self.pages_since_launch = 0
        if not self._browser_ua:
            self._browser_ua = await self._read_user_agent()

    async def _connect_remote(self) -> Browser:
        """Connect to the browser server, sending our browser's path. A server
        that takes it but has no browser there (another machine) is asked
        again for its own Playwright Chromium, unless ``--browser`` named the
        path; every failure is one line saying what to do."""
        assert self._playwright is not None
        sent = self.executable
        try:
            return await connect_browser_server(self._playwright, self.browser_ws, sent, self.extra_args)
        except Error as exc:
            message = exc.message or str(exc)
            if not sent or self.explicit_browser or missing_executable(message) != sent:
                raise EndpointUnreachable(browser_server_error(self.browser_ws, message, sent)) from None
        self.executable = ""  # from now on, and after a relaunch too
        try:
            return await connect_browser_server(self._playwright, self.browser_ws, "", self.extra_args)
        except Error as exc:
            raise EndpointUnreachable(browser_server_error(self.browser_ws, exc.message or str(exc), "", not_there=sent)) from None

    async def _read_user_agent(self) -> str:
        """The browser's own User-Agent, which :func:`browser_user_agent` extends."""
        assert self._browser is not None
        page = await self._browser.new_page()
        try:
            return await page.evaluate("navigator.userAgent")
        finally:
            await page.context.close()

    async def stop(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                await asyncio.wait_for(browser.close(), 15)
            except (Error, asyncio.TimeoutError):
                pass

    async def shutdown(self) -> None:
        await self.stop()
        if self._playwright is not None:
            try:
                await self._playwright.stop()
            except Error:
                pass
            self._playwright = None

    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        assert self._browser is not None, "engine not started"
        self.pages_since_launch += 1
        context = await self._browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=False,
            service_workers="block",
            java_script_enabled=javascript,
            **context_options(self.session, self._browser_ua),
        )
        try:
            await sign_in(context, self.session)
            page = await context.new_page()
            cdp = await context.new_cdp_session(page)
            await cdp.send("Network.enable")
            await cdp.send("Page.enable")
            visit = PlaywrightVisit(context, page, cdp, javascript)
            if not javascript:  # the visits that are reset and reused: what they keep
                visit.signed_in = await context.cookies()
        except Error:
            await context.close()
            raise
        return visit


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
        await context.add_cookies([_playwright_cookie(c) for c in session.cookies])
    if session.headers and session.origin:
        prefix, extra = session.origin + "/", dict(session.headers)

        async def add_headers(route: Any, request: Any) -> None:
            if request.url.startswith(prefix):
                await route.continue_(headers={**request.headers, **extra})
            else:
                await route.continue_()

        await context.route("**/*", add_headers)


def _playwright_cookie(cookie: Any) -> dict[str, Any]:
    names = {"http_only": "httpOnly", "same_site": "sameSite"}
    return {names.get(k, k): v for k, v in cookie.items()}
