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

Settings (the ``[bandwidth]`` table of the config file), with their defaults
below: ``budget_transfer_bytes``, ``budget_script_bytes``,
``budget_image_bytes``, ``budget_requests``, ``budget_load_ms_3g``,
``price_per_gb_gbp``.

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
    bytes from the page's own site / other sites (see :func:`same_party`: an
    approximation of the registrable domain without the Public Suffix List);
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

import ipaddress
import math
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from ..model import Finding, Target, fingerprint
from ..words import bytes_against, format_bytes, plural, seconds_against
from ..netprofiles import PROFILES, NetworkProfile
from ..netsim import RequestRecord, estimate_load_ms, load_plan, requests_from_events
from .base import Check, CheckResult, Metric, PageContext

CHECK_ID = "bandwidth"
GROUPS = ("low-bandwidth",)

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
)

# Budgets. Bytes are SI (1 MB = 1,000,000 bytes), as networks bill them and as
# every output says them (auditor.words).
# - Total 1 MB: on WebPageTest's 3G profile (1.6 Mbps) 1 MB is 5 seconds of
#   transfer on its own; the median mobile page is about 2.3 MB and 66
#   requests (HTTP Archive, Web Almanac 2024, Page Weight chapter), so the
#   budget asks for less than half the typical page.
# - Scripts 300 kB and images 500 kB: the per-type budgets commonly
#   recommended for a content page (e.g. Addy Osmani's web-quality-skills
#   "Performance budgets" reference: JavaScript under 300 kB, images above
#   the fold under 500 kB); script also costs CPU time on older phones.
# - 60 requests: below the median mobile page's 66 (Web Almanac 2024); each
#   request costs at least one round trip, 300 ms on 3G.
# - 5 seconds on 3G: the target of Alex Russell's "Can You Afford It?:
#   Real-world Web Performance Budgets" (infrequently.org, 2017): interactive
#   in 5 seconds on a 3G connection and a median phone.
BUDGET_TRANSFER_BYTES = 1_000_000
BUDGET_SCRIPT_BYTES = 300_000
BUDGET_IMAGE_BYTES = 500_000
BUDGET_REQUESTS = 60
BUDGET_LOAD_MS_3G = 5_000
BUDGET_PROFILE = "3G"
SERIOUS_OVER = 2.0
"""A budget breached more than this many times over is serious, else moderate."""

# Vodafone UK "Pay as you go 1": 20p for every 5 MB of data, i.e. 4p per MB or
# £40 per GB (Vodafone UK support, "Do I have to pay £1 a day to use my phone
# on Pay as you go 1?", support.vodafone.co.uk). That plan caps spending at
# £1 a day, which a single page visit never reaches, so the per-MB rate is the
# cost of the visit.
PRICE_PER_GB_GBP = 40.0

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

DEFAULTS: Mapping[str, float] = {
    "budget_transfer_bytes": BUDGET_TRANSFER_BYTES,
    "budget_script_bytes": BUDGET_SCRIPT_BYTES,
    "budget_image_bytes": BUDGET_IMAGE_BYTES,
    "budget_requests": BUDGET_REQUESTS,
    "budget_load_ms_3g": BUDGET_LOAD_MS_3G,
    "price_per_gb_gbp": PRICE_PER_GB_GBP,
}

BUDGET_HELP = "https://www.gov.uk/service-manual/technology/how-to-test-frontend-performance"
COMPRESSION_HELP = "https://developer.chrome.com/docs/lighthouse/performance/uses-text-compression"
CACHING_HELP = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching"
IMAGE_HELP = "https://developer.chrome.com/docs/lighthouse/performance/uses-responsive-images"
FONT_HELP = "https://web.dev/articles/font-best-practices"


def settings(options: Mapping[str, Any]) -> dict[str, float]:
    """The ``[bandwidth]`` settings over the defaults; a wrong name or type raises ValueError."""
    values = dict(DEFAULTS)
    for name, value in options.items():
        if name not in DEFAULTS:
            raise ValueError(f"[bandwidth] has no setting {name!r} (settings: {', '.join(DEFAULTS)})")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"[bandwidth] {name} must be a number, not {value!r}")
        if not math.isfinite(value) or value < 0 or (value == 0 and name != "price_per_gb_gbp"):
            raise ValueError(f"[bandwidth] {name} must be a positive number, not {value!r}")
        values[name] = value
    return values


