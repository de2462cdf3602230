"""HTTP requests the tool makes itself (sitemaps, robots.txt, HEAD requests
for a document's size), each bounded by an overall deadline.

A timeout on a socket bounds one read, not a request: a server that sends a
byte every half second never trips it, and one request could hold a run for
ever. Here each request runs on a thread of its own while the caller waits
for it at most ``deadline_s`` seconds; at the deadline the caller gets
:class:`FetchDeadline`, and the request's socket is shut down so that its
thread ends too (the thread is a daemon: a request that cannot even be
interrupted, stuck in a name lookup, never holds the process open). A
signal (Ctrl-C, SIGTERM) reaches a caller waiting on the main thread at once.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

READ_CHUNK = 64 * 1024


class FetchDeadline(TimeoutError):
    """A request that had not finished by its deadline."""

    def __init__(self, deadline_s: float, setting: str = "") -> None:
        named = f" ({setting})" if setting else ""
        super().__init__(f"it did not arrive in full within the fetch deadline of {deadline_s:g} s{named}")
        self.deadline_s = deadline_s


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    """Header names in lower case."""
    body: bytes = b""
    over_limit: bool = False
    """The body went on past the limit asked for (``body`` stops there)."""


class _Watch:
    """The sockets of one request, so that the deadline can shut them down
    from another thread: a blocked read then returns at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self.expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's own, for TLS sockets too
    except OSError:  # already closed
        pass


def _watched(base: type[http.client.HTTPConnection], watch: _Watch) -> Callable[..., http.client.HTTPConnection]:
    """A connection class like ``base`` that hands its socket to ``watch``."""

    class Watched(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            super().connect()
            watch.add(self.sock)

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self._watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_watched(http.client.HTTPConnection, self._watch), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self._watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        extra: dict[str, Any] = {"context": self._context}
        if hasattr(self, "_check_hostname"):  # Python 3.10 and 3.11
            extra["check_hostname"] = self._check_hostname
        return self.do_open(_watched(http.client.HTTPSConnection, self._watch), req, **extra)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer itself (its status and Location)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _redirects(most: int) -> urllib.request.HTTPRedirectHandler:
    """Follows at most ``most`` redirects (urllib's own count); none at all for 0."""
    if most <= 0:
        return _NoRedirect()
    handler = urllib.request.HTTPRedirectHandler()
    handler.max_redirections = most
    return handler


def _request(request: urllib.request.Request, watch: _Watch, limit: int, read_timeout_s: float, max_redirects: int) -> Response:
    opener = urllib.request.build_opener(_HTTP(watch), _HTTPS(watch), _redirects(max_redirects))
    try:
        response = opener.open(request, timeout=read_timeout_s)
    except urllib.error.HTTPError as exc:  # an answer, not a failure
        with exc:
            return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()})
    with response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        if request.get_method() == "HEAD" or limit <= 0:
            return Response(response.status, headers)
        chunks: list[bytes] = []
        size = 0
        while size <= limit and not watch.expired:
            chunk = response.read1(READ_CHUNK)  # what has arrived, so the deadline is seen between reads
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        body = b"".join(chunks)
        return Response(response.status, headers, body[:limit], over_limit=len(body) > limit)


def fetch(url: str, *, deadline_s: float, headers: Mapping[str, str] | None = None, method: str = "GET", limit: int = 0,
          read_timeout_s: float | None = None, max_redirects: int = 10, deadline_setting: str = "") -> Response:
    """``method`` ``url`` and read up to ``limit`` bytes of the body, all
    within ``deadline_s`` seconds, or raise :class:`FetchDeadline` (whose
    message names ``deadline_setting``, the option that sets the deadline).

    HTTP error statuses are returned, not raised; network failures raise
    ``OSError`` (``urllib.error.URLError`` among them)."""
    if not deadline_s > 0:
        raise ValueError(f"a fetch deadline must be a positive number of seconds, not {deadline_s!r}")
    request = urllib.request.Request(url, method=method, headers=dict(headers or {}))
    watch = _Watch()
    done = threading.Event()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["response"] = _request(request, watch, limit, min(read_timeout_s or deadline_s, deadline_s), max_redirects)
        except BaseException as exc:  # handed to the caller
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name=f"fetch {url[:80]}", daemon=True).start()
    try:
        finished = done.wait(deadline_s)
    except BaseException:  # Ctrl-C or SIGTERM while waiting: the request ends too
        watch.expire()
        raise
    if not finished:
        watch.expire()
        raise FetchDeadline(deadline_s, deadline_setting)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]
