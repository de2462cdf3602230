"""The network-log reduction and the load-time simulation, on hand-made
requests: every expected time below is worked out by hand from the model in
auditor/netsim.py; the reduction is auditor/netlog.py."""

from __future__ import annotations

import pytest

from auditor.netlog import in_flight, requests_from_events
from auditor.netsim import (
    LoadPlan,
    SimRequest,
    estimate_load_ms,
    load_plan,
    simulate,
)

# A link where the arithmetic is easy: 100 ms round trip, 1000 kbps = 125 bytes per ms.
RTT, KBPS = 100.0, 1000.0


def sim(requests, rtt=RTT, kbps=KBPS, **kw):
    return simulate(requests, rtt, kbps, **kw)


# --- simulate -----------------------------------------------------------------


def test_one_request_is_round_trips_plus_bytes_over_bandwidth():
    # IP address: no DNS. TCP handshake 1 RTT + request 1 RTT + 12,500 bytes / 125 bytes per ms.
    result = sim([SimRequest("a", "http://127.0.0.1/", 12_500)])
    assert result.first_byte["a"] == pytest.approx(200.0)
    assert result.end["a"] == pytest.approx(300.0)
    assert result.total_ms == pytest.approx(300.0)


def test_host_name_pays_dns_and_https_pays_tls():
    assert sim([SimRequest("a", "http://example.org/", 12_500)]).end["a"] == pytest.approx(400.0)  # + DNS
    assert sim([SimRequest("a", "https://example.org/", 12_500)]).end["a"] == pytest.approx(500.0)  # + DNS + TLS 1.3
    assert sim([SimRequest("a", "https://localhost/", 12_500)]).end["a"] == pytest.approx(400.0)  # localhost: no DNS
    assert sim([SimRequest("a", "https://example.org/", 12_500, protocol="h3")]).end["a"] == pytest.approx(400.0)  # DNS + QUIC


def test_server_time_adds_to_the_first_byte():
    result = sim([SimRequest("a", "http://127.0.0.1/", 12_500, server_ms=40)])
    assert result.first_byte["a"] == pytest.approx(240.0)
    assert result.end["a"] == pytest.approx(340.0)


def test_two_parallel_requests_share_the_bandwidth():
    # Both on new connections, first byte at 200 ms; 25,000 bytes at 125 bytes/ms take 200 ms together.
    result = sim([SimRequest("a", "http://127.0.0.1/a", 12_500), SimRequest("b", "http://127.0.0.1/b", 12_500)])
    assert result.end["a"] == pytest.approx(400.0)
    assert result.end["b"] == pytest.approx(400.0)


def test_a_small_response_finishes_first_then_the_large_one_gets_all_the_bandwidth():
    # Shared until a has its 12,500 bytes (200 ms at 62.5 bytes/ms); b's other 12,500 then take 100 ms.
    result = sim([SimRequest("a", "http://127.0.0.1/a", 12_500), SimRequest("b", "http://127.0.0.1/b", 25_000)])
    assert result.end["a"] == pytest.approx(400.0)
    assert result.end["b"] == pytest.approx(500.0)


def test_a_dependent_chain_adds_up_on_a_reused_connection():
    # a: 2 RTT + 100 ms; b and c each reuse the warm connection: 1 RTT + 100 ms.
    result = sim(
        [
            SimRequest("a", "http://127.0.0.1/", 12_500),
            SimRequest("b", "http://127.0.0.1/style.css", 12_500, deps=("a",)),
            SimRequest("c", "http://127.0.0.1/font.woff2", 12_500, deps=("b",)),
        ]
    )
    assert result.start["b"] == pytest.approx(300.0)
    assert result.end["b"] == pytest.approx(500.0)
    assert result.start["c"] == pytest.approx(500.0)
    assert result.end["c"] == pytest.approx(700.0)


def test_a_reused_connection_saves_the_handshake():
    same = sim([SimRequest("a", "http://127.0.0.1:8000/", 0), SimRequest("b", "http://127.0.0.1:8000/x", 12_500, deps=("a",))])
    other = sim([SimRequest("a", "http://127.0.0.1:8000/", 0), SimRequest("b", "http://127.0.0.1:9000/x", 12_500, deps=("a",))])
    assert same.end["a"] == other.end["a"] == pytest.approx(200.0)
    assert same.end["b"] == pytest.approx(200.0 + 100.0 + 100.0)
    assert other.end["b"] == pytest.approx(200.0 + 200.0 + 100.0)
    assert other.end["b"] - same.end["b"] == pytest.approx(RTT)