# Who is first party. There is no Public Suffix List here: two hosts are the
# same party when they are equal, when one is a subdomain of the other, or
# when they share their last two labels (three under a country's second-level
# domain such as .gov.uk or .co.uk, from the short list below). IP addresses
# are the same party only when equal. This errs on "same party" for unrelated
# sites under a private shared suffix (two github.io sites, say).
SECOND_LEVEL_LABELS = frozenset({"ac", "co", "com", "edu", "gov", "govt", "ltd", "me", "net", "nhs", "org", "plc", "police", "sch", "mil", "nic", "or", "ne", "go"})


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def site_of(host: str) -> str:
    """The approximate registrable domain of a host name."""
    host = host.lower().rstrip(".")
    if not host or _is_ip(host):
        return host
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL_LABELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_party(page_host: str, host: str) -> bool:
    page_host, host = page_host.lower().rstrip("."), host.lower().rstrip(".")
    if host == page_host:
        return True
    if _is_ip(host) or _is_ip(page_host):
        return False
    if host.endswith("." + page_host) or page_host.endswith("." + host):
        return True
    return site_of(host) == site_of(page_host)


def type_key(cdp_type: str) -> str:
    return _CDP_TYPES.get(cdp_type, "other")


def _is_text(mime: str) -> bool:
    return mime.startswith("text/") or mime in TEXT_TYPES or mime.endswith(("+json", "+xml"))


def _short_url(url: str) -> str:
    return url if len(url) <= URL_LIMIT else url[: URL_LIMIT - 1] + "…"


def _profile_phrase(profile: NetworkProfile) -> str:
    return f"{profile.down_kbps / 1000:g} Mbps down, {profile.rtt_ms:g} ms round trip"


class _Reporter:
    """Makes the findings of one page (its URL and its <html> target)."""

    def __init__(self, page: PageContext, html_snippet: str) -> None:
        self.url = page.url
        self.html = Target("html", html_snippet or "<html>")

    def finding(self, rule: str, *, impact: str, summary: str, detail: str, help_url: str, target: Target | None = None,
                key: str | None = None, outcome: str = "fail", groups: tuple[str, ...] = GROUPS) -> Finding:
        target = target or self.html
        return Finding(
            check=CHECK_ID,
            rule=rule,
            outcome=outcome,
            impact=impact,
            wcag=(),
            groups=groups,
            summary=summary,
            detail=detail,
            help_url=help_url,
            targets=(target,),
            # Page-level findings about one response are told apart by its URL.
            fingerprint=fingerprint(rule, self.url, key if key is not None else target.selector),
        )


def _budget_impact(value: float, budget: float) -> str:
    return "serious" if value > SERIOUS_OVER * budget else "moderate"


