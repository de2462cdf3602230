"""robots.txt, as RFC 9309 reads it: which pages this tool may load, and how
slowly.

Fetched once per site, with the tool's User-Agent and the run's
``--timeout`` (:func:`auditor.sitemaps.fetch_bytes`); rules are looked up
under the tool's own product token, :data:`ROBOTS_TOKEN`.
"""

from __future__ import annotations

import urllib.robotparser

from .addresses import origin
from .config import AuditConfig
from .fetch import FetchDeadline
from .sitemaps import Fetch, SitemapError, fetch_bytes

ROBOTS_READ_TIMEOUT_S = 10.0
"""How long robots.txt may keep silent before the site counts as not answering."""
ROBOTS_MAX_BYTES = 500 * 1024
"""RFC 9309 section 2.5: crawlers must read at least 500 KiB of robots.txt; the rest is ignored."""

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