def test_http1_opens_at_most_six_connections_per_origin():
    requests = [SimRequest(str(i), f"http://127.0.0.1/{i}", 0) for i in range(7)]
    result = sim(requests)
    assert [result.end[str(i)] for i in range(6)] == [pytest.approx(200.0)] * 6
    assert result.first_byte["6"] == pytest.approx(300.0)  # waits, then takes a warm connection
    assert sim(requests, max_connections=7).end["6"] == pytest.approx(200.0)


def test_http2_uses_one_connection_for_every_request():
    requests = [SimRequest(str(i), f"https://example.org/{i}", 0, protocol="h2") for i in range(10)]
    result = sim(requests)
    # DNS + TCP + TLS once, then one round trip for every request at the same time.
    assert list(result.first_byte.values()) == [pytest.approx(400.0)] * 10


def test_dns_is_looked_up_once_per_host():
    result = sim([SimRequest("a", "http://example.org:8000/", 0), SimRequest("b", "http://example.org:9000/", 0, deps=("a",))])
    assert result.end["a"] == pytest.approx(300.0)  # DNS + TCP + request
    assert result.end["b"] == pytest.approx(300.0 + 200.0)  # new connection, no DNS


def test_cached_requests_cost_nothing_and_unknown_dependencies_are_ignored():
    result = sim([SimRequest("a", "http://127.0.0.1/", 0, cached=True, deps=("gone",)), SimRequest("b", "http://127.0.0.1/b", 0, deps=("a",))])
    assert result.end["a"] == 0.0
    assert result.end["b"] == pytest.approx(200.0)


def test_bad_profile_is_refused():
    with pytest.raises(ValueError):
        simulate([SimRequest("a", "http://127.0.0.1/", 1)], 100, 0)


# --- requests_from_events -----------------------------------------------------


def will_be_sent(rid, url, ts, type_="Document", initiator=None, redirect=None, method="GET"):
    params = {"requestId": rid, "request": {"url": url, "method": method}, "timestamp": ts, "type": type_, "initiator": initiator or {"type": "other"}}
    if redirect is not None:
        params["redirectResponse"] = redirect
    return {"method": "Network.requestWillBeSent", "params": params}


def response(rid, url, header_bytes, *, status=200, mime="text/html", headers=None, ts=0.0, type_=None, server_ms=None, protocol="http/1.1", **extra):
    resp = {"url": url, "status": status, "mimeType": mime, "headers": headers or {}, "encodedDataLength": header_bytes, "protocol": protocol, **extra}
    if server_ms is not None:
        resp["timing"] = {"sendStart": 1.0, "sendEnd": 2.0, "receiveHeadersEnd": 2.0 + server_ms}
    params = {"requestId": rid, "timestamp": ts, "response": resp}
    if type_:
        params["type"] = type_
    return {"method": "Network.responseReceived", "params": params}


def data(rid, length, encoded=0):
    return {"method": "Network.dataReceived", "params": {"requestId": rid, "dataLength": length, "encodedDataLength": encoded}}


def finished(rid, total, ts):
    return {"method": "Network.loadingFinished", "params": {"requestId": rid, "encodedDataLength": total, "timestamp": ts}}


def test_bytes_are_total_minus_headers_and_decoded_is_what_data_received_says():
    events = [
        will_be_sent("1", "https://example.org/", 10.0),
        response("1", "https://example.org/", 180, headers={"Content-Encoding": "gzip", "Cache-Control": "max-age=60", "ETag": '"x"'}, server_ms=25),
        data("1", 4000),
        data("1", 1000, 900),
        finished("1", 1180, 10.2),
    ]
    (record,) = requests_from_events(events)
    assert (record.transfer_bytes, record.header_bytes, record.body_bytes, record.decoded_bytes) == (1180, 180, 1000, 5000)
    assert record.content_encoding == "gzip"
    assert record.cache_control == "max-age=60" and record.etag == '"x"' and record.expires == "" and record.last_modified == ""
    assert record.server_ms == pytest.approx(25.0)
    assert (record.start, record.end) == (10.0, 10.2)
    assert record.finished and not record.failed


