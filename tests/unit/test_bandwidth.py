"""The bandwidth check on hand-made network artifacts: no browser."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options
from auditor.registry import CHECKS
from auditor import words
from auditor.checks import bandwidth, budgets
from auditor.config import AuditConfig
from auditor.model import GROUPS, IMPACTS, fingerprint
from auditor.netprofiles import PROFILES

PAGE = "https://www.riverton.gov.uk/parks"
HTML = '<html lang="en">'


def context(options=None, **config):
    run = AuditConfig(checks=("bandwidth",), **config)
    return PageContext(url=PAGE, final_url=PAGE, options=family_options(CHECKS["bandwidth"], options or {}, run))


class Log:
    """Builds CDP Network events the way Chromium sends them."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.clock = 100.0
        self.count = 0

    def add(self, url, type_="Document", *, body=1_000, headers=200, mime="text/html", status=200, encoding="", cache=None,
            initiator=None, decoded=None, protocol="http/1.1", duration=0.01, server_ms=5.0):
        self.count += 1
        rid = f"r{self.count}"
        start = self.clock
        self.clock += 0.001
        response_headers = {"Content-Type": mime}
        if encoding:
            response_headers["Content-Encoding"] = encoding
        response_headers.update({"Cache-Control": "max-age=3600"} if cache is None else cache)
        self.events += [
            {"method": "Network.requestWillBeSent", "params": {"requestId": rid, "request": {"url": url, "method": "GET"}, "timestamp": start,
                                                                "type": type_, "initiator": initiator or ({"type": "other"} if type_ == "Document" else {"type": "parser", "url": PAGE})}},
            {"method": "Network.responseReceived", "params": {"requestId": rid, "timestamp": start + duration / 2, "type": type_, "response": {
                "url": url, "status": status, "mimeType": mime, "headers": response_headers, "encodedDataLength": headers, "protocol": protocol,
                "timing": {"sendStart": 0.5, "sendEnd": 1.0, "receiveHeadersEnd": 1.0 + server_ms}}}},
            {"method": "Network.dataReceived", "params": {"requestId": rid, "dataLength": decoded if decoded is not None else body, "encodedDataLength": 0}},
            {"method": "Network.loadingFinished", "params": {"requestId": rid, "timestamp": start + duration, "encodedDataLength": headers + body}},
        ]
        return rid


def artifact(log, *, images=(), load_ms=500.0, dpr=1.0):
    return {"events": log.events, "timing": {"startTime": 0, "responseStart": 20, "domContentLoadedEventEnd": 300, "loadEventEnd": load_ms},
            "images": list(images), "device_pixel_ratio": dpr, "html": HTML}


def light_page():
    log = Log()
    log.add(PAGE, body=8_000, encoding="gzip")
    log.add("https://www.riverton.gov.uk/site.css", "Stylesheet", body=3_000, mime="text/css", encoding="br")
    log.add("https://www.riverton.gov.uk/logo.png", "Image", body=20_000, mime="image/png")
    return log


def run(art, ctx=None):
    return bandwidth.evaluate({"network": art}, ctx or context())


def rules(result):
    return [(f.rule, f.outcome, f.impact) for f in result.findings]


def test_registered_and_needs_only_the_network_artifact():
    assert CHECKS["bandwidth"] is bandwidth.CHECK
    assert bandwidth.CHECK.needs == ("network",)


