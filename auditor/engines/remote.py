"""Remote browsers: checking the address of a WebDriver endpoint (Selenium
Grid, a chromedriver started as a server) or of a Playwright browser server
before a run starts, so a typo or a server that is down is one line and exit 1,
not a page of failed results."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from ..fetch import Response, fetch
from .browsers import BrowserNotFound

PROBE_TIMEOUT_S = 10.0
STATUS_LIMIT = 4_000_000
"""Bytes of a ``/status`` answer read: a Grid 4 hub lists every node and slot
there, about 1 kB a slot."""


class EndpointUnreachable(BrowserNotFound):
    """A remote browser endpoint that does not answer: the run cannot start."""


def endpoint_problem(url: str, schemes: tuple[str, ...], setting: str) -> str:
    """Why ``url`` cannot be an endpoint address (empty when it can)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"{setting} {url!r} is not a valid address ({exc})"
    if parts.scheme not in schemes or not parts.hostname:
        return f"{setting} {url!r} is not a valid address (expected {schemes[0]}://host:port...)"
    if port == 0:
        return f"{setting} {url!r} has no usable port"
    return ""


def probe_http(url: str, path: str = "", timeout_s: float = PROBE_TIMEOUT_S) -> Response:
    """GET ``url`` + ``path`` (a ws:// address as http://) and return the
    answer, all within ``timeout_s``; raise :class:`EndpointUnreachable` when
    nothing answers in that time. A redirect is an answer, not followed."""
    parts = urlsplit(url)
    scheme = "https" if parts.scheme in ("https", "wss") else "http"
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    target = (parts.path.rstrip("/") + path) or "/"
    try:
        return fetch(f"{scheme}://{host}{port}{target}", deadline_s=timeout_s, headers={"Accept": "application/json"}, max_redirects=0,
                     limit=STATUS_LIMIT)
    except (OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise EndpointUnreachable(f"cannot reach {url}: {reason}") from None


def check_webdriver_endpoint(url: str) -> int | None:
    """A WebDriver endpoint answers ``GET /status`` (W3C WebDriver, chromedriver,
    Selenium Grid 3 hubs under ``/wd/hub`` and Grid 4); returns the Grid's
    slots when its answer lists them (:func:`grid_slots`)."""
    answer = probe_http(url, "/status")
    if answer.status >= 400:
        raise EndpointUnreachable(f"{url} answered HTTP {answer.status} to /status: it does not look like a WebDriver endpoint (a Selenium 3 hub is at http://host:4444/wd/hub)")
    return grid_slots(answer.body)


def grid_slots(status_body: bytes) -> int | None:
    """The sessions a Selenium Grid 4 can hold at once, from its ``/status``
    answer: the slots of its nodes that are UP. None when the answer lists no
    slots: a Grid 3 hub, a chromedriver server, or a Grid with no node up yet
    (one may be on its way: a Grid that scales its nodes starts with none)."""
    try:
        nodes = json.loads(status_body)["value"]["nodes"]
        slots = sum(len(node["slots"]) for node in nodes if node.get("availability") == "UP" and isinstance(node["slots"], list))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return slots or None


def check_browser_server(url: str) -> None:
    """A Playwright browser server answers plain HTTP requests on its port."""
    probe_http(url)
