"""One loaded page to a :class:`~auditor.model.PageResult`.

The page is already loaded in a visit; the pipeline runs the collectors on
it (and, alongside, those that load the page again in a context of their
own), runs the checks off the event loop, photographs the elements found and
makes sure the page never left while this was done. A collector or check that
fails is a check error on the row, not the page's end; only the page itself
going away (a :class:`~auditor.model.PageFailure`) ends it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Mapping, Sequence

from ..checks import Check, PageContext, one_per_barrier
from ..collectors import Collector
from ..collectors.shots import take_shots
from ..config import AuditConfig
from ..engines.base import Visit, navigated_away
from ..model import CheckError, Finding, PageError, PageFailure, PageResult
from ..offloop import off_loop
from .browser import SpareVisits, close_quietly


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def failed(url: str, failure: PageFailure, notes: Sequence[str] = ()) -> PageResult:
    """The row of a page that could not be audited."""
    return PageResult(
        url=url,
        final_url=failure.final_url or url,
        status=failure.status,
        error=PageError(failure.kind, failure.message),
        notes=tuple(notes),
    )


async def still_on_page(visit: Visit, status: int | None) -> None:
    """Raise ``navigated-away`` if the page went elsewhere by itself after its
    load: what was collected since may be the other page's, and must never be
    reported under this page's address and title."""
    departure = await visit.departure()
    if departure is not None:
        raise navigated_away(departure, status)


class Pipeline:
    """Collects and checks a loaded page; holds no page of its own.

    ``open_visit(javascript)`` opens a fresh visit for a collector that loads
    the page again (when ``spares`` has none to lend)."""

    def __init__(self, config: AuditConfig, checks: Sequence[Check], main_collectors: Sequence[Collector],
                 separate_collectors: Sequence[Collector], open_visit: Callable[[bool], Awaitable[Visit]],
                 spares: SpareVisits, options: Mapping[str, Any] | None = None) -> None:
        self.config = config
        self.checks = list(checks)
        self.options = dict(options or {})
        """Each family's options, parsed once for the run, by family: handed
        to its check (in its :class:`PageContext`) and its collectors."""
        self.main_collectors = list(main_collectors)
        self.separate_collectors = list(separate_collectors)
        self.open_visit = open_visit
        self.spares = spares
        self.addresses: Mapping[str, str] = {}
        """A target's address with the credentials it was given, by target."""

    async def audit_loaded(self, visit: Visit, url: str, final_url: str, status: int | None, *, reload: bool = True) -> PageResult:
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
        separate = [asyncio.ensure_future(self.collect_separately(c, url)) for c in self.separate_collectors if reload]
        try:
            for collector in self.main_collectors:
                await self.collect(collector, visit, artifacts, artifact_errors)
            for collector, outcome in zip(self.separate_collectors if reload else [], await asyncio.gather(*separate, return_exceptions=True)):
                if isinstance(outcome, BaseException):
                    artifact_errors[collector.id] = one_line(outcome)
                else:
                    artifacts[collector.id] = outcome
        finally:
            for task in separate:
                task.cancel()

        await still_on_page(visit, status)
        final_url = await visit.current_url()
        if final_url.startswith("chrome-error://"):
            raise PageFailure("network", "The page navigated to the browser's own error page while it was being audited")

        visit.phase = "running checks"
        context = PageContext(url=url, final_url=final_url)
        checked = await off_loop(run_checks, self.checks, artifacts, artifact_errors, context, self.options)
        findings = list(checked.findings)
        shots = await take_shots(visit, config, findings)
        await still_on_page(visit, status)  # nor while its elements were photographed
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
            screen_reader=checked.screen_reader,
        )

    async def collect(self, collector: Collector, visit: Visit, artifacts: dict[str, Any], errors: dict[str, str]) -> None:
        """Run one collector; a collector that fails is recorded, not raised,
        unless the page itself is gone (crash, navigation to an error page)."""
        if any(dep in errors for dep in collector.after):
            errors[collector.id] = f"needs {collector.after[0]}, which failed"
            return
        try:
            artifacts[collector.id] = await collector.run(visit, self.config, {d: artifacts[d] for d in collector.after}, self.options)
        except PageFailure:
            raise
        except Exception as exc:
            errors[collector.id] = one_line(exc)

    async def collect_separately(self, collector: Collector, url: str) -> Any:
        """Load the page again in a context of its own for one collector: a
        spare one, reset, when a page before left one."""
        visit = self.spares.take(collector.javascript) or await self.open_visit(collector.javascript)
        finished = False
        try:
            artifact = await collector.run(visit, self.config, {"url": self.addresses.get(url, url)}, self.options)
            finished = True
            return artifact
        finally:
            if not (finished and await self.spares.give_back(visit, collector.javascript)):
                await close_quietly(visit)


@dataclass(frozen=True)
class Checked:
    """What the checks made of one page's artifacts."""

    findings: tuple[Finding, ...]
    metrics: dict[str, Any]
    check_errors: tuple[CheckError, ...]
    notes: tuple[str, ...]
    screen_reader: tuple[Mapping[str, Any], ...] | None = None


def run_checks(checks: Sequence[Check], artifacts: Mapping[str, Any], artifact_errors: Mapping[str, str], context: PageContext,
               options: Mapping[str, Any] | None = None) -> Checked:
    """Every check on the artifacts collected; a check that fails, or whose
    artifact could not be collected, is a check error, not the page's end.
    Each check gets its own family's ``options`` (by family) in its context.

    Pure computation, run on a thread of its own (:func:`~auditor.offloop.off_loop`):
    on the event loop, one check taking minutes over hostile input held
    every other page's deadline and a stop signal until it returned. Each
    check bounds its own work (linear algorithms, limits on what it reads)."""
    findings: list[Finding] = []
    metrics: dict[str, Any] = {}
    check_errors: list[CheckError] = []
    notes: list[str] = []
    heard: tuple[Mapping[str, Any], ...] | None = None
    for check in checks:
        missing = [n for n in check.needs if n in artifact_errors]
        if missing:
            check_errors.append(CheckError(check.id, f"Could not collect {missing[0]}: {artifact_errors[missing[0]]}"))
            continue
        try:
            page = replace(context, options=(options or {}).get(check.id))
            outcome = check.evaluate({n: artifacts[n] for n in check.needs}, page)
        except Exception as exc:
            check_errors.append(CheckError(check.id, f"The check failed: {one_line(exc)}"))
            continue
        findings.extend(outcome.findings)
        metrics.update(outcome.metrics)
        notes.extend(outcome.notes)
        heard = outcome.screen_reader if outcome.screen_reader is not None else heard
    return Checked(tuple(one_per_barrier(findings, checks)), metrics, tuple(check_errors), tuple(notes), heard)
