"""Load times simulated from the page's requests.

Pure functions, no browser: the requests are the records
:mod:`auditor.netlog` reads from the network log, plus the page's
navigation timing.

:func:`estimate_load_ms` replays the page's requests over a network
profile (round-trip time and bandwidth), the idea of Lighthouse's
"simulated throttling" (its Lantern model): no waiting, a 2G estimate
costs no 2G wait. The model, in full:

- **Dependencies.** Each request waits for the request that initiated it
  to finish: parser-initiated requests wait for the document (or the
  stylesheet, for fonts and images referenced from CSS, which Chromium
  reports as ``parser`` with the stylesheet's URL); script-initiated
  requests wait for the script at the top of the initiating stack (an
  inline script means the document); a redirect waits for the hop before
  it. A request that started, in the recorded run, after a script had
  finished also waits for that script: a parser-blocking script holds up
  everything the parser finds after it (a heuristic standing in for
  Lighthouse's CPU nodes; it may over-serialise requests that only
  happened to start late).
- **Connections.** The first request to a host name pays a DNS lookup
  (one round trip; none for IP addresses and ``localhost``). A new
  connection costs one round trip for TCP and one more for TLS on https
  (TLS 1.3's one-round-trip handshake, RFC 8446 section 2); HTTP/3 (QUIC)
  sets up transport and TLS in one round trip (RFC 9000). HTTP/1.x opens
  at most 6 connections per origin (Chromium's limit) and reuses idle
  ones, keep-alive assumed; HTTP/2 and HTTP/3 use one connection per
  origin for every request. A request on a ready connection costs one
  round trip to the first byte, plus the server's own response time as
  recorded (``receiveHeadersEnd - sendEnd``): a document's own, for other
  responses the smaller of their own and the median of their origin (one
  slow answer among fast ones is usually the measuring machine, busy).
- **Transfer.** Bytes on the wire (headers included) over the profile's
  download bandwidth, shared equally among all responses downloading at
  the same moment: a small event-driven fluid simulation. Not modelled:
  TCP slow start, upload time of requests, packet loss, and CPU time
  (script execution, layout) except the recorded time between the last
  load-blocking response and the load event, which is added as it is.
- **Which requests.** Only requests that started before the page's load
  event are simulated; the estimate is when the last of those that had
  finished before the load event (in the recorded run) finishes, plus the
  recorded tail. The clocks are aligned by taking the document request's
  ``requestWillBeSent`` timestamp (CDP's monotonic seconds) as the zero
  of the navigation timing (milliseconds from navigation start).
"""

from __future__ import annotations

import bisect
import heapq
import ipaddress
import math
from collections import deque
from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from .netlog import RequestRecord, requests_from_events

__all__ = [
    "LoadPlan", "MAX_CONNECTIONS_PER_ORIGIN", "MAX_SIMULATED_REQUESTS", "SimRequest", "SimResult", "estimate_load_ms",
    "load_plan", "simulate",
    # The records the model replays (:mod:`auditor.netlog`), importable from
    # here too: the bandwidth check reads the log and replays it together.
    "RequestRecord", "requests_from_events",
]

# Chromium opens at most 6 HTTP/1.x connections per origin
# (net/socket/client_socket_pool_manager.cc, max sockets per group).
MAX_CONNECTIONS_PER_ORIGIN = 6
DNS_RTTS = 1
TCP_RTTS = 1
TLS_RTTS = 1  # TLS 1.3 full handshake: one round trip (RFC 8446, section 2)
QUIC_RTTS = 1  # QUIC transport and TLS together: one round trip (RFC 9000)
MAX_SIMULATED_REQUESTS = 3_000
"""Load times are estimated from at most this many requests, the first to
start; a page that makes more gets a note saying its estimates are low.
A limit, not an expectation: ordinary pages make far fewer requests, and
3,000 are simulated in a fraction of a second a profile (measured here), so
the check stays well inside a page's deadline whatever the page does."""

MULTIPLEXED_PROTOCOLS = ("h2", "h3", "spdy", "quic", "h2c")



@dataclass(frozen=True)
class SimRequest:
    """One request to replay: where it goes, how many bytes, what it waits for."""

    id: str
    url: str
    bytes: int
    deps: tuple[str, ...] = ()
    server_ms: float = 0.0
    protocol: str = "http/1.1"
    cached: bool = False
    """Served from the browser's cache: no network time at all."""
    gate: bool = False
    """Not a request: a point reached when everything in ``deps`` has
    finished, for other requests to wait for. One gate stands for many
    dependencies, so "wait for every script that had finished" is one
    dependency, not one per script (see :func:`load_plan`). Gates take no
    time and are left out of the result."""


