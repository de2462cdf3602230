"""The Playwright engine: one Chromium, a new browser context per page."""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Awaitable, TypeVar

from playwright.async_api import Browser, BrowserContext, CDPSession, Dialog, Error, Page, Playwright, async_playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..model import NO_CONTENT_STATUSES, PageFailure, no_content_failure
from .base import PAGE_EVENTS, Document, DocumentWatch, Engine, Navigation, Visit, main_document
from .browsers import find_browser
from .chromium import (decoded_body, CRASH_WORDS, HEAD_MAX_REDIRECTS, NAVIGATION_GRACE_S, NETWORK_EVENTS, POPUP_CLOSED, STEP_SETTLE_MS, SUBMIT_CONTROLS, Answer,
                       ChromiumVisit, accessibility_steps, classify_navigation_error, error_page_failure, file_failure, load_timeout, media_type, network_conditions,
                       status_failure, step_timeout)
from .isolation import ScriptError, Worlds, drive_async, is_missing_context
from .playwright_launch import (browser_server_error, connect_browser_server, context_options, launch_options,
                                missing_executable, open_page, remote_browser_path, sign_in)
from .remote import EndpointUnreachable, check_browser_server

T = TypeVar("T")


# Keys that press_many sends as raw DevTools input events, with their
# modifier bits (Shift is 8): focus moves on the Tab key's own modifiers.
PIPELINED_KEYS = {"Tab": 0, "Shift+Tab": 8}
ANSWER_TIMEOUT_S = 10.0
"""How long a browser has to open and close a context when asked whether it still answers."""
PAGE_REUSES = 20
"""Pages a reused visit loads into one browser page before reset opens a new one
(a new one every time cost about 80 CPU ms a page more here: benchmarks/reuse_cost.py)."""


