"""The verdict of a run: what is ignored, what is new against the baseline,
the counts, and whether the run fails its threshold.

One module decides all of it, from what the run stored, so the exit code of
the command line, the desktop app's figures and every report agree: the
reporters render the summary and the marks made here, they do not judge.

- **Ignores** (read from an ignore file by :mod:`auditor.baseline`): a finding
  an active ignore matches moves to the page's ``ignored`` list with the
  reason; an expired ignore suppresses nothing and is listed in the summary,
  so it cannot rot.
- **Baseline**: findings are the same across runs when their family and
  fingerprint are (:func:`same`); each finding is ``new`` or ``unchanged``,
  and what the baseline had on a page that is no longer seen is ``fixed``.
- **Threshold**: a run breaches ``fail_on`` when it has more barriers at or
  above it than ``threshold`` allows (0 unless set; with ``fail_on_new``:
  new barriers only), or when a page could not be
  audited and ``allow_unreachable`` is off. :func:`breaches` makes the same
  decision for one finding of a report document (JUnit's failed cases,
  SARIF's levels).

Only the model is imported: the store is asked for a run's inputs by
:func:`judge_run` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from .model import GROUPS, IMPACTS, Finding, PageResult, at_or_above, page_key


@dataclass(frozen=True)
class Ignore:
    """One accepted finding of an ignore file, with why and until when."""

    rule: str
    url: str
    reason: str
    selector: str = ""
    expires: str = ""
    """ISO date (YYYY-MM-DD), or empty for no expiry."""

    def expired(self, today: dt.date) -> bool:
        return bool(self.expires) and dt.date.fromisoformat(self.expires) < today

    def matches(self, finding: Finding, page_url: str) -> bool:
        """``rule`` is ``family/rule``, or (as older ignore files have it) a
        bare rule id, which matches the rule of that name in any family."""
        if self.rule not in (finding.rule_id, finding.rule):
            return False
        if not fnmatch.fnmatchcase(page_url, self.url):
            return False
        return not self.selector or any(t.selector == self.selector for t in finding.targets)

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "url": self.url, "selector": self.selector, "reason": self.reason, "expires": self.expires}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Ignore":
        return cls(data["rule"], data["url"], data["reason"], data.get("selector", ""), data.get("expires", ""))


def same(finding: Mapping[str, Any]) -> tuple[str, str]:
    """What makes two findings the same across runs: the family and the
    fingerprint (rule + page + element). The fingerprint alone names the rule
    without its family; the family is added here rather than to the hash, so
    baselines written before stay comparable."""
    return (finding["check"], finding["fingerprint"])


def split_ignored(findings: Sequence[Finding], page_url: str, active: Sequence[Ignore]) -> tuple[list[Finding], list[dict[str, Any]]]:
    """The findings no active ignore matches, and those it does, as report
    rows carrying the first matching ignore's reason."""
    kept, ignored = [], []
    for f in findings:
        rule = next((i for i in active if i.matches(f, page_url)), None)
        if rule is None:
            kept.append(f)
        else:
            ignored.append({**f.to_dict(), "ignored_because": rule.reason})
    return kept, ignored


def compare_page(row: dict[str, Any], before: Sequence[Mapping[str, Any]] | None) -> None:
    """Mark each finding of a page's report ``row`` ``new`` or ``unchanged``
    against the baseline's findings on that page, and list under ``fixed``
    those no longer seen (nothing is fixed on a page that could not be
    audited). Ignored findings are still there, so they are not fixed."""
    known = {same(f) for f in before or ()}
    for finding in row["findings"]:
        finding["baseline"] = "unchanged" if same(finding) in known else "new"
    now = {same(f) for f in row["findings"]} | {same(f) for f in row["ignored"]}
    row["fixed"] = [f for f in before or () if same(f) not in now] if row["error"] is None else []


def breaches(finding: Mapping[str, Any], fail_on: str, only_new: bool = False) -> bool:
    """Whether one finding of a report document counts against the run's
    threshold: a failure at or above ``fail_on`` (``none`` is no threshold),
    and with ``only_new`` one that is not known from the baseline."""
    return (
        finding["outcome"] == "fail"
        and at_or_above(finding["impact"], fail_on)
        and not (only_new and finding.get("baseline") == "unchanged")
    )


def threshold(summary: Mapping[str, Any]) -> tuple[str, bool]:
    """``(fail_on, only_new)`` of a run, from its report summary, so a run
    re-rendered later is judged as it was."""
    return summary["fail_on"], bool((summary.get("baseline") or {}).get("fail_on_new"))


def _rule_order(entry: Mapping[str, Any]) -> tuple[int, int, str]:
    return (IMPACTS.index(entry["impact"]) if entry["impact"] in IMPACTS else 9, -entry["pages"], entry["id"])