def test_a_light_page_has_no_findings_and_exact_metrics():
    result = run(artifact(light_page()))
    assert result.findings == ()
    m = result.metrics
    assert m["transfer_bytes"] == 8_200 + 3_200 + 20_200
    assert m["body_bytes"] == 31_000
    assert m["requests"] == 3
    assert m["bytes_by_type"] == {"document": 8_200, "script": 0, "stylesheet": 3_200, "image": 20_200, "font": 0, "media": 0, "other": 0}
    assert m["first_party_bytes"] == 31_600 and m["third_party_bytes"] == 0
    assert set(m["load_ms"]) == set(PROFILES) and all(isinstance(v, int) and v > 0 for v in m["load_ms"].values())
    assert m["load_ms"]["2G"] > m["load_ms"]["3G-slow"] > m["load_ms"]["3G"] > m["load_ms"]["4G"]
    assert m["network_profiles"]["3G"] == {"rtt_ms": 300, "down_kbps": 1600, "up_kbps": 768, "source": "WebPageTest connectivity profiles"}
    assert m["price_per_gb_gbp"] == 40.0
    assert m["data_cost_gbp"] == round(31_600 / 1e9 * 40, 4)
    assert m["font_count"] == 0 and m["web_fonts"] == []
    assert m["largest_requests"][0] == {"url": "https://www.riverton.gov.uk/logo.png", "type": "image", "transfer_bytes": 20_200, "header_bytes": 200, "body_bytes": 20_000}
    assert "load_ms_applied" not in m and "throttle_profile" not in m
    assert m["uncompressed_responses"] == m["uncached_responses"] == m["oversized_images"] == 0


def test_the_3g_estimate_is_the_simulation_by_hand():
    # One 12,500-byte document on 3G (300 ms, 1600 kbps = 200 bytes/ms), over https to a named host:
    # DNS + TCP + TLS + request = 4 round trips, 5 ms server time, 12,700 bytes / 200 = 63.5 ms, and
    # the recorded tail from the response's end (10 ms) to the load event (500 ms).
    log = Log()
    log.add(PAGE, body=12_500, encoding="gzip")
    result = run(artifact(log))
    assert result.metrics["load_ms"]["3G"] == round(4 * 300 + 5 + 63.5 + 490)


def test_third_party_bytes():
    log = light_page()
    log.add("https://assets.riverton.gov.uk/app.js", "Script", body=5_000, mime="text/javascript", encoding="gzip")  # subdomain of the same site
    log.add("https://cdn.example.com/tracker.js", "Script", body=7_000, mime="text/javascript", encoding="gzip")
    log.add("https://www.gov.uk/assets/crest.png", "Image", body=1_000, mime="image/png")  # another site under gov.uk
    m = run(artifact(log)).metrics
    assert m["third_party_bytes"] == 7_200 + 1_200
    assert m["first_party_bytes"] == 31_600 + 5_200
    assert m["bytes_by_type"]["script"] == 12_400


@pytest.mark.parametrize(
    "page_host, host, same",
    [
        ("www.riverton.gov.uk", "www.riverton.gov.uk", True),
        ("www.riverton.gov.uk", "assets.riverton.gov.uk", True),
        ("riverton.gov.uk", "forms.riverton.gov.uk", True),
        ("www.riverton.gov.uk", "www.gov.uk", False),
        ("www.riverton.gov.uk", "www.other.gov.uk", False),
        ("shop.example.co.uk", "img.example.co.uk", True),
        ("shop.example.co.uk", "www.other.co.uk", False),
        ("www.example.com", "static.example.com", True),
        ("www.example.com", "example.net", False),
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.1", "localhost", False),
        ("10.0.0.1", "10.0.0.2", False),
        # Where the old approximation (last two or three labels) was wrong:
        # suffixes the Public Suffix List declares that it did not know.
        ("www.a.service.gov.uk", "www.b.service.gov.uk", False),
        ("a.service.gov.uk", "assets.a.service.gov.uk", True),
        ("council.github.io", "tracker.github.io", False),
        ("oak.county.sch.uk", "elm.county.sch.uk", False),
        ("a.gov.uk", "b.gov.uk", False),
        ("shop.x.co.uk", "x.co.uk", True),
    ],
)
def test_same_party(page_host, host, same):
    assert bandwidth.same_party(page_host, host) is same


def heavy_page(image_bytes=0, script_bytes=0, requests=0, total_extra=0):
    log = light_page()
    if image_bytes:
        log.add("https://www.riverton.gov.uk/photo.jpg", "Image", body=image_bytes, mime="image/jpeg", headers=0)
    if script_bytes:
        log.add("https://www.riverton.gov.uk/app.js", "Script", body=script_bytes, mime="text/javascript", encoding="gzip", headers=0)
    for i in range(requests):
        log.add(f"https://www.riverton.gov.uk/icon{i}.png", "Image", body=100, mime="image/png", headers=0)
    if total_extra:
        log.add("https://www.riverton.gov.uk/data.bin", "Other", body=total_extra, mime="application/octet-stream", headers=0)
    return log


