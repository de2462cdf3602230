"""The report document of a stored run: what ``report.json`` holds and what
every other format renders.

The verdict (ignores, baseline marks, summary, threshold) comes from
:mod:`auditor.verdict`; this module only puts it together with the run's
record, its skipped pages and its journeys, so a stored run can be
re-rendered at any time, without a browser.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping, Sequence

from .journeys import RULES as JOURNEY_RULES
from .model import ElementShot
from .priorities import priorities
from .registry import CHECKS, PROFILES, metric_table, rule_table
from .rule import describe
from .verdict import Verdict, judge_run

SCHEMA_VERSION = "2.0"
"""2.0: the rule table, the metric table, skipped pages, priorities and the
families' titles became required, and the summary gained the count
threshold."""


class ReportDocument(dict):  # type: ignore[type-arg]
    """The report document (a plain dict, as ``report.json`` holds it) that
    also carries the run's element screenshots, by (page URL, selector), for
    ``report.html``; no other format includes them."""

    shots: Mapping[tuple[str, str], ElementShot]

    def __init__(self, content: dict[str, Any], shots: Mapping[tuple[str, str], ElementShot] | None = None) -> None:
        super().__init__(content)
        self.shots = dict(shots or {})


def build_document(store: Any, run_id: str, today: dt.date | None = None, *, verdict: Verdict | None = None) -> ReportDocument:
    """The report document of a stored run: what ``report.json`` holds.

    ``verdict`` is the run's, when the caller has judged it already (the
    command line, for its exit code); otherwise it is judged here."""
    record = store.run(run_id)
    verdict = verdict or judge_run(store, record.id, today)
    rows = list(verdict.rows)
    # Runs store the families they ran; an empty list is the profile's.
    families = record.config.get("checks") or PROFILES.get(record.config.get("profile", "default"))
    rules = run_rules(families, rows)
    index = {entry["id"]: entry for entry in rules}
    summary = {**verdict.summary, "by_rule": [{**entry, "summary": describe(index, entry["check"], entry["rule"], entry["rule"])}
                                              for entry in verdict.summary["by_rule"]]}
    return ReportDocument({
        "schema": SCHEMA_VERSION,
        "tool": record.tool,
        "run": {
            "id": record.id,
            "started": record.started,
            "finished": record.finished,
            "complete": record.complete and len(verdict.pages) == len(record.targets),
            "targets": len(record.targets),
            "config": record.config,
        },
        "summary": summary,
        # The run's families by name, as people read them (each Check's
        # title), for the reports to say "Keyboard" where the data says
        # "keyboard"; with any other family its rules name.
        "families": family_titles(families, rules),
        # The page figures of the run's families, as they declared them: the
        # reporters list a page's figures from this table, never by name.
        "metrics": metric_table(families),
        # The rules of the run's families, as they declared them, and axe's
        # that appear: the reporters and the desktop app describe a rule
        # from this table.
        "rules": rules,
        # What to fix first, who is excluded and who makes each fix: one
        # computation that the HTML report, the console and the desktop app
        # all show.
        "priorities": priorities(rows, index),
        "pages": rows,
        "skipped": [page.to_dict() for page in store.skipped(record.id)],
        **({"journeys": journeys} if (journeys := journey_summaries(rows)) else {}),
    }, store.shots(record.id))


def family_titles(check_ids: Sequence[str] | None, rules: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each family of the run (``check_ids``, then any other that a rule of
    the run's table belongs to) with its title; a family the registry does
    not know is named by its id."""
    ids = dict.fromkeys([*(check_ids or ()), *(entry["family"] for entry in rules)])
    return [{"id": family, "title": CHECKS[family].title if family in CHECKS else family} for family in ids]


def run_rules(check_ids: Sequence[str] | None, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The run's rule table (:func:`auditor.checks.rule_table`): all the
    rules of its families, the journeys' included, and those of the findings
    its pages hold, kept, ignored or fixed since the baseline."""
    found = [f for row in rows for key in ("findings", "ignored", "fixed") for f in row.get(key) or ()]
    return rule_table(check_ids, found, JOURNEY_RULES)


def journey_summaries(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each journey's checkpoints in step order, where it stopped, and the
    sums of bytes, data cost and estimated load time over its checkpoints
    (each checkpoint's network log covers what loaded since the one before)."""
    journeys: dict[str, dict[str, Any]] = {}
    for row in rows:
        info = row.get("journey")
        if not info:
            continue
        entry = journeys.setdefault(info["name"], {
            "name": info["name"], "start": row["url"].split("#", 1)[0], "complete": True, "checkpoints": [],
            "stopped": None, "nojs": info["nojs"], "transfer_bytes": None, "data_cost_gbp": None, "load_ms": None,
        })
        fails = sum(1 for f in row["findings"] if f["outcome"] == "fail")
        entry["checkpoints"].append({
            "name": info["checkpoint"], "url": row["url"], "final_url": row["final_url"], "step": info["step"],
            "audited": row["error"] is None, "fail": fails, "review": len(row["findings"]) - fails,
        })
        if row["error"] is not None:
            entry["complete"] = False
            entry["stopped"] = entry["stopped"] or row["error"]["message"]
        _add_journey_costs(entry, row["metrics"])
    for entry in journeys.values():
        entry["checkpoints"].sort(key=lambda c: c["step"])
    return list(journeys.values())


def _add_journey_costs(entry: dict[str, Any], metrics: Mapping[str, Any]) -> None:
    if "transfer_bytes" in metrics:
        entry["transfer_bytes"] = (entry["transfer_bytes"] or 0) + int(metrics["transfer_bytes"])
    if "data_cost_gbp" in metrics:
        entry["data_cost_gbp"] = round((entry["data_cost_gbp"] or 0.0) + float(metrics["data_cost_gbp"]), 6)
    if isinstance(metrics.get("load_ms"), Mapping):
        totals = entry["load_ms"] or {}
        for profile, ms in metrics["load_ms"].items():
            totals[profile] = totals.get(profile, 0.0) + float(ms)
        entry["load_ms"] = totals