def _by_rule(pages: Sequence[PageResult]) -> list[dict[str, Any]]:
    """Each rule with failures: its worst impact, its findings and pages
    (the report document adds the rule's description, from its rule table)."""
    by_rule: dict[str, dict[str, Any]] = {}
    for page in pages:
        for f in page.findings:
            if f.outcome != "fail":
                continue
            entry = by_rule.setdefault(f.rule_id, {"id": f.rule_id, "rule": f.rule, "check": f.check, "impact": f.impact, "findings": 0, "pages": 0})
            entry["findings"] += 1
            if at_or_above(f.impact, entry["impact"]):
                entry["impact"] = f.impact
        for rule in {f.rule_id for f in page.findings if f.outcome == "fail"}:
            by_rule[rule]["pages"] += 1
    return sorted(by_rule.values(), key=_rule_order)


def summarise(pages: Sequence[PageResult], fail_on: str, allow_unreachable: bool, counts_against: Callable[[Finding], bool] = lambda f: True,
              allowed: int = 0) -> dict[str, Any]:
    """Counts for people and for CI (by impact, by group, by ``family/rule``),
    and whether the run breaches ``fail_on``: more than ``allowed`` barriers
    at or above it.

    ``counts_against`` narrows which findings can breach it (with
    ``--fail-on-new``: only those new against the baseline)."""
    failures = [f for p in pages for f in p.findings if f.outcome == "fail"]
    reviews = [f for p in pages for f in p.findings if f.outcome == "review"]
    unreachable = [p for p in pages if p.error is not None]
    counted = {id(p): [f for f in p.failures_at_or_above(fail_on) if counts_against(f)] for p in pages}
    breaching = [p for p in pages if counted[id(p)]]
    failing = sum(len(found) for found in counted.values())
    breached = failing > allowed or (bool(unreachable) and not allow_unreachable)
    return {
        "pages": len(pages),
        "audited": len(pages) - len(unreachable),
        "unreachable": len(unreachable),
        "fail": len(failures),
        "review": len(reviews),
        "by_impact": {i: sum(1 for f in failures if f.impact == i) for i in IMPACTS},
        "by_group": {g: {"findings": sum(1 for f in failures if g in f.groups), "pages": sum(1 for p in pages if any(g in f.groups for f in p.findings if f.outcome == "fail"))} for g in GROUPS},
        "by_rule": _by_rule(pages),
        "fail_on": fail_on,
        "pages_failing": len(breaching),
        "failing": failing,
        "threshold": allowed,
        "threshold_breached": breached,
    }


@dataclass(frozen=True)
class Verdict:
    """A judged run: its pages with the ignored findings taken out, each
    page's report row (``ignored``, and with a baseline the ``baseline``
    marks and ``fixed``), and the summary."""

    pages: tuple[PageResult, ...]
    rows: tuple[dict[str, Any], ...]
    summary: dict[str, Any]

    @property
    def breached(self) -> bool:
        """Whether the run fails its threshold: what the exit code says."""
        return bool(self.summary["threshold_breached"])


def judge(
    results: Sequence[PageResult],
    config: Mapping[str, Any],
    ignores: Sequence[Ignore] = (),
    baseline: Mapping[str, Any] | None = None,
    today: dt.date | None = None,
) -> Verdict:
    """The verdict of ``results`` under the run's ``config`` (its ``fail_on``,
    ``threshold``, ``fail_on_new`` and ``allow_unreachable``), its ignores and its baseline
    (``{"source": ..., "pages": {url: [finding, ...]}}``, pages matched by
    :func:`auditor.model.page_key`)."""
    today = today or dt.date.today()
    active = [i for i in ignores if not i.expired(today)]
    baseline_pages = {page_key(url): found for url, found in baseline["pages"].items()} if baseline is not None else {}
    pages, rows = [], []
    for result in results:
        kept, ignored = split_ignored(result.findings, result.url, active)
        result = replace(result, findings=tuple(kept))
        row = result.to_dict()
        row["ignored"] = ignored
        if baseline is not None:
            compare_page(row, baseline_pages.get(page_key(result.url)))
        pages.append(result)
        rows.append(row)

    marks = [f.get("baseline") for row in rows for f in row["findings"]]
    new = {same(f) for row in rows for f in row["findings"] if f.get("baseline") == "new"}
    fail_on_new = bool(config.get("fail_on_new")) and baseline is not None
    summary = summarise(
        pages,
        config.get("fail_on", "serious"),
        bool(config.get("allow_unreachable", False)),
        counts_against=(lambda f: same(f.to_dict()) in new) if fail_on_new else (lambda f: True),
        allowed=int(config.get("threshold", 0)),
    )
    summary["ignored"] = sum(len(row["ignored"]) for row in rows)
    summary["expired_ignores"] = [i.to_dict() for i in ignores if i.expired(today)]
    summary["baseline"] = None if baseline is None else {
        "source": baseline["source"],
        "fail_on_new": fail_on_new,
        "new": marks.count("new"),
        "unchanged": marks.count("unchanged"),
        "fixed": sum(len(row["fixed"]) for row in rows),
    }
    return Verdict(tuple(pages), tuple(rows), summary)


def judge_run(store: Any, run_id: str, today: dt.date | None = None) -> Verdict:
    """The verdict of a stored run, with the ignores and baseline kept with it."""
    record = store.run(run_id)
    ignores = [Ignore.from_dict(d) for d in store.get_input(record.id, "ignores") or ()]
    return judge(store.pages(record.id), record.config, ignores, store.get_input(record.id, "baseline"), today)
