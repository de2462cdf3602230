"""Reporters: each renders the report document of one stored run.

:func:`build_document` turns a stored run into the document that
``report.json`` holds; every other format renders that same document, so a
stored run can be re-rendered at any time, without a browser.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from auditor.baseline import Ignore
from auditor.checks import metric_table
from auditor.config import ConfigError
from auditor.model import GROUPS, IMPACTS, ElementShot, Finding, PageResult, at_or_above, page_key
from auditor.store import Store

from . import csv, html, json, junit, sarif
from .rules import describe

SCHEMA_VERSION = "1.0"

RENDERERS: Mapping[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "json": ("report.json", json.render),
    "html": ("report.html", html.render),
    "junit": ("report.junit.xml", junit.render),
    "sarif": ("report.sarif", sarif.render),
    "csv": ("report.csv", csv.render),
}


def summarise(pages: Sequence[PageResult], fail_on: str, allow_unreachable: bool, counts_against: Callable[[Finding], bool] = lambda f: True) -> dict[str, Any]:
    """Counts for people and for CI, and whether the run breaches ``fail_on``.

    ``counts_against`` narrows which findings can breach it (with
    ``--fail-on-new``: only those new against the baseline)."""
    failures = [f for p in pages for f in p.findings if f.outcome == "fail"]
    reviews = [f for p in pages for f in p.findings if f.outcome == "review"]
    unreachable = [p for p in pages if p.error is not None]
    by_rule: dict[str, dict[str, Any]] = {}
    for page in pages:
        for f in page.findings:
            if f.outcome != "fail":
                continue
            entry = by_rule.setdefault(f.rule_id, {"id": f.rule_id, "rule": f.rule, "check": f.check, "impact": f.impact, "summary": describe(f.check, f.rule, f.summary), "findings": 0, "pages": 0})
            entry["findings"] += 1
            if at_or_above(f.impact, entry["impact"]):
                entry["impact"] = f.impact
        for rule in {f.rule_id for f in page.findings if f.outcome == "fail"}:
            by_rule[rule]["pages"] += 1
    breaching = [p for p in pages if any(counts_against(f) for f in p.failures_at_or_above(fail_on))]
    breached = bool(breaching) or (bool(unreachable) and not allow_unreachable)
    return {
        "pages": len(pages),
        "audited": len(pages) - len(unreachable),
        "unreachable": len(unreachable),
        "fail": len(failures),
        "review": len(reviews),
        "by_impact": {i: sum(1 for f in failures if f.impact == i) for i in IMPACTS},
        "by_group": {g: {"findings": sum(1 for f in failures if g in f.groups), "pages": sum(1 for p in pages if any(g in f.groups for f in p.findings if f.outcome == "fail"))} for g in GROUPS},
        "by_rule": sorted(by_rule.values(), key=lambda e: (IMPACTS.index(e["impact"]) if e["impact"] in IMPACTS else 9, -e["pages"], e["id"])),
        "fail_on": fail_on,
        "pages_failing": len(breaching),
        "threshold_breached": breached,
    }


class ReportDocument(dict):  # type: ignore[type-arg]
    """The report document (a plain dict, as ``report.json`` holds it) that
    also carries the run's element screenshots, by (page URL, selector), for
    ``report.html``; no other format includes them."""

    shots: Mapping[tuple[str, str], ElementShot]

    def __init__(self, content: dict[str, Any], shots: Mapping[tuple[str, str], ElementShot] | None = None) -> None:
        super().__init__(content)
        self.shots = dict(shots or {})


def _same(finding: Mapping[str, Any]) -> tuple[str, str]:
    """What makes two findings the same across runs: the family and the
    fingerprint (rule + page + element). The fingerprint alone names the rule
    without its family; the family is added here rather than to the hash, so
    baselines written before stay comparable."""
    return (finding["check"], finding["fingerprint"])


def build_document(store: Store, run_id: str, today: dt.date | None = None) -> ReportDocument:
    """The report document of a stored run: what ``report.json`` holds.

    Ignores and the baseline kept with the run are applied here: ignored
    findings move to the page's ``ignored`` list (expired ignores suppress
    nothing and are listed in the summary); with a baseline each finding is
    ``new`` or ``unchanged`` and the page lists what was ``fixed``."""
    record = store.run(run_id)
    config = record.config
    today = today or dt.date.today()
    ignores = [Ignore.from_dict(d) for d in store.get_input(record.id, "ignores") or ()]
    active = [i for i in ignores if not i.expired(today)]
    baseline = store.get_input(record.id, "baseline")

    # Pages match by page_key: the demo site's pages by their path, whatever port served them.
    baseline_pages = {page_key(url): found for url, found in baseline["pages"].items()} if baseline is not None else {}
    pages, rows = [], []
    for result in store.pages(record.id):
        kept, ignored = [], []
        for f in result.findings:
            rule = next((i for i in active if i.matches(f, result.url)), None)
            (ignored.append({**f.to_dict(), "ignored_because": rule.reason}) if rule else kept.append(f))
        result = replace(result, findings=tuple(kept))
        row = result.to_dict()
        row["ignored"] = ignored
        if baseline is not None:
            before = baseline_pages.get(page_key(result.url))
            known = {_same(f) for f in before or ()}
            for finding in row["findings"]:
                finding["baseline"] = "unchanged" if _same(finding) in known else "new"
            now = {_same(f) for f in row["findings"]} | {_same(f) for f in ignored}
            row["fixed"] = [f for f in before or () if _same(f) not in now] if result.error is None else []
        pages.append(result)
        rows.append(row)

    new = {_same(f) for row in rows for f in row["findings"] if f.get("baseline") == "new"}
    fail_on_new = bool(config.get("fail_on_new")) and baseline is not None
    summary = summarise(
        pages,
        config.get("fail_on", "serious"),
        bool(config.get("allow_unreachable", False)),
        counts_against=(lambda f: _same(f.to_dict()) in new) if fail_on_new else (lambda f: True),
    )
    summary["ignored"] = sum(len(row["ignored"]) for row in rows)
    summary["expired_ignores"] = [i.to_dict() for i in ignores if i.expired(today)]
    summary["baseline"] = None if baseline is None else {
        "source": baseline["source"],
        "fail_on_new": fail_on_new,
        "new": sum(1 for row in rows for f in row["findings"] if f.get("baseline") == "new"),
        "unchanged": sum(1 for row in rows for f in row["findings"] if f.get("baseline") == "unchanged"),
        "fixed": sum(len(row["fixed"]) for row in rows),
    }
    return ReportDocument({
        "schema": SCHEMA_VERSION,
        "tool": record.tool,
        "run": {
            "id": record.id,
            "started": record.started,
            "finished": record.finished,
            "complete": record.complete and len(pages) == len(record.targets),
            "targets": len(record.targets),
            "config": config,
        },
        "summary": summary,
        # The page figures of the run's families, as they declared them: the
        # reporters list a page's figures from this table, never by name.
        "metrics": metric_table(config.get("checks")),
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


def check_out_dir(out_dir: str | Path) -> None:
    """Make sure reports can be written into ``out_dir``: called before a
    run opens any page, so a folder that cannot be written is one line at
    the start, not a run's reports lost at its end. Only trying tells (as
    root every permission check says yes): the folder is created, a file
    written there and removed, and the folders created are removed again
    (the reports create them when they are written)."""
    out = Path(out_dir)
    created = [p for p in (out, *out.parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".inclusion-audit-", suffix=".probe"):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot write reports to {str(out)!r}: {exc.strerror or exc}") from None
    finally:
        for folder in created:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()


class ReportsNotWritten(OSError):
    """Some reports could not be written (a full disk); ``written`` lists
    those that were, ``failed`` each one that was not, with why."""

    def __init__(self, written: list[Path], failed: list[tuple[str, str]]) -> None:
        super().__init__("could not write " + ", ".join(f"{name} ({why})" for name, why in failed))
        self.written = written
        self.failed = failed


def write_reports(document: dict[str, Any], out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """Write each format into ``out_dir``; returns the files written.

    Each file is written to a temporary name and renamed, so a reader never
    sees half a report. A file that cannot be written (no space left) costs
    no other format: the rest are written, what was half written is
    removed, and :class:`ReportsNotWritten` then says which failed."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, failed = [], []
    for fmt in formats:
        name, render = RENDERERS[fmt]
        target = out / name
        partial = out / f".{name}.partial"
        try:
            partial.write_text(render(document), encoding="utf-8")
            partial.replace(target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            failed.append((name, exc.strerror or str(exc)))
            continue
        written.append(target)
    if failed:
        raise ReportsNotWritten(written, failed)
    return written
