"""The Selenium engine's DevTools bridge and network log.

WebDriver itself lacks what the checks need; chromedriver forwards DevTools
commands from its ``goog/cdp/execute`` command (also through a Grid, which
passes the session's commands on to the node's chromedriver), and Chrome's
performance log holds the same ``Network.*`` and ``Page.*`` events the
Playwright engine hears on its CDP session. This module names those two
commands and reads the log: a tab's events, the answer that gave it its
document, the error its last document request met.
"""

from __future__ import annotations

import json
from typing import Any, Callable
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException

from .chromium import NETWORK_EVENTS, Answer, answer_failure

CDP_COMMAND = "auditorExecuteCdp"
"""chromedriver's ``goog/cdp/execute``, added to each session's commands."""
LOG_COMMAND = "auditorGetLog"
"""WebDriver's ``se/log``: the performance log's entries since the last read."""


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


def request_urls(events: list[dict[str, Any]]) -> list[str]:
    return [e["params"].get("request", {}).get("url", "") for e in events if e["method"] == "Network.requestWillBeSent"]


def check_document(response: dict[str, Any] | None, final_url: str) -> tuple[int | None, str]:
    """(status, media type) of the main document, from DevTools' ``Response``,
    or the :class:`PageFailure` that says why it is not an auditable HTML page."""
    if response is None:
        return None, ""
    headers = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}
    headers.setdefault("content-type", str(response.get("mimeType", "")))
    answer = Answer(response.get("status"), response.get("url", final_url), str(response.get("statusText") or ""), headers)
    failure = answer_failure(answer, final_url)
    if failure is not None:
        raise failure
    return answer.status, answer.media


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


def all_cookies(cdp: Callable[[str, dict[str, Any]], Any]) -> list[dict[str, Any]] | None:
    """The visit's cookies (see :meth:`Visit.cookies`) through ``cdp``, the
    visit's DevTools command; None when chromedriver cannot answer it."""
    try:
        reply = cdp("Network.getAllCookies", {})
    except WebDriverException:
        return None
    return list((reply or {}).get("cookies") or ())