def only(result, rule):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [f.rule for f in result.findings]
    return found[0]


def test_page_weight_budget_moderate_then_serious():
    # light page 31,600 bytes + extra
    finding = only(run(artifact(heavy_page(total_extra=1_000_000))), "page-weight-over-budget")
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("fail", "moderate", (), ("low-bandwidth",))
    assert finding.summary == "The page transfers 1.03 MB; the budget is 1 MB."  # 1,031,600 bytes: never "1 MB" against 1 MB
    assert finding.targets[0].selector == "html" and finding.targets[0].snippet == HTML
    assert finding.fingerprint == fingerprint("page-weight-over-budget", PAGE, "html")
    assert finding.help_url.startswith("https://www.gov.uk/service-manual/")
    assert "£0.04 at £40 per GB" in finding.detail and "other requests (1 MB)" in finding.detail
    assert only(run(artifact(heavy_page(total_extra=2_000_000))), "page-weight-over-budget").impact == "serious"
    result = run(artifact(heavy_page(total_extra=1_000_000 - 31_600)))  # exactly on budget
    assert "page-weight-over-budget" not in [f.rule for f in result.findings]


def test_script_and_image_budgets():
    result = run(artifact(heavy_page(script_bytes=350_000)))
    finding = only(result, "script-weight-over-budget")
    assert (finding.impact, finding.groups) == ("moderate", ("low-bandwidth", "older-devices"))
    assert finding.summary == "The page's scripts transfer 350 kB; the budget is 300 kB."
    result = run(artifact(heavy_page(image_bytes=1_100_000)))
    finding = only(result, "image-weight-over-budget")
    assert finding.impact == "serious"  # 1.12 MB of images is over twice 500 kB
    assert finding.summary == "The page's images transfer 1.1 MB; the budget is 500 kB."


def test_too_many_requests():
    result = run(artifact(heavy_page(requests=58)))  # 3 + 58 = 61
    finding = only(result, "too-many-requests")
    assert finding.summary == "The page makes 61 requests; the budget is 60."
    assert finding.impact == "moderate"
    assert "too-many-requests" not in [f.rule for f in run(artifact(heavy_page(requests=57))).findings]


def test_slow_load_on_3g_from_the_simulation():
    log = light_page()
    log.add("https://www.riverton.gov.uk/video-poster.jpg", "Image", body=900_000, mime="image/jpeg")
    result = run(artifact(log))
    estimate = result.metrics["load_ms"]["3G"]
    assert estimate > 5_000
    finding = only(result, "slow-load-on-3g")
    assert finding.impact == "moderate"
    assert finding.summary == f"On a 3G connection the page would take about {words.seconds_against(estimate, 5_000)[0]} to load; the budget is 5 seconds."
    assert "Estimated from the page's recorded requests over the 3G profile (1.6 Mbps down, 300 ms round trip; WebPageTest connectivity profiles)" in finding.detail


def test_applied_throttling_records_the_measured_load_and_judges_3g_by_it():
    log = light_page()
    result = run(artifact(log, load_ms=6_543.2), context(throttle="applied", throttle_profile="3G"))
    assert result.metrics["load_ms_applied"] == 6_543
    assert result.metrics["throttle_profile"] == "3G"
    finding = only(result, "slow-load-on-3g")
    assert "about 6.5 seconds" in finding.summary and finding.detail.startswith("Measured with the page loaded under throttling")
    # Another profile applied: measured and recorded, but the 3G budget stays with the simulation.
    result = run(artifact(log, load_ms=900), context(throttle="applied", throttle_profile="2G"))
    assert result.metrics["load_ms_applied"] == 900 and result.metrics["throttle_profile"] == "2G"
    assert result.metrics["load_ms"]["3G"] < 5_000
    assert "slow-load-on-3g" not in [f.rule for f in result.findings]


