"""Where the pages of a run come from besides a list: sitemaps and crawling.

Three parts, each usable alone:

- :func:`normalise_target` and :func:`dedupe_key`: one form per page, so no page
  is audited twice (fragments and tracking parameters dropped, host lower-cased,
  default ports dropped; ``/a`` and ``/a/`` count as one page).
- :func:`read_sitemaps`: sitemap files and sitemap indexes (gzip too), read
  safely: a DTD or entity declaration is refused (no entity expansion, so no
  "billion laughs"), each file is bounded in bytes (compressed and expanded)
  and in URLs, and nested indexes are followed to a bounded depth.
- :class:`Frontier`: the crawl queue's gatekeeper. It admits a discovered link
  when it is on the same host as a start page, within ``max_depth`` and
  ``max_pages``, matches the include/exclude patterns, was not seen before,
  and robots.txt allows it (:class:`RobotsRules`, RFC 9309).

A page robots.txt keeps out is not dropped without a word: sitemaps and the
frontier return it as a :class:`~auditor.model.SkippedPage`, which every
report lists with its reason.

Network reads here (sitemaps, robots.txt) use the tool's own User-Agent and
an overall deadline, the run's ``--timeout`` (:mod:`auditor.fetch`): a server
that sends a byte at a time cannot hold a run. The pages themselves are
loaded by the browser engine.
"""

from __future__ import annotations

import gzip
import io
import re
import threading
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .config import AuditConfig, ConfigError
from .engines.base import Visit
from .fetch import FetchDeadline, fetch
from .model import SkippedPage, canonical_netloc
from .offloop import off_loop
from .politeness import tool_user_agent

# The sitemaps.org protocol's own limits for one file.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_DEPTH = 3
"""An index may list indexes (the protocol says it should not): followed this deep, no further."""
SITEMAP_MAX_FILES = 200
FETCH_DEADLINE_S = 30.0
"""The whole of one sitemap or robots.txt request, unless the run's ``--timeout`` says otherwise."""
ROBOTS_READ_TIMEOUT_S = 10.0
"""How long robots.txt may keep silent before the site counts as not answering."""
ROBOTS_MAX_BYTES = 500 * 1024
"""RFC 9309 section 2.5: crawlers must read at least 500 KiB of robots.txt; the rest is ignored."""
MAX_LINKS_PER_PAGE = 2000