def budget_findings(report: _Reporter, metrics: Mapping[str, Any], limits: Mapping[str, float], load_3g: tuple[float, str] | None) -> list[Finding]:
    findings: list[Finding] = []
    total, budget = metrics["transfer_bytes"], limits["budget_transfer_bytes"]
    if total > budget:
        said, limit = bytes_against(total, budget)
        findings.append(report.finding(
            "page-weight-over-budget",
            impact=_budget_impact(total, budget),
            summary=f"The page transfers {said}; the budget is {limit}.",
            detail=(f"Every byte is time on a slow connection and money on pay-as-you-go data: this visit costs about "
                    f"£{metrics['data_cost_gbp']:.2f} at £{metrics['price_per_gb_gbp']:g} per GB. Remove what the page does not need "
                    f"and compress or resize the rest; the heaviest part is {_heaviest_type(metrics)}.{_unfinished_note(metrics)}"),
            help_url=BUDGET_HELP,
        ))
    scripts, budget = metrics["bytes_by_type"]["script"], limits["budget_script_bytes"]
    if scripts > budget:
        said, limit = bytes_against(scripts, budget)
        findings.append(report.finding(
            "script-weight-over-budget",
            impact=_budget_impact(scripts, budget),
            summary=f"The page's scripts transfer {said}; the budget is {limit}.",
            detail=("Scripts cost download time and then processor time: older and cheaper phones take seconds to run them. "
                    "Send only the scripts the page needs, and make its content work without them."),
            help_url=BUDGET_HELP,
            groups=("low-bandwidth", "older-devices"),
        ))
    images, budget = metrics["bytes_by_type"]["image"], limits["budget_image_bytes"]
    if images > budget:
        said, limit = bytes_against(images, budget)
        findings.append(report.finding(
            "image-weight-over-budget",
            impact=_budget_impact(images, budget),
            summary=f"The page's images transfer {said}; the budget is {limit}.",
            detail=("Images are usually the heaviest part of a page. Serve them at the size they are shown, in a modern format "
                    "(WebP or AVIF), and load images below the fold lazily (loading=\"lazy\")."),
            help_url=BUDGET_HELP,
        ))
    count, budget = metrics["requests"], limits["budget_requests"]
    if count > budget:
        findings.append(report.finding(
            "too-many-requests",
            impact=_budget_impact(count, budget),
            summary=f"The page makes {plural(count, 'request')}; the budget is {budget:g}.",
            detail=("Each request costs at least one round trip, which is hundreds of milliseconds on a mobile connection. "
                    "Combine small files, inline tiny icons as SVG, and drop what the page does not need."),
            help_url=BUDGET_HELP,
        ))
    if load_3g is not None:
        load_ms, how = load_3g
        budget = limits["budget_load_ms_3g"]
        if load_ms > budget:
            profile = PROFILES[BUDGET_PROFILE]
            said, limit = seconds_against(load_ms, budget)
            findings.append(report.finding(
                "slow-load-on-3g",
                impact=_budget_impact(load_ms, budget),
                summary=f"On a 3G connection the page would take about {said} to load; the budget is {limit}.",
                detail=(f"{how} over the {BUDGET_PROFILE} profile ({_profile_phrase(profile)}; {profile.source}). "
                        "People on slow connections give up on pages that take this long; send fewer bytes and fewer "
                        "requests, and avoid chains of requests that wait for one another."),
                help_url=BUDGET_HELP,
            ))
    return findings


def _unfinished_note(metrics: Mapping[str, Any]) -> str:
    """What the figures leave out: responses still loading when the page was read."""
    count = metrics.get("unfinished_requests") or 0
    if not count:
        return ""
    announced = sum(u["content_length"] for u in metrics.get("unfinished", ()) if u.get("content_length"))
    more = f"; the server announced {format_bytes(announced)} for them" if announced else ""
    responses = "response was" if count == 1 else "responses were"
    return f" {count} {responses} still loading when the page was read: only what had arrived is counted{more}."


def browsers_own(record: RequestRecord) -> bool:
    """A request the browser makes by itself, not the page: Chromium fetches
    the tab's icon (``/favicon.ico`` or the page's declared icon) as type
    ``Other`` with an ``other`` initiator, whenever it gets round to it
    (before the log is read on one audit, after it on the next), and once
    per site rather than per page. Left out so a page weighs the same on
    every audit."""
    return record.type == "Other" and record.initiator_type == "other"


def _heaviest_type(metrics: Mapping[str, Any]) -> str:
    by_type = metrics["bytes_by_type"]
    key = max(TYPE_KEYS, key=lambda k: by_type[k])
    names = {"document": "the HTML", "script": "scripts", "stylesheet": "stylesheets", "image": "images", "font": "fonts", "media": "audio and video", "other": "other requests"}
    return f"{names[key]} ({format_bytes(by_type[key])})"


_KIND_NAMES = {"document": "page", "script": "script", "stylesheet": "stylesheet", "image": "image", "font": "font", "media": "media file", "other": "response"}


def compression_findings(report: _Reporter, records: Sequence[RequestRecord]) -> list[Finding]:
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
        findings.append(report.finding(
            "uncompressed-text-response",
            impact="moderate" if r.body_bytes >= 100_000 else "minor",
            summary=f"A {kind} of {format_bytes(r.body_bytes)} ({r.mime}) is sent without compression.",
            detail=("Text such as HTML, CSS, JavaScript, JSON and SVG usually shrinks by two thirds or more with gzip or "
                    f"Brotli. Turn on compression for {r.mime} on the server or CDN for {_short_url(r.url)}."),
            help_url=COMPRESSION_HELP,
            target=Target("html", _short_url(r.url)),
            key=r.url,
        ))
    return findings


