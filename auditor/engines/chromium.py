"""What both Chromium engines share: how a page's load is judged and settled.

The Playwright and the Selenium engine drive the same browser, one through a
CDP session and one through WebDriver with DevTools commands on the side. So
they see the same navigation errors, the same main-document answers, the same
``Network.*`` events, and they must judge them alike: a page that one engine
calls "not an HTML page" or "timed out" the other must call the same, or the
two reports of one site would differ. Each engine module turns its library's
objects into the plain values taken here; nothing here imports either library.
"""

from __future__ import annotations

import base64

import re
from dataclasses import dataclass, field
from typing import Any, Generator, Mapping

from ..model import ERROR_KINDS, NO_CONTENT_STATUSES, PageFailure, no_content_failure
from ..politeness import parse_retry_after
from .base import XHTML_TYPE, XML_ERROR_SCRIPT, Visit, malformed_xml

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
CRASH_WORDS = ("crashed", "Target closed", "has been closed", "Browser closed", "Connection closed")
"""How a driver words a page or browser that went away under it."""

# A journey's click that leads to a new page starts loading it at once; wait
# this long for that to begin before deciding the click stayed on the page.
NAVIGATION_GRACE_S = 0.5
STEP_SETTLE_MS = 500
SUBMIT_CONTROLS = 'button:not([type]), button[type="submit" i], input[type="submit" i], input[type="image" i]'

HEAD_MAX_REDIRECTS = 5
"""Redirects a HEAD request of either engine follows."""
POPUP_CLOSED = "The page opened a pop-up window, which was closed"

ERROR_PAGE = "chrome-error://"
"""Where Chromium shows its own error page: never audited as if it were the site."""

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

# The DevTools events of the network log (the shape of Visit.network_events).
NETWORK_EVENTS = (
    "Network.requestWillBeSent",
    "Network.responseReceived",
    "Network.dataReceived",
    "Network.loadingFinished",
    "Network.loadingFailed",
)


def classify_navigation_error(message: str) -> PageFailure:
    """Turn a driver's navigation error text (``net::ERR_...``) into a classified failure."""
    match = _NET_ERROR.search(message)
    if match:
        code = match.group(1)
        kind = next((k for prefix, k in NET_ERROR_KINDS if code.startswith(prefix)), "network")
        return PageFailure(kind, f"{ERROR_KINDS[kind][0].upper()}{ERROR_KINDS[kind][1:]} ({code})")
    if any(word in message for word in CRASH_WORDS):
        return PageFailure("crash", "The browser page crashed or was closed while loading")
    first_line = message.strip().splitlines()[0] if message.strip() else "navigation failed"
    return PageFailure("network", first_line[:300])


def load_timeout(timeout_s: float) -> PageFailure:
    """The page's load did not end in time."""
    return PageFailure("timeout", f"The page did not finish loading within {timeout_s:g} s")


def step_timeout(timeout_s: float) -> PageFailure:
    """A journey step found no element to act on in time."""
    return PageFailure("timeout", f"no usable element within {timeout_s:g} s")


def media_type(content_type: str) -> str:
    """``"text/html; charset=utf-8"`` -> ``"text/html"``."""
    return content_type.split(";", 1)[0].strip().lower()


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


@dataclass(frozen=True)
class Answer:
    """The server's answer that gave the main frame its document, as either
    engine saw it: ``headers`` with lower-case names, ``url`` the address it
    answered (after redirects)."""

    status: int | None
    url: str
    status_text: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def media(self) -> str:
        return media_type(self.headers.get("content-type", ""))

    @property
    def attachment(self) -> bool:
        return "attachment" in self.headers.get("content-disposition", "").lower()


def answer_failure(answer: Answer, final_url: str, media: str | None = None) -> PageFailure | None:
    """Why the answer is not an auditable HTML page (None: it is one).
    ``final_url`` is the address the browser shows; ``media`` the document's
    type when the answer names none of its own (None: the answer's)."""
    return status_failure(answer, final_url) or file_failure(answer, media)


def status_failure(answer: Answer, final_url: str) -> PageFailure | None:
    """The answer's status says there is no page: no content, or an HTTP
    error (with the wait a busy server asks for)."""
    status = answer.status
    if status in NO_CONTENT_STATUSES:
        return no_content_failure(status, answer.url)
    if status is not None and status >= 400:
        reason = f" {answer.status_text}" if answer.status_text else ""
        retry_after = parse_retry_after(answer.headers.get("retry-after")) if status in (429, 503) else None
        return PageFailure("http-error", f"The server answered HTTP {status}{reason}", status=status, final_url=final_url, retry_after=retry_after)
    return None


def file_failure(answer: Answer, media: str | None = None) -> PageFailure | None:
    """The answer is a file rather than a page: of a type that is not HTML
    (``not-html``), or sent to be saved (``download``); None when neither."""
    media = answer.media if media is None else media
    if media and media not in HTML_TYPES and not answer.attachment:
        return PageFailure("not-html", f"The address is a {describe_media_type(media)}, not an HTML page", status=answer.status, final_url=answer.url)
    if answer.attachment:
        return PageFailure("download", "The address starts a file download instead of showing a page")
    return None


def error_page_failure(url: str) -> PageFailure | None:
    """The failure when the browser shows its own error page at ``url``."""
    if url.startswith(ERROR_PAGE):
        return PageFailure("network", "The browser could not show the page (it showed its own error page)")
    return None


