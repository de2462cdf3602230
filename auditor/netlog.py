"""The network log as requests: the CDP ``Network.*`` events of a page
visit reduced to one record per HTTP request on the wire.

Pure functions, no browser: both engines record the same Chrome DevTools
Protocol ``Network.*`` events, and everything here reads only those. The
load time simulated from these records over a network profile is
:mod:`auditor.netsim`.

:func:`requests_from_events` reduces the CDP events to one
:class:`RequestRecord` per HTTP request on the wire (a redirect is a
request of its own). How the byte counts are read:

- ``Network.responseReceived`` ``response.encodedDataLength`` is the bytes
  received for the request *so far*, which at that moment is the response
  status line and headers: the **header bytes**;
- ``Network.loadingFinished`` ``encodedDataLength`` is the **total** received
  on the wire for the request: headers plus the body as sent (compressed if
  the server compressed it, with any chunked-encoding framing);
- so the **body bytes** on the wire are total minus headers;
- the **decoded size** is the sum of ``Network.dataReceived``
  ``dataLength`` (the body after decompression);
- a redirect has no ``loadingFinished``: the next ``requestWillBeSent``
  carries it as ``redirectResponse``, whose ``encodedDataLength`` is that
  hop's total;
- a request that failed counts its headers plus the ``dataReceived``
  ``encodedDataLength`` seen so far;
- a request that had not finished when the log was read is *unfinished*:
  it counts what had arrived (headers plus ``dataReceived``) and keeps
  the ``Content-Length`` the server announced, so a report can say how
  much more was coming. The collector waits for requests in flight
  before it reads the log (:func:`in_flight`), so only a response that
  outlasts that wait (a stream, a stalled server) is unfinished.

Measured with Chromium 156 against a server that logs what it writes:
header and body bytes match the server's byte for byte (see the
integration test). One known exception: when Chromium cannot decode an
image (the bytes are not an image at all) it reports the body without the
headers in ``loadingFinished``; such a response is counted as body only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping

NOT_ON_THE_WIRE = ("data:", "blob:", "about:", "chrome:", "chrome-extension:", "filesystem:")


@dataclass
class RequestRecord:
    """One HTTP request and its response, as seen on the wire."""

    key: str
    """The CDP requestId, with ``#1``, ``#2``... for the hops before redirects."""
    url: str
    type: str = "Other"
    """CDP resource type: Document, Script, Stylesheet, Image, Font, Media, XHR, Fetch, Other..."""
    method: str = "GET"
    status: int | None = None
    mime: str = ""
    transfer_bytes: int = 0
    """On the wire: headers and body."""
    header_bytes: int = 0
    body_bytes: int = 0
    """The body as sent (compressed when the server compressed it)."""
    decoded_bytes: int = 0
    """The body after decompression."""
    content_encoding: str = ""
    cache_control: str = ""
    expires: str = ""
    etag: str = ""
    last_modified: str = ""
    initiator_type: str = ""
    initiator_url: str = ""
    start: float = 0.0
    """CDP timestamp (monotonic seconds) of ``requestWillBeSent``."""
    end: float | None = None
    """CDP timestamp when the response finished, failed or redirected; None if still loading."""
    from_cache: bool = False
    failed: bool = False
    error: str = ""
    redirected_to: str = ""
    redirect_from: str = ""
    """The key of the hop this request was redirected from."""
    protocol: str = ""
    content_length: int | None = None
    """The body size the server announced (``Content-Length``), if it did."""
    server_ms: float = 0.0
    """The server's response time: from the request sent to the headers received."""
    frame_id: str = ""
    # Raw counts kept while reading events; folded into the byte fields by _settle.
    _finished_total: int | None = field(default=None, repr=False)
    _chunk_encoded: int = field(default=0, repr=False)

    @property
    def finished(self) -> bool:
        return self.end is not None and not self.failed

    @property
    def unfinished(self) -> bool:
        """Still loading when the log was read (a redirect hop has ended)."""
        return self.end is None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_finished_total")
        data.pop("_chunk_encoded")
        return data


def _header(headers: Mapping[str, Any] | None, name: str) -> str:
    """A response header by case-insensitive name; CDP joins repeated headers with newlines."""
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return " ".join(str(value).split())
    return ""


def _stack_url(stack: Mapping[str, Any] | None) -> str:
    """The URL of the innermost script in an initiator stack (async parents included)."""
    while stack:
        for frame in stack.get("callFrames") or ():
            if frame.get("url"):
                return str(frame["url"])
        stack = stack.get("parent")
    return ""


def _apply_response(record: RequestRecord, response: Mapping[str, Any]) -> None:
    headers = response.get("headers") or {}
    record.url = str(response.get("url") or record.url)
    record.status = response.get("status")
    record.mime = str(response.get("mimeType") or "").lower()
    record.header_bytes = int(response.get("encodedDataLength") or 0)
    record.content_encoding = _header(headers, "content-encoding").lower()
    record.cache_control = _header(headers, "cache-control")
    record.expires = _header(headers, "expires")
    record.etag = _header(headers, "etag")
    record.last_modified = _header(headers, "last-modified")
    length = _header(headers, "content-length")
    record.content_length = int(length) if length.isdigit() else None
    record.protocol = str(response.get("protocol") or "").lower()
    record.from_cache = bool(
        response.get("fromDiskCache") or response.get("fromPrefetchCache") or response.get("fromServiceWorker") or response.get("fromMemoryCache")
    )
    timing = response.get("timing") or {}
    send_end, headers_end = timing.get("sendEnd", -1), timing.get("receiveHeadersEnd", -1)
    if isinstance(send_end, (int, float)) and isinstance(headers_end, (int, float)) and send_end >= 0 and headers_end >= send_end:
        record.server_ms = float(headers_end - send_end)


