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

from .registry import PROFILES, metric_table
from .model import ElementShot
from .verdict import Verdict, judge_run

SCHEMA_VERSION = "1.0"


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
        "summary": verdict.summary,
        # The page figures of the run's families, as they declared them: the
        # reporters list a page's figures from this table, never by name.
        "metrics": metric_table(record.config.get("checks") or PROFILES.get(record.config.get("profile", "default"))),
        "pages": rows,
        "skipped": [page.to_dict() for page in store.skipped(record.id)],
        **({"journeys": journeys} if (journeys := journey_summaries(rows)) else {}),
    }, store.shots(record.id))


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
