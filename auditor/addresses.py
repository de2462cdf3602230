"""One form per page address, so that no page is audited twice.

:func:`normalise_target` is the form a crawl or a sitemap audits (fragments
and tracking parameters dropped, host lower-cased, default ports dropped);
:func:`dedupe_key` makes ``/a`` and ``/a/`` one page; :func:`normalise_address`
is the gentler form of an address given to audit. Pure functions of a string:
sitemaps, robots.txt and the crawl all use them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .model import canonical_netloc

TRACKING_PARAMS = frozenset({"gclid", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "wbraid", "gbraid"})
"""Query parameters that say where a visitor came from, not what the page is."""


def normalise_target(url: str) -> str:
    """The form of a page address a crawl or sitemap audits: fragment and
    tracking parameters (``utm_*``, ``gclid``...) dropped, scheme and host
    lower-cased, default port dropped, an empty path written ``/``."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme.lower(), canonical_netloc(parts), parts.path or "/", urlencode(query, doseq=True) if query else "", ""))


def normalise_address(url: str) -> str:
    """One form of an address given to audit, so one page is one row however
    it was written: scheme and host lower-cased, the default port dropped,
    an empty path written ``/``, the fragment dropped (it names a place in
    the page, not another page). Unlike :func:`normalise_target` it keeps
    the query whole and any credentials, which the run hides from what it
    stores (:func:`auditor.redact.hide_credentials`) but still uses."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    return urlunsplit((scheme, canonical_netloc(parts, keep_userinfo=True), parts.path or "/", parts.query, ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def dedupe_key(url: str) -> str:
    """Two addresses with the same key are the same page: the normalised form
    without a trailing slash (``/guide/`` and ``/guide`` are one page)."""
    parts = urlsplit(normalise_target(url))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def origin(url: str) -> str:
    parts = urlsplit(normalise_target(url))
    return f"{parts.scheme}://{parts.netloc}"


def is_http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")