@dataclass(frozen=True)
class SimResult:
    start: Mapping[str, float]
    """When each request was ready to go (its dependencies done), in ms."""
    first_byte: Mapping[str, float]
    end: Mapping[str, float]

    @property
    def total_ms(self) -> float:
        return max(self.end.values(), default=0.0)


def _needs_dns(host: str) -> bool:
    if not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        return True


class _Origin:
    __slots__ = ("multiplexed", "free", "open", "queue", "ready_at")

    def __init__(self, multiplexed: bool) -> None:
        self.multiplexed = multiplexed
        self.free = 0  # idle HTTP/1.x connections, ready for a request
        self.open = 0  # HTTP/1.x connections opened
        self.queue: deque[str] = deque()
        self.ready_at: float | None = None  # when the single HTTP/2 or /3 connection is ready


def simulate(requests: Sequence[SimRequest], rtt_ms: float, down_kbps: float, *, max_connections: int = MAX_CONNECTIONS_PER_ORIGIN) -> SimResult:
    """Replay ``requests`` over a link of ``rtt_ms`` round trip and ``down_kbps``
    download bandwidth; times in milliseconds from the first request.

    Dependencies on ids not in ``requests`` are ignored. Each request starts
    when all it depends on have finished.

    The work grows with the requests and their dependencies, times a log:
    responses downloading at once share the bandwidth equally, so instead of
    handing each its share at every event, the simulation keeps one count,
    the bytes every one of them has received so far (``served``), and each
    response finishes when that count reaches what it had at its first byte
    plus its size: a heap ordered by that mark gives the next to finish.
    Requests ready at the same moment are dispatched depth first, from a
    stack rather than by recursion, so a long chain of cached requests or
    gates cannot exhaust Python's stack."""
    if rtt_ms < 0 or down_kbps <= 0:
        raise ValueError("a network profile needs a round-trip time of 0 ms or more and a positive bandwidth")
    bytes_per_ms = down_kbps * 1000 / 8 / 1000
    by_id = {r.id: r for r in requests}
    waiting: dict[str, int] = {}
    dependents: dict[str, list[str]] = {r.id: [] for r in requests}
    for r in requests:
        deps = {d for d in r.deps if d in by_id and d != r.id}
        waiting[r.id] = len(deps)
        for dep in deps:
            dependents[dep].append(r.id)

    origins: dict[tuple[str, str], _Origin] = {}
    dns_ready: dict[str, float] = {}
    holds_connection: set[str] = set()
    start: dict[str, float] = {}
    first_byte: dict[str, float] = {}
    end: dict[str, float] = {}
    timers: list[tuple[float, int, str]] = []  # (time of first byte, order, id)
    finishing: list[tuple[float, int, str]] = []  # (value of `served` when complete, order, id)
    served = 0.0  # bytes each response downloading has received since the start (all share equally)
    ready: list[str] = []  # dependencies done, to dispatch now; a stack, last in first out
    order = 0

    def origin_of(r: SimRequest) -> tuple[tuple[str, str], str, bool]:
        parts = urlsplit(r.url)
        host = (parts.hostname or "").lower()
        key = (parts.scheme.lower(), parts.netloc.lower())
        return key, host, parts.scheme.lower() in ("https", "wss")

    def connect(host: str, secure: bool, quic: bool, now: float) -> float:
        """When a new connection opened at ``now`` is ready for its first request."""
        ready_at = now
        if _needs_dns(host):
            if host not in dns_ready:
                dns_ready[host] = now + DNS_RTTS * rtt_ms
            ready_at = max(ready_at, dns_ready[host])
        if quic:
            return ready_at + QUIC_RTTS * rtt_ms
        return ready_at + (TCP_RTTS + (TLS_RTTS if secure else 0)) * rtt_ms

    def send(request_id: str, at: float) -> None:
        nonlocal order
        r = by_id[request_id]
        first_byte[request_id] = at + rtt_ms + max(0.0, r.server_ms)
        order += 1
        heapq.heappush(timers, (first_byte[request_id], order, request_id))

    def dispatch(request_id: str, now: float) -> None:
        r = by_id[request_id]
        if r.gate:
            finish(request_id, now)
            return
        start[request_id] = now
        if r.cached:
            first_byte[request_id] = now
            finish(request_id, now)
            return
        key, host, secure = origin_of(r)
        protocol = (r.protocol or "").lower()
        multiplexed = protocol.startswith(MULTIPLEXED_PROTOCOLS)
        origin = origins.get(key)
        if origin is None:
            origin = origins[key] = _Origin(multiplexed)
        if origin.multiplexed:
            if origin.ready_at is None:
                origin.ready_at = connect(host, secure, protocol.startswith(("h3", "quic")), now)
            send(request_id, max(now, origin.ready_at))
        elif origin.free > 0:
            origin.free -= 1
            holds_connection.add(request_id)
            send(request_id, now)
        elif origin.open < max_connections:
            origin.open += 1
            holds_connection.add(request_id)
            send(request_id, connect(host, secure, False, now))
        else:
            origin.queue.append(request_id)

    def finish(request_id: str, now: float) -> None:
        """``request_id`` is done at ``now``: its connection goes to the next
        request in line, and what waited only for it is ready."""
        r = by_id[request_id]
        if not r.gate:
            end[request_id] = now
        if request_id in holds_connection:
            holds_connection.discard(request_id)
            origin = origins[origin_of(r)[0]]
            if origin.queue:  # the next request in line takes the warm connection
                queued = origin.queue.popleft()
                holds_connection.add(queued)
                send(queued, now)
            else:
                origin.free += 1
        unblocked = []
        for child in dependents[request_id]:
            waiting[child] -= 1
            if waiting[child] == 0:
                unblocked.append(child)
        ready.extend(reversed(unblocked))  # the first of them is dispatched first

    def run_ready(now: float) -> None:
        while ready:
            dispatch(ready.pop(), now)

    now = 0.0
    for request_id in [r.id for r in requests if waiting[r.id] == 0]:
        ready.append(request_id)
        run_ready(now)
    while timers or finishing:
        next_timer = timers[0][0] if timers else math.inf
        share = bytes_per_ms / len(finishing) if finishing else 0.0
        next_done = now + (finishing[0][0] - served) / share if finishing else math.inf
        later = min(next_timer, next_done)
        if finishing:
            served = finishing[0][0] if later == next_done else served + share * (later - now)
        now = later
        while timers and timers[0][0] <= now + 1e-9:
            _, _, request_id = heapq.heappop(timers)
            order += 1
            heapq.heappush(finishing, (served + float(max(0, by_id[request_id].bytes)), order, request_id))
        while finishing and finishing[0][0] - served <= 1e-6:
            _, _, request_id = heapq.heappop(finishing)
            finish(request_id, now)
            run_ready(now)
    return SimResult(start=start, first_byte=first_byte, end=end)


