"""Where the pages of a run come from besides a list: the crawl, and the
pages the run's sitemaps list.

- :class:`Frontier`: the crawl queue's gatekeeper. It admits a discovered link
  when it is on the same host as a start page, within ``max_depth`` and
  ``max_pages``, matches the include/exclude patterns, was not seen before,
  and robots.txt allows it (:class:`~auditor.robots.RobotsRules`, RFC 9309).
- :func:`sitemap_targets`: the pages the config's sitemaps list
  (:mod:`auditor.sitemaps`), through the same patterns and robots.txt.

Both build on :mod:`auditor.addresses` (one form per page, so no page is
audited twice). A page robots.txt keeps out is not dropped without a word:
sitemaps and the frontier return it as a :class:`~auditor.model.SkippedPage`,
which every report lists with its reason.

Network reads (sitemaps, robots.txt) use the tool's own User-Agent and an
overall deadline, the run's ``--timeout`` (:mod:`auditor.fetch`): a server
that sends a byte at a time cannot hold a run. The pages themselves are
loaded by the browser engine.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import urlsplit

from .addresses import dedupe_key, is_http, normalise_address, normalise_target
from .config import AuditConfig, ConfigError
from .engines.base import Visit
from .model import SkippedPage
from .offloop import off_loop
from .robots import RobotsRules, robots_for
from .sitemaps import SitemapError, SitemapPages, fetch_bytes, sitemap_pages

__all__ = [
    "Frontier", "admit_links", "compile_patterns", "is_page_link", "page_links", "passes_patterns", "refusal",
    "sitemap_targets",
    # Page addresses in the form a run stores them (:mod:`auditor.addresses`),
    # importable from here too, with the targets they name.
    "normalise_address", "normalise_target",
]

MAX_LINKS_PER_PAGE = 2000

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


def is_page_link(url: str) -> bool:
    """An http(s) address that is not obviously a file download."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not NOT_PAGES.search(parts.path)


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
                    hidden: Callable[[str], bool] = lambda url: False, patterns: Patterns | None = None) -> "Frontier":
        """The crawl of ``config``; ``patterns``: its include and exclude
        patterns as the run's settings compiled them (compiled here if not)."""
        include, exclude = patterns or (compile_patterns(config.include), compile_patterns(config.exclude))
        seeds = [normalise_target(u) for u in config.crawl]
        depths = dict(depths or {s: 0 for s in seeds})
        frontier = cls(
            hosts={urlsplit(u).netloc for u in (*seeds, *depths)},  # a resumed crawl keeps the hosts it reached
            max_pages=config.max_pages,
            max_depth=config.max_depth,
            include=include,
            exclude=exclude,
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


Patterns = tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]
"""Include and exclude patterns, compiled."""


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


def sitemap_targets(config: AuditConfig, hidden: Callable[[str], bool] = lambda url: False, patterns: Patterns | None = None) -> SitemapPages:
    """The pages the config's sitemaps list, filtered by patterns and robots.txt,
    at most ``max_pages``; those robots.txt keeps out (or whose address holds
    a secret, by ``hidden``) are returned as skipped."""
    if not config.sitemap:
        return SitemapPages([], [])
    for url in config.sitemap:
        if not is_http(url):
            raise SitemapError(f"sitemap must be an http(s) address: {url!r}")
    get = lambda url: fetch_bytes(url, contact=config.contact, deadline_s=config.timeout)  # noqa: E731
    include, exclude = patterns or (compile_patterns(config.include), compile_patterns(config.exclude))
    robots = robots_for(config)
    return sitemap_pages(
        config.sitemap,
        get,
        limit=config.max_pages,
        keep=lambda url: passes_patterns(url, include, exclude),
        refuse=lambda url: refusal(url, robots, hidden),
    )