def test_redirects_are_requests_of_their_own():
    redirect = {"url": "http://example.org/", "status": 301, "mimeType": "text/html", "headers": {"Location": "https://example.org/"}, "encodedDataLength": 150}
    events = [
        will_be_sent("1", "http://example.org/", 1.0),
        will_be_sent("1", "https://example.org/", 1.1, redirect=redirect),
        response("1", "https://example.org/", 200),
        finished("1", 1200, 1.3),
    ]
    hop, page = requests_from_events(events)
    assert (hop.key, hop.url, hop.status, hop.transfer_bytes, hop.header_bytes, hop.body_bytes) == ("1#1", "http://example.org/", 301, 150, 150, 0)
    assert hop.redirected_to == "https://example.org/" and hop.end == 1.1
    assert (page.key, page.redirect_from, page.transfer_bytes, page.body_bytes) == ("1", "1#1", 1200, 1000)


def test_failed_unfinished_cached_and_data_urls():
    events = [
        will_be_sent("1", "https://example.org/", 1.0),
        response("1", "https://example.org/", 100),
        finished("1", 600, 1.1),
        will_be_sent("2", "https://example.org/gone.js", 1.2, "Script"),
        {"method": "Network.loadingFailed", "params": {"requestId": "2", "timestamp": 1.3, "errorText": "net::ERR_CONNECTION_RESET"}},
        will_be_sent("3", "https://example.org/slow.mp4", 1.2, "Media"),
        response("3", "https://example.org/slow.mp4", 120, mime="video/mp4"),
        data("3", 5000, 5000),
        will_be_sent("4", "https://example.org/logo.png", 1.2, "Image"),
        response("4", "https://example.org/logo.png", 0, mime="image/png", fromDiskCache=True),
        finished("4", 0, 1.25),
        will_be_sent("5", "data:image/png;base64,AAAA", 1.2, "Image"),
        finished("5", 0, 1.2),
    ]
    records = {r.url.rsplit("/", 1)[-1]: r for r in requests_from_events(events)}
    assert sorted(records) == ["", "gone.js", "logo.png", "slow.mp4"]
    assert records["gone.js"].failed and records["gone.js"].error == "net::ERR_CONNECTION_RESET" and records["gone.js"].transfer_bytes == 0
    assert records["slow.mp4"].end is None and records["slow.mp4"].transfer_bytes == 5120 and records["slow.mp4"].body_bytes == 5000
    assert records["logo.png"].from_cache and records["logo.png"].transfer_bytes == 0


def test_an_unfinished_response_counts_what_arrived_and_keeps_its_announced_size():
    """Chromium reports dataReceived's wire bytes a chunk late: for a body sent
    without Content-Encoding, the decoded bytes are what arrived."""
    events = [
        will_be_sent("1", "https://example.org/photo.jpg", 1.0, "Image"),
        response("1", "https://example.org/photo.jpg", 106, mime="image/jpeg", headers={"Content-Length": "600000"}),
        data("1", 3990, 0),
        data("1", 61546, 3990),
    ]
    (record,) = requests_from_events(events)
    assert record.unfinished and not record.finished
    assert (record.transfer_bytes, record.body_bytes, record.content_length) == (106 + 65536, 65536, 600000)


def test_an_unfinished_compressed_response_counts_only_the_wire_bytes_reported():
    events = [
        will_be_sent("1", "https://example.org/app.js", 1.0, "Script"),
        response("1", "https://example.org/app.js", 150, mime="text/javascript", headers={"Content-Encoding": "gzip"}),
        data("1", 40000, 0),
        data("1", 40000, 12000),
    ]
    (record,) = requests_from_events(events)
    assert (record.transfer_bytes, record.body_bytes, record.decoded_bytes, record.content_length) == (12150, 12000, 80000, None)