# From records to a simulation


@dataclass(frozen=True)
class LoadPlan:
    """The requests to replay for one page, and what marks its load."""

    requests: tuple[SimRequest, ...]
    blocking: frozenset[str]
    """Ids of the requests that finished before the load event in the recorded run."""
    tail_ms: float
    """Recorded time from the last of those to the load event (CPU work, mostly)."""
    gates: tuple[SimRequest, ...] = ()
    """What requests wait for besides other requests (:attr:`SimRequest.gate`)."""
    considered: int = 0
    """Requests that started before the load event; more than ``requests``
    when there were over :data:`MAX_SIMULATED_REQUESTS` of them."""

    @property
    def truncated(self) -> bool:
        return self.considered > len(self.requests)


def _ms(seconds: float, zero: float) -> float:
    return (seconds - zero) * 1000.0


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _typical_server_ms(records: Sequence[RequestRecord]) -> dict[str, float]:
    """The median recorded server response time of each origin."""
    times: dict[str, list[float]] = {}
    for r in records:
        if not r.from_cache and r.status is not None:
            times.setdefault(_origin(r.url), []).append(r.server_ms)
    return {origin: sorted(values)[len(values) // 2] for origin, values in times.items()}


def _server_ms(record: RequestRecord, typical: Mapping[str, float]) -> float:
    """A document keeps its own server time (pages are often built per request);
    other responses take the smaller of their own and their origin's median,
    since one slow answer among fast ones from the same server is more often
    the measuring machine being busy than the server."""
    if record.type == "Document":
        return record.server_ms
    return min(record.server_ms, typical.get(_origin(record.url), record.server_ms))


def load_plan(records: Sequence[RequestRecord], timing: Mapping[str, Any] | None = None, *, latency_offset_ms: float = 0.0) -> LoadPlan:
    """The dependency graph of the requests that started before the load event.

    ``timing`` holds the navigation entry's ``loadEventEnd`` (ms from
    navigation start); without it every request is replayed.
    ``latency_offset_ms`` is taken off each recorded server response time: when
    the page was loaded under throttling, that time includes the added latency.

    At most :data:`MAX_SIMULATED_REQUESTS` requests are replayed, the first
    to start; ``considered`` says how many there were. The graph grows as
    the requests do: "wait for every script that finished before this
    request started" is one dependency on a gate for the first k scripts to
    finish (in the recorded run), each gate waiting for the one before it
    and the scripts between them, so a page of 4,000 scripts has about
    8,000 dependencies, not eight million."""
    ordered = sorted(records, key=lambda r: r.start)
    if not ordered:
        return LoadPlan((), frozenset(), 0.0)
    # The navigation: its first hop is the first document requested; the
    # document itself is the end of its redirect chain.
    root = next((r for r in ordered if r.type == "Document"), ordered[0])
    following_hop: dict[str, RequestRecord] = {}
    for r in ordered:
        if r.redirect_from:
            following_hop.setdefault(r.redirect_from, r)
    document = root
    seen_hops = {document.key}
    while document.redirected_to and document.key in following_hop and following_hop[document.key].key not in seen_hops:
        document = following_hop[document.key]
        seen_hops.add(document.key)
    zero = root.start
    load_ms = float((timing or {}).get("loadEventEnd") or 0.0)
    included = [r for r in ordered if _ms(r.start, zero) <= load_ms] if load_ms > 0 else ordered
    considered = len(included)
    included = included[:MAX_SIMULATED_REQUESTS]
    if load_ms > 0:
        blocking = [r for r in included if r.end is not None and _ms(r.end, zero) <= load_ms]
    else:
        blocking = [r for r in included if r.end is not None]
    ended = [_ms(r.end, zero) for r in blocking if r.end is not None]
    tail = max(0.0, load_ms - max(ended)) if load_ms > 0 and ended else 0.0

    keys = {r.key for r in included}
    waits = _ScriptGates([r for r in included if r.type == "Script" and r.end is not None])
    typical = _typical_server_ms(included)
    latest_by_url: dict[str, RequestRecord] = {}  # the latest request for each URL so far, redirect hops left out
    sims: list[SimRequest] = []
    for r in included:
        deps: set[str] = set()
        if r.redirect_from:
            deps.add(r.redirect_from)
        elif r is not root:
            parent = latest_by_url.get(r.initiator_url) if r.initiator_url else None
            deps.add(parent.key if parent is not None else document.key)
            after = waits.finished_before(r)
            if after:
                deps.add(after)
        deps.discard(r.key)
        if not r.redirected_to:
            latest_by_url[r.url] = r
        sims.append(
            SimRequest(
                id=r.key,
                url=r.url,
                bytes=r.transfer_bytes,
                deps=tuple(sorted(d for d in deps if d in keys or d in waits.ids)),
                server_ms=max(0.0, _server_ms(r, typical) - latency_offset_ms),
                protocol=r.protocol or "http/1.1",
                cached=r.from_cache,
            )
        )
    return LoadPlan(tuple(sims), frozenset(r.key for r in blocking), tail, gates=waits.gates(), considered=considered)


class _ScriptGates:
    """Stands for "every script that had finished before this request
    started" (in the recorded run) with one id: the first script to finish,
    or a gate for the first k to finish, each gate waiting for the gate
    before it and the scripts since. Requests come in the order they
    started, so k only grows and every script is waited for by one gate."""

    def __init__(self, scripts: Sequence[RequestRecord]) -> None:
        self._scripts = sorted(scripts, key=lambda s: s.end or 0.0)  # stable: ties stay in starting order
        self._ends = [s.end or 0.0 for s in self._scripts]
        self._place = {s.key: i for i, s in enumerate(self._scripts)}
        self._ks: list[int] = []  # each k a gate was made for, increasing
        self._made: list[str] = []  # the id standing for the first k scripts, for each of them
        self._gates: list[SimRequest] = []
        self.ids: set[str] = set()

    def finished_before(self, request: RequestRecord) -> str | None:
        """The id that stands for the scripts that finished before ``request``
        started, not counting itself; None when there were none."""
        k = bisect.bisect_right(self._ends, request.start)
        own = self._place.get(request.key)
        if own is not None:
            k = min(k, own)  # a script that took no time is not its own dependency
        if k == 0:
            return None
        at = bisect.bisect_right(self._ks, k) - 1
        if at >= 0 and self._ks[at] == k:
            return self._made[at]
        below, before = (self._ks[at], self._made[at]) if at >= 0 else (0, None)
        if before is None and k == 1:
            made = self._scripts[0].key
        else:
            made = f"gate:{k} scripts finished"
            deps = ((before,) if before is not None else ()) + tuple(s.key for s in self._scripts[below:k])
            self._gates.append(SimRequest(id=made, url="", bytes=0, deps=deps, gate=True))
            self.ids.add(made)
        self._ks.insert(at + 1, k)
        self._made.insert(at + 1, made)
        return made

    def gates(self) -> tuple[SimRequest, ...]:
        return tuple(self._gates)


def estimate_load_ms(plan: LoadPlan, rtt_ms: float, down_kbps: float) -> float:
    """When the page's load event would fire over this link, in ms."""
    if not plan.requests:
        return 0.0
    result = simulate((*plan.requests, *plan.gates), rtt_ms, down_kbps)
    ends = [t for key, t in result.end.items() if key in plan.blocking] or list(result.end.values())
    return max(ends, default=0.0) + plan.tail_ms
