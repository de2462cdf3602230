"""Reporters: each renders the report document of one stored run.

:func:`build_document` turns a stored run into the document that
``report.json`` holds; every other format renders that same document, so a
stored run can be re-rendered at any time, without a browser.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from auditor.model import GROUPS, IMPACTS, PageResult, at_or_above
from auditor.store import Store

from . import csv, html, json, junit, sarif

SCHEMA_VERSION = "1.0"

RENDERERS: Mapping[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "json": ("report.json", json.render),
    "html": ("report.html", html.render),
    "junit": ("report.junit.xml", junit.render),
    "sarif": ("report.sarif", sarif.render),
    "csv": ("report.csv", csv.render),
}


def summarise(pages: Sequence[PageResult], fail_on: str, allow_unreachable: bool) -> dict[str, Any]:
    """Counts for people and for CI, and whether the run breaches ``fail_on``."""
    failures = [f for p in pages for f in p.findings if f.outcome == "fail"]
    reviews = [f for p in pages for f in p.findings if f.outcome == "review"]
    unreachable = [p for p in pages if p.error is not None]
    by_rule: dict[str, dict[str, Any]] = {}
    for page in pages:
        for f in page.findings:
            if f.outcome != "fail":
                continue
            entry = by_rule.setdefault(f.rule, {"rule": f.rule, "check": f.check, "impact": f.impact, "summary": f.summary, "findings": 0, "pages": 0})
            entry["findings"] += 1
            if at_or_above(f.impact, entry["impact"]):
                entry["impact"] = f.impact
        for rule in {f.rule for f in page.findings if f.outcome == "fail"}:
            by_rule[rule]["pages"] += 1
    breaching = [p for p in pages if p.failures_at_or_above(fail_on)]
    breached = bool(breaching) or (bool(unreachable) and not allow_unreachable)
    return {
        "pages": len(pages),
        "audited": len(pages) - len(unreachable),
        "unreachable": len(unreachable),
        "fail": len(failures),
        "review": len(reviews),
        "by_impact": {i: sum(1 for f in failures if f.impact == i) for i in IMPACTS},
        "by_group": {g: {"findings": sum(1 for f in failures if g in f.groups), "pages": sum(1 for p in pages if any(g in f.groups for f in p.findings if f.outcome == "fail"))} for g in GROUPS},
        "by_rule": sorted(by_rule.values(), key=lambda e: (IMPACTS.index(e["impact"]) if e["impact"] in IMPACTS else 9, -e["pages"], e["rule"])),
        "fail_on": fail_on,
        "pages_failing": len(breaching),
        "threshold_breached": breached,
    }


def build_document(store: Store, run_id: str) -> dict[str, Any]:
    """The report document of a stored run: what ``report.json`` holds."""
    record = store.run(run_id)
    pages = store.pages(record.id)
    config = record.config
    return {
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
        "summary": summarise(pages, config.get("fail_on", "serious"), bool(config.get("allow_unreachable", False))),
        "pages": [p.to_dict() for p in pages],
    }


def write_reports(document: dict[str, Any], out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """Write each format into ``out_dir``; returns the files written.

    Each file is written to a temporary name and renamed, so a reader never
    sees half a report."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        name, render = RENDERERS[fmt]
        target = out / name
        partial = out / f".{name}.partial"
        partial.write_text(render(document), encoding="utf-8")
        partial.replace(target)
        written.append(target)
    return written
