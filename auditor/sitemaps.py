"""Sitemap files and sitemap indexes (gzip too), read safely.

A DTD or entity declaration is refused (no entity expansion, so no "billion
laughs"), each file is bounded in bytes (compressed and expanded) and in
URLs, and nested indexes are followed to a bounded depth. A page robots.txt
keeps out is not dropped without a word: :func:`sitemap_pages` returns it as
a :class:`~auditor.model.SkippedPage`, which every report lists with its
reason.

:func:`fetch_bytes` reads sitemaps and robots.txt (:mod:`auditor.robots`)
with the tool's own User-Agent and an overall deadline, the run's
``--timeout`` (:mod:`auditor.fetch`): a server that sends a byte at a time
cannot hold a run.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence
from urllib.parse import urljoin

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .addresses import dedupe_key, is_http, normalise_target, origin
from .errors import ConfigError
from .fetch import fetch
from .model import SkippedPage
from .politeness import tool_user_agent

# The sitemaps.org protocol's own limits for one file.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_DEPTH = 3
"""An index may list indexes (the protocol says it should not): followed this deep, no further."""
SITEMAP_MAX_FILES = 200
FETCH_DEADLINE_S = 30.0
"""The whole of one sitemap or robots.txt request, unless the run's ``--timeout`` says otherwise."""


class SitemapError(ConfigError):
    """A sitemap that cannot be read, or that breaks a safety limit."""


def fetch_bytes(url: str, *, contact: str = "", limit: int = SITEMAP_MAX_BYTES, deadline_s: float = FETCH_DEADLINE_S,
                read_timeout_s: float | None = None, truncate: bool = False) -> tuple[int, bytes]:
    """GET ``url`` with the tool's User-Agent, all of it within ``deadline_s``
    seconds: (status, body up to ``limit`` bytes). HTTP error statuses are
    returned, not raised; a body over the limit raises :class:`SitemapError`
    (or, with ``truncate``, is cut there); network failures raise ``OSError``,
    and a request not finished by the deadline
    :class:`~auditor.fetch.FetchDeadline` (an ``OSError`` too)."""
    response = fetch(url, deadline_s=deadline_s, read_timeout_s=read_timeout_s, limit=limit, deadline_setting="--timeout",
                     headers={"User-Agent": tool_user_agent(contact), "Accept-Encoding": "identity"})
    if response.status >= 400:
        return response.status, b""
    if response.over_limit and not truncate:
        raise SitemapError(f"{url} is larger than the {limit:,} bytes allowed")
    return response.status, response.body


Fetch = Callable[[str], tuple[int, bytes]]


