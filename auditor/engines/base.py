"""The Engine interface: how the runner drives a browser, whichever one.

An :class:`Engine` owns one browser. :meth:`Engine.open` gives a :class:`Visit`:
a fresh isolated context with one page, closed after the page is audited.
Collectors talk only to a Visit, never to the browser library itself.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, AsyncContextManager, Callable, Mapping

from ..model import PageFailure, normalise_url


class NoSessionYet(RuntimeError):
    """A remote endpoint that is up refused a browser (a Grid whose slots are
    all busy, its queue timed out): the page waits and tries again; the
    engine is not broken, so relaunching it would only ask once more."""


XHTML_TYPE = "application/xhtml+xml"

# What Chromium shows for an XHTML page that is not well-formed XML (a tag
# left open, an entity it refuses to expand): a <parsererror> element of its
# own, in the XHTML namespace, put before what it parsed, holding a heading
# and the parser's message (line, column, reason). Only an XML document is
# looked at: in an HTML page an element of that name is the page's own.
XML_ERROR_SCRIPT = r"""
() => {
  if (document.contentType === 'text/html') return null;
  const banner = document.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'parsererror')[0];
  if (!banner) return null;
  const detail = banner.querySelector('div') || banner;
  return (detail.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200);
}
"""


def malformed_xml(detail: str | None, status: int | None, final_url: str) -> PageFailure | None:
    """The failure for a page the browser could not parse, from what
    :data:`XML_ERROR_SCRIPT` found (None: the page parsed). The browser's
    banner is never audited as if it were the page, as its error page is not."""
    if detail is None:
        return None
    message = "The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it"
    return PageFailure("malformed-xml", f"{message} ({detail})" if detail else message, status=status, final_url=final_url)


# The main frame's documents, told apart by DevTools' loader id: a new one for
# every document loaded into the frame (a link, a script setting location, a
# meta refresh, a form), the same while a script only rewrites the address
# (history.pushState) or moves to a fragment. HTTP redirects keep the loader id
# of the request they answer.
PAGE_EVENTS = ("Page.frameNavigated", "Page.loadEventFired", "Page.frameRequestedNavigation")

# DevTools' reasons for a navigation the page asked for, in words.
NAVIGATION_REASONS = {
    "metaTagRefresh": "by a meta refresh",
    "httpHeaderRefresh": "by a Refresh header",
    "scriptInitiated": "by a script",
    "formSubmissionGet": "by sending a form",
    "formSubmissionPost": "by sending a form",
    "anchorClick": "by a link",
}


@dataclass(frozen=True)
class Document:
    """One document shown in the main frame."""

    loader: str
    url: str


def main_document(frame_tree: Mapping[str, Any]) -> Document | None:
    """The main frame's document from DevTools' ``Page.getFrameTree``; an
    error page is named by the address it could not show."""
    frame = (frame_tree.get("frameTree") or {}).get("frame") or {}
    if not frame.get("loaderId"):
        return None
    return Document(str(frame["loaderId"]), str(frame.get("unreachableUrl") or frame.get("url") or ""))


class DocumentWatch:
    """Which document the page's own load ended on, from the DevTools
    ``Page`` events each engine records (:data:`PAGE_EVENTS`).

    The page's document is the one the main frame shows when its load event
    fires: HTTP redirects, and a script that moves on before the page has
    loaded, end there (the page's final address). A document that replaces
    it later is the page going elsewhere by itself while it is audited
    (Chromium's ``load`` is the same event both engines wait for)."""

    def __init__(self) -> None:
        self.loaded: Document | None = None
        self.reason = ""
        """Why the main frame was asked to navigate after the load (a DevTools reason)."""
        self._shown: Document | None = None
        self._main_frame = ""
        self._waiting = False

    def expect_load(self) -> None:
        """A navigation of the tool's own starts: the next document loaded is the page's."""
        self.loaded, self.reason, self._waiting, self._shown = None, "", True, None

    def hold(self, document: Document | None) -> None:
        """The page's document is ``document`` (a journey's checkpoint, audited where the steps led)."""
        self.loaded, self.reason, self._waiting = document, "", False

    def on_event(self, method: str, params: Mapping[str, Any]) -> None:
        if method == "Page.frameNavigated":
            frame = params.get("frame") or {}
            if not frame.get("parentId"):
                self._main_frame = str(frame.get("id", ""))
                self._shown = Document(str(frame.get("loaderId", "")), str(frame.get("url", "")))
        elif method == "Page.loadEventFired":
            if self._waiting and self._shown is not None:
                self.loaded, self._waiting = self._shown, False
        elif method == "Page.frameRequestedNavigation":
            if self.loaded is not None and params.get("frameId") == self._main_frame:
                self.reason = str(params.get("reason", ""))

    def departure(self, now: Document | None) -> "Departure | None":
        """Where the page went, if the main frame now shows another document than its own."""
        if self.loaded is None or now is None or now.loader == self.loaded.loader:
            return None
        return Departure(now.url, NAVIGATION_REASONS.get(self.reason, ""), normalise_url(now.url) == normalise_url(self.loaded.url))


@dataclass(frozen=True)
class Departure:
    """The page went elsewhere by itself after it had loaded."""

    url: str
    how: str = ""
    """In words, when DevTools said why: "by a meta refresh", "by a script"."""
    reload: bool = False
    """It loaded its own address again."""


def navigated_away(departure: Departure, status: int | None) -> PageFailure:
    """The failure for a page that went elsewhere while it was audited:
    nothing collected from the other document is reported as this page's,
    and the row says where it went. Not transient: it would go again."""
    how = f" {departure.how}" if departure.how else ""
    if departure.reload:
        message = f"After it had loaded, the page loaded itself again{how} while it was being audited, so it was not audited"
    else:
        message = (f"After it had loaded, the page went on to another address ({departure.url}){how} while it was being audited, "
                   "so nothing found there is reported as this page's; audit that address itself if it is the page you mean")
    return PageFailure("navigated-away", message, status=status, final_url=departure.url)


@dataclass(frozen=True)
class Navigation:
    """What loading the main document gave."""

    status: int | None
    final_url: str
    content_type: str


@dataclass(frozen=True)
class SessionOptions:
    """What every browser context of a run carries: who the visitor says it is
    (the tool's User-Agent with ``contact``) and how it signs in. Holds secret
    values read from the environment: kept in memory only, never serialised,
    and left out of ``repr`` so no log or traceback shows them."""

    contact: str = ""
    origin: str = ""
    """When set, ``headers`` and basic-auth credentials go to this origin only."""
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    cookies: tuple[Mapping[str, Any], ...] = field(default=(), repr=False)
    http_username: str = ""
    http_password: str = field(default="", repr=False)
    storage_state: str = ""
    """A storage state file (Playwright's format: cookies and local storage)."""


LoadGate = Callable[[str], AsyncContextManager[None]]


class Visit(ABC):
    """One page in its own isolated browser context."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.phase = "opening the page"
        self.load_gate: LoadGate | None = None
        """Set by the runner: held while a page loads (per-host politeness)."""
        self.deadline: float | None = None
        """Set by the runner: the event-loop time by which this page's audit must end."""
        self.documents = DocumentWatch()
        """Fed by the engine: which document the page's load ended on."""
        self.steps_taken = 0
        """Counted by a journey: steps done on the page (a click may have said yes to cookies)."""
        self.main_thread_cpu_ms: float | None = None
        """Set by the engine as the last load ended: the main thread's processor time since navigation began, or None."""

    async def shown_document(self) -> Document | None:
        """The document the main frame shows now (None when the engine cannot tell)."""
        return None

    async def hold_document(self) -> None:
        """From now on, another document in the main frame is the page going
        elsewhere (``navigate`` does this itself at the page's load)."""
        self.documents.hold(await self.shown_document())

    async def departure(self) -> Departure | None:
        """Where the page went by itself since its load, if it went anywhere."""
        if self.documents.loaded is None:
            return None
        return self.documents.departure(await self.shown_document())

    def time_left(self) -> float:
        """Seconds until :attr:`deadline` (unbounded when none is set)."""
        if self.deadline is None:
            return float("inf")
        return self.deadline - asyncio.get_running_loop().time()

    async def refresh_network(self) -> None:
        """Bring :meth:`network_events` up to date with what the browser has
        reported; engines whose log arrives by polling poll here."""

    async def settled_network_events(self, wait_s: float, in_flight: Callable[[list[dict[str, Any]]], set[str]]) -> tuple[list[dict[str, Any]], set[str]]:
        """The network log once every request it shows has ended, waiting at
        most ``wait_s`` for those still in flight; returns the log and the
        requests still in flight when the wait ended.

        Every engine hears of a response's last bytes a little after the page
        does (the DevTools events travel on their own channel, later still on
        a busy machine), and a page may start requests after its load event:
        reading the log at once would count such responses short."""
        loop = asyncio.get_running_loop()
        until = loop.time() + max(0.0, wait_s)
        pause = 0.02
        while True:
            await self.refresh_network()
            events = self.network_events()
            pending = in_flight(events)
            if not pending or loop.time() >= until:
                return events, pending
            await asyncio.sleep(min(pause, max(0.0, until - loop.time())))
            pause = min(pause * 2, 0.25)

    def load_slot(self, url: str) -> AsyncContextManager[None]:
        """The politeness slot for loading ``url``; engines hold it around a navigation."""
        return self.load_gate(url) if self.load_gate is not None else contextlib.nullcontext()

    # Journey steps: selectors are CSS. Each waits (up to ``timeout_s``) for its
    # element, acts as a person would, and when the action loads a new page,
    # waits for that page to load and settle. Engines that cannot drive
    # journeys leave these raising NotImplementedError.

    async def click(self, selector: str, timeout_s: float) -> None:
        raise NotImplementedError(f"{type(self).__name__} cannot click")

    async def fill(self, selector: str, value: str, timeout_s: float) -> None:
        raise NotImplementedError(f"{type(self).__name__} cannot fill in fields")

    async def select(self, selector: str, value: str, timeout_s: float) -> None:
        """Choose the option of a ``<select>`` whose value or label is ``value``."""
        raise NotImplementedError(f"{type(self).__name__} cannot select options")

    async def check(self, selector: str, timeout_s: float) -> None:
        """Tick a checkbox or choose a radio button."""
        raise NotImplementedError(f"{type(self).__name__} cannot tick boxes")

    async def press_on(self, selector: str, key: str, timeout_s: float) -> None:
        """Press ``key`` with focus on ``selector`` (or wherever focus is, when empty)."""
        raise NotImplementedError(f"{type(self).__name__} cannot press keys on elements")

    async def submit(self, selector: str, timeout_s: float) -> None:
        """Send a form: click ``selector`` if it is a button, or the form's own submit button."""
        raise NotImplementedError(f"{type(self).__name__} cannot submit forms")

    async def wait_for(self, selector: str, timeout_s: float) -> None:
        """Wait until an element matching ``selector`` is shown."""
        raise NotImplementedError(f"{type(self).__name__} cannot wait for elements")

    async def goto(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        """Load ``url`` in the same page, keeping the session (a journey's goto)."""
        return await self.navigate(url, timeout_s, settle_ms)

    def last_status(self) -> int | None:
        """HTTP status of the page now shown (the latest main document)."""
        return None

    def start_network_segment(self) -> None:
        """From now on :meth:`network_events` reports only what loads next
        (a journey checkpoint counts what was loaded since the one before)."""
        raise NotImplementedError(f"{type(self).__name__} cannot split its network log")

    @abstractmethod
    async def navigate(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        """Load ``url``, wait for ``load`` and a short bounded settle.

        Raises :class:`auditor.model.PageFailure` when the main document is not an
        auditable HTML page (DNS failure, refused, HTTP error, not HTML, ...)."""

    @abstractmethod
    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Evaluate JavaScript in the main frame, in the audit's isolated
        world (:mod:`auditor.engines.isolation`): it sees the page's DOM but
        none of the page's scripts, so a page cannot change what it reads.
        ``expression`` is an expression or a function of ``arg`` (a promise
        is awaited); the value comes back as JSON. Has no timeout of its
        own: the runner's per-page deadline bounds it."""

    @abstractmethod
    async def evaluate_in_page(self, expression: str, arg: Any = None) -> Any:
        """As :meth:`evaluate`, but in the page's own main world, where the
        page's scripts can change what it reads. Only for what nothing but
        the page's scripts define (click handler properties); say so where
        it is used."""

    @abstractmethod
    async def inject_script(self, source: str) -> None:
        """Run a library script (axe-core) in the audit's isolated world of
        the page and of every frame that allows it."""

    async def accessibility_tree(self) -> dict[str, Any]:
        """The page's accessibility tree as the browser gives it to screen
        readers: ``{"nodes": [...], "dom": {...}}``, the main frame's nodes of
        DevTools' ``Accessibility.getFullAXTree`` and its DOM tree
        (``DOM.getDocument``), whose ``backendNodeId`` the nodes refer to."""
        raise NotImplementedError(f"{type(self).__name__} cannot read the accessibility tree")

    async def response_body(self, request_id: str) -> bytes | None:
        """The body of a response the page received, as the browser kept it
        (``Network.getResponseBody`` for a ``requestId`` of the network log):
        no new request. None when the browser no longer has it."""
        return None

    async def cookies(self) -> list[dict[str, Any]] | None:
        """Every cookie the browser holds for this visit's context (DevTools
        ``Network.getAllCookies`` in the page's session): name, domain, path,
        ``secure``, ``httpOnly``, ``sameSite`` (absent when unset)..., those
        a script set as well as those of ``Set-Cookie`` headers, which the
        network log does not reliably carry. None when the engine cannot."""
        return None

    @abstractmethod
    async def title(self) -> str: ...

    @abstractmethod
    def network_events(self) -> list[dict[str, Any]]:
        """The Chrome DevTools Protocol ``Network.*`` events seen so far, as
        ``{"method": ..., "params": ...}``: recorded from before navigation
        on every engine (Playwright through a CDP session, Selenium through
        Chrome's performance log), so checks read one format."""

    @abstractmethod
    async def set_viewport(self, width: int, height: int) -> None: ...

    @abstractmethod
    async def press(self, key: str) -> None:
        """Press a key as a person would (``Tab``, ``Shift+Tab``, ``Enter``)."""

    async def press_many(self, key: str, times: int) -> None:
        """Press ``key`` ``times`` times in a row, each press a whole key down
        and key up that the page handles before the next. An engine that can
        send them all at once (without a round trip each) should: the page
        then renders once for the lot instead of once a press."""
        for _ in range(times):
            await self.press(key)

    async def hover(self, x: float, y: float) -> None:
        """Move the mouse pointer to (``x``, ``y``), CSS pixels from the
        viewport's top left corner, as a person moves it: the page sees the
        pointer enter what is there (``:hover``, ``mouseover``), and no button
        is pressed."""
        raise NotImplementedError(f"{type(self).__name__} cannot move the pointer")

    @abstractmethod
    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """A PNG of the viewport, or of ``clip`` ({x, y, width, height} in CSS
        pixels of the page); the text caret is hidden so two shots compare."""

    @abstractmethod
    async def head(self, url: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        """A HEAD request with the page's cookies: (status, lower-cased headers).
        Raises on a network failure."""

    @abstractmethod
    async def throttle(self, rtt_ms: float, down_kbps: float, up_kbps: float) -> None:
        """Apply network conditions to this visit (before navigating)."""

    @abstractmethod
    async def current_url(self) -> str: ...

    @abstractmethod
    async def close(self) -> None:
        """Close the page and its context, whatever state the page is in."""

    async def reset(self) -> bool:
        """Make this visit fit to load another page as if it were new: forget
        the cookies pages left, notes and the network log, and keep the run's
        sign-in (its cookies put back). False when the engine cannot (the
        visit is then closed rather than reused)."""
        return False


class Engine(ABC):
    """One browser, opened once, giving out isolated visits."""

    name: str = ""

    def __init__(self) -> None:
        self.pages_since_launch = 0
        self.session = SessionOptions()
        """Set by the run before the engine starts: User-Agent contact, sign-in."""
        self.slots: int | None = None
        """The sessions the remote browser service says it can hold at once
        (a Selenium Grid 4's slots); None when it does not say, or has no limit."""

    @property
    @abstractmethod
    def browser_version(self) -> str: ...

    @property
    @abstractmethod
    def connected(self) -> bool: ...

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    async def shutdown(self) -> None:
        """Stop the browser and release everything the engine holds."""
        await self.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @abstractmethod
    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        """A fresh context and page. Counts toward :attr:`pages_since_launch`."""
