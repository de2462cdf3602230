"""The runner: every URL in, one result row out per URL, whatever happens.

Pages are taken from a queue by N workers, each with its own browser context.
A hard deadline, kept by the event loop rather than the browser, bounds a whole
visit (loading, collecting, checking): ``page.evaluate`` has no timeout of its
own and a page stuck in a busy loop never returns from axe. Transient failures
are retried; the browser is relaunched after a crash and every
``relaunch_every`` pages. A failure is a value: a page that cannot be audited
gets a result with an error, and the run goes on.

:class:`AuditRun` drives the asynchronous core on a thread of its own and
hands results to the caller as a plain generator, writing each one to the
store as soon as it is finished.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence

from . import __version__
from .checks import CHECKS, Check, PageContext, one_per_barrier
from .collectors import Collector, plan
from .collectors.axe import axe_version
from .collectors.shots import take_shots
from .auth import env_secrets, resolve_session
from .config import AuditConfig, ConfigError
from .engines.base import Engine, Visit, navigated_away
from .journeys import Journey, NojsOutcome, Step, load_journeys, nojs_carrier, nojs_finding, perform, walk_without_javascript
from .offloop import off_loop
from .politeness import HostGate
from .targets import Frontier, admit_links, normalise_address, normalise_target, page_links, sitemap_targets
from .netprofiles import PROFILES as NETWORK_PROFILES
from .model import TRANSIENT_HTTP_STATUSES, TRANSIENT_KINDS, CheckError, Finding, PageError, PageFailure, PageResult, SkippedPage
from .redact import Redactor, address_secrets, has_hidden_credentials, hide_credentials
from .store import FAILURE, Store, StoreError

OPEN_TIMEOUT_S = 30.0
CLOSE_TIMEOUT_S = 10.0
RETRY_BACKOFF_S = 1.0


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# Progress events, delivered to the observer on the caller's thread.
@dataclass(frozen=True)
class RunStarted:
    run_id: str
    total: int
    done: int


@dataclass(frozen=True)
class PageStarted:
    url: str


@dataclass(frozen=True)
class PageFinished:
    result: PageResult


@dataclass(frozen=True)
class TargetsFound:
    """A crawl found more pages: the run now has ``total`` targets."""

    total: int


Event = RunStarted | PageStarted | PageFinished | TargetsFound
Observer = Callable[[Event], None]


def make_engine(config: AuditConfig) -> Engine:
    if config.engine == "playwright":
        from .engines.playwright import PlaywrightEngine

        return PlaywrightEngine(config.browser, config.browser_args, browser_ws=config.browser_ws)
    if config.engine == "selenium":
        from .engines.selenium import SeleniumEngine

        return SeleniumEngine(
            config.browser,
            config.browser_args,
            webdriver_url=config.webdriver_url,
            reuse_sessions=config.reuse_sessions,
            sessions=config.concurrency,
            timeout_s=config.timeout,
        )
    raise ValueError(f"unknown engine {config.engine!r}")  # guarded by AuditConfig


class _BrowserGate:
    """Shares one engine among workers and relaunches it when it crashed or
    has served ``relaunch_every`` pages, once no visit is using it."""

    def __init__(self, engine: Engine, relaunch_every: int, before_relaunch: Callable[[], Awaitable[None]] | None = None) -> None:
        self.engine = engine
        self.relaunch_every = relaunch_every
        self.before_relaunch = before_relaunch
        self._cond = asyncio.Condition()
        self._active = 0
        self._relaunching = False
        self.relaunches = 0
        self._broken = False

    def mark_broken(self) -> None:
        self._broken = True

    async def acquire(self) -> None:
        async with self._cond:
            await self._cond.wait_for(lambda: not self._relaunching)
            engine = self.engine
            if self._broken or not engine.connected or engine.pages_since_launch >= self.relaunch_every:
                self._relaunching = True
                try:
                    await self._cond.wait_for(lambda: self._active == 0)
                    if self.before_relaunch is not None:
                        await self.before_relaunch()
                    await engine.restart()
                    self.relaunches += 1
                    self._broken = False
                finally:
                    self._relaunching = False
                    self._cond.notify_all()
            self._active += 1

    async def release(self) -> None:
        async with self._cond:
            self._active -= 1
            self._cond.notify_all()


class _SpareVisits:
    """Visits kept open between pages for the families that load each page
    again in a context of their own (JavaScript off).

    Opening a browser context and a page costs the browser more than loading
    a page into one already open: the JavaScript-off load went from 570 to
    320 CPU ms a page here when its visit was reused (benchmark pages, 2
    cores). A visit comes back only after a collection that finished and an
    engine ``reset`` that succeeded; a relaunch drops them all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._idle: dict[bool, list[Visit]] = {}

    def take(self, javascript: bool) -> Visit | None:
        idle = self._idle.get(javascript)
        return idle.pop() if idle else None

    async def give_back(self, visit: Visit, javascript: bool) -> bool:
        """Keep ``visit`` for a later page; False when it cannot be kept."""
        idle = self._idle.setdefault(javascript, [])
        if len(idle) >= self.limit:
            return False
        try:
            if not await asyncio.wait_for(visit.reset(), CLOSE_TIMEOUT_S):
                return False
        except (asyncio.TimeoutError, Exception):
            return False
        idle.append(visit)
        return True

    async def close_all(self) -> None:
        idle = [v for visits in self._idle.values() for v in visits]
        self._idle.clear()
        await asyncio.gather(*(_close_quietly(v) for v in idle))