def _expand(data: bytes, url: str, limit: int) -> bytes:
    """Gunzip a gzipped sitemap, refusing to expand it past ``limit`` bytes."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            expanded = stream.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise SitemapError(f"sitemap {url} is not valid gzip: {exc}") from None
    if len(expanded) > limit:
        raise SitemapError(f"sitemap {url} expands to more than the {limit} bytes allowed")
    return expanded


def parse_sitemap(data: bytes, url: str, *, max_bytes: int = SITEMAP_MAX_BYTES, max_urls: int = SITEMAP_MAX_URLS) -> tuple[str, list[str]]:
    """One sitemap file (XML or plain text, maybe gzipped) as
    ``("urlset" | "sitemapindex", locations)``.

    XML with a DTD or entity declarations is refused outright: a sitemap needs
    neither, and that is how entity-expansion attacks are built."""
    text = _expand(data, url, max_bytes)
    stripped = text.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        return "urlset", _bounded(url, _text_sitemap(stripped, url), max_urls)
    if re.match(rb"<!doctype\s+html\b", stripped[:100], re.IGNORECASE):
        raise SitemapError(f"{url} is an HTML page, not a sitemap")
    try:
        root = fromstring(stripped, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SitemapError(f"sitemap {url} refused: it declares a DTD or entities, which sitemaps never need") from None
    except ParseError as exc:
        raise SitemapError(f"sitemap {url} is not valid XML: {exc}") from None
    kind = root.tag.rsplit("}", 1)[-1]
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"{url} is not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")
    entry = "url" if kind == "urlset" else "sitemap"
    locations = (
        (loc.text or "").strip()
        for item in root
        if item.tag.rsplit("}", 1)[-1] == entry
        for loc in item
        if loc.tag.rsplit("}", 1)[-1] == "loc"
    )
    return kind, _bounded(url, (loc for loc in locations if loc), max_urls)


def _text_sitemap(data: bytes, url: str) -> Iterable[str]:
    """A text sitemap: one absolute http(s) address per line, nothing else."""
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if not is_http(line):
            raise SitemapError(f"{url} is not a sitemap: line {number} is not an http(s) address")
        yield line


def _bounded(url: str, locations: Iterable[str], max_urls: int) -> list[str]:
    found: list[str] = []
    for loc in locations:
        if len(found) >= max_urls:
            raise SitemapError(f"sitemap {url} lists more than the {max_urls} addresses allowed in one file")
        found.append(loc)
    return found


@dataclass(frozen=True)
class SitemapPages:
    """What sitemaps list: the pages to audit, and those refused on purpose."""

    pages: list[str]
    skipped: list[SkippedPage]


def read_sitemaps(urls: Sequence[str], fetch: Fetch, *, limit: int, keep: Callable[[str], bool] = lambda url: True,
                  max_depth: int = SITEMAP_MAX_DEPTH, max_files: int = SITEMAP_MAX_FILES) -> list[str]:
    """The page addresses listed by ``urls`` (sitemaps or sitemap indexes)
    that ``keep`` accepts, first come first kept, at most ``limit`` of them.
    A listed address on another host than its sitemap is skipped (the
    protocol does not allow it)."""
    return sitemap_pages(urls, fetch, limit=limit, keep=keep, max_depth=max_depth, max_files=max_files).pages


def sitemap_pages(urls: Sequence[str], fetch: Fetch, *, limit: int, keep: Callable[[str], bool] = lambda url: True,
                  refuse: Callable[[str], str] = lambda url: "", max_depth: int = SITEMAP_MAX_DEPTH,
                  max_files: int = SITEMAP_MAX_FILES) -> SitemapPages:
    """As :func:`read_sitemaps`, and a page ``keep`` accepts but ``refuse``
    gives a reason against (robots.txt) is returned as skipped, with the
    sitemap that listed it, instead of being dropped. Skipped pages do not
    count toward ``limit``."""
    pages: list[str] = []
    skipped: list[SkippedPage] = []
    seen_pages: set[str] = set()
    queue: list[tuple[str, int]] = [(u, 0) for u in urls]
    opened: set[str] = set()
    while queue and len(pages) < limit:
        url, depth = queue.pop(0)
        if url in opened:
            continue
        if len(opened) >= max_files:
            raise SitemapError(f"sitemap index {urls[0]} lists more than {max_files} sitemaps")
        opened.add(url)
        try:
            status, data = fetch(url)
        except OSError as exc:
            raise SitemapError(f"cannot read sitemap {url}: {getattr(exc, 'reason', None) or exc}") from None
        if status >= 400:
            raise SitemapError(f"cannot read sitemap {url}: the server answered HTTP {status}")
        kind, locations = parse_sitemap(data, url)
        for loc in locations:
            loc = urljoin(url, loc)
            if kind == "sitemapindex":
                if depth + 1 > max_depth:
                    raise SitemapError(f"sitemap index {url} nests indexes more than {max_depth} deep")
                queue.append((loc, depth + 1))
            elif origin(loc) == origin(url) and is_http(loc):
                key = dedupe_key(loc)
                if key not in seen_pages and len(pages) < limit:
                    seen_pages.add(key)
                    page = normalise_target(loc)
                    if not keep(page):
                        continue
                    reason = refuse(page)
                    if reason:
                        skipped.append(SkippedPage(page, reason, url))
                    else:
                        pages.append(page)
    return SitemapPages(pages, skipped)
