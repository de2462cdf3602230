"""Findings as table rows, run comparisons and trends: plain data, no Qt.

Rows are built from the report document (the same one every report renders)
or from a page result as it arrives, so the window shows what the reports say.
Comparing two runs uses the baseline rules of :mod:`auditor.verdict`:
findings match by fingerprint, page by page (pages by :func:`auditor.model.page_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from auditor import DEMO_PATH, PageResult, RunRecord, Store, load_baseline, page_key, summarise


@dataclass(frozen=True)
class FindingRow:
    """One finding on one page, as the findings table shows it."""

    page_url: str
    page_title: str
    finding: Mapping[str, Any]
    change: str = ""
    """``new``, ``unchanged`` or ``fixed`` against a baseline or an earlier run; empty without one."""

    @property
    def impact(self) -> str:
        return str(self.finding.get("impact", ""))

    @property
    def rule(self) -> str:
        return str(self.finding.get("rule", ""))

    @property
    def rule_id(self) -> str:
        """``family/rule``: a rule's identity (two families may name a rule alike)."""
        return f"{self.finding.get('check', '')}/{self.rule}"

    @property
    def outcome(self) -> str:
        return str(self.finding.get("outcome", ""))

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(self.finding.get("groups", ()))

    @property
    def summary(self) -> str:
        return str(self.finding.get("summary", ""))


def rows_of_page(page: Mapping[str, Any], changes: Mapping[str, str] | None = None) -> list[FindingRow]:
    """Rows of one page of the report document (or ``PageResult.to_dict()``)."""
    return [
        FindingRow(page["url"], page.get("title", ""), f, (changes or {}).get(f["fingerprint"], f.get("baseline", "")))
        for f in page.get("findings", ())
    ]


def rows_of_document(document: Mapping[str, Any]) -> list[FindingRow]:
    return [row for page in document["pages"] for row in rows_of_page(page)]


@dataclass(frozen=True)
class Comparison:
    """What changed from one run to a later one."""

    before: str
    after: str
    new: list[FindingRow] = field(default_factory=list)
    fixed: list[FindingRow] = field(default_factory=list)
    unchanged: int = 0

    @property
    def rows(self) -> list[FindingRow]:
        return self.new + self.fixed


def compare_runs(store: Store, before: str, after: str) -> Comparison:
    """New and fixed findings of ``after`` against ``before``, by fingerprint.

    As with a baseline: a page the earlier run could not audit says nothing,
    and nothing is fixed on a page the later run could not audit."""
    earlier = {page_key(url): found for url, found in load_baseline(before, store)["pages"].items()}
    new: list[FindingRow] = []
    fixed: list[FindingRow] = []
    unchanged = 0
    for result in store.pages(after):
        if result.error is not None:
            continue
        before_here = earlier.get(page_key(result.url), ())
        known = {f["fingerprint"] for f in before_here}
        now = {f.fingerprint for f in result.findings}
        for finding in result.findings:
            if finding.fingerprint in known:
                unchanged += 1
            else:
                new.append(FindingRow(result.url, result.title, finding.to_dict(), "new"))
        fixed += [FindingRow(result.url, result.title, f, "fixed") for f in before_here if f["fingerprint"] not in now]
    return Comparison(before, after, new, fixed, unchanged)


def site_of(record: RunRecord) -> str:
    """What a run audited, for grouping runs into a trend: the first target's
    origin (for the demo site, its address without the port it happened to get)."""
    if not record.targets:
        return ""
    parts = urlsplit(record.targets[0])
    if not parts.netloc:
        return record.targets[0]
    key = urlsplit(page_key(record.targets[0]))
    if key.path.startswith(DEMO_PATH):
        return f"{key.scheme}://{key.netloc}{DEMO_PATH.rstrip('/')}"
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class TrendPoint:
    run_id: str
    started: str
    pages: int
    barriers: int
    review: int
    by_impact: Mapping[str, int]


def trend_point(record: RunRecord, pages: Sequence[PageResult]) -> TrendPoint:
    summary = summarise(pages, record.config.get("fail_on", "serious"), True)
    return TrendPoint(record.id, record.started, summary["pages"], summary["fail"], summary["review"], summary["by_impact"])


def trend(store: Store, site: str, records: Iterable[RunRecord] | None = None, known: dict[str, TrendPoint] | None = None) -> list[TrendPoint]:
    """Findings over time for every stored run of ``site``, oldest first
    (``records`` newest first, as :meth:`Store.runs` lists them).

    ``known`` keeps the points of finished runs (they never change), so
    looking again reads only runs that were unfinished or new."""
    known = {} if known is None else known
    points = []
    for record in reversed([r for r in (records if records is not None else store.runs()) if site_of(r) == site]):
        point = known.get(record.id) or trend_point(record, store.pages(record.id))
        if record.complete:
            known[record.id] = point
        points.append(point)
    return points