TRACKING_PARAMS = frozenset({"gclid", "dclid", "fbclid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "wbraid", "gbraid"})
"""Query parameters that say where a visitor came from, not what the page is."""

# Links to these are files, not pages: a crawl does not open them (the
# documents family reports them from the pages that link to them).
NOT_PAGES = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|csv|zip|gz|tgz|7z|rar|exe|dmg|msi|apk|iso|"
    r"png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|mp3|wav|ogg|m4a|mp4|m4v|webm|mov|avi|"
    r"css|js|mjs|json|xml|txt|ics|woff2?|ttf|otf|eot)$",
    re.IGNORECASE,
)

LINKS_SCRIPT = """(limit) => [...document.querySelectorAll('a[href], area[href]')]
  .slice(0, limit).map((a) => a.href).filter((h) => typeof h === 'string')"""


class SitemapError(ConfigError):
    """A sitemap that cannot be read, or that breaks a safety limit."""


# --- URL normalisation --------------------------------------------------------


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


def is_page_link(url: str) -> bool:
    """An http(s) address that is not obviously a file download."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not NOT_PAGES.search(parts.path)


# --- fetching -----------------------------------------------------------------


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


# --- sitemaps -----------------------------------------------------------------


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


def is_http(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


# --- robots.txt ---------------------------------------------------------------


ROBOTS_TOKEN = "inclusion-auditor"
"""The product token robots.txt rules name to address this tool."""


class RobotsRules:
    """robots.txt per origin, fetched once each, as RFC 9309 says: a 4xx
    answer means no rules; a 5xx answer or no answer at all means everything
    is disallowed (the site may be in trouble: leave it alone). So does an
    answer that does not arrive in full by the fetch deadline."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._rules: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        """Each site's rules, or why none apply: "" (none: everything
        allowed) or a :data:`~auditor.model.SKIP_REASONS` key (nothing allowed)."""

    def _load(self, site: str) -> urllib.robotparser.RobotFileParser | str:
        try:
            status, body = self._fetch(f"{site}/robots.txt")
        except FetchDeadline:
            return "robots-too-slow"
        except (OSError, SitemapError):
            return "robots-unavailable"
        if 400 <= status < 500:
            return ""
        if status >= 500:
            return "robots-unavailable"
        parser = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return parser

    def allowed(self, url: str) -> bool:
        return not self.refusal(url)

    def refusal(self, url: str) -> str:
        """Empty when robots.txt lets this tool load ``url``; otherwise why
        not, as a :data:`~auditor.model.SKIP_REASONS` key."""
        site = origin(url)
        if site not in self._rules:
            self._rules[site] = self._load(site)
        rules = self._rules[site]
        if isinstance(rules, str):
            return rules
        return "" if rules.can_fetch(ROBOTS_TOKEN, url) else "robots-disallowed"

    def crawl_delay(self, url: str) -> float | None:
        """The ``Crawl-delay`` robots.txt asks of this tool on ``url``'s site
        (already read by :meth:`allowed`), or None."""
        rules = self._rules.get(origin(url))
        if rules is None or isinstance(rules, str):
            return None
        delay = rules.crawl_delay(ROBOTS_TOKEN)
        return float(delay) if delay is not None else None


def robots_for(config: AuditConfig) -> RobotsRules | None:
    """The run's robots.txt rules, or None with ``obey_robots`` off. Each
    robots.txt has the run's ``--timeout`` to arrive in full."""
    if not config.obey_robots:
        return None
    return RobotsRules(lambda url: fetch_bytes(url, contact=config.contact, limit=ROBOTS_MAX_BYTES, deadline_s=config.timeout,
                                               read_timeout_s=ROBOTS_READ_TIMEOUT_S, truncate=True))


# --- the crawl frontier -------------------------------------------------------


@dataclass
class Frontier:
    """Decides which discovered links join the run.

    ``seen`` holds the dedupe keys of every target the run already has, so a
    resumed run never adds a page twice; ``depth`` the crawl depth of each
    crawled target (start pages are depth 0)."""

    hosts: set[str]
    """Hosts of the crawl: those of its start pages, and where they redirect."""
    max_pages: int
    max_depth: int
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    robots: RobotsRules | None = None
    hidden: Callable[[str], bool] = lambda url: False
    """Whether an address holds a value read from the environment: such a link is not followed."""
    seen: set[str] = field(default_factory=set)
    depth: dict[str, int] = field(default_factory=dict)
    admitted: int = 0
    skipped: list[SkippedPage] = field(default_factory=list)
    """Links robots.txt keeps out, found since :meth:`take_skipped` was last called."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """Workers admit links from threads (robots.txt is fetched off the event loop)."""

    @classmethod
    def from_config(cls, config: AuditConfig, known_targets: Sequence[str], depths: dict[str, int] | None = None,
                    hidden: Callable[[str], bool] = lambda url: False) -> "Frontier":
        seeds = [normalise_target(u) for u in config.crawl]
        depths = dict(depths or {s: 0 for s in seeds})
        frontier = cls(
            hosts={urlsplit(u).netloc for u in (*seeds, *depths)},  # a resumed crawl keeps the hosts it reached
            max_pages=config.max_pages,
            max_depth=config.max_depth,
            include=compile_patterns(config.include),
            exclude=compile_patterns(config.exclude),
            robots=robots_for(config),
            hidden=hidden,
        )
        frontier.seen = {dedupe_key(u) for u in known_targets}
        frontier.depth = depths
        frontier.admitted = len(frontier.depth)
        return frontier

    def arrived(self, url: str, final_url: str) -> None:
        """``url`` was loaded and ended at ``final_url``: that address is not
        audited again, and a start page that redirects to another host (as
        ``example.org`` to ``www.example.org``) takes the crawl to that host."""
        with self._lock:
            self.seen.add(dedupe_key(final_url))
            if self.depth.get(url) == 0 and is_http(final_url):
                self.hosts.add(urlsplit(normalise_target(final_url)).netloc)

    def wants_links_of(self, url: str) -> bool:
        """Whether a page's links are worth reading: it was crawled and is
        not yet at the maximum depth."""
        return url in self.depth and self.depth[url] < self.max_depth

    def matches(self, url: str) -> bool:
        """Same host as a start page, and through the include/exclude patterns."""
        if urlsplit(url).netloc not in self.hosts:
            return False
        return passes_patterns(url, self.include, self.exclude)

    def depths(self) -> dict[str, int]:
        """A copy of each crawled page's depth, safe to store while workers crawl on."""
        with self._lock:
            return dict(self.depth)

    def admit(self, parent: str, links: Iterable[str]) -> list[str]:
        """The links of ``parent`` that join the run, normalised, in page order."""
        with self._lock:
            return self._admit(parent, links)

    def take_skipped(self) -> list[SkippedPage]:
        """The links refused since the last call (each link is decided once)."""
        with self._lock:
            taken, self.skipped = self.skipped, []
            return taken

    def _admit(self, parent: str, links: Iterable[str]) -> list[str]:
        if not self.wants_links_of(parent):
            return []
        added: list[str] = []
        for link in links:
            if self.admitted >= self.max_pages:
                break
            if not is_page_link(link):
                continue
            url = normalise_target(link)
            key = dedupe_key(url)
            if key in self.seen or not self.matches(url):
                continue
            self.seen.add(key)  # decided once, allowed or not
            reason = refusal(url, self.robots, self.hidden)
            if reason:
                self.skipped.append(SkippedPage(url, reason, parent))
                continue
            self.depth[url] = self.depth[parent] + 1
            self.admitted += 1
            added.append(url)
        return added


