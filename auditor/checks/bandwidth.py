"""Low bandwidth: what a page costs people on slow or pay-as-you-go data.

Reads the ``network`` artifact (the CDP network log, the navigation timing and
the page's images) and reports:

- weight: bytes on the wire in total and by type, requests, first- and
  third-party bytes, web fonts;
- load-time estimates for each named network profile
  (:mod:`auditor.netprofiles`), simulated from the recorded requests
  (:mod:`auditor.netsim`), and, with ``--throttle applied``, the load time
  measured under the chosen profile;
- what one visit costs on pay-as-you-go data;
- findings: budgets breached, text sent uncompressed, static files with no
  caching headers, images much larger than shown, web fonts to review.

Settings (the ``[bandwidth]`` table of the config file; the family's
``Options``, with the budgets, their defaults and their sources, are in
:mod:`auditor.checks.budgets`): ``budget_transfer_bytes``,
``budget_script_bytes``, ``budget_image_bytes``, ``budget_requests``,
``budget_load_ms_3g``, ``budget_load_ms_low_end``, ``price_per_gb_gbp``.

Metrics (in each page's ``metrics``):

``transfer_bytes``
    bytes on the wire (headers and bodies as sent) of every request up to
    the moment the log was read (after waiting for those still loading),
    except the tab's icon, which the browser fetches by itself
    (:func:`browsers_own`);
``body_bytes``
    the bodies alone, as sent;
``requests``
    requests that went over the network (each redirect counts);
``bytes_by_type``
    ``transfer_bytes`` by ``document``, ``script``, ``stylesheet``, ``image``,
    ``font``, ``media``, ``other`` (all keys present);
``first_party_bytes`` / ``third_party_bytes``
    bytes from the page's own site / other sites (see :func:`same_party`: the
    registrable domain by the Public Suffix List);
``load_ms``
    profile name -> simulated load time in ms;
``simulated_requests`` / ``load_ms_truncated``
    how many requests the simulation replayed, and whether the page made more
    before its load event than it replays (:data:`auditor.netsim.MAX_SIMULATED_REQUESTS`,
    the first to start): then ``load_ms`` is too low, and the page's notes say so;
``network_profiles``
    the profiles' definitions (round trip, bandwidth, source);
``load_ms_applied`` and ``throttle_profile``
    with ``--throttle applied`` only: the load event measured under that profile;
``main_thread_ms``
    the processor time the browser's main thread spent on the page from the
    start of navigation to the end of its load (DevTools' ``Performance``
    ``TaskDuration`` in thread time, read by the engine as the load ends and
    handed on by the ``network`` collector), on the audit machine: the work
    itself, not the time it waited for a core on a busy machine, and tasks
    of every length; absent when the engine read none;
``load_ms_low_end``
    "usable on a low-end phone over 3G": the 3G load (the one the
    ``slow-load-on-3g`` budget uses) plus ``main_thread_ms`` slowed
    :data:`auditor.checks.budgets.LOW_END_CPU_SLOWDOWN` times (Lighthouse's
    4x mobile CPU slowdown), less the busy time the 3G load already holds
    once (the simulation adds the recorded time from the last response to
    the load event as it was: the long tasks, 50 ms or more, the browser
    buffered in that time, at most ``main_thread_ms``; a measured load holds
    all of it); over ``budget_load_ms_low_end`` it is a
    ``slow-load-on-low-end-phone`` finding;
``data_cost_gbp`` and ``price_per_gb_gbp``
    ``transfer_bytes`` x the price of a gigabyte (10^9 bytes); by default
    £40, Vodafone UK's "Pay as you go 1" rate of 20p for every 5 MB (see
    :data:`PRICE_PER_GB_GBP`);
``font_count`` / ``web_fonts``
    font requests and their URLs (at most 20);
``largest_requests``
    the 10 heaviest requests (url, type, transfer, header and body bytes);
``uncompressed_responses`` / ``uncached_responses`` / ``oversized_images``
    how many responses or images the matching findings are about (findings
    stop at 20 per rule; these counts do not).
``unfinished_requests`` / ``unfinished``
    responses still loading when the log was read, after waiting for them
    within the page's deadline (a stream, a stalled server): how many, and
    the first 10 with the bytes that had arrived (counted in the figures
    above) and the body size the server announced (``content_length``, or
    null), which is not counted.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from ..model import Finding, Target
from ..netprofiles import PROFILES
from ..netsim import RequestRecord, estimate_load_ms, load_plan, requests_from_events
from ..rule import Rule, by_id
from ..sites import same_site, site_of
from ..words import format_bytes, plural
from .base import Check, CheckResult, Metric, PageContext
from .budgets import (BUDGET_HELP, BUDGET_PROFILE, DEFAULTS, LOW_END_CPU_SLOWDOWN, LOW_END_HELP, Options, budget_findings, busy_within,
                      low_end_finding, low_end_load_ms, parse_options)

CHECK_ID = "bandwidth"
GROUPS = ("low-bandwidth",)
_OLDER = ("low-bandwidth", "older-devices")
_CHEAP_PHONE = ("older-devices", "low-bandwidth")

COMPRESSION_HELP = "https://developer.chrome.com/docs/lighthouse/performance/uses-text-compression"
CACHING_HELP = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching"
IMAGE_HELP = "https://developer.chrome.com/docs/lighthouse/performance/uses-responsive-images"
FONT_HELP = "https://web.dev/articles/font-best-practices"

RULES = (
    Rule("page-weight-over-budget", CHECK_ID, "moderate", (), GROUPS, BUDGET_HELP,
         "The page downloads more data than its budget allows.",
         "Remove what the page does not need and compress or resize the rest, starting with its heaviest part."),
    Rule("script-weight-over-budget", CHECK_ID, "moderate", (), _OLDER, BUDGET_HELP,
         "The page downloads more JavaScript than its budget allows.",
         "Send only the scripts the page needs, and make its content work without them."),
    Rule("image-weight-over-budget", CHECK_ID, "moderate", (), GROUPS, BUDGET_HELP,
         "The page downloads more image data than its budget allows.",
         "Serve images at the size they are shown, in a modern format (WebP or AVIF), and load images below the fold "
         "lazily (loading=\"lazy\").", fixed_by="design"),
    Rule("too-many-requests", CHECK_ID, "moderate", (), GROUPS, BUDGET_HELP,
         "The page makes more network requests than its budget allows.",
         "Combine small files, inline tiny icons as SVG, and drop what the page does not need."),
    Rule("slow-load-on-3g", CHECK_ID, "moderate", (), GROUPS, BUDGET_HELP,
         "The page would take too long to load on a 3G connection.",
         "Send fewer bytes and fewer requests, and avoid chains of requests that wait for one another."),
    Rule("slow-load-on-low-end-phone", CHECK_ID, "moderate", (), _CHEAP_PHONE, LOW_END_HELP,
         "The page would take too long to become usable on a low-end phone over 3G.",
         "Run less JavaScript while the page loads (drop, split or defer it), send fewer bytes, and make the content work before the scripts run."),
    Rule("uncompressed-text-response", CHECK_ID, "minor", (), GROUPS, COMPRESSION_HELP,
         "Text files are sent without compression.",
         "Turn on gzip or Brotli compression for text (HTML, CSS, JavaScript, JSON, SVG) on the server or CDN.", fixed_by="hosting"),
    Rule("no-caching-headers", CHECK_ID, "minor", (), GROUPS, CACHING_HELP,
         "Files are sent without caching headers, so they may be downloaded on every visit.",
         "Send Cache-Control (for example max-age=31536000 for files with versioned names), or at least ETag or Last-Modified.", fixed_by="hosting"),
    Rule("oversized-image", CHECK_ID, "minor", (), _OLDER, IMAGE_HELP,
         "Images are much larger than the size they are shown at.",
         "Serve each image at the size it is shown (with srcset for sharper screens).", fixed_by="design"),
    Rule("web-fonts", CHECK_ID, "minor", (), GROUPS, FONT_HELP,
         "The page downloads web fonts, which cost data and delay text.",
         "Check every font is needed; subset fonts, serve WOFF2, limit weights and styles, or use the system font stack.",
         outcome="review", fixed_by="design"),
)
RULE = by_id(RULES)

__all__ = ["CHECK", "RULES", "DEFAULTS", "Options", "parse_options", "browsers_own", "same_party", "site_of", "type_key"]

METRICS = (
    Metric("transfer_bytes", "Page weight", "bytes", "Bytes on the wire, headers and bodies, of every request the page made.",
           phrase="{value} in {requests}"),
    Metric("requests", "Requests", "count", "Requests that went over the network (each redirect counts).", noun="request", shown="in-phrase"),
    Metric("third_party_bytes", "From other sites", "bytes", "Bytes on the wire from sites other than the page's own.", shown="if-any"),
    Metric("unfinished_requests", "Still loading when read", "count", "Responses still loading when the network log was read.",
           phrase="{value}: the page weight counts only what had arrived; {unfinished}", noun="request", shown="if-any"),
    Metric("unfinished", "Unfinished requests", "urls", "The responses still loading, with the size their server announced.", shown="in-phrase"),
    Metric("data_cost_gbp", "Data cost of a visit", "gbp", "What one visit costs on pay-as-you-go mobile data.",
           phrase="{value} on pay-as-you-go data at {price_per_gb_gbp} per GB"),
    Metric("price_per_gb_gbp", "Price of data", "gbp", "The price of a gigabyte the data cost is worked out at.", shown="in-phrase"),
    Metric("load_ms_low_end", "Usable on a low-end phone over 3G", "ms",
           f"The 3G load time with the time the page's scripts kept the main thread busy while it loaded taken {LOW_END_CPU_SLOWDOWN:g} times.",
           phrase=f"about {{value}} (the 3G load with the {{main_thread_ms}} its scripts kept this machine busy taken {LOW_END_CPU_SLOWDOWN:g} times)"),
    Metric("main_thread_ms", "Main thread busy while loading", "ms",
           "Processor time the browser's main thread spent on the page from navigation to the end of its load, on the audit machine.",
           shown="in-phrase"),
)

# Text responses smaller than this gain little from compression.
TEXT_COMPRESSION_MIN_BYTES = 1_000
COMPRESSED = ("gzip", "br", "zstd", "deflate", "compress", "x-gzip", "dcb", "dcz")
TEXT_TYPES = (
    "application/javascript",
    "application/x-javascript",
    "application/ecmascript",
    "application/json",
    "application/xml",
    "application/xhtml+xml",
    "image/svg+xml",
    "image/x-icon",
    "image/vnd.microsoft.icon",
)
STATIC_TYPES = ("Script", "Stylesheet", "Image", "Font", "Media")
CACHE_HEADERS = ("cache_control", "expires", "etag", "last_modified")

# An image is oversized when it has more than twice the pixels it is shown at
# (times the device pixel ratio) in both directions, and the bytes it wastes
# are worth having back: Lighthouse's "properly size images" audit ignores
# savings under 4 KiB, and so does this check.
OVERSIZE_FACTOR = 2.0
OVERSIZE_MIN_WASTED_BYTES = 4_096

MAX_FINDINGS_PER_RULE = 20
MAX_LISTED_FONTS = 20
MAX_LARGEST = 10
URL_LIMIT = 300

TYPE_KEYS = ("document", "script", "stylesheet", "image", "font", "media", "other")
_CDP_TYPES = {"Document": "document", "Script": "script", "Stylesheet": "stylesheet", "Image": "image", "Font": "font", "Media": "media"}

def same_party(page_host: str, host: str) -> bool:
    """Whether a request's host is the page's own site: the same registrable
    domain by the Public Suffix List (:mod:`auditor.sites`), so
    ``a.service.gov.uk`` and ``b.service.gov.uk`` are two parties, as a
    browser keeps them apart. IP addresses are the same party only when equal."""
    return same_site(page_host, host)


def type_key(cdp_type: str) -> str:
    return _CDP_TYPES.get(cdp_type, "other")


def _is_text(mime: str) -> bool:
    return mime.startswith("text/") or mime in TEXT_TYPES or mime.endswith(("+json", "+xml"))


def _short_url(url: str) -> str:
    return url if len(url) <= URL_LIMIT else url[: URL_LIMIT - 1] + "…"


def browsers_own(record: RequestRecord) -> bool:
    """A request the browser makes by itself, not the page: Chromium fetches
    the tab's icon (``/favicon.ico`` or the page's declared icon) as type
    ``Other`` with an ``other`` initiator, whenever it gets round to it
    (before the log is read on one audit, after it on the next), and once
    per site rather than per page. Left out so a page weighs the same on
    every audit."""
    return record.type == "Other" and record.initiator_type == "other"


_KIND_NAMES = {"document": "page", "script": "script", "stylesheet": "stylesheet", "image": "image", "font": "font", "media": "media file", "other": "response"}


def compression_findings(page_url: str, html: Target, records: Sequence[RequestRecord]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for r in records:
        if r.from_cache or r.failed or r.status is None or not 200 <= r.status < 300 or r.redirected_to:
            continue
        if not _is_text(r.mime) or r.body_bytes <= TEXT_COMPRESSION_MIN_BYTES:
            continue
        encodings = {e.strip() for e in r.content_encoding.split(",") if e.strip()}
        if encodings & set(COMPRESSED) or r.url in seen:
            continue
        seen.add(r.url)
        kind = _KIND_NAMES[type_key(r.type)]
        findings.append(RULE["uncompressed-text-response"].finding(
            page_url, (Target("html", _short_url(r.url)),),
            impact="moderate" if r.body_bytes >= 100_000 else "minor",
            summary=f"A {kind} of {format_bytes(r.body_bytes)} ({r.mime}) is sent without compression.",
            detail=("Text such as HTML, CSS, JavaScript, JSON and SVG usually shrinks by two thirds or more with gzip or "
                    f"Brotli. Turn on compression for {r.mime} on the server or CDN for {_short_url(r.url)}."),
            key=r.url,
        ))
    return findings


def caching_findings(page_url: str, html: Target, records: Sequence[RequestRecord]) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[str] = set()
    for r in records:
        if r.type not in STATIC_TYPES or r.from_cache or r.failed or r.status is None or not 200 <= r.status < 300:
            continue
        if r.method != "GET" or not r.url.startswith(("http://", "https://")) or r.url in seen:
            continue
        if any(getattr(r, name) for name in CACHE_HEADERS):
            continue
        seen.add(r.url)
        kind = _KIND_NAMES[type_key(r.type)]
        findings.append(RULE["no-caching-headers"].finding(
            page_url, (Target("html", _short_url(r.url)),),
            impact="minor",
            summary=f"A {kind} ({format_bytes(r.transfer_bytes)}) is sent with no caching headers, so it may be downloaded again on every visit.",
            detail=("Without Cache-Control, Expires, ETag or Last-Modified a browser cannot tell whether its copy is still good, "
                    "so people pay for the same file again. Send Cache-Control (for example max-age=31536000 for files "
                    f"with versioned names) for {_short_url(r.url)}."),
            key=r.url,
        ))
    return findings


def _by_url(records: Sequence[RequestRecord]) -> dict[str, RequestRecord]:
    """Each URL (redirect hops included) to the record of the response finally served for it."""
    by_key = {r.key: r for r in records}
    final: dict[str, RequestRecord] = {}
    for r in records:
        if r.redirected_to:
            continue
        chain = r
        final.setdefault(r.url, r)
        while chain.redirect_from and chain.redirect_from in by_key:
            chain = by_key[chain.redirect_from]
            final.setdefault(chain.url, r)
    return final


def image_findings(page_url: str, html: Target, images: Sequence[Mapping[str, Any]], dpr: float, records: Sequence[RequestRecord]) -> list[Finding]:
    findings: list[Finding] = []
    served = _by_url(records)
    dpr = dpr if isinstance(dpr, (int, float)) and dpr > 0 else 1.0
    for image in images:
        src = str(image.get("src") or "")
        natural_w, natural_h = image.get("natural_width") or 0, image.get("natural_height") or 0
        shown_w, shown_h = image.get("width") or 0, image.get("height") or 0
        record = served.get(src)
        if record is None or natural_w <= 0 or natural_h <= 0 or shown_w <= 0 or shown_h <= 0:
            continue
        if record.mime == "image/svg+xml" or urlsplit(src).path.lower().endswith(".svg"):
            continue  # vector images have no pixels to waste
        need_w, need_h = shown_w * dpr, shown_h * dpr
        if not (natural_w > OVERSIZE_FACTOR * need_w and natural_h > OVERSIZE_FACTOR * need_h):
            continue
        wasted = record.transfer_bytes * (1 - min(1.0, (need_w * need_h) / (natural_w * natural_h)))
        if wasted < OVERSIZE_MIN_WASTED_BYTES:
            continue
        findings.append(RULE["oversized-image"].finding(
            page_url, (Target(str(image.get("selector") or "img"), str(image.get("snippet") or "")[:URL_LIMIT]),),
            impact="moderate" if wasted >= 100_000 else "minor",
            summary=(f"An image of {natural_w}×{natural_h} pixels is shown at {round(shown_w)}×{round(shown_h)}; "
                     f"it transfers {format_bytes(record.transfer_bytes)}, about {format_bytes(wasted)} more than needed."),
            detail=(f"At a device pixel ratio of {dpr:g} the image needs about {round(need_w)}×{round(need_h)} pixels. "
                    "Serve it at that size (with srcset for sharper screens) so people do not download pixels they never see."),
        ))
    return findings


def font_finding(page_url: str, html: Target, fonts: Sequence[RequestRecord]) -> Finding | None:
    if not fonts:
        return None
    total = sum(r.transfer_bytes for r in fonts)
    count = len(fonts)
    return RULE["web-fonts"].finding(
        page_url, (html,),
        impact="minor",
        summary=f"The page downloads {plural(count, 'web font')} ({format_bytes(total)}).",
        detail=("Each font is more to download before text shows in its intended typeface. Check every font is needed; "
                "subset fonts, serve WOFF2, limit weights and styles, or use the system font stack."),
    )


def main_thread_ms(cpu_ms: Any) -> float | None:
    """The main thread's processor time while the page loaded, as the
    ``network`` collector handed it on (``main_thread_cpu_ms``), or None
    when the engine read none."""
    if isinstance(cpu_ms, bool) or not isinstance(cpu_ms, (int, float)) or not cpu_ms >= 0:
        return None
    return float(cpu_ms)


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    artifact = artifacts["network"]
    options = page.options or Options()
    records = [r for r in requests_from_events(artifact.get("events") or ()) if not browsers_own(r)]
    on_wire = [r for r in records if not r.from_cache]
    timing = artifact.get("timing") or {}

    page_host = (urlsplit(page.final_url or page.url).hostname or "").lower()
    by_type = {key: 0 for key in TYPE_KEYS}
    first_party = third_party = 0
    for r in on_wire:
        by_type[type_key(r.type)] += r.transfer_bytes
        if same_party(page_host, (urlsplit(r.url).hostname or "")):
            first_party += r.transfer_bytes
        else:
            third_party += r.transfer_bytes
    transfer = sum(r.transfer_bytes for r in on_wire)
    fonts = [r for r in on_wire if r.type == "Font"]
    price = float(options.price_per_gb_gbp)

    applied = options.throttle == "applied"
    throttle = PROFILES.get(options.throttle_profile)
    plan = load_plan(records, timing, latency_offset_ms=throttle.rtt_ms if applied and throttle else 0.0)
    load_ms = {name: round(estimate_load_ms(plan, p.rtt_ms, p.down_kbps)) for name, p in PROFILES.items()}

    metrics: dict[str, Any] = {
        "transfer_bytes": transfer,
        "body_bytes": sum(r.body_bytes for r in on_wire),
        "requests": len(on_wire),
        "bytes_by_type": by_type,
        "first_party_bytes": first_party,
        "third_party_bytes": third_party,
        "load_ms": load_ms,
        "network_profiles": {name: p.to_dict() for name, p in PROFILES.items()},
        "simulated_requests": len(plan.requests),
        "load_ms_truncated": plan.truncated,
        "data_cost_gbp": round(transfer / 1e9 * price, 4),
        "price_per_gb_gbp": price,
        "font_count": len(fonts),
        "web_fonts": list(dict.fromkeys(_short_url(r.url) for r in fonts))[:MAX_LISTED_FONTS],
        "largest_requests": [
            {"url": _short_url(r.url), "type": type_key(r.type), "transfer_bytes": r.transfer_bytes, "header_bytes": r.header_bytes, "body_bytes": r.body_bytes}
            for r in sorted(on_wire, key=lambda r: -r.transfer_bytes)[:MAX_LARGEST]
        ],
        "unfinished_requests": sum(1 for r in on_wire if r.unfinished),
        "unfinished": [
            {"url": _short_url(r.url), "type": type_key(r.type), "received_bytes": r.transfer_bytes, "content_length": r.content_length}
            for r in on_wire if r.unfinished
        ][:MAX_LARGEST],
    }
    load_3g: tuple[float, str] | None = None
    was_measured = False
    if BUDGET_PROFILE in load_ms:
        load_3g = (load_ms[BUDGET_PROFILE], "Estimated from the page's recorded requests")
    if applied:
        measured = timing.get("loadEventEnd")
        if isinstance(measured, (int, float)) and measured > 0:
            metrics["load_ms_applied"] = round(measured)
            metrics["throttle_profile"] = options.throttle_profile
            if options.throttle_profile == BUDGET_PROFILE:
                load_3g, was_measured = (float(measured), "Measured with the page loaded under throttling"), True

    page_url, html = page.url, Target("html", str(artifact.get("html") or "") or "<html>")
    findings = budget_findings(RULE, page_url, html, metrics, options, load_3g)
    busy = main_thread_ms(artifact.get("main_thread_cpu_ms"))
    if busy is not None and load_3g is not None:
        if was_measured:
            counted = busy
        else:  # the simulation adds the recorded time from the last response to the load event as it was:
            # the long tasks in it (wall-clock) are the page's work it holds, at most all of the processor time
            load_end = float(timing.get("loadEventEnd") or 0.0)
            counted = busy_within((artifact.get("main_thread") or {}).get("tasks"), load_end - plan.tail_ms, load_end)
        low_end = low_end_load_ms(load_3g[0], busy, counted)
        metrics["main_thread_ms"], metrics["load_ms_low_end"] = round(busy), round(low_end)
        slow = low_end_finding(RULE["slow-load-on-low-end-phone"], page_url, html, low_end, busy, load_3g, options.budget_load_ms_low_end)
        if slow is not None:
            findings.append(slow)
    uncompressed = compression_findings(page_url, html, on_wire)
    uncached = caching_findings(page_url, html, on_wire)
    oversized = image_findings(page_url, html, artifact.get("images") or (), artifact.get("device_pixel_ratio") or 1.0, records)
    metrics["uncompressed_responses"] = len(uncompressed)
    metrics["uncached_responses"] = len(uncached)
    metrics["oversized_images"] = len(oversized)
    # One finding per response or image, at most MAX_FINDINGS_PER_RULE of each
    # (the metrics count them all).
    findings += uncompressed[:MAX_FINDINGS_PER_RULE] + uncached[:MAX_FINDINGS_PER_RULE] + oversized[:MAX_FINDINGS_PER_RULE]
    font = font_finding(page_url, html, fonts)
    if font is not None:
        findings.append(font)
    notes = ()
    if plan.truncated:
        notes = (f"Bandwidth: the page made {plan.considered:,} requests before its load event; the load times are estimated "
                 f"from the first {len(plan.requests):,} of them, so they are lower than the page's own",)
    return CheckResult(findings=tuple(findings), metrics=metrics, notes=notes)


CHECK = Check(id=CHECK_ID, title="Low bandwidth: page weight, load time on slow networks, data cost", needs=("network",), evaluate=evaluate, rules=RULES, parse_options=parse_options,
              metrics=METRICS, profiles=("low-bandwidth",))