def test_budgets_and_price_are_configurable():
    options = {"budget_transfer_bytes": 10_000, "budget_script_bytes": 1, "budget_image_bytes": 10_000.5, "budget_requests": 2,
               "budget_load_ms_3g": 100, "price_per_gb_gbp": 10}
    result = run(artifact(light_page()), context(options))
    assert sorted(f.rule for f in result.findings) == [
        "image-weight-over-budget", "page-weight-over-budget", "slow-load-on-3g", "too-many-requests",
    ]
    assert only(result, "page-weight-over-budget").impact == "serious"
    assert result.metrics["price_per_gb_gbp"] == 10.0
    assert result.metrics["data_cost_gbp"] == round(31_600 / 1e9 * 10, 4)
    assert run(artifact(light_page()), context({"price_per_gb_gbp": 0})).metrics["data_cost_gbp"] == 0


@pytest.mark.parametrize(
    "options, message",
    [
        ({"budget_bytes": 1}, "no setting 'budget_bytes'"),
        ({"budget_requests": "60"}, "must be a number"),
        ({"budget_requests": True}, "must be a number"),
        ({"budget_requests": 0}, "must be a positive number"),
        ({"price_per_gb_gbp": -1}, "must be a positive number"),
    ],
)
def test_bad_settings_raise(options, message):
    with pytest.raises(ValueError, match=message):
        run(artifact(light_page()), context(options))


def test_uncompressed_text_one_finding_per_response():
    log = light_page()
    log.add("https://www.riverton.gov.uk/app.js", "Script", body=40_000, mime="application/javascript")
    log.add("https://www.riverton.gov.uk/big.css", "Stylesheet", body=150_000, mime="text/css")
    log.add("https://www.riverton.gov.uk/map.svg", "Image", body=5_000, mime="image/svg+xml", encoding="identity")
    log.add("https://www.riverton.gov.uk/tiny.js", "Script", body=900, mime="text/javascript")  # too small to matter
    log.add("https://www.riverton.gov.uk/photo.jpg", "Image", body=90_000, mime="image/jpeg")  # not text
    log.add("https://www.riverton.gov.uk/gz.js", "Script", body=40_000, mime="text/javascript", encoding="gzip")
    log.add("https://www.riverton.gov.uk/zstd.json", "Fetch", body=40_000, mime="application/json", encoding="zstd")
    log.add("https://www.riverton.gov.uk/missing.js", "Script", body=4_000, mime="text/html", status=404)  # an error page
    result = run(artifact(log))
    found = [f for f in result.findings if f.rule == "uncompressed-text-response"]
    assert [(f.targets[0].snippet, f.impact) for f in found] == [
        ("https://www.riverton.gov.uk/app.js", "minor"),
        ("https://www.riverton.gov.uk/big.css", "moderate"),
        ("https://www.riverton.gov.uk/map.svg", "minor"),
    ]
    assert all(f.targets[0].selector == "html" and f.outcome == "fail" and f.groups == ("low-bandwidth",) for f in found)
    assert found[0].summary == "A script of 40 kB (application/javascript) is sent without compression."
    assert found[1].summary == "A stylesheet of 150 kB (text/css) is sent without compression."
    assert len({f.fingerprint for f in found}) == 3  # told apart by URL
    assert found[0].fingerprint == fingerprint("uncompressed-text-response", PAGE, "https://www.riverton.gov.uk/app.js")
    assert result.metrics["uncompressed_responses"] == 3


def test_an_uncompressed_page_is_reported_too():
    log = Log()
    log.add(PAGE, body=20_000)
    (finding,) = run(artifact(log)).findings
    assert finding.summary == "A page of 20 kB (text/html) is sent without compression."