def refusal(url: str, robots: RobotsRules | None, hidden: Callable[[str], bool]) -> str:
    """Why a page found is left alone (a :data:`~auditor.model.SKIP_REASONS`
    key), or empty: its address holds a secret, or robots.txt keeps it out."""
    if hidden(url):
        return "secret-in-address"
    return robots.refusal(url) if robots is not None else ""


def compile_patterns(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ConfigError(f"include/exclude pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return tuple(compiled)


def passes_patterns(url: str, include: Sequence[re.Pattern[str]], exclude: Sequence[re.Pattern[str]]) -> bool:
    """Any include pattern found in the URL (or none given), and no exclude pattern."""
    if include and not any(p.search(url) for p in include):
        return False
    return not any(p.search(url) for p in exclude)


async def page_links(visit: Visit) -> list[str]:
    """The links of the page as rendered (absolute, as the browser resolved them)."""
    links: Any = await visit.evaluate(LINKS_SCRIPT, MAX_LINKS_PER_PAGE)
    return [link for link in links if isinstance(link, str)] if isinstance(links, list) else []


async def admit_links(frontier: Frontier, parent: str, links: list[str]) -> list[str]:
    """:meth:`Frontier.admit` off the event loop (robots.txt may be fetched,
    within its deadline), on a thread a cancelled run does not wait for."""
    return await off_loop(frontier.admit, parent, links)


# --- the run's starting targets -----------------------------------------------


def sitemap_targets(config: AuditConfig, hidden: Callable[[str], bool] = lambda url: False) -> SitemapPages:
    """The pages the config's sitemaps list, filtered by patterns and robots.txt,
    at most ``max_pages``; those robots.txt keeps out (or whose address holds
    a secret, by ``hidden``) are returned as skipped."""
    if not config.sitemap:
        return SitemapPages([], [])
    for url in config.sitemap:
        if not is_http(url):
            raise SitemapError(f"sitemap must be an http(s) address: {url!r}")
    get = lambda url: fetch_bytes(url, contact=config.contact, deadline_s=config.timeout)  # noqa: E731
    include, exclude = compile_patterns(config.include), compile_patterns(config.exclude)
    robots = robots_for(config)
    return sitemap_pages(
        config.sitemap,
        get,
        limit=config.max_pages,
        keep=lambda url: passes_patterns(url, include, exclude),
        refuse=lambda url: refusal(url, robots, hidden),
    )