async def _close_quietly(visit: Visit) -> None:
    try:
        await asyncio.wait_for(visit.close(), CLOSE_TIMEOUT_S)
    except (asyncio.TimeoutError, Exception):
        pass


class Runner:
    """Audits URLs over one engine; an async generator of results."""

    def __init__(self, config: AuditConfig, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self.checks = [CHECKS[c] for c in config.checks]
        collectors = plan({n for check in self.checks for n in check.needs})
        self.main_collectors = [c for c in collectors if not c.separate_visit]
        self.separate_collectors = [c for c in collectors if c.separate_visit]
        self.hosts = HostGate(config.per_host, config.min_delay)
        self.frontier: Frontier | None = None
        """Set for a crawl: decides which links of each audited page join the run."""
        self._links: dict[str, list[str]] = {}
        self.spares = _SpareVisits(config.concurrency)
        self.addresses: Mapping[str, str] = {}
        """A target's address with the credentials it was given (in memory
        only; the target names it with them hidden), by target."""

    async def results(
        self,
        urls: Sequence[str | Journey],
        on_start: Callable[[str], None] = lambda url: None,
        on_ready: Callable[[], None] = lambda: None,
        on_discover: Callable[[str, list[str]], None] = lambda url, found: None,
        on_skip: Callable[[list[SkippedPage]], None] = lambda pages: None,
        on_links: Callable[["PageLinks"], None] = lambda links: None,
        weigh: Sequence["PageLinks"] = (),
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
        gate = _BrowserGate(self.engine, self.config.relaunch_every, before_relaunch=self.spares.close_all)
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
        # (row, a future the consumer completes once it has taken the row) or None: one work item finished
        done: asyncio.Queue[tuple[PageResult, asyncio.Future[None] | None] | None] = asyncio.Queue()
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
        wanted = self.config.concurrency if self.frontier is not None else min(self.config.concurrency, max(1, len(urls) + len(weigh)))
        workers = [asyncio.create_task(worker()) for _ in range(wanted)]
        try:
            while remaining > 0:
                entry = await done.get()
                if entry is None:
                    remaining -= 1
                    continue
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

    async def audit_url(self, url: str, gate: _BrowserGate) -> PageResult:
        """Audit one URL, retrying transient failures; never raises."""
        started = now_iso()
        t0 = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            result = await self._attempt(url, gate)
            if not is_transient(result) or attempt > self.config.retries:
                break
            await asyncio.sleep(RETRY_BACKOFF_S * attempt)
        return replace(result, started=started, duration_ms=int((time.monotonic() - t0) * 1000), attempts=attempt)

    async def _discover(self, links: "PageLinks") -> list[str]:
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

    async def audit_journey(self, journey: Journey, gate: _BrowserGate, emit: Callable[[PageResult], None]) -> None:
        """Walk a journey with JavaScript, auditing the page at each checkpoint
        as it is at that moment, and alongside it (in a context of its own, as
        the no-JavaScript families do) without JavaScript, to see how far that
        gets. A step that fails ends the journey with a row naming it; the
        checkpoints not reached get rows saying so. Never raises."""
        without = asyncio.ensure_future(
            self._journey_attempt(gate, lambda visit: walk_without_javascript(visit, journey, self.config.timeout), javascript=False)
        )
        walk = _JourneyWalk(journey, without, emit)
        try:
            outcome = await self._journey_attempt(gate, lambda visit: self._walk(visit, walk))
            await walk.ready()
            if outcome is not None:
                walk.fail(walk.current, outcome)
        finally:
            without.cancel()

    async def _journey_attempt(self, gate: _BrowserGate, body: Callable[[Visit], Any], javascript: bool = True) -> Any:
        """Run ``body(visit)`` on a fresh visit holding the browser gate; returns
        its value, or a one-line reason when the visit could not be opened or
        ``body`` raised."""
        await gate.acquire()
        visit = None
        try:
            try:
                visit = await self._open(javascript=javascript)
            except Exception as exc:
                gate.mark_broken()
                return f"Could not open a browser page: {_one_line(exc)}"
            try:
                return await body(visit)
            except asyncio.TimeoutError:
                return f"It did not finish within {self.config.timeout:g} s (stopped while {visit.phase})"
            except NotImplementedError as exc:
                return f"The {self.engine.name} engine cannot do journeys: {_one_line(exc)}"
            except Exception as exc:
                if isinstance(exc, PageFailure) and exc.kind == "crash" and not self.engine.connected:
                    gate.mark_broken()
                return _one_line(exc)
        finally:
            if visit is not None:
                try:
                    await asyncio.wait_for(visit.close(), CLOSE_TIMEOUT_S)
                except (asyncio.TimeoutError, Exception):
                    gate.mark_broken()
            await gate.release()

    async def _walk(self, visit: Visit, walk: "_JourneyWalk") -> None:
        """The journey with JavaScript on; each step and each checkpoint is
        bounded by the run's timeout."""
        config, journey = self.config, walk.journey
        nav = await asyncio.wait_for(visit.navigate(journey.start, config.timeout, config.settle_ms), config.timeout + 1)
        status: int | None = nav.status
        for step in journey.steps:
            walk.current = step
            if step.action != "audit":
                await asyncio.wait_for(perform(visit, step, config.timeout, config.settle_ms), (step.timeout or config.timeout) + 1)
                status = visit.last_status() or status
                continue
            started, t0 = now_iso(), time.monotonic()
            visit.deadline = asyncio.get_running_loop().time() + config.timeout
            await visit.hold_document()  # the checkpoint is the page the steps led to
            result = await asyncio.wait_for(self._audit_loaded(visit, journey.key(step), await visit.current_url(), status, reload=False), config.timeout)
            result = replace(result, started=started, duration_ms=int((time.monotonic() - t0) * 1000))
            await walk.ready()  # the row carries how far the journey gets without JavaScript
            walk.emit_checkpoint(step, result)
            visit.start_network_segment()  # the next checkpoint counts what loads from here
            visit.notes.clear()
        walk.current = None

    async def _attempt(self, url: str, gate: _BrowserGate) -> PageResult:
        await gate.acquire()
        visit = None
        try:
            try:
                visit = await self._open()
            except Exception as exc:  # the browser itself is in trouble
                gate.mark_broken()
                return _failed(url, PageFailure("crash", f"Could not open a browser page: {_one_line(exc)}"))
            try:
                visit.deadline = asyncio.get_running_loop().time() + self.config.timeout
                return await asyncio.wait_for(self._audit_visit(visit, url), self.config.timeout)
            except asyncio.TimeoutError:
                return _failed(
                    url,
                    PageFailure("timeout", f"The page did not finish within {self.config.timeout:g} s (stopped while {visit.phase})"),
                    notes=visit.notes,
                )
            except PageFailure as failure:
                if failure.kind == "crash" and not self.engine.connected:
                    gate.mark_broken()
                if failure.retry_after is not None:  # 429/503 Retry-After: the whole host waits
                    self.hosts.back_off(url, failure.retry_after)
                return _failed(url, failure, notes=visit.notes)
            except Exception as exc:  # an unexpected fault must not lose the page
                return _failed(url, PageFailure("check-error", f"Auditing the page failed: {_one_line(exc)}", transient=False), notes=visit.notes)
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
            await _still_on_page(visit, None)  # the page left as it settled: say that, not "the audit failed"
            raise
        return await self._audit_loaded(visit, url, nav.final_url, nav.status)

    async def _audit_loaded(self, visit: Visit, url: str, final_url: str, status: int | None, *, reload: bool = True) -> PageResult:
        """Collect and check the page as it is now, without navigating.

        ``reload``: families that load the page again in a context of their
        own (JavaScript off) run alongside; at a journey checkpoint they
        cannot (the page's state lives in the journey's session), so they
        report why instead."""
        config = self.config
        title = await visit.title()

        artifacts: dict[str, Any] = {}
        artifact_errors: dict[str, str] = {}
        if not reload:
            for collector in self.separate_collectors:
                artifact_errors[collector.id] = "not collected at a journey checkpoint (the page's state cannot be loaded again); the journey is walked without JavaScript instead"
        separate = [asyncio.ensure_future(self._collect_separately(c, url)) for c in self.separate_collectors if reload]
        try:
            for collector in self.main_collectors:
                await self._collect(collector, visit, artifacts, artifact_errors)
            for collector, outcome in zip(self.separate_collectors if reload else [], await asyncio.gather(*separate, return_exceptions=True)):
                if isinstance(outcome, BaseException):
                    artifact_errors[collector.id] = _one_line(outcome)
                else:
                    artifacts[collector.id] = outcome
        finally:
            for task in separate:
                task.cancel()

        await _still_on_page(visit, status)
        final_url = await visit.current_url()
        if final_url.startswith("chrome-error://"):
            raise PageFailure("network", "The page navigated to the browser's own error page while it was being audited")

        visit.phase = "running checks"
        context = PageContext(url=url, final_url=final_url, config=config)
        checked = await off_loop(run_checks, self.checks, artifacts, artifact_errors, context)
        findings = list(checked.findings)
        shots = await take_shots(visit, config, findings)
        await _still_on_page(visit, status)  # nor while its elements were photographed
        return PageResult(
            url=url,
            final_url=final_url,
            status=status,
            title=title,
            metrics=checked.metrics,
            findings=checked.findings,
            check_errors=checked.check_errors,
            notes=(*visit.notes, *checked.notes),
            shots=shots,
        )

    async def _collect(self, collector: Collector, visit: Visit, artifacts: dict[str, Any], errors: dict[str, str]) -> None:
        """Run one collector; a collector that fails is recorded, not raised,
        unless the page itself is gone (crash, navigation to an error page)."""
        if any(dep in errors for dep in collector.after):
            errors[collector.id] = f"needs {collector.after[0]}, which failed"
            return
        try:
            artifacts[collector.id] = await collector.collect(visit, self.config, {d: artifacts[d] for d in collector.after})
        except PageFailure:
            raise
        except Exception as exc:
            errors[collector.id] = _one_line(exc)

    async def _collect_separately(self, collector: Collector, url: str) -> Any:
        """Load the page again in a context of its own for one collector: a
        spare one, reset, when a page before left one."""
        visit = self.spares.take(collector.javascript) or await self._open(javascript=collector.javascript)
        finished = False
        try:
            artifact = await collector.collect(visit, self.config, {"url": self.addresses.get(url, url)})
            finished = True
            return artifact
        finally:
            if not (finished and await self.spares.give_back(visit, collector.javascript)):
                await _close_quietly(visit)


@dataclass(frozen=True)
class PageLinks:
    """The links of a crawled page, to be weighed for the crawl."""

    url: str
    final_url: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class Checked:
    """What the checks made of one page's artifacts."""

    findings: tuple[Finding, ...]
    metrics: dict[str, Any]
    check_errors: tuple[CheckError, ...]
    notes: tuple[str, ...]


def run_checks(checks: Sequence[Check], artifacts: Mapping[str, Any], artifact_errors: Mapping[str, str], context: PageContext) -> Checked:
    """Every check on the artifacts collected; a check that fails, or whose
    artifact could not be collected, is a check error, not the page's end.

    Pure computation, run on a thread of its own (:func:`~auditor.offloop.off_loop`):
    on the event loop, one check taking minutes over hostile input held
    every other page's deadline and a stop signal until it returned. Each
    check bounds its own work (linear algorithms, limits on what it reads)."""
    findings: list[Finding] = []
    metrics: dict[str, Any] = {}
    check_errors: list[CheckError] = []
    notes: list[str] = []
    for check in checks:
        missing = [n for n in check.needs if n in artifact_errors]
        if missing:
            check_errors.append(CheckError(check.id, f"Could not collect {missing[0]}: {artifact_errors[missing[0]]}"))
            continue
        try:
            outcome = check.evaluate({n: artifacts[n] for n in check.needs}, context)
        except Exception as exc:
            check_errors.append(CheckError(check.id, f"The check failed: {_one_line(exc)}"))
            continue
        findings.extend(outcome.findings)
        metrics.update(outcome.metrics)
        notes.extend(outcome.notes)
    return Checked(tuple(one_per_barrier(findings, checks)), metrics, tuple(check_errors), tuple(notes))


class _JourneyWalk:
    """The rows of one journey as it is walked: checkpoints as they are
    audited, and on failure a row for the step that failed and for each
    checkpoint not reached."""

    def __init__(self, journey: Journey, without_js: "asyncio.Future[Any]", emit: Callable[[PageResult], None]) -> None:
        self.journey = journey
        self.emit = emit
        self._without_js = without_js
        self._known = False
        self.nojs = NojsOutcome(False)
        self.carrier: Step | None = None
        self.current: Step | None = None
        """The step being done; None before the start page loads and after the last step."""

    async def ready(self) -> None:
        """Wait for the walk without JavaScript, once; its outcome goes on every row."""
        if self._known:
            return
        value = await self._without_js
        # A walk that could not be made at all (no browser page) tells nothing: no finding.
        self.nojs = value if isinstance(value, NojsOutcome) else NojsOutcome(False, None, "", f"could not be checked: {value}")
        self.carrier = nojs_carrier(self.journey, self.nojs)
        self._known = True

    def info(self, step: Step) -> dict[str, Any]:
        return {"name": self.journey.name, "checkpoint": step.target if step.action == "audit" else None, "step": step.number, "nojs": self.nojs.to_dict()}

    def emit_checkpoint(self, step: Step, result: PageResult) -> None:
        findings = result.findings
        if step is self.carrier:
            findings += (nojs_finding(self.journey, self.nojs, result.url),)
        self.emit(replace(result, findings=findings, journey=self.info(step)))

    def fail(self, step: Step | None, reason: str) -> None:
        """Rows for a journey stopped at ``step`` (None: at its start page)."""
        number = step.number if step is not None else 0
        what = step.describe() if step is not None else "opening the start page"
        left = [c for c in self.journey.checkpoints if c.number >= number]
        if step is None or step.action != "audit":
            failed = left[0] if left else step
            assert failed is not None
            self.emit(self._error_row(failed, f"The journey stopped at {what}: {reason}"))
            left = left[1:]
        else:
            self.emit(self._error_row(step, f"The checkpoint could not be audited: {reason}"))
            left = left[1:]
        for checkpoint in left:
            self.emit(self._error_row(checkpoint, f"Not reached: the journey stopped at {what}"))

    def _error_row(self, step: Step, message: str) -> PageResult:
        key = self.journey.key(step)
        return PageResult(url=key, final_url=key, error=PageError("journey-step", message), started=now_iso(), journey=self.info(step))


async def _still_on_page(visit: Visit, status: int | None) -> None:
    """Raise ``navigated-away`` if the page went elsewhere by itself after its
    load: what was collected since may be the other page's, and must never be
    reported under this page's address and title."""
    departure = await visit.departure()
    if departure is not None:
        raise navigated_away(departure, status)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _failed(url: str, failure: PageFailure, notes: Sequence[str] = ()) -> PageResult:
    return PageResult(
        url=url,
        final_url=failure.final_url or url,
        status=failure.status,
        error=PageError(failure.kind, failure.message),
        notes=tuple(notes),
    )


def is_transient(result: PageResult) -> bool:
    """Worth another attempt: a timeout, a dropped connection, a crash, or a
    server saying it is busy (429, 502, 503, 504)."""
    if result.error is None:
        return False
    if result.error.kind == "http-error":
        return result.status in TRANSIENT_HTTP_STATUSES
    return result.error.kind in TRANSIENT_KINDS


def tool_info(config: AuditConfig, engine: Engine) -> dict[str, str]:
    return {
        "name": "inclusion-auditor",
        "version": __version__,
        "axe_version": axe_version(config.axe_script),
        "engine": engine.name,
        "browser": engine.browser_version,
    }


class AuditRun:
    """One run over a list of URLs, recorded in a :class:`Store`.

    ``results()`` is a generator of page results (in the order they finish).
    The asynchronous work happens on a thread of its own, so a GUI or a
    progress bar can consume the generator from any thread; ``cancel()`` may
    be called from any thread. Every finished page is committed to the store
    before it is yielded.
    """

    def __init__(self, store: Store, run_id: str, config: AuditConfig, engine: Engine | None = None,
                 addresses: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.run_id = run_id
        self.config = config
        failure = store.get_input(run_id, FAILURE)
        if failure is not None:
            raise StoreError(f"run {run_id} failed before it audited any page ({failure}); start it again instead of resuming it")
        self.addresses = dict(addresses or {})
        """Targets given with credentials in their address: the address as
        given, by target (which names it with the credentials hidden)."""
        self._check_credentials()
        self.engine = engine or make_engine(config)
        # Secrets are read from the environment now, and only into memory.
        self.engine.session = resolve_session(config.auth, config.contact)
        self.journeys = checked_journeys(config)
        self.redactor = run_redactor(config, self.journeys, self.addresses.values())
        """Applied to every result before it is stored, yielded or printed."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._cancelled = threading.Event()

    @classmethod
    def start_new(cls, store: Store, config: AuditConfig, engine: Engine | None = None) -> "AuditRun":
        """Create a run in the store for ``config.urls``."""
        from .baseline import load_baseline, load_ignores

        # Read what the run is compared with first: a mistake there creates nothing.
        baseline = load_baseline(config.baseline, store) if config.baseline else None
        ignores = [i.to_dict() for i in load_ignores(config.ignore_file)] if config.ignore_file else None
        engine = engine or make_engine(config)
        resolve_session(config.auth, config.contact)  # an unset variable creates nothing
        journeys = checked_journeys(config)
        addresses = given_addresses(config.urls)
        redactor = run_redactor(config, journeys, addresses.values())  # nor does a value too short to hide
        listed = sitemap_targets(config, hidden=redactor.contains)
        targets = [*addresses, *listed.pages, *(normalise_target(u) for u in config.crawl)]
        targets += [key for journey in journeys for key in journey.targets()]
        if not targets:
            raise ConfigError("no pages to audit: give URLs, a sitemap, a crawl start page or a journey")
        run_id = store.create_run(stored_settings(config, addresses).to_dict(), tool_info(config, engine), list(dict.fromkeys(targets)))
        store.add_skipped(run_id, [redacted_skip(redactor, page) for page in listed.skipped])
        if config.crawl:
            store.set_input(run_id, CRAWL_DEPTHS, {normalise_target(u): 0 for u in config.crawl})
        if baseline is not None:
            store.set_input(run_id, "baseline", baseline)
        if ignores is not None:
            store.set_input(run_id, "ignores", ignores)
        return cls(store, run_id, config, engine, {name: a for name, a in addresses.items() if name != a})

    def _check_credentials(self) -> None:
        """A resumed run has lost the credentials written in its addresses
        (they are never stored): say so in one line rather than load its
        pages without them."""
        finished = self.store.finished_urls(self.run_id)
        lost = [t for t in self.store.run_targets(self.run_id)
                if has_hidden_credentials(t) and t not in self.addresses and t not in finished and not _is_journey_key(t)]
        if lost:
            raise ConfigError(f"run {self.run_id} loads {lost[0]} with the credentials written in its address, which are never stored: "
                              "start the run again (or sign in with [auth], whose secrets a resumed run reads again)")
        for name in ("webdriver_url", "browser_ws"):
            if has_hidden_credentials(getattr(self.config, name)):
                raise ConfigError(f"run {self.run_id} reached its browser at {getattr(self.config, name)} with credentials that are never stored: "
                                  f"give --{name.replace('_', '-')} again")

    def cancel(self) -> None:
        """Stop the run: pages in flight are abandoned, finished pages stay stored."""
        self._cancelled.set()
        loop, task = self._loop, self._task
        if loop is not None and task is not None:
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has already finished
                pass

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def results(self, observer: Observer | None = None) -> Iterator[PageResult]:
        observe = observer or (lambda event: None)
        targets = self.store.run_targets(self.run_id)
        finished = self.store.finished_urls(self.run_id)
        known = set(targets)
        todo: list[str | Journey] = [u for u in targets if u not in finished and not _is_journey_key(u)]
        todo += [j for j in self.journeys if any(k not in finished for k in j.targets())]
        observe(RunStarted(self.run_id, total=len(targets), done=len(known & finished)))

        inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        runner = Runner(self.config, self.engine)
        runner.addresses = self.addresses
        unweighed: dict[str, Any] = {}
        if self.config.crawl:
            depths = self.store.get_input(self.run_id, CRAWL_DEPTHS) or {}
            # A page skipped before is not weighed again: it is listed once.
            runner.frontier = Frontier.from_config(self.config, [*targets, *(s.url for s in self.store.skipped(self.run_id))], depths,
                                                   hidden=self.redactor.contains)
            unweighed = dict(self.store.get_input(self.run_id, CRAWL_LINKS) or {})
        # Links of pages stored before the run stopped, never weighed; an
        # unfinished page's links are read again when it is audited.
        weigh = [PageLinks(url, entry["final_url"], tuple(entry["links"])) for url, entry in unweighed.items() if url in finished]
        if not todo and not weigh:
            self.store.finish_run(self.run_id)
            return

        def remember(links: PageLinks) -> None:
            """Keep a crawled page's links until they are weighed, so a crawl
            stopped in between weighs them when it resumes. A link holding a
            value read from the environment is never stored (nor followed)."""
            unweighed[links.url] = {"final_url": links.final_url, "links": [u for u in links.links if not self.redactor.contains(u)]}
            self.store.set_input(self.run_id, CRAWL_LINKS, unweighed)

        def discovered(url: str, urls: list[str]) -> None:
            """Record a crawl's new pages before they are audited."""
            if urls:
                self.store.add_targets(self.run_id, urls)
                if runner.frontier is not None:
                    self.store.set_input(self.run_id, CRAWL_DEPTHS, runner.frontier.depths())
                known.update(urls)
                inbox.put(("grew", len(known)))
            if unweighed.pop(url, None) is not None:
                self.store.set_input(self.run_id, CRAWL_LINKS, unweighed)

        def save(result: PageResult) -> PageResult:
            """Store the result, redacted: what the store keeps is all anyone sees."""
            result = self.redactor.result(result)
            if result.url not in known:  # a journey's row for a step after its last checkpoint
                self.store.add_targets(self.run_id, [result.url])
                known.add(result.url)
            self.store.save_page(self.run_id, result)
            return result

        async def main() -> None:
            self._task = asyncio.current_task()
            if self._cancelled.is_set():  # cancelled before the task existed
                return
            try:
                gen = runner.results(
                    todo,
                    on_start=lambda url: inbox.put(("start", self.redactor.text(url))),
                    on_ready=lambda: self.store.update_tool(self.run_id, tool_info(self.config, self.engine)),
                    on_discover=discovered,
                    on_skip=lambda pages: self.store.add_skipped(self.run_id, [redacted_skip(self.redactor, p) for p in pages]),
                    on_links=remember,
                    weigh=weigh,
                )
                try:
                    async for result in gen:
                        inbox.put(("page", save(result)))
                finally:
                    await gen.aclose()
            except asyncio.CancelledError:
                pass
            except BaseException as exc:
                inbox.put(("fault", exc))

        def thread_main() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                if not self._cancelled.is_set():
                    loop.run_until_complete(main())
            finally:
                loop.close()
                inbox.put(("end", None))

        thread = threading.Thread(target=thread_main, name=f"audit-{self.run_id}", daemon=True)
        thread.start()
        try:
            while True:
                kind, payload = inbox.get()
                if kind == "start":
                    observe(PageStarted(payload))
                elif kind == "grew":
                    observe(TargetsFound(payload))
                elif kind == "page":
                    observe(PageFinished(payload))
                    yield payload
                elif kind == "fault":
                    if not self.store.finished_urls(self.run_id):  # nothing to resume: say so in the store
                        with contextlib.suppress(StoreError):  # unless the fault is that it cannot be written
                            self.store.fail_run(self.run_id, self.redactor.text(_one_line(payload)))
                    raise payload
                else:
                    break
        finally:
            if thread.is_alive():
                self.cancel()
                thread.join()
        if not self.cancelled and not unweighed and not set(self.store.run_targets(self.run_id)) - self.store.finished_urls(self.run_id):
            self.store.finish_run(self.run_id)


def checked_journeys(config: AuditConfig) -> list[Journey]:
    """The run's journeys, every variable they read set (ConfigError otherwise)."""
    journeys = load_journeys(config.journeys)
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
        browser_ws=hide_credentials(config.browser_ws),
    )


def redacted_skip(redactor: Redactor, page: SkippedPage) -> SkippedPage:
    return replace(page, url=redactor.text(page.url), found_on=redactor.text(page.found_on))


CRAWL_DEPTHS = "crawl_depths"
"""Run input: each crawled page's depth, so a resumed crawl keeps its limits."""
CRAWL_LINKS = "crawl_links"
"""Run input: the links of crawled pages already stored whose links were not
yet weighed (robots.txt), by page: ``{url: {"final_url", "links"}}``."""


def _is_journey_key(target: str) -> bool:
    return "#journey=" in target