class PlaywrightVisit(ChromiumVisit):
    """One page in a browser context of its own, read through a CDP session."""

    def __init__(self, context: BrowserContext, page: Page, cdp: CDPSession, javascript: bool = True) -> None:
        super().__init__(javascript)
        self.context = context
        self.signed_in: list[Any] = []
        """The context's cookies when opened (the run's sign-in: ``[auth]`` and
        storage state cookies): :meth:`reset` puts them back."""
        self._crashed = asyncio.Event()
        self._main_responses: list[Any] = []
        self._attach(page, cdp)

    def _attach(self, page: Page, cdp: CDPSession) -> None:
        """Read ``page``, new when the visit is opened or reset, through ``cdp``."""
        self.page = page
        self.cdp = cdp
        self._reuses = 0
        self.documents = DocumentWatch()
        self._navigations = self._loads = 0  # main-frame document requests, and load events: a step that navigates
        self.worlds = Worlds(
            missing_context=lambda exc: isinstance(exc, Error) and is_missing_context(exc.message or str(exc)),
            opaque=lambda exc: isinstance(exc, (Error, ScriptError)),
        )
        self._main_frame = ""
        for method in NETWORK_EVENTS:
            cdp.on(method, functools.partial(self._on_network, method))
        for method in PAGE_EVENTS:
            cdp.on(method, functools.partial(self.documents.on_event, method))
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
        self.notes.append(POPUP_CLOSED)
        try:
            await popup.close()
        except Error:
            pass

    def _on_network(self, method: str, params: dict[str, Any]) -> None:
        if method == "Network.dataReceived":  # only the byte counts matter
            params = {"requestId": params.get("requestId"), "encodedDataLength": params.get("encodedDataLength", 0), "dataLength": params.get("dataLength", 0), "timestamp": params.get("timestamp")}
        self._network.append({"method": method, "params": params})

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

    async def hover(self, x: float, y: float) -> None:
        await self._unless_crashed(self.page.mouse.move(x, y))

    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        return await self.page.screenshot(clip=clip, caret="hide", animations="disabled", timeout=10_000)

    async def head(self, url: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        response = await self.context.request.head(url, timeout=timeout_s * 1000, max_redirects=HEAD_MAX_REDIRECTS, fail_on_status_code=False)
        try:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
        finally:
            await response.dispose()

    async def throttle(self, rtt_ms: float, down_kbps: float, up_kbps: float) -> None:
        await self.cdp.send("Network.emulateNetworkConditions", network_conditions(rtt_ms, down_kbps, up_kbps))

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
                await self.start_cpu_clock()
                response = await self.page.goto(url, wait_until="load", timeout=timeout_s * 1000)
        except PlaywrightTimeout:
            raise load_timeout(timeout_s) from None
        except Error as exc:
            message = exc.message or str(exc)
            if "Download is starting" in message:
                raise self._download_failure(url) from None
            answered = self._main_responses[-1] if self._main_responses else None
            if answered is not None and answered.status in NO_CONTENT_STATUSES:  # Chromium aborts it: ERR_ABORTED
                raise no_content_failure(answered.status, answered.url) from None
            raise classify_navigation_error(message) from None

        final_url = self.page.url
        shown_error = error_page_failure(final_url)
        if shown_error is not None:
            raise shown_error
        status = response.status if response else None
        answer = Answer(status, final_url, response.status_text, await response.all_headers()) if response else Answer(None, final_url)
        failure = status_failure(answer, final_url)
        if failure is not None:
            raise failure
        media = answer.media or media_type(await self._document_type())
        failure = file_failure(answer, media)
        if failure is not None:
            raise failure
        await self.finish_load(media, status, final_url, settle_ms)
        return Navigation(status=status, final_url=self.page.url, content_type=media or "text/html")

    async def _document_type(self) -> str:
        try:
            return await self.evaluate("document.contentType")
        except (Error, ScriptError):
            return ""

    def _download_failure(self, url: str) -> PageFailure:
        response = self._main_responses[-1] if self._main_responses else None
        failure = file_failure(Answer(response.status, response.url, headers=response.headers)) if response is not None else None
        return failure or PageFailure("download", "The address starts a file download instead of showing a page")

    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        return await drive_async(self.worlds.call(await self._main_frame_id(), expression, arg), self._send)

    async def evaluate_in_page(self, expression: str, arg: Any = None) -> Any:
        return await self._unless_crashed(self.page.evaluate(expression, arg))

    async def _main_frame_id(self) -> str:
        """The DevTools id of the main frame (it outlives navigations)."""
        if not self._main_frame:
            tree = await self._unless_crashed(self.cdp.send("Page.getFrameTree"))
            self._main_frame = tree["frameTree"]["frame"]["id"]
        return self._main_frame

    async def _send(self, method: str, params: dict[str, Any]) -> Any:
        """A DevTools command of the page's session, unless the page crashed."""
        return await self._unless_crashed(self.cdp.send(method, params))

    devtools = _send

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
            if self._crashed.is_set() or any(word in (exc.message or "") for word in CRASH_WORDS):
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
        await drive_async(self.worlds.inject(await self._main_frame_id(), source), self._send)

    async def accessibility_tree(self) -> dict[str, Any]:
        return await drive_async(accessibility_steps(), self._send)

    async def response_body(self, request_id: str) -> bytes | None:
        try:
            reply = await self._send("Network.getResponseBody", {"requestId": request_id})
        except Error:
            return None
        return decoded_body(reply)

    async def cookies(self) -> list[dict[str, Any]] | None:
        try:
            reply = await self._send("Network.getAllCookies", {})
        except Error:
            return None
        return list(reply.get("cookies") or ())

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
        context and stays. Playwright keeps every request and response of a
        page until it closes: one page reused until the browser's relaunch
        held them all (memory crept), so it is replaced every :data:`PAGE_REUSES`."""
        if self.javascript or self._crashed.is_set() or self.page.is_closed():
            return False
        try:
            await self.context.clear_cookies()
            if self.signed_in:
                await self.context.add_cookies(self.signed_in)
            self._reuses += 1
            if self._reuses >= PAGE_REUSES:
                old = self.page
                self._attach(*await open_page(self.context))
                await old.close()
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
            raise step_timeout(timeout_s) from None
        except Error as exc:
            raise PageFailure("network", (exc.message or str(exc)).strip().splitlines()[0][:300]) from None
        await self.after_step(settle_ms)

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

    @property
    def open_visits(self) -> int:
        return len(self._browser.contexts) if self._browser is not None else 0

    async def answers(self) -> bool:
        """Whether the browser still does what it is asked: a context opened and closed."""
        browser = self._browser
        if browser is None or not browser.is_connected():
            return False
        try:
            context = await asyncio.wait_for(browser.new_context(), ANSWER_TIMEOUT_S)
            await asyncio.wait_for(context.close(), ANSWER_TIMEOUT_S)
            return True
        except (Error, asyncio.TimeoutError):
            return False

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
            visit = PlaywrightVisit(context, *await open_page(context), javascript)
            if not javascript:  # the visits that are reset and reused: what they keep
                visit.signed_in = await context.cookies()
        except Error:
            await context.close()
            raise
        return visit