@pytest.mark.parametrize(
    ("events", "pending"),
    [
        ([], set()),
        ([will_be_sent("1", "https://example.org/", 1.0)], {"1"}),
        ([will_be_sent("1", "https://example.org/", 1.0), finished("1", 500, 1.1)], set()),
        ([will_be_sent("1", "https://example.org/", 1.0), {"method": "Network.loadingFailed", "params": {"requestId": "1"}}], set()),
        # a redirect hands its requestId to the next hop, which is in flight
        ([will_be_sent("1", "http://example.org/", 1.0), will_be_sent("1", "https://example.org/", 1.1, redirect={"status": 301})], {"1"}),
        ([will_be_sent("2", "data:image/png;base64,AAAA", 1.0, "Image")], set()),
        ([will_be_sent("3", "https://example.org/live", 1.0, "EventSource")], set()),
        ([will_be_sent("1", "https://example.org/", 1.0), will_be_sent("2", "https://example.org/a.css", 1.0, "Stylesheet"), finished("1", 9, 2.0)], {"2"}),
    ],
)
def test_in_flight_lists_requests_that_have_not_ended(events, pending):
    assert in_flight(events) == pending


def test_initiators_parser_stylesheet_and_script_stack():
    events = [
        will_be_sent("1", "https://example.org/", 1.0),
        will_be_sent("2", "https://example.org/font.woff2", 1.1, "Font", {"type": "parser", "url": "https://example.org/site.css"}),
        will_be_sent("3", "https://example.org/api", 1.2, "Fetch", {"type": "script", "stack": {"callFrames": [], "parent": {"callFrames": [{"url": "https://example.org/app.js"}]}}}),
    ]
    _, font, fetch = requests_from_events(events)
    assert (font.initiator_type, font.initiator_url) == ("parser", "https://example.org/site.css")
    assert (fetch.initiator_type, fetch.initiator_url) == ("script", "https://example.org/app.js")


def test_an_undecodable_image_reported_without_headers_counts_its_body():
    events = [will_be_sent("1", "https://example.org/x.png", 1.0, "Image"), response("1", "https://example.org/x.png", 180, mime="image/png"), finished("1", 120, 1.1)]
    (record,) = requests_from_events(events)
    assert (record.transfer_bytes, record.body_bytes) == (300, 120)


# --- load_plan and estimate_load_ms --------------------------------------------


def page_events():
    """A document, its stylesheet, a font from the stylesheet, a parser-blocking
    script, an image found after the script ran, a fetch from the script, and
    an image requested after the load event. Times in seconds from 100.0."""
    base = "http://127.0.0.1/"
    spec = [
        # id, url, type, initiator, start, end, total bytes
        ("doc", base, "Document", {"type": "other"}, 0.000, 0.010, 1_000),
        ("css", base + "site.css", "Stylesheet", {"type": "parser", "url": base}, 0.012, 0.020, 2_000),
        ("js", base + "app.js", "Script", {"type": "parser", "url": base}, 0.012, 0.030, 3_000),
        ("font", base + "font.woff2", "Font", {"type": "parser", "url": base + "site.css"}, 0.025, 0.040, 4_000),
        ("img", base + "late.png", "Image", {"type": "parser", "url": base}, 0.035, 0.045, 5_000),
        ("api", base + "api", "Fetch", {"type": "script", "stack": {"callFrames": [{"url": base + "app.js"}]}}, 0.040, 0.050, 6_000),
        ("after", base + "after.png", "Image", {"type": "other"}, 0.070, 0.080, 7_000),
    ]
    events = []
    for rid, url, type_, initiator, start, end, total in spec:
        events.append(will_be_sent(rid, url, 100.0 + start, type_, initiator))
        events.append(response(rid, url, 100, server_ms=10 if rid == "doc" else 2))
        events.append(finished(rid, total, 100.0 + end))
    return events


def test_the_dependency_graph_follows_initiators_and_blocking_scripts():
    plan = load_plan(requests_from_events(page_events()), {"loadEventEnd": 60.0})
    deps = {r.id: r.deps for r in plan.requests}
    assert "after" not in deps  # started after the load event
    assert deps == {
        "doc": (),
        "css": ("doc",),
        "js": ("doc",),
        "font": ("css",),  # from the stylesheet
        "img": ("doc", "js"),  # found by the parser after the script had run
        "api": ("js",),  # from the script (which finished before it started)
    }
    assert plan.blocking == frozenset({"doc", "css", "js", "font", "img", "api"})
    assert plan.tail_ms == pytest.approx(10.0)  # load at 60 ms, last response at 50 ms