def _settle(record: RequestRecord) -> None:
    """Fold the raw counts into transfer, header and body bytes."""
    if record.from_cache:
        record.transfer_bytes = record.body_bytes = record.header_bytes = 0
        return
    total = record._finished_total
    if total is not None:
        if total >= record.header_bytes:
            record.transfer_bytes, record.body_bytes = total, total - record.header_bytes
        else:  # Chromium's count for an undecodable image: the body alone
            record.transfer_bytes, record.body_bytes = total + record.header_bytes, total
    else:
        # Failed or unfinished: what had arrived. Chromium 156's dataReceived
        # events report the decoded bytes as they arrive, but the wire bytes a
        # chunk late (each event's encodedDataLength is the chunk before's, so
        # the last chunk's wire bytes come only with the response's end). For
        # a body sent without Content-Encoding the decoded bytes are the bytes
        # on the wire (less any chunked-encoding framing), so take the larger.
        received = record._chunk_encoded
        if not record.content_encoding:
            received = max(received, record.decoded_bytes)
        record.body_bytes = received
        record.transfer_bytes = record.header_bytes + received


# Requests that are never meant to end while the page is open: waiting for
# them would only spend the page's time.
ENDLESS_TYPES = ("EventSource",)


def in_flight(events: Iterable[Mapping[str, Any]]) -> set[str]:
    """The requestIds of requests on the wire that have neither finished nor
    failed yet (a redirect hands its requestId on to the next hop, which is
    then the one in flight). Event streams are left out: they never end."""
    pending: set[str] = set()
    for event in events:
        method = event.get("method", "")
        params = event.get("params") or {}
        request_id = str(params.get("requestId", ""))
        if method == "Network.requestWillBeSent":
            url = str((params.get("request") or {}).get("url", ""))
            if url.startswith(NOT_ON_THE_WIRE) or params.get("type") in ENDLESS_TYPES:
                pending.discard(request_id)
            else:
                pending.add(request_id)
        elif method in ("Network.loadingFinished", "Network.loadingFailed"):
            pending.discard(request_id)
    return pending


def requests_from_events(events: Iterable[Mapping[str, Any]]) -> list[RequestRecord]:
    """One record per request on the wire, in the order they were sent.

    ``events`` are CDP ``Network.*`` events as ``{"method", "params"}``.
    Requests for ``data:``, ``blob:`` and similar URLs never touch the network
    and are left out."""
    current: dict[str, RequestRecord] = {}
    hops: dict[str, int] = {}
    records: list[RequestRecord] = []
    for event in events:
        method = event.get("method", "")
        params = event.get("params") or {}
        request_id = str(params.get("requestId", ""))
        if method == "Network.requestWillBeSent":
            request = params.get("request") or {}
            url = str(request.get("url", ""))
            previous = current.get(request_id)
            redirect = params.get("redirectResponse")
            redirect_from = ""
            if previous is not None and redirect is not None:
                # The hop before the redirect ends here; its response is the redirect.
                hops[request_id] = hops.get(request_id, 0) + 1
                previous.key = f"{request_id}#{hops[request_id]}"
                _apply_response(previous, redirect)
                previous._finished_total = int(redirect.get("encodedDataLength") or 0)
                previous.header_bytes = min(previous.header_bytes, previous._finished_total)
                previous.end = params.get("timestamp", previous.start)
                previous.redirected_to = url
                redirect_from = previous.key
                _settle(previous)
            if url.startswith(NOT_ON_THE_WIRE):
                current.pop(request_id, None)
                continue
            initiator = params.get("initiator") or {}
            record = RequestRecord(
                key=request_id,
                url=url,
                type=str(params.get("type") or "Other"),
                method=str(request.get("method") or "GET"),
                initiator_type=str(initiator.get("type") or ""),
                initiator_url=str(initiator.get("url") or "") or _stack_url(initiator.get("stack")),
                start=float(params.get("timestamp") or 0.0),
                redirect_from=redirect_from,
                frame_id=str(params.get("frameId") or ""),
            )
            current[request_id] = record
            records.append(record)
            continue
        record = current.get(request_id)
        if record is None:
            continue
        if method == "Network.responseReceived":
            _apply_response(record, params.get("response") or {})
            if params.get("type"):
                record.type = str(params["type"])
        elif method == "Network.dataReceived":
            record.decoded_bytes += int(params.get("dataLength") or 0)
            record._chunk_encoded += int(params.get("encodedDataLength") or 0)
        elif method == "Network.loadingFinished":
            record._finished_total = int(params.get("encodedDataLength") or 0)
            record.end = float(params.get("timestamp") or record.start)
        elif method == "Network.loadingFailed":
            record.failed = True
            record.error = str(params.get("errorText") or "")
            record.end = float(params.get("timestamp") or record.start)
    for record in records:
        if not record.redirected_to:
            _settle(record)
    return records