class ChromiumVisit(Visit):
    """What a visit of either engine keeps alike: JavaScript on or off, the
    network log of DevTools events (cut into segments at journey
    checkpoints), and the audit's isolated worlds in the page's frames."""

    def __init__(self, javascript: bool) -> None:
        super().__init__()
        self.javascript = javascript
        self._network: list[dict[str, Any]] = []
        self._segment = 0  # network_events() starts here (journey checkpoints)

    def network_events(self) -> list[dict[str, Any]]:
        return self._network[self._segment:]

    def start_network_segment(self) -> None:
        self._segment = len(self._network)

    async def devtools(self, method: str, params: dict[str, Any]) -> Any:
        """A DevTools command of the page's session (each engine's own way)."""
        raise NotImplementedError

    async def start_cpu_clock(self) -> None:
        """Count the main thread's processor time from now: DevTools'
        ``Performance`` domain, in thread time (``threadTicks``), switched off
        and on so a reused visit starts from nothing (a load in a new
        renderer process starts from nothing anyway). Called just before
        navigation, so nothing of the auditor's own runs in what it counts."""
        self.main_thread_cpu_ms = None
        await self.devtools("Performance.disable", {})
        await self.devtools("Performance.enable", {"timeDomain": "threadTicks"})

    async def read_cpu_clock(self) -> None:
        """Keep the main thread's processor time since :meth:`start_cpu_clock`
        (``TaskDuration``: the tasks it ran, in seconds of thread time),
        read as the load ends, before any collector runs a script."""
        reply = await self.devtools("Performance.getMetrics", {})
        self.main_thread_cpu_ms = cpu_ms(reply)

    async def finish_load(self, media: str, status: int | None, final_url: str, settle_ms: int) -> None:
        """What follows a load the page survived: the processor time its load
        took is read, an XHTML page the browser could not parse is failed,
        and the page is let settle."""
        await self.read_cpu_clock()
        if media == XHTML_TYPE:
            unparsed = malformed_xml(await self.evaluate(XML_ERROR_SCRIPT), status, final_url)
            if unparsed is not None:
                raise unparsed
        self.phase = "waiting for the page to settle"
        await self.settle(settle_ms)

    async def after_step(self, settle_ms: int, failed: bool = False) -> None:
        """After a journey step: one that led to a page the browser could
        not show (``failed``, or its error page) fails; the page is let settle."""
        if failed or (await self.current_url()).startswith(ERROR_PAGE):
            raise PageFailure("network", "the browser could not show the page it led to")
        await self.settle(settle_ms)

    async def settle(self, settle_ms: int) -> None:
        """Wait (at most ``settle_ms``) for the page's DOM to be quiet; without
        JavaScript nothing changes (and no timer runs), so nothing is waited for."""
        if settle_ms > 0 and self.javascript:
            await self.evaluate(SETTLE_SCRIPT, settle_ms)


def cpu_ms(reply: Any) -> float | None:
    """``TaskDuration`` of a ``Performance.getMetrics`` reply in ms, or None."""
    metrics = reply.get("metrics") if isinstance(reply, Mapping) else None
    for metric in metrics if isinstance(metrics, list) else ():
        value = metric.get("value") if isinstance(metric, Mapping) and metric.get("name") == "TaskDuration" else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return float(value) * 1000
    return None


def network_conditions(rtt_ms: float, down_kbps: float, up_kbps: float) -> dict[str, Any]:
    """``Network.emulateNetworkConditions``: latency in ms, throughput in bytes per second."""
    return {"offline": False, "latency": rtt_ms, "downloadThroughput": down_kbps * 1000 / 8, "uploadThroughput": up_kbps * 1000 / 8}


def devtools_cookie(cookie: Mapping[str, Any]) -> dict[str, Any]:
    """A cookie of the run's sign-in with the field names DevTools and
    Playwright use (``httpOnly``, ``sameSite``)."""
    names = {"http_only": "httpOnly", "same_site": "sameSite"}
    return {names.get(k, k): v for k, v in cookie.items()}


def accessibility_steps() -> Generator[tuple[str, dict[str, Any]], Any, dict[str, Any]]:
    """The DevTools commands that read the main frame's accessibility tree,
    for :meth:`Visit.accessibility_tree` of either engine (sent with the
    engine's own ``send`` by :func:`~.isolation.drive` or ``drive_async``).

    The DOM tree comes first, so that each node of the accessibility tree
    (``backendDOMNodeId``) can be named by a selector without a command per
    node. Both domains are then turned off: reading the tree makes the
    renderer keep one, updated on every later change of the page (the
    keyboard walk, the narrow viewport), which costs for the rest of the visit."""
    dom = yield "DOM.getDocument", {"depth": -1}
    tree = yield "Accessibility.getFullAXTree", {}
    for domain in ("Accessibility", "DOM"):
        yield f"{domain}.disable", {}
    return {"nodes": (tree or {}).get("nodes", []), "dom": (dom or {}).get("root", {})}


def decoded_body(reply: Any) -> bytes | None:
    """The bytes of a DevTools ``Network.getResponseBody`` reply (base64
    for a binary body, text otherwise); None for a reply that is not one."""
    if not isinstance(reply, Mapping) or not isinstance(reply.get("body"), str):
        return None
    if reply.get("base64Encoded"):
        try:
            return base64.b64decode(reply["body"], validate=True)
        except (ValueError, TypeError):
            return None
    return reply["body"].encode("utf-8")
