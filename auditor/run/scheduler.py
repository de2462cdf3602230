"""The queue of a run's targets: every URL in, one result row out per URL,
whatever happens.

Pages are taken from a queue by N workers, each with its own browser context.
A hard deadline, kept by the event loop rather than the browser, bounds a whole
visit (loading, collecting, checking): ``page.evaluate`` has no timeout of its
own and a page stuck in a busy loop never returns from axe. Transient failures
are retried (:func:`~auditor.model.worth_retry` decides which); the browser is
relaunched after a crash and every ``relaunch_every`` pages. A failure is a
value: a page that cannot be audited gets a result with an error, and the run
goes on. A crawl's pages add their links to the queue.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import Callable, Mapping, Sequence

from ..collectors import plan
from ..config import AuditConfig
from ..engines.base import Engine, NoSessionYet, Visit
from ..engines.browsers import BrowserNotFound
from ..journeys import Journey
from ..model import PageFailure, PageResult, SkippedPage, worth_retry
from ..netprofiles import PROFILES as NETWORK_PROFILES
from ..registry import RunSettings, run_settings
from ..politeness import HostGate
from ..targets import Frontier, admit_links, page_links
from .browser import CLOSE_TIMEOUT_S, OPEN_TIMEOUT_S, BrowserGate, SpareVisits
from .journey_walk import JourneyWalker
from .pipeline import Pipeline, failed, now_iso, one_line, still_on_page
from .plan import pages_in_flight
from .servers import LOST_NOTE, losses, lost_since

RETRY_BACKOFF_S = 1.0
MAX_SERVER_LOSSES = 8
"""Attempts of one page that a lost browser server may cost it for free: a
bound, so that a page can never be tried for ever."""


@dataclass(frozen=True)
class PageLinks:
    """The links of a crawled page, to be weighed for the crawl."""

    url: str
    final_url: str
    links: tuple[str, ...]


def is_transient(result: PageResult) -> bool:
    """Whether a page's row is worth another attempt (:func:`~auditor.model.worth_retry`)."""
    return result.error is not None and worth_retry(result.error.kind, result.status)


