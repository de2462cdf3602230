"""Walking a journey and auditing the page at each of its checkpoints.

The journey files are read and checked by :mod:`auditor.journeys` (which also
performs one step on a visit); this module walks a whole journey inside a
run, holding the browser gate, and turns what happens into rows.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any, Awaitable, Callable

from ..config import AuditConfig
from ..engines.base import Engine, Visit
from ..journeys import Journey, NojsOutcome, Step, nojs_carrier, nojs_finding, perform, walk_without_javascript
from ..model import PageError, PageFailure, PageResult
from .browser import CLOSE_TIMEOUT_S, BrowserGate
from .pipeline import Pipeline, now_iso, one_line


class JourneyWalker:
    """Walks journeys over one engine; ``open_visit(javascript)`` opens a
    fresh visit, ``pipeline`` audits each checkpoint."""

    def __init__(self, config: AuditConfig, engine: Engine, open_visit: Callable[[bool], Awaitable[Visit]], pipeline: Pipeline) -> None:
        self.config = config
        self.engine = engine
        self.open_visit = open_visit
        self.pipeline = pipeline

    async def audit_journey(self, journey: Journey, gate: BrowserGate, emit: Callable[[PageResult], None]) -> None:
        """Walk a journey with JavaScript, auditing the page at each checkpoint
        as it is at that moment, and alongside it (in a context of its own, as
        the no-JavaScript families do) without JavaScript, to see how far that
        gets. A step that fails ends the journey with a row naming it; the
        checkpoints not reached get rows saying so. Never raises."""
        without = asyncio.ensure_future(
            self._attempt(gate, lambda visit: walk_without_javascript(visit, journey, self.config.timeout), javascript=False)
        )
        walk = JourneyRows(journey, without, emit)
        try:
            outcome = await self._attempt(gate, lambda visit: self._walk(visit, walk))
            await walk.ready()
            if outcome is not None:
                walk.fail(walk.current, outcome)
        finally:
            without.cancel()

    async def _attempt(self, gate: BrowserGate, body: Callable[[Visit], Any], javascript: bool = True) -> Any:
        """Run ``body(visit)`` on a fresh visit holding the browser gate; returns
        its value, or a one-line reason when the visit could not be opened or
        ``body`` raised."""
        await gate.acquire()
        visit = None
        try:
            try:
                visit = await self.open_visit(javascript)
            except Exception as exc:
                gate.mark_broken()
                return f"Could not open a browser page: {one_line(exc)}"
            try:
                return await body(visit)
            except asyncio.TimeoutError:
                return f"It did not finish within {self.config.timeout:g} s (stopped while {visit.phase})"
            except NotImplementedError as exc:
                return f"The {self.engine.name} engine cannot do journeys: {one_line(exc)}"
            except Exception as exc:
                if isinstance(exc, PageFailure) and exc.kind == "crash" and not self.engine.connected:
                    gate.mark_broken()
                return one_line(exc)
        finally:
            if visit is not None:
                try:
                    await asyncio.wait_for(visit.close(), CLOSE_TIMEOUT_S)
                except (asyncio.TimeoutError, Exception):
                    gate.mark_broken()
            await gate.release()

    async def _walk(self, visit: Visit, walk: "JourneyRows") -> None:
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
            result = await asyncio.wait_for(
                self.pipeline.audit_loaded(visit, journey.key(step), await visit.current_url(), status, reload=False), config.timeout
            )
            result = replace(result, started=started, duration_ms=int((time.monotonic() - t0) * 1000))
            await walk.ready()  # the row carries how far the journey gets without JavaScript
            walk.emit_checkpoint(step, result)
            visit.start_network_segment()  # the next checkpoint counts what loads from here
            visit.notes.clear()
        walk.current = None


class JourneyRows:
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
