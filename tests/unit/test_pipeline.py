"""The per-page pipeline (auditor.run.pipeline) on a hand-made visit: one
loaded page to a PageResult, no browser. A collector that fails costs its
checks (each reports why), never the page; the page itself going away does."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from auditor.checks import Check, CheckResult, PageContext
from auditor.collectors import Collector
from auditor.config import AuditConfig
from auditor.engines.base import Departure
from auditor.model import CheckError, Finding, PageFailure, Target, fingerprint
from auditor.run.browser import SpareVisits
from auditor.run.pipeline import Pipeline

PAGE = "http://127.0.0.1/form"


class FakeVisit:
    """The Visit methods the pipeline calls, answering from hand-made values."""

    def __init__(self, *, url: str = PAGE, title: str = "Apply", departure: Departure | None = None) -> None:
        self.notes: list[str] = ["loaded from a fake"]
        self.phase = "loading"
        self.url = url
        self._title = title
        self._departure = departure
        self.closed = False

    async def title(self) -> str:
        return self._title

    async def current_url(self) -> str:
        return self.url

    async def departure(self) -> Departure | None:
        return self._departure

    async def reset(self) -> bool:
        return True

    async def close(self) -> None:
        self.closed = True


def finding(rule: str) -> Finding:
    return Finding(check="fake", rule=rule, outcome="fail", impact="serious", wcag=("1.3.1",), groups=("screen-reader",),
                   summary=f"{rule} summary", help_url="", targets=(Target(selector="input", snippet="<input>"),),
                   fingerprint=fingerprint(rule, PAGE, "input"))


async def collect_fields(visit: Any, config: AuditConfig, artifacts: dict[str, Any]) -> Any:
    return {"unlabelled": 2, "title": await visit.title()}


async def collect_broken(visit: Any, config: AuditConfig, artifacts: dict[str, Any]) -> Any:
    raise RuntimeError("the in-page script threw\nsecond line")


async def collect_after_broken(visit: Any, config: AuditConfig, artifacts: dict[str, Any]) -> Any:
    raise AssertionError("never called: what it reads failed")


async def collect_gone(visit: Any, config: AuditConfig, artifacts: dict[str, Any]) -> Any:
    raise PageFailure("crash", "The page crashed")


def evaluate_fields(artifacts: Any, context: PageContext) -> CheckResult:
    fields = artifacts["fields"]
    return CheckResult(findings=(finding("label"),), metrics={"unlabelled_fields": fields["unlabelled"]}, notes=("fields: read",))


def evaluate_never(artifacts: Any, context: PageContext) -> CheckResult:
    raise AssertionError("never called: its artifact was not collected")


def evaluate_raises(artifacts: Any, context: PageContext) -> CheckResult:
    raise ValueError("a shape it did not expect")


FIELDS = Collector("fields", collect_fields)
BROKEN = Collector("broken", collect_broken)
AFTER = Collector("after", collect_after_broken, after=("broken",))
CHECKS = [
    Check("fields", "Fields", ("fields",), evaluate_fields),
    Check("needs-broken", "Needs broken", ("broken",), evaluate_never),
    Check("needs-after", "Needs after", ("after",), evaluate_never),
    Check("raises", "Raises", ("fields",), evaluate_raises),
]


def pipeline(main: list[Collector], separate: list[Collector] = (), checks: list[Check] = CHECKS) -> Pipeline:
    opened: list[FakeVisit] = []

    async def open_visit(javascript: bool) -> FakeVisit:
        opened.append(FakeVisit())
        return opened[-1]

    made = Pipeline(AuditConfig(screenshots=False), checks, main, list(separate), open_visit, SpareVisits(1))
    made.opened = opened  # type: ignore[attr-defined]
    return made


def test_a_collector_that_raises_costs_its_checks_not_the_page():
    visit = FakeVisit(url=PAGE + "?step=2")
    result = asyncio.run(pipeline([FIELDS, BROKEN, AFTER]).audit_loaded(visit, PAGE, PAGE, 200))
    assert (result.url, result.final_url, result.status, result.title, result.error) == (PAGE, PAGE + "?step=2", 200, "Apply", None)
    assert [f.rule for f in result.findings] == ["label"]
    assert result.metrics == {"unlabelled_fields": 2}
    assert result.check_errors == (
        CheckError("needs-broken", "Could not collect broken: the in-page script threw"),
        CheckError("needs-after", "Could not collect after: needs broken, which failed"),
        CheckError("raises", "The check failed: a shape it did not expect"),
    )
    assert result.notes == ("loaded from a fake", "fields: read")
    assert result.shots == ()
    assert visit.phase == "running checks"


def test_a_separate_collector_that_raises_is_a_check_error_and_its_visit_is_closed():
    separate = Collector("broken", collect_broken, separate_visit=True, javascript=False)
    made = pipeline([FIELDS], [separate], CHECKS[:2])
    result = asyncio.run(made.audit_loaded(FakeVisit(), PAGE, PAGE, 200))
    assert result.metrics == {"unlabelled_fields": 2}
    assert result.check_errors == (CheckError("needs-broken", "Could not collect broken: the in-page script threw"),)
    assert [v.closed for v in made.opened] == [True]


def test_at_a_journey_checkpoint_the_separate_collectors_say_why_they_did_not_run():
    separate = Collector("broken", collect_broken, separate_visit=True, javascript=False)
    made = pipeline([FIELDS], [separate], CHECKS[:2])
    result = asyncio.run(made.audit_loaded(FakeVisit(), PAGE, PAGE, 200, reload=False))
    assert made.opened == []
    (error,) = result.check_errors
    assert error.check == "needs-broken" and "not collected at a journey checkpoint" in error.message


def test_the_page_itself_going_away_ends_it():
    with pytest.raises(PageFailure) as crashed:
        asyncio.run(pipeline([FIELDS, Collector("gone", collect_gone)], checks=CHECKS[:1]).audit_loaded(FakeVisit(), PAGE, PAGE, 200))
    assert crashed.value.kind == "crash"
    with pytest.raises(PageFailure) as error_page:
        asyncio.run(pipeline([FIELDS], checks=CHECKS[:1]).audit_loaded(FakeVisit(url="chrome-error://chromewebdata/"), PAGE, PAGE, 200))
    assert error_page.value.kind == "network"


def test_a_page_that_left_by_itself_is_never_reported_under_its_address():
    gone = FakeVisit(departure=Departure("http://127.0.0.1/elsewhere", "by a meta refresh"))
    with pytest.raises(PageFailure) as left:
        asyncio.run(pipeline([FIELDS], checks=CHECKS[:1]).audit_loaded(gone, PAGE, PAGE, 200))
    assert (left.value.kind, left.value.final_url, left.value.transient) == ("navigated-away", "http://127.0.0.1/elsewhere", False)