def caching_findings(report: _Reporter, records: Sequence[RequestRecord]) -> list[Finding]:
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
        findings.append(report.finding(
            "no-caching-headers",
            impact="minor",
            summary=f"A {kind} ({format_bytes(r.transfer_bytes)}) is sent with no caching headers, so it may be downloaded again on every visit.",
            detail=("Without Cache-Control, Expires, ETag or Last-Modified a browser cannot tell whether its copy is still good, "
                    "so people pay for the same file again. Send Cache-Control (for example max-age=31536000 for files "
                    f"with versioned names) for {_short_url(r.url)}."),
            help_url=CACHING_HELP,
            target=Target("html", _short_url(r.url)),
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


def image_findings(report: _Reporter, images: Sequence[Mapping[str, Any]], dpr: float, records: Sequence[RequestRecord]) -> list[Finding]:
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
        findings.append(report.finding(
            "oversized-image",
            impact="moderate" if wasted >= 100_000 else "minor",
            summary=(f"An image of {natural_w}×{natural_h} pixels is shown at {round(shown_w)}×{round(shown_h)}; "
                     f"it transfers {format_bytes(record.transfer_bytes)}, about {format_bytes(wasted)} more than needed."),
            detail=(f"At a device pixel ratio of {dpr:g} the image needs about {round(need_w)}×{round(need_h)} pixels. "
                    "Serve it at that size (with srcset for sharper screens) so people do not download pixels they never see."),
            help_url=IMAGE_HELP,
            target=Target(str(image.get("selector") or "img"), str(image.get("snippet") or "")[:URL_LIMIT]),
            groups=("low-bandwidth", "older-devices"),
        ))
    return findings


def font_finding(report: _Reporter, fonts: Sequence[RequestRecord]) -> Finding | None:
    if not fonts:
        return None
    total = sum(r.transfer_bytes for r in fonts)
    count = len(fonts)
    return report.finding(
        "web-fonts",
        outcome="review",
        impact="minor",
        summary=f"The page downloads {plural(count, 'web font')} ({format_bytes(total)}).",
        detail=("Each font is more to download before text shows in its intended typeface. Check every font is needed; "
                "subset fonts, serve WOFF2, limit weights and styles, or use the system font stack."),
        help_url=FONT_HELP,
    )


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    artifact = artifacts["network"]
    limits = settings(page.config.options(CHECK_ID))
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
    price = float(limits["price_per_gb_gbp"])

    applied = page.config.throttle == "applied"
    throttle = PROFILES.get(page.config.throttle_profile)
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
    if BUDGET_PROFILE in load_ms:
        load_3g = (load_ms[BUDGET_PROFILE], "Estimated from the page's recorded requests")
    if applied:
        measured = timing.get("loadEventEnd")
        if isinstance(measured, (int, float)) and measured > 0:
            metrics["load_ms_applied"] = round(measured)
            metrics["throttle_profile"] = page.config.throttle_profile
            if page.config.throttle_profile == BUDGET_PROFILE:
                load_3g = (float(measured), "Measured with the page loaded under throttling")

    report = _Reporter(page, str(artifact.get("html") or ""))
    findings = budget_findings(report, metrics, limits, load_3g)
    uncompressed = compression_findings(report, on_wire)
    uncached = caching_findings(report, on_wire)
    oversized = image_findings(report, artifact.get("images") or (), artifact.get("device_pixel_ratio") or 1.0, records)
    metrics["uncompressed_responses"] = len(uncompressed)
    metrics["uncached_responses"] = len(uncached)
    metrics["oversized_images"] = len(oversized)
    # One finding per response or image, at most MAX_FINDINGS_PER_RULE of each
    # (the metrics count them all).
    findings += uncompressed[:MAX_FINDINGS_PER_RULE] + uncached[:MAX_FINDINGS_PER_RULE] + oversized[:MAX_FINDINGS_PER_RULE]
    font = font_finding(report, fonts)
    if font is not None:
        findings.append(font)
    notes = ()
    if plan.truncated:
        notes = (f"Bandwidth: the page made {plan.considered:,} requests before its load event; the load times are estimated "
                 f"from the first {len(plan.requests):,} of them, so they are lower than the page's own",)
    return CheckResult(findings=tuple(findings), metrics=metrics, notes=notes)


CHECK = Check(id=CHECK_ID, title="Low bandwidth: page weight, load time on slow networks, data cost", needs=("network",), evaluate=evaluate, settings=settings,
              metrics=METRICS, profiles=("low-bandwidth",))
