"""Trust: what a page does with the data of the people who use it, judged
against two public anchors: Mozilla's HTTP Observatory tests
(https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring)
and the UK National Cyber Security Centre's guidance on securing websites
and on HTTPS (https://www.ncsc.gov.uk/collection/protecting-internet-facing-services,
https://www.ncsc.gov.uk/information/tls-external-facing-services). People
who fear for their data stop using a service, or never start.

Reads the ``trust`` artifact (:mod:`auditor.collectors.trust`: cookies,
scripts and stylesheets, forms, personal-data fields) and the ``network``
artifact's log (the page's response headers, every request made while it
loaded, with its bytes).

Rules (group ``privacy`` unless said; no WCAG criterion unless said):

``page-not-https`` (critical)
    the page is sent over plain HTTP: anyone on the way can read and change it.
``form-posts-over-http`` (critical)
    an HTTPS page's form sends its answers over plain HTTP (on an HTTP page
    the page itself is the finding: one barrier, once).
``mixed-content`` (serious)
    an HTTPS page loads files over plain HTTP (blocked ones included: the
    page is broken for everyone then).
``no-hsts`` (moderate)
    an HTTPS page without ``Strict-Transport-Security``, or whose
    ``max-age`` is under six months, the Observatory's threshold
    (:data:`HSTS_MIN_AGE_S`).
``tracking-before-consent`` (serious)
    requests to other sites, or tracking cookies, before the person has
    done anything: the log and the cookies are read after the page loaded,
    before any collector clicks or types (stage READS); not judged at a
    journey's checkpoint after steps (one may have said yes to cookies). Other sites are
    listed by registrable domain (:mod:`auditor.sites`) with the bytes each
    cost. A cookie counts as tracking when it belongs to another site or
    its name is an analytics tool's (:data:`TRACKING_COOKIES`); the page's
    own other cookies (a session, a load balancer's) may be strictly
    necessary, which needs no consent under the UK's PECR, and are counted
    in the metric only.
``third-party-script-without-sri`` (moderate)
    a script or stylesheet from another site without ``integrity``: if that
    site is broken into, its code runs in the service's page.
``missing-security-headers`` (moderate)
    one finding naming which of ``Content-Security-Policy`` (header or
    ``<meta>``), ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy``
    (header or ``<meta name=referrer>``; ``unsafe-url`` counts as none) the
    page lacks.
``insecure-cookie`` (moderate)
    one finding listing cookies without ``Secure`` (on an HTTPS page),
    without ``SameSite``, or, for a cookie named like a session (the
    Observatory asks it of those), without ``HttpOnly``.
``personal-data-autocomplete`` (serious, WCAG 1.3.5; groups cognitive,
keyboard, low-vision: people who rely on the browser to fill in what they
find hard to remember or to type)
    a field for a name, address, postcode, email, telephone or date of
    birth without an ``autocomplete`` token for that purpose, or with
    autocomplete turned off. axe-core's ``autocomplete-valid`` checks that a
    token given is a valid one, not that one is there nor that it fits the
    field: an invalid token is left to it.

Loopback pages (``localhost``, ``127.0.0.0/8``, ``::1``): browsers treat them
as secure contexts, and they are a developer's own server, not the service
as deployed; the transport and header rules (the first four, the headers,
and ``Secure``) are not judged there. Audit the deployed address for them.

Settings (``[trust]``): ``hsts_min_age_s`` (default 15,768,000 s, six
months, the Observatory's), ``own_sites`` (registrable domains that are the
service's own besides the page's, such as its CDN), ``tracking_cookies``
(more cookie name prefixes that mean tracking).

Metrics: ``cookies_before_consent`` (cookies set by the time the page
loaded), ``third_party_hosts`` (other sites' host names it called),
``third_parties`` (each other site: hosts, requests, bytes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from ..netlog import RequestRecord, requests_from_events
from ..rule import Rule, by_id
from ..sites import is_loopback, same_site, site_of
from ..words import format_bytes, plural
from .autofill import autofill_findings
from .bandwidth import browsers_own
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "trust"
PRIVACY = ("privacy",)
AUTOFILL_GROUPS = ("cognitive", "keyboard", "low-vision")
OBSERVATORY = "https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring"
NCSC_TLS = "https://www.ncsc.gov.uk/information/tls-external-facing-services"
ICO_COOKIES = "https://ico.org.uk/for-organisations/direct-marketing-and-privacy-and-electronic-communications/guide-to-pecr/guidance-on-the-use-of-storage-and-access-technologies/"
UNDERSTANDING_PURPOSE = "https://www.w3.org/WAI/WCAG22/Understanding/identify-input-purpose.html"

HSTS_MIN_AGE_S = 15_768_000
"""Six months: the HTTP Observatory's ``strict-transport-security`` test
passes a ``max-age`` of at least 15768000 seconds (see :data:`OBSERVATORY`)."""

TRACKING_COOKIES = ("_ga", "_gid", "_gat", "_gcl_", "_fbp", "_fbc", "_hj", "_pk_", "_clck", "_clsk", "mp_", "ajs_", "_uet")
"""Name prefixes of analytics and advertising cookies, as their tools'
own documentation names them (Google Analytics and Ads, Meta pixel,
Hotjar, Matomo, Microsoft Clarity and Ads, Mixpanel, Segment)."""

SESSION_NAME = re.compile(r"sess|sid\b|^sid|auth|token|login|jsessionid|phpsessid|asp\.net", re.IGNORECASE)
"""Cookie names that say they identify a signed-in session (the Observatory
asks ``HttpOnly`` of those)."""

MAX_LISTED = 10
"""Cookies, files or other sites named in one finding at most (the metrics
count them all)."""
MAX_FINDINGS_PER_RULE = 20

RULES = (
    Rule("page-not-https", ID, "critical", (), PRIVACY, NCSC_TLS,
         "The page is sent over plain HTTP, so anyone on the network can read or change what people see and send.",
         "Serve every page over HTTPS and redirect HTTP to it.", fixed_by="hosting"),
    Rule("form-posts-over-http", ID, "critical", (), PRIVACY, NCSC_TLS,
         "A form on a secure page sends people's answers over plain HTTP.",
         "Make the form's action an https:// address.", fixed_by="code"),
    Rule("mixed-content", ID, "serious", (), PRIVACY, OBSERVATORY,
         "A secure page loads files over plain HTTP, which can be read or changed on the way (or are blocked, breaking the page).",
         "Load every file over HTTPS.", fixed_by="code"),
    Rule("no-hsts", ID, "moderate", (), PRIVACY, OBSERVATORY,
         "The page does not tell browsers to always use HTTPS for this site (HSTS, for at least six months).",
         "Send Strict-Transport-Security: max-age=31536000 (a year) on every HTTPS response.", fixed_by="hosting"),
    Rule("tracking-before-consent", ID, "serious", (), PRIVACY, ICO_COOKIES,
         "The page calls other sites or sets tracking cookies before people have done anything, so before they could agree.",
         "Load analytics, advertising and other third-party services only after people agree, and host what the page needs yourself."),
    Rule("third-party-script-without-sri", ID, "moderate", (), PRIVACY, OBSERVATORY,
         "A script or stylesheet from another site is loaded without an integrity check, so that site can change what runs in the page.",
         "Add integrity (a hash of the file) and crossorigin to the tag, or host the file yourself."),
    Rule("missing-security-headers", ID, "moderate", (), PRIVACY, OBSERVATORY,
         "The page lacks headers that protect people's data: a content security policy, nosniff, or a referrer policy.",
         "Send Content-Security-Policy, X-Content-Type-Options: nosniff and Referrer-Policy: strict-origin-when-cross-origin.",
         fixed_by="hosting"),
    Rule("insecure-cookie", ID, "moderate", (), PRIVACY, OBSERVATORY,
         "Cookies are set without the flags that keep them from other sites and scripts (Secure, HttpOnly, SameSite).",
         "Set cookies with Secure and SameSite=Lax (or Strict), and HttpOnly for those that identify a session."),
    Rule("personal-data-autocomplete", ID, "serious", ("1.3.5",), AUTOFILL_GROUPS, UNDERSTANDING_PURPOSE,
         "A field for personal details does not let the browser fill it in, which people who find typing or remembering hard rely on.",
         "Give the field the autocomplete token for what it asks (name, email, tel, postal-code, bday...) and never turn autocomplete off."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("cookies_before_consent", "Cookies set before consent", "count",
           "Cookies the browser held once the page had loaded, before anyone did anything.", noun="cookie", shown="if-any"),
    Metric("third_party_hosts", "Other sites called", "count",
           "Host names of other sites the page called while it loaded.", noun="host", shown="if-any"),
)


@dataclass(frozen=True)
class Options:
    """The ``[trust]`` table."""

    hsts_min_age_s: int = HSTS_MIN_AGE_S
    own_sites: tuple[str, ...] = ()
    """Registrable domains that are the service's own besides the page's (its CDN, say)."""
    tracking_cookies: tuple[str, ...] = ()
    """Cookie name prefixes, besides :data:`TRACKING_COOKIES`, that mean tracking."""


def _strings(table: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"[trust] {name} must be a list of strings")
    return tuple(v.strip().lower() if name == "own_sites" else v.strip() for v in value)


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[trust]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    age = table.get("hsts_min_age_s", HSTS_MIN_AGE_S)
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        raise ValueError("[trust] hsts_min_age_s must be a whole number of seconds, 0 or more")
    return Options(age, _strings(table, "own_sites"), _strings(table, "tracking_cookies"))


# --- transport and headers ------------------------------------------------------


def document_headers(events: Iterable[Mapping[str, Any]], final_url: str) -> dict[str, str] | None:
    """The response headers of the page itself (lower-cased names): the
    last ``Document`` response for the page's final address, else the first
    ``Document`` response; None when the log has none."""
    first = chosen = None
    for event in events:
        params = event.get("params") or {}
        if event.get("method") != "Network.responseReceived" or params.get("type") != "Document":
            continue
        response = params.get("response") or {}
        headers = {str(k).lower(): str(v) for k, v in (response.get("headers") or {}).items()}
        first = headers if first is None else first
        if str(response.get("url", "")) == final_url:
            chosen = headers
    return chosen if chosen is not None else first


def hsts_max_age(value: str) -> int | None:
    """``max-age`` of a Strict-Transport-Security value, None if it has none."""
    match = re.search(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?", value or "", re.IGNORECASE)
    return int(match.group(1)) if match else None


def missing_headers(headers: Mapping[str, str], meta_csp: Sequence[str] = (), meta_referrer: Sequence[str] = ()) -> list[str]:
    """The protective headers the page lacks, in a fixed order."""
    missing = []
    if not headers.get("content-security-policy", "").strip() and not meta_csp:
        missing.append("Content-Security-Policy")
    if headers.get("x-content-type-options", "").strip().lower() != "nosniff":
        missing.append("X-Content-Type-Options: nosniff")
    policies = [p.strip().lower() for p in headers.get("referrer-policy", "").split(",") if p.strip()] + list(meta_referrer)
    if not policies or policies[-1] == "unsafe-url":
        missing.append("Referrer-Policy")
    return missing


def _scheme_host(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower()


def _transport(out: PageFindings, page_url: str, found: Mapping[str, Any], records: Sequence[RequestRecord],
               headers: Mapping[str, str] | None, options: Options) -> None:
    scheme, host = _scheme_host(page_url)
    if is_loopback(host) or scheme not in ("http", "https"):
        return
    if scheme == "http":
        out.add("page-not-https", "The page is sent over plain HTTP.",
                "Anyone on the same network (a café's Wi-Fi, say) can read what people type and change what they see. " + RULE["page-not-https"].how_to_fix,
                "html")
    else:
        for form in list(found.get("forms") or ())[:MAX_FINDINGS_PER_RULE]:
            action_scheme, action_host = _scheme_host(str(form.get("action", "")))
            if action_scheme == "http" and not is_loopback(action_host):
                out.add("form-posts-over-http", f"A form sends its answers to {str(form.get('action'))[:120]} over plain HTTP.",
                        "What people enter can be read on the way. " + RULE["form-posts-over-http"].how_to_fix,
                        form.get("selector") or "form", form.get("snippet", ""))
        plain = list(dict.fromkeys(r.url for r in records if _scheme_host(r.url)[0] == "http"))
        if plain:
            out.add("mixed-content", f"The secure page loads {plural(len(plain), 'file')} over plain HTTP: {_listed(plain)}.",
                    RULE["mixed-content"].how_to_fix, "html")
        age = hsts_max_age((headers or {}).get("strict-transport-security", ""))
        if age is None or age < options.hsts_min_age_s:
            said = "sends no Strict-Transport-Security header" if age is None else f"sets HSTS for only {age:,} seconds"
            out.add("no-hsts", f"The page {said}.",
                    f"Without HSTS for at least {options.hsts_min_age_s:,} seconds, a browser may still try plain HTTP first, "
                    "where the connection can be taken over. " + RULE["no-hsts"].how_to_fix, "html")
    if headers is not None:
        missing = missing_headers(headers, found.get("meta_csp") or (), found.get("meta_referrer") or ())
        if missing:
            out.add("missing-security-headers", f"The page is sent without {_and(missing)}.",
                    "A content security policy limits what injected code can do; nosniff stops files being run as something "
                    "they are not; a referrer policy keeps the page's address, which may hold personal details, from other sites. "
                    + RULE["missing-security-headers"].how_to_fix, "html")


# --- tracking ------------------------------------------------------------------


def own(page_host: str, host: str, options: Options) -> bool:
    """Whether ``host`` is the service's own: the page's site, or one of ``own_sites``."""
    return same_site(page_host, host) or site_of(host) in options.own_sites


def third_parties(page_host: str, records: Iterable[RequestRecord], options: Options) -> list[dict[str, Any]]:
    """Each other site the page called: ``{site, hosts, requests, bytes}``,
    heaviest first (bytes on the wire, as the bandwidth family counts them)."""
    sites: dict[str, dict[str, Any]] = {}
    for record in records:
        scheme, host = _scheme_host(record.url)
        if scheme not in ("http", "https", "ws", "wss") or not host or own(page_host, host, options):
            continue
        entry = sites.setdefault(site_of(host), {"site": site_of(host), "hosts": [], "requests": 0, "bytes": 0})
        if host not in entry["hosts"]:
            entry["hosts"].append(host)
        entry["requests"] += 1
        entry["bytes"] += record.transfer_bytes
    return sorted(sites.values(), key=lambda s: (-s["bytes"], s["site"]))


def tracking_cookie(cookie: Mapping[str, Any], page_host: str, options: Options) -> bool:
    """A cookie of another site, or one named as an analytics tool names its own."""
    domain = str(cookie.get("domain", "")).lstrip(".")
    name = str(cookie.get("name", ""))
    return not own(page_host, domain, options) or name.startswith(TRACKING_COOKIES + options.tracking_cookies)


def _tracking(out: PageFindings, page_host: str, cookies: Sequence[Mapping[str, Any]], others: Sequence[Mapping[str, Any]], options: Options) -> None:
    tracking = [c for c in cookies if tracking_cookie(c, page_host, options)]
    if not tracking and not others:
        return
    parts = []
    if others:
        parts.append(f"called {plural(len(others), 'other site')} ({_listed([_site_cost(s) for s in others])})")
    if tracking:
        parts.append(f"set {plural(len(tracking), 'tracking cookie')} ({_listed([_cookie_name(c) for c in tracking])})")
    out.add("tracking-before-consent", f"Before anyone did anything, the page {' and '.join(parts)}.",
            "People were not asked first, and each call tells another organisation who visited and when. "
            + RULE["tracking-before-consent"].how_to_fix, "html")


def _site_cost(site: Mapping[str, Any]) -> str:
    return f"{site['site']}: {plural(site['requests'], 'request')}, {format_bytes(site['bytes'])}"


def _cookie_name(cookie: Mapping[str, Any]) -> str:
    return f"{str(cookie.get('name', ''))[:60]} on {str(cookie.get('domain', ''))[:80]}"


def cookie_flaws(cookie: Mapping[str, Any], https: bool) -> list[str]:
    """The protective flags a cookie lacks."""
    flaws = []
    if https and not cookie.get("secure"):
        flaws.append("Secure")
    if SESSION_NAME.search(str(cookie.get("name", ""))) and not cookie.get("httpOnly"):
        flaws.append("HttpOnly")
    if not cookie.get("sameSite"):
        flaws.append("SameSite")
    return flaws


def _cookies(out: PageFindings, page_url: str, cookies: Sequence[Mapping[str, Any]]) -> None:
    scheme, host = _scheme_host(page_url)
    https = scheme == "https" and not is_loopback(host)
    flawed = [(c, flaws) for c in cookies if (flaws := cookie_flaws(c, https))]
    if flawed:
        out.add("insecure-cookie", f"{plural(len(flawed), 'cookie')} {'lacks' if len(flawed) == 1 else 'lack'} protective flags: "
                + _listed([f"{_cookie_name(c)} without {_and(f)}" for c, f in flawed]) + ".",
                RULE["insecure-cookie"].how_to_fix, "html")


def _sri(out: PageFindings, page_host: str, found: Mapping[str, Any], options: Options) -> None:
    count = 0
    for kind, items in (("script", found.get("scripts") or ()), ("stylesheet", found.get("stylesheets") or ())):
        for item in items:
            scheme, host = _scheme_host(str(item.get("url", "")))
            if item.get("integrity") or scheme not in ("http", "https") or own(page_host, host, options):
                continue
            count += 1
            if count <= MAX_FINDINGS_PER_RULE:
                out.add("third-party-script-without-sri", f"The {kind} from {site_of(host)} is loaded without an integrity check.",
                        f"If {site_of(host)} is broken into or changes the file, the new code runs in this page with people's data. "
                        + RULE["third-party-script-without-sri"].how_to_fix, item.get("selector") or kind, item.get("snippet", ""))


def _listed(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found, network = artifacts["trust"], artifacts["network"]
    options = page.options or Options()
    page_url = page.final_url or page.url
    page_host = _scheme_host(page_url)[1]
    events = network.get("events") or ()
    records = [r for r in requests_from_events(events) if not browsers_own(r)]
    cookies = found.get("cookies")
    out = PageFindings(page, RULE)
    _transport(out, page_url, found, records, document_headers(events, page_url), options)
    others = third_parties(page_host, records, options)
    steps = int(found.get("steps_taken") or 0)
    if not steps:
        _tracking(out, page_host, cookies or (), others, options)
    _sri(out, page_host, found, options)
    _cookies(out, page_url, cookies or ())
    for rule, summary, detail, field in autofill_findings(found.get("fields") or ())[:MAX_FINDINGS_PER_RULE]:
        out.add(rule, summary, detail + " " + RULE[rule].how_to_fix, field.get("selector") or "input", field.get("snippet", ""))
    metrics: dict[str, Any] = {
        "third_party_hosts": sum(len(s["hosts"]) for s in others),
        "third_parties": others[:MAX_LISTED * 2],
    }
    notes: tuple[str, ...] = ()
    if steps:
        notes = (f"Trust: the page was audited after {plural(steps, 'journey step')}, so its cookies and calls to other sites "
                 "were not judged as made before consent",)
    elif cookies is None:
        notes = ("Trust: the browser's cookies could not be read, so cookies set before consent were not checked",)
    else:
        metrics["cookies_before_consent"] = len(cookies)
    return CheckResult(findings=tuple(out), metrics=metrics, notes=notes)


CHECK = Check(
    id=ID,
    title="Trust: HTTPS, tracking before consent, security headers, autofill of personal details",
    needs=("trust", "network"),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
)