class Runner:
    """Audits URLs over one engine; an async generator of results."""

    def __init__(self, config: AuditConfig, engine: Engine, settings: RunSettings | None = None) -> None:
        settings = settings or run_settings(config)
        self.config = config = settings.config
        self.engine = engine
        self.checks = list(settings.checks)
        collectors = plan({n for check in self.checks for n in check.needs})
        self.hosts = HostGate(config.per_host, config.min_delay)
        self.frontier: Frontier | None = None
        """Set for a crawl: decides which links of each audited page join the run."""
        self._links: dict[str, list[str]] = {}
        self.in_flight, self.in_flight_note = pages_in_flight(settings, engine.slots)
        """Pages audited at once: ``concurrency``, or fewer on a Grid whose
        slots cannot hold that many pages' sessions, and why (:func:`pages_in_flight`)."""
        self.spares = SpareVisits(config.concurrency)
        self.pipeline = Pipeline(config, self.checks, [c for c in collectors if not c.separate_visit],
                                 [c for c in collectors if c.separate_visit], self._open, self.spares, settings.options)
        self.journeys = JourneyWalker(config, engine, self._open, self.pipeline)

    @property
    def addresses(self) -> Mapping[str, str]:
        """A target's address with the credentials it was given (in memory
        only; the target names it with them hidden), by target."""
        return self.pipeline.addresses

    @addresses.setter
    def addresses(self, value: Mapping[str, str]) -> None:
        self.pipeline.addresses = value

    async def results(
        self,
        urls: Sequence[str | Journey],
        on_start: Callable[[str], None] = lambda url: None,
        on_ready: Callable[[], None] = lambda: None,
        on_discover: Callable[[str, list[str]], None] = lambda url, found: None,
        on_skip: Callable[[list[SkippedPage]], None] = lambda pages: None,
        on_links: Callable[[PageLinks], None] = lambda links: None,
        weigh: Sequence[PageLinks] = (),
    ):
        """Yield one :class:`PageResult` per URL (and per journey checkpoint),
        in the order they finish.

        ``on_ready`` is called once the browser is up; ``on_start`` as each
        page is taken from the queue. A crawled page's links are handed to
        ``on_links`` before its row is yielded, and weighed (robots.txt may
        be fetched) only once the row has been taken, so a page is kept
        however long its links take: ``on_discover(url, found)`` then has the
        pages they add (maybe none), before any of them is audited (so a
        stored run knows them), and ``on_skip`` the links left alone
        (robots.txt). ``weigh``: links of pages finished earlier that were
        never weighed (a crawl stopped in between)."""
        gate = BrowserGate(self.engine, self.config.relaunch_every, before_relaunch=self.spares.close_all)
        try:
            await self.engine.start()
        except BaseException:
            # No browser, or it would not start: whatever did start (the
            # Playwright driver, a chromedriver) must not outlive the run.
            await self.engine.shutdown()
            raise
        on_ready()
        pending: asyncio.Queue[str | Journey | PageLinks] = asyncio.Queue()
        for item in [*weigh, *urls]:
            pending.put_nowait(item)
        # (row, a future the consumer completes once it has taken the row), None: one work item finished,
        # or the fault that stopped a worker
        done: asyncio.Queue[tuple[PageResult, asyncio.Future[None] | None] | Exception | None] = asyncio.Queue()
        remaining = len(urls) + len(weigh)

        async def follow(links: PageLinks) -> None:
            nonlocal remaining
            found = await self._discover(links)
            skipped = self.frontier.take_skipped() if self.frontier is not None else []
            if skipped:
                on_skip(skipped)
            on_discover(links.url, found)
            remaining += len(found)
            for url in found:
                pending.put_nowait(url)

        async def worker() -> None:
            try:
                await work()
            except Exception as exc:  # no browser to be had (every server gone): the run stops, with why
                await done.put(exc)

        async def work() -> None:
            while True:
                item = await pending.get()
                if isinstance(item, Journey):
                    on_start(item.start)
                    await self.audit_journey(item, gate, lambda result: done.put_nowait((result, None)))
                elif isinstance(item, PageLinks):
                    await follow(item)
                else:
                    on_start(item)
                    result = await self.audit_url(item, gate)
                    links = self._links.pop(item, None)
                    if self.frontier is None or links is None or result.error is not None:
                        await done.put((result, None))
                    else:
                        crawled = PageLinks(item, result.final_url or item, tuple(links))
                        on_links(crawled)
                        taken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                        await done.put((result, taken))
                        await taken  # the row is stored before robots.txt is asked for
                        await follow(crawled)
                await done.put(None)

        # A crawl grows its queue, so it gets every worker even if it starts with one page.
        wanted = self.in_flight if self.frontier is not None else min(self.in_flight, max(1, len(urls) + len(weigh)))
        workers = [asyncio.create_task(worker()) for _ in range(wanted)]
        try:
            while remaining > 0:
                entry = await done.get()
                if entry is None:
                    remaining -= 1
                    continue
                if isinstance(entry, Exception):
                    raise entry
                result, taken = entry
                yield result
                if taken is not None and not taken.done():
                    taken.set_result(None)
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            await self.spares.close_all()
            await self.engine.shutdown()

    async def audit_url(self, url: str, gate: BrowserGate) -> PageResult:
        """Audit one URL, retrying transient failures; raises only when no
        browser can be had (:meth:`BrowserGate.acquire`).

        A failure while one of several browser servers was lost is tried
        again on the others without counting as one of the page's retries
        (at most :data:`MAX_SERVER_LOSSES` times): the page is not at fault."""
        started = now_iso()
        t0 = time.monotonic()
        attempt = charged = moved = 0
        while True:
            attempt += 1
            before = losses(self.engine)
            result = await self._attempt(url, gate)
            if result.error is not None and await lost_since(self.engine, before) and moved < MAX_SERVER_LOSSES:
                moved += 1
                continue
            charged += 1
            if not is_transient(result) or charged > self.config.retries:
                break
            await asyncio.sleep(RETRY_BACKOFF_S * charged)
        notes = (*result.notes, LOST_NOTE) if moved else result.notes
        return replace(result, started=started, duration_ms=int((time.monotonic() - t0) * 1000), attempts=attempt, notes=notes)

    async def audit_journey(self, journey: Journey, gate: BrowserGate, emit: Callable[[PageResult], None]) -> None:
        """Walk ``journey`` (:meth:`JourneyWalker.audit_journey`); never raises."""
        await self.journeys.audit_journey(journey, gate, emit)

    async def _discover(self, links: PageLinks) -> list[str]:
        """The pages a crawl adds from a page's links; robots.txt trouble
        skips them (a :class:`~auditor.model.SkippedPage` each) but never
        stops the run."""
        if self.frontier is None:
            return []
        self.frontier.arrived(links.url, links.final_url)
        try:
            found = await admit_links(self.frontier, links.url, list(links.links))
        except Exception:
            return []
        delay = self.frontier.robots.crawl_delay(links.final_url) if self.frontier.robots is not None else None
        if delay:
            self.hosts.at_least(links.final_url, delay)
        return found

    async def _attempt(self, url: str, gate: BrowserGate) -> PageResult:
        try:
            await gate.acquire()
        except BrowserNotFound:  # no browser to be had at all (every server gone): the run stops, keeping what it finished
            raise
        except Exception as exc:  # the relaunch failed: the gate stays broken, so the next attempt tries again
            return failed(url, PageFailure("crash", f"The browser could not be started again: {one_line(exc)}"))
        visit = None
        try:
            try:
                visit = await self._open()
            except NoSessionYet as exc:  # a busy Grid: the page is retried later, the engine is fine
                return failed(url, PageFailure("crash", f"Could not open a browser page: {one_line(exc)}"))
            except Exception as exc:  # the browser itself is in trouble
                gate.mark_broken()
                return failed(url, PageFailure("crash", f"Could not open a browser page: {one_line(exc)}"))
            try:
                visit.deadline = asyncio.get_running_loop().time() + self.config.timeout
                return await asyncio.wait_for(self._audit_visit(visit, url), self.config.timeout)
            except asyncio.TimeoutError:
                return failed(
                    url,
                    PageFailure("timeout", f"The page did not finish within {self.config.timeout:g} s (stopped while {visit.phase})"),
                    notes=visit.notes,
                )
            except PageFailure as failure:
                if failure.kind == "crash" and not self.engine.connected:
                    gate.mark_broken()
                if failure.retry_after is not None:  # 429/503 Retry-After: the whole host waits
                    self.hosts.back_off(url, failure.retry_after)
                return failed(url, failure, notes=visit.notes)
            except Exception as exc:  # an unexpected fault must not lose the page
                return failed(url, PageFailure("check-error", f"Auditing the page failed: {one_line(exc)}"), notes=visit.notes)
        finally:
            if visit is not None:
                try:
                    await asyncio.wait_for(visit.close(), CLOSE_TIMEOUT_S)
                except (asyncio.TimeoutError, Exception):
                    gate.mark_broken()  # a context that will not close: start afresh
            await gate.release()

    async def _open(self, javascript: bool = True) -> Visit:
        """A fresh visit whose page loads wait for the host's politeness slot."""
        visit = await asyncio.wait_for(
            self.engine.open(viewport=(self.config.viewport_width, self.config.viewport_height), javascript=javascript),
            OPEN_TIMEOUT_S,
        )
        visit.load_gate = self.hosts.load
        return visit

    async def _audit_visit(self, visit: Visit, url: str) -> PageResult:
        """Load ``url`` in ``visit`` (and read its links, for a crawl), then audit it."""
        config = self.config
        if config.throttle == "applied":
            profile = NETWORK_PROFILES[config.throttle_profile]
            await visit.throttle(profile.rtt_ms, profile.down_kbps, profile.up_kbps)
        try:
            nav = await visit.navigate(self.addresses.get(url, url), config.timeout, config.settle_ms)
            if self.frontier is not None and self.frontier.wants_links_of(url):
                self._links[url] = await page_links(visit)
        except PageFailure:
            raise
        except Exception:
            await still_on_page(visit, None)  # the page left as it settled: say that, not "the audit failed"
            raise
        return await self.pipeline.audit_loaded(visit, url, nav.final_url, nav.status)
