"""Which site a host belongs to: its registrable domain, by the Public
Suffix List (https://publicsuffix.org/list/), as browsers decide what is
"same site" for cookies and site isolation.

The list ships with the ``publicsuffixlist`` package (its version, and so the
list's date, is pinned in pyproject.toml). Both sections of the list count:
the ICANN suffixes (``gov.uk``, ``co.uk``) and the private ones that hosting
services declare (``service.gov.uk``, ``github.io``), so two services on
``*.service.gov.uk`` are two sites, as a browser keeps them apart.

A host with no registrable domain (an IP address, ``localhost``, a bare
suffix such as ``gov.uk``) is its own site. Loopback hosts are named by
:func:`is_loopback`: browsers treat them as secure contexts
(https://www.w3.org/TR/secure-contexts/#is-origin-trustworthy), so the
transport rules leave them out.
"""

from __future__ import annotations

import functools
import ipaddress

from publicsuffixlist import PublicSuffixList


@functools.lru_cache(maxsize=1)
def _list() -> PublicSuffixList:
    """Parsed once, on first use (about 10 ms)."""
    return PublicSuffixList()


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def clean_host(host: str) -> str:
    return (host or "").strip().lower().rstrip(".")


@functools.lru_cache(maxsize=4096)
def site_of(host: str) -> str:
    """The registrable domain of ``host`` (``www.a.service.gov.uk`` ->
    ``a.service.gov.uk``), or the host itself when it has none."""
    host = clean_host(host)
    if not host or _ip(host) is not None:
        return host
    return _list().privatesuffix(host) or host


def same_site(one: str, other: str) -> bool:
    """Whether two hosts belong to one site (one registrable domain); IP
    addresses only when equal."""
    return site_of(one) == site_of(other)


def is_loopback(host: str) -> bool:
    """``localhost``, a name under ``.localhost``, or a loopback address
    (127.0.0.0/8, ::1): a page on the auditor's own machine."""
    host = clean_host(host)
    ip = _ip(host)
    if ip is not None:
        return ip.is_loopback
    return host == "localhost" or host.endswith(".localhost")