def test_static_files_without_caching_headers():
    log = light_page()
    log.add("https://www.riverton.gov.uk/app.js", "Script", body=400, mime="text/javascript", cache={})
    log.add("https://www.riverton.gov.uk/font.woff2", "Font", body=400, mime="font/woff2", cache={})
    log.add("https://www.riverton.gov.uk/etag.png", "Image", body=400, mime="image/png", cache={"ETag": '"abc"'})
    log.add("https://www.riverton.gov.uk/old.png", "Image", body=400, mime="image/png", cache={"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
    log.add("https://www.riverton.gov.uk/expires.png", "Image", body=400, mime="image/png", cache={"Expires": "Mon, 01 Jan 2035 00:00:00 GMT"})
    log.add("https://www.riverton.gov.uk/api", "Fetch", body=400, mime="application/json", cache={})  # not a static file
    log.add("https://www.riverton.gov.uk/other", "Document", body=400, mime="text/html", cache={}, encoding="gzip")  # a frame
    result = run(artifact(log))
    found = [f for f in result.findings if f.rule == "no-caching-headers"]
    assert [(f.targets[0].snippet, f.outcome, f.impact) for f in found] == [
        ("https://www.riverton.gov.uk/app.js", "fail", "minor"),
        ("https://www.riverton.gov.uk/font.woff2", "fail", "minor"),
    ]
    assert found[0].summary == "A script (600 bytes) is sent with no caching headers, so it may be downloaded again on every visit."
    assert result.metrics["uncached_responses"] == 2


def image(src, natural, shown, selector="main > img", snippet='<img src="x.png" alt="Map">'):
    return {"src": src, "natural_width": natural[0], "natural_height": natural[1], "width": shown[0], "height": shown[1], "selector": selector, "snippet": snippet}


def test_oversized_images():
    log = light_page()
    log.add("https://www.riverton.gov.uk/map.png", "Image", body=300_000, mime="image/png")
    log.add("https://www.riverton.gov.uk/retina.png", "Image", body=300_000, mime="image/png")
    log.add("https://www.riverton.gov.uk/map.svg", "Image", body=300_000, mime="image/svg+xml", encoding="gzip")
    log.add("https://www.riverton.gov.uk/tiny.png", "Image", body=3_000, mime="image/png")
    log.add("https://www.riverton.gov.uk/wide.png", "Image", body=300_000, mime="image/png")
    images = [
        image("https://www.riverton.gov.uk/map.png", (2000, 1500), (200, 150), selector="#map"),
        image("https://www.riverton.gov.uk/retina.png", (800, 600), (200, 150)),  # exactly 2x at DPR 2
        image("https://www.riverton.gov.uk/map.svg", (2000, 1500), (200, 150)),  # vector
        image("https://www.riverton.gov.uk/tiny.png", (2000, 1500), (200, 150)),  # wastes under 4 KiB
        image("https://www.riverton.gov.uk/wide.png", (2000, 100), (200, 100)),  # too big in one direction only
        image("https://www.riverton.gov.uk/hidden.png", (2000, 1500), (0, 0)),
        image("https://www.riverton.gov.uk/unknown.png", (2000, 1500), (200, 150)),  # not in the log
    ]
    result = run(artifact(log, images=images, dpr=2.0))
    (finding,) = [f for f in result.findings if f.rule == "oversized-image"]
    assert (finding.outcome, finding.impact, finding.groups) == ("fail", "moderate", ("low-bandwidth", "older-devices"))
    assert finding.targets[0].selector == "#map" and finding.targets[0].snippet == '<img src="x.png" alt="Map">'
    assert finding.fingerprint == fingerprint("oversized-image", PAGE, "#map")
    # 300,200 bytes x (1 - 400x300 / 2000x1500) = 288,192 bytes wasted
    assert finding.summary == "An image of 2000×1500 pixels is shown at 200×150; it transfers 300 kB, about 288 kB more than needed."
    assert "device pixel ratio of 2" in finding.detail and "400×300" in finding.detail
    assert result.metrics["oversized_images"] == 1


def test_oversized_image_reached_through_a_redirect():
    log = light_page()
    redirect = {"url": "https://www.riverton.gov.uk/old.png", "status": 301, "mimeType": "", "headers": {}, "encodedDataLength": 100}
    log.events += [
        {"method": "Network.requestWillBeSent", "params": {"requestId": "x", "request": {"url": "https://www.riverton.gov.uk/old.png"}, "timestamp": 100.2, "type": "Image", "initiator": {"type": "parser", "url": PAGE}}},
        {"method": "Network.requestWillBeSent", "params": {"requestId": "x", "request": {"url": "https://www.riverton.gov.uk/new.png"}, "timestamp": 100.21, "type": "Image", "initiator": {"type": "parser", "url": PAGE}, "redirectResponse": redirect}},
        {"method": "Network.responseReceived", "params": {"requestId": "x", "response": {"url": "https://www.riverton.gov.uk/new.png", "status": 200, "mimeType": "image/png", "headers": {"Cache-Control": "max-age=60"}, "encodedDataLength": 100}}},
        {"method": "Network.loadingFinished", "params": {"requestId": "x", "timestamp": 100.25, "encodedDataLength": 50_100}},
    ]
    result = run(artifact(log, images=[image("https://www.riverton.gov.uk/old.png", (2000, 2000), (100, 100))]))
    assert [f.rule for f in result.findings] == ["oversized-image"]
    assert result.metrics["requests"] == 5  # the redirect is a request of its own


def test_web_fonts_are_a_review():
    log = light_page()
    log.add("https://www.riverton.gov.uk/a.woff2", "Font", body=20_000, mime="font/woff2", initiator={"type": "parser", "url": "https://www.riverton.gov.uk/site.css"})
    log.add("https://fonts.example.com/b.woff2", "Font", body=30_000, mime="font/woff2")
    result = run(artifact(log))
    finding = only(result, "web-fonts")
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("review", "minor", (), ("low-bandwidth",))
    assert finding.summary == "The page downloads 2 web fonts (50 kB)."
    assert result.metrics["font_count"] == 2
    assert result.metrics["web_fonts"] == ["https://www.riverton.gov.uk/a.woff2", "https://fonts.example.com/b.woff2"]
    assert result.metrics["bytes_by_type"]["font"] == 50_400


def test_per_response_findings_are_capped_but_counted():
    log = light_page()
    for i in range(25):
        log.add(f"https://www.riverton.gov.uk/{i}.js", "Script", body=2_000, mime="text/javascript")
    result = run(artifact(log))
    assert len([f for f in result.findings if f.rule == "uncompressed-text-response"]) == bandwidth.MAX_FINDINGS_PER_RULE
    assert result.metrics["uncompressed_responses"] == 25


def test_every_finding_is_well_formed():
    log = heavy_page(image_bytes=2_000_000, script_bytes=700_000, requests=70)
    log.add("https://www.riverton.gov.uk/raw.css", "Stylesheet", body=5_000, mime="text/css", cache={})
    log.add("https://www.riverton.gov.uk/f.woff2", "Font", body=5_000, mime="font/woff2")
    log.add("https://www.riverton.gov.uk/big.png", "Image", body=50_000, mime="image/png")
    result = run(artifact(log, images=[image("https://www.riverton.gov.uk/big.png", (3000, 3000), (100, 100))]))
    assert {f.rule for f in result.findings} == {
        "page-weight-over-budget", "script-weight-over-budget", "image-weight-over-budget", "too-many-requests", "slow-load-on-3g",
        "uncompressed-text-response", "no-caching-headers", "oversized-image", "web-fonts",
    }
    for f in result.findings:
        assert f.check == "bandwidth"
        assert f.outcome in ("fail", "review") and f.impact in IMPACTS
        assert f.wcag == () and "low-bandwidth" in f.groups and set(f.groups) <= set(GROUPS)
        assert f.summary.endswith(".") and f.detail and f.help_url.startswith("https://")
        assert len(f.targets) == 1 and f.targets[0].selector and len(f.fingerprint) == 20


def test_an_empty_artifact_gives_zero_metrics():
    result = run({"events": [], "timing": None, "images": [], "device_pixel_ratio": 1, "html": ""})
    assert result.findings == ()
    assert result.metrics["transfer_bytes"] == 0 and result.metrics["requests"] == 0
    assert result.metrics["load_ms"] == {name: 0 for name in PROFILES}


def test_a_response_still_loading_is_listed_counted_as_far_as_it_arrived_and_named_in_the_budget_finding():
    images_before = run(artifact(heavy_page(total_extra=1_200_000))).metrics["bytes_by_type"]["image"]
    log = heavy_page(total_extra=1_200_000)
    log.add("https://www.riverton.gov.uk/webcam.jpg", "Image", body=65_536, mime="image/jpeg", headers=100)
    log.events[-3]["params"]["response"]["headers"]["Content-Length"] = "600000"
    log.events.pop()  # no loadingFinished: still loading when the log was read
    result = run(artifact(log))
    m = result.metrics
    assert m["unfinished_requests"] == 1
    assert m["unfinished"] == [{"url": "https://www.riverton.gov.uk/webcam.jpg", "type": "image", "received_bytes": 65_636, "content_length": 600_000}]
    assert m["bytes_by_type"]["image"] == images_before + 65_636
    finding = only(result, "page-weight-over-budget")
    assert "1 response was still loading when the page was read: only what had arrived is counted; the server announced 600 kB for them." in finding.detail


def test_no_response_still_loading():
    m = run(artifact(light_page())).metrics
    assert (m["unfinished_requests"], m["unfinished"]) == (0, [])


def test_the_browsers_own_icon_request_is_not_the_pages_weight():
    """Chromium asks for the tab's icon on its own (type Other, initiator
    other), at a moment of its choosing: sometimes before the log is read,
    sometimes after. Counting it would make one page weigh differently from
    one audit to the next."""
    log = light_page()
    before = run(artifact(log)).metrics
    log.add("https://www.riverton.gov.uk/favicon.ico", "Other", body=330, mime="image/x-icon", initiator={"type": "other"})
    after = run(artifact(log)).metrics
    assert (after["transfer_bytes"], after["requests"], after["bytes_by_type"]) == (before["transfer_bytes"], before["requests"], before["bytes_by_type"])


def test_load_times_are_estimated_from_at_most_a_bounded_number_of_requests_and_the_result_says_so():
    from auditor.netsim import MAX_SIMULATED_REQUESTS as cap

    def page(n):
        log = Log()
        log.add(PAGE, body=8_000, encoding="gzip")
        for i in range(n - 1):
            log.add(f"https://www.riverton.gov.uk/s{i}.js", "Script", body=500, mime="text/javascript", encoding="gzip")
        return artifact(log, load_ms=2.0 * (cap + 50))  # every request starts before the load event

    over = run(page(cap + 50))
    m = over.metrics
    assert m["requests"] == cap + 50  # everything is counted
    assert (m["simulated_requests"], m["load_ms_truncated"]) == (cap, True)
    assert m["load_ms"] == run(page(cap)).metrics["load_ms"]  # the first `cap`, as if the page had made only those
    assert over.notes == (
        f"Bandwidth: the page made {cap + 50:,} requests before its load event; the load times are estimated from "
        f"the first {cap:,} of them, so they are lower than the page's own",
    )
    within = run(page(10))
    assert (within.metrics["simulated_requests"], within.metrics["load_ms_truncated"], within.notes) == (10, False, ())


# --- cheap phones: main-thread busy time and the low-end estimate ----------------------------

def busy(art, ms):
    return {**art, "main_thread_cpu_ms": ms}


def test_low_end_estimate_is_the_3g_simulation_plus_four_times_the_busy_time():
    result = run(busy(artifact(light_page()), 250.4))
    m = result.metrics
    assert m["main_thread_ms"] == 250
    assert m["load_ms_low_end"] == round(m["load_ms"]["3G"] + 4 * 250.4)
    assert m["load_ms_low_end"] < 5_000 and result.findings == ()


def test_no_busy_time_read_gives_no_low_end_figures():
    for art in (artifact(light_page()), busy(artifact(light_page()), None), busy(artifact(light_page()), "x"),
                busy(artifact(light_page()), -1), busy(artifact(light_page()), True)):
        m = run(art).metrics
        assert "main_thread_ms" not in m and "load_ms_low_end" not in m


def test_slow_load_on_low_end_phone_when_scripts_push_it_over_the_budget():
    result = run(busy(artifact(light_page()), 1_500.0))
    estimate_3g = result.metrics["load_ms"]["3G"]
    low_end = estimate_3g + 6_000
    assert estimate_3g < 5_000 < low_end < 10_000
    finding = only(result, "slow-load-on-low-end-phone")
    assert (finding.outcome, finding.impact, finding.groups, finding.wcag) == ("fail", "moderate", ("older-devices", "low-bandwidth"), ())
    assert finding.targets[0].selector == "html"
    assert finding.summary == (f"On a low-end phone over 3G the page would be usable after about {words.seconds_against(low_end, 5_000)[0]}; "
                               "the budget is 5 seconds.")
    assert finding.detail.startswith(f"Estimated from the page's recorded requests, the page loads in about {words.format_seconds(estimate_3g)} over 3G; "
                                     "its scripts kept the browser's main thread busy for 1.5 seconds while it loaded here")
    assert "4 times as long (Lighthouse's mobile throttling, a 4x CPU slowdown)" in finding.detail
    assert finding.help_url == "https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md"
    assert "slow-load-on-3g" not in [f.rule for f in result.findings]
    # Twice over the budget is serious; the budget is a setting.
    assert only(run(busy(artifact(light_page()), 3_000.0)), "slow-load-on-low-end-phone").impact == "serious"
    assert run(busy(artifact(light_page()), 1_500.0), context({"budget_load_ms_low_end": 10_000})).findings == ()


def test_a_measured_3g_load_already_holds_the_busy_time_once():
    result = run(busy(artifact(light_page(), load_ms=2_000.0), 500.0), context(throttle="applied", throttle_profile="3G"))
    assert result.metrics["load_ms_low_end"] == 2_000 + 3 * 500
    assert budgets.low_end_load_ms(1_000, 100, 0) == 1_400 and budgets.low_end_load_ms(1_000, 100, 100) == 1_300
    assert budgets.low_end_load_ms(1_000, 100, 250) == 1_300  # never more than the busy time is taken off


def test_busy_time_in_the_simulations_recorded_tail_is_not_counted_twice():
    # The light page's last response (started 2 ms after the document, 10 ms long) ends at 12 ms and its
    # load event at 500 ms: the simulation adds that tail as recorded. Of the long tasks (wall-clock), all of
    # 100-400 falls in it and 48 ms of 0-60: 348 ms of the 3G load is the page's work as it ran here.
    art = artifact(light_page())
    art["main_thread"] = {"long_tasks": 2, "busy_ms": 360.0, "buffered": 2, "tasks": [[0.0, 60.0], [100.0, 300.0]]}
    result = run({**art, "main_thread_cpu_ms": 400.0})
    assert result.metrics["main_thread_ms"] == 400
    assert result.metrics["load_ms_low_end"] == round(result.metrics["load_ms"]["3G"] + 4 * 400 - 348)
    # On a busy machine the long tasks hold waiting for a core too: never more than the processor time is taken off.
    result = run({**art, "main_thread_cpu_ms": 200.0})
    assert result.metrics["load_ms_low_end"] == round(result.metrics["load_ms"]["3G"] + 4 * 200 - 200)
    assert budgets.busy_within([[0, 60], [100, 300], "x", [1, True]], 10, 500) == 350
    assert budgets.busy_within(None, 0, 100) == 0


def test_the_low_end_budget_must_be_positive():
    with pytest.raises(ValueError, match="budget_load_ms_low_end must be a positive number"):
        run(artifact(light_page()), context({"budget_load_ms_low_end": 0}))


def test_the_low_end_figure_reads_as_one_row_with_its_busy_time():
    from auditor import metric_table

    facts = words.page_facts({"load_ms_low_end": 2_480, "main_thread_ms": 380}, metric_table(["bandwidth"]))
    assert facts == [("Usable on a low-end phone over 3G",
                      "about 2.5 seconds (the 3G load with the 0.4 seconds its scripts kept this machine busy taken 4 times)")]