def test_server_time_is_the_documents_own_and_the_origin_median_for_the_rest():
    events = page_events()
    for event in events:  # one slow answer among fast ones
        if event["method"] == "Network.responseReceived" and event["params"]["requestId"] == "font":
            event["params"]["response"]["timing"]["receiveHeadersEnd"] = 2.0 + 500
    plan = load_plan(requests_from_events(events), {"loadEventEnd": 60.0})
    server = {r.id: r.server_ms for r in plan.requests}
    assert server["doc"] == pytest.approx(10.0)
    assert server["font"] == pytest.approx(2.0)


def test_estimate_replays_the_chain():
    plan = load_plan(requests_from_events(page_events()), {"loadEventEnd": 60.0})
    # By hand, 100 ms RTT, 125 bytes/ms, server time 10 ms (doc) and 2 ms (the others):
    # doc: TCP 100 + request 100 + server 10 -> first byte 210; 1000 bytes take 8 ms -> 218.
    # At 218 css takes the doc's warm connection: first byte 218 + 100 + 2 = 320;
    #   js opens a second connection: 218 + 100 + 100 + 2 = 420.
    # css alone: 2000 bytes in 16 ms -> 336. font (from css) takes that connection: first byte 438.
    # js alone from 420: 2250 of 3000 bytes by 438; then shares with font at 62.5/ms: 750 left -> 450.
    # font: 750 by 450, then alone: 3250 bytes in 26 ms -> 476.
    # At 450 img (after doc and js) takes js's connection: first byte 552, 5000 bytes in 40 ms -> 592;
    #   api (after js) opens a third connection: 450 + 200 + 2 = 652, 6000 bytes in 48 ms -> 700.
    # Load: the last load-blocking response (700) + the recorded tail (10).
    result = simulate(plan.requests, 100, 1000)
    assert result.end["doc"] == pytest.approx(218.0)
    assert result.first_byte["css"] == pytest.approx(320.0)
    assert result.first_byte["js"] == pytest.approx(420.0)
    assert result.end["css"] == pytest.approx(336.0)
    assert result.end["js"] == pytest.approx(450.0)
    assert result.end["font"] == pytest.approx(476.0)
    assert result.end["img"] == pytest.approx(592.0)
    assert result.end["api"] == pytest.approx(700.0)
    assert estimate_load_ms(plan, 100, 1000) == pytest.approx(710.0)


def test_without_timing_every_request_is_replayed_and_throttled_latency_is_taken_off():
    records = requests_from_events(page_events())
    plan = load_plan(records)
    assert len(plan.requests) == 7 and plan.tail_ms == 0.0
    throttled = load_plan(records, {"loadEventEnd": 60.0}, latency_offset_ms=5.0)
    assert {r.id: r.server_ms for r in throttled.requests}["doc"] == pytest.approx(5.0)
    assert {r.id: r.server_ms for r in throttled.requests}["css"] == pytest.approx(0.0)


def test_redirected_navigation_starts_the_clock_at_the_first_hop():
    redirect = {"url": "http://127.0.0.1/old", "status": 301, "mimeType": "text/html", "headers": {}, "encodedDataLength": 100}
    events = [
        will_be_sent("1", "http://127.0.0.1/old", 50.0),
        will_be_sent("1", "http://127.0.0.1/new", 50.01, redirect=redirect),
        response("1", "http://127.0.0.1/new", 100),
        finished("1", 1_100, 50.02),
        will_be_sent("2", "http://127.0.0.1/a.png", 50.03, "Image", {"type": "parser", "url": "http://127.0.0.1/new"}),
        response("2", "http://127.0.0.1/a.png", 100, mime="image/png"),
        finished("2", 1_100, 50.04),
    ]
    plan = load_plan(requests_from_events(events), {"loadEventEnd": 45.0})
    assert {r.id: r.deps for r in plan.requests} == {"1#1": (), "1": ("1#1",), "2": ("1",)}
    assert plan.tail_ms == pytest.approx(5.0)


