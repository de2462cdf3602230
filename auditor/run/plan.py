"""What a run is given, worked out before any page is opened: its targets,
the addresses it loads, the journeys it walks, the values it hides, its
settings as stored, how many pages it keeps in flight, and the names of the
inputs it keeps in the store."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from ..auth import env_secrets
from ..collectors import Collector, plan
from ..config import AuditConfig
from ..errors import ConfigError
from ..journeys import Journey
from ..model import SkippedPage
from ..redact import Redactor, address_secrets, hide_credentials
from ..registry import RunSettings
from ..targets import normalise_address, normalise_target, sitemap_targets
from ..words import plural

CRAWL_DEPTHS = "crawl_depths"
"""Run input: each crawled page's depth, so a resumed crawl keeps its limits."""
CRAWL_LINKS = "crawl_links"
"""Run input: the links of crawled pages already stored whose links were not
yet weighed (robots.txt), by page: ``{url: {"final_url", "links"}}``."""


def checked_journeys(settings: RunSettings) -> list[Journey]:
    """The run's journeys, every variable they read set (ConfigError otherwise)."""
    journeys = list(settings.journeys)
    missing = [name for j in journeys for name in j.missing_env()]
    if missing:
        raise ConfigError(f"a journey step reads the environment variable {missing[0]}, which is not set")
    return journeys


def run_redactor(config: AuditConfig, journeys: Sequence[Journey], addresses: Iterable[str] = ()) -> Redactor:
    """Hides every value the run reads from the environment (its journeys'
    ``value_env`` and its ``[auth]`` secrets) and the passwords written in
    its addresses (``addresses``, and its journeys' start pages)."""
    return Redactor.of([*env_secrets(config.auth), *(pair for journey in journeys for pair in journey.env_values()),
                        *address_secrets([*addresses, *(journey.start for journey in journeys)])])


def given_addresses(urls: Sequence[str]) -> dict[str, str]:
    """The addresses given to audit, one per page (:func:`normalise_address`:
    ``HTTP://Host/a#top`` is ``http://host/a``), by the name the run gives
    each: the address with any credentials hidden (``http://***@host/``).
    The first of two addresses with one name wins."""
    addresses: dict[str, str] = {}
    for url in urls:
        address = normalise_address(url)
        addresses.setdefault(hide_credentials(address), address)
    return addresses


def stored_settings(config: AuditConfig, addresses: Mapping[str, str]) -> AuditConfig:
    """The run's settings as stored and reported: its pages by their names,
    and no address with credentials written in it."""
    return config.replace(
        urls=tuple(addresses),
        sitemap=tuple(hide_credentials(u) for u in config.sitemap),
        crawl=tuple(hide_credentials(u) for u in config.crawl),
        webdriver_url=hide_credentials(config.webdriver_url),
        browser_ws=tuple(hide_credentials(ws) for ws in config.browser_ws),
    )


def run_targets(settings: RunSettings, journeys: Sequence[Journey], addresses: Mapping[str, str],
                redactor: Redactor) -> tuple[list[str], list[SkippedPage]]:
    """The run's targets, each once (addresses given, the sitemaps' pages,
    the crawl's start pages, the journeys' checkpoints), and the sitemaps'
    pages left alone; ConfigError when there is nothing to audit."""
    config = settings.config
    listed = sitemap_targets(config, hidden=redactor.contains, patterns=settings.patterns)
    targets = [*addresses, *listed.pages, *(normalise_target(u) for u in config.crawl)]
    targets += [key for journey in journeys for key in journey.targets()]
    if not targets:
        raise ConfigError("no pages to audit: give URLs, a sitemap, a crawl start page or a journey")
    return list(dict.fromkeys(targets)), list(listed.skipped)


def start_depths(config: AuditConfig) -> dict[str, int]:
    """A new crawl's :data:`CRAWL_DEPTHS`: each start page at depth 0."""
    return {normalise_target(u): 0 for u in config.crawl}


def redacted_skip(redactor: Redactor, page: SkippedPage) -> SkippedPage:
    return replace(page, url=redactor.text(page.url), found_on=redactor.text(page.found_on))


def is_journey_key(target: str) -> bool:
    """A target naming a journey's checkpoint (:meth:`Journey.key`), not a page to load."""
    return "#journey=" in target


def separate_visits(settings: RunSettings) -> list[Collector]:
    """The run's collectors that load each page again in a visit of their own,
    while the page is read: each holds a browser session of its own then."""
    return [c for c in plan({n for check in settings.checks for n in check.needs}) if c.separate_visit]


def pages_in_flight(settings: RunSettings, slots: int | None) -> tuple[int, str]:
    """How many pages the run audits at once on a browser service of
    ``slots`` sessions (None: no limit known), and why, when that is fewer
    than ``concurrency``.

    A page that needs one session may wait in the service's queue: another
    page ends and frees a slot. A page that needs two holds one while it asks
    for the other, so as many such pages as slots would each hold one and
    wait for ever (or until the service's queue gives up on them): they are
    kept to ``slots // sessions`` at once. A service with fewer slots than a
    page needs can audit no page: ConfigError."""
    concurrency = settings.config.concurrency
    extra = separate_visits(settings)
    if slots is None or not extra:
        return concurrency, ""
    need = 1 + len(extra)
    why = "; ".join(f"the {c.id} family loads it again" + ("" if c.javascript else " without JavaScript") for c in extra)
    if slots < need:
        raise ConfigError(f"the Grid has {plural(slots, 'slot')}, and each page needs {need} browser sessions at once ({why}): "
                          f"give the Grid {'a second slot' if need == 2 else f'{need} slots'}, or leave {extra[0].id} out with --checks")
    fits = slots // need
    if concurrency <= fits:
        return concurrency, ""
    return fits, (f"{plural(fits, 'page')} in flight, not {concurrency}: each page needs {need} browser sessions at once ({why}) "
                  f"and the Grid has {plural(slots, 'slot')}")