def test_empty_log():
    assert load_plan([]) == LoadPlan((), frozenset(), 0.0)
    assert estimate_load_ms(LoadPlan((), frozenset(), 0.0), 100, 1000) == 0.0


# --- work bounded by the number of requests ---------------------------------------


class Counted(str):
    """A request id or address that counts how often it is hashed (a lookup
    in a dict or set) or compared: the work done for one request."""

    uses = 0

    def __hash__(self):
        Counted.uses += 1
        return str.__hash__(self)

    def __eq__(self, other):
        Counted.uses += 1
        return str.__eq__(self, other)

    __ne__ = lambda self, other: not self.__eq__(other)  # noqa: E731


def script_chain(n, *, protocol="http/1.1", concurrent=False):
    """A document and ``n`` scripts it starts: one after another, each
    started after the one before had finished (so each waits for every
    script before it), or all at once."""
    base = "http://127.0.0.1/"
    from auditor.netlog import RequestRecord

    records = [RequestRecord(key=Counted("doc"), url=Counted(base), type="Document", start=100.0, end=100.01, transfer_bytes=1_000, protocol=protocol)]
    for i in range(n):
        start = 100.011 if concurrent else 100.011 + i * 0.001
        records.append(RequestRecord(key=Counted(f"s{i}"), url=Counted(f"{base}s{i}.js"), type="Script", initiator_type="parser",
                                     initiator_url=Counted(base), start=start, end=start + 0.0005, transfer_bytes=500 + i, protocol=protocol))
    return records


@pytest.mark.parametrize("n", [1_000, 2_500])
def test_the_plan_does_a_bounded_amount_of_work_per_request(n):
    """Each script waits for every script that finished before it started;
    said as a dependency on each of them, that is n * n / 2 dependencies
    (4,000 scripts: eight million). The plan says it in a number of
    dependencies, and does an amount of work, that grows as the requests do."""
    records = script_chain(n)
    Counted.uses = 0
    plan = load_plan(records)
    assert Counted.uses <= 60 * n
    assert sum(len(r.deps) for r in (*plan.requests, *plan.gates)) <= 4 * n


@pytest.mark.parametrize("protocol", ["http/1.1", "h2"])
def test_the_simulation_does_a_bounded_amount_of_work_per_request(protocol):
    """Over HTTP/2, thousands of responses download at once: the bandwidth
    they share is not handed out to each of them at every event."""
    n = 2_500
    plan = load_plan(script_chain(n, protocol=protocol, concurrent=True))
    Counted.uses = 0
    result = simulate(plan.requests, RTT, KBPS)
    assert len(result.end) == n + 1
    assert Counted.uses <= 60 * n


def test_a_request_still_waits_for_every_script_that_finished_before_it_started():
    """However the waiting is written, the times are the model's: c waits
    for a and b (both finished before it started), and b is the slower."""
    base = "http://127.0.0.1/"
    from auditor.netlog import RequestRecord

    records = [
        RequestRecord(key="doc", url=base, type="Document", start=0.0, end=0.010, transfer_bytes=0),
        RequestRecord(key="a", url=base + "a.js", type="Script", initiator_url=base, start=0.011, end=0.012, transfer_bytes=0),
        RequestRecord(key="b", url=base + "b.js", type="Script", initiator_url=base, start=0.011, end=0.013, transfer_bytes=125_000),
        RequestRecord(key="c", url=base + "c.png", type="Image", initiator_url=base, start=0.020, end=0.030, transfer_bytes=0),
    ]
    plan = load_plan(records)
    result = simulate((*plan.requests, *plan.gates), RTT, KBPS)
    # doc: 200 ms. At 200 a takes the document's warm connection (empty: done at 300);
    # b opens another, first byte at 400, and its 125,000 bytes take 1,000 ms alone
    # -> 1,400. c waits for b, then takes a warm connection: 1,400 + 100.
    assert result.end["a"] == pytest.approx(300.0)
    assert result.end["b"] == pytest.approx(1_400.0)
    assert result.start["c"] == pytest.approx(1_400.0)
    assert result.end["c"] == pytest.approx(1_500.0)
    assert set(result.end) == {"doc", "a", "b", "c"}  # the waiting itself is no request
