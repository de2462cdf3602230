from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

import jsonschema

from auditor.cli import main
from auditor.reports.json import schema

_VALIDATOR = jsonschema.Draft202012Validator(schema())


def run_cli(tmp_path: Path, args: Sequence[str], *, db: bool = True, profile: str | None = "quick") -> tuple[int, dict[str, Any] | None]:
    """Run ``inclusion-audit run`` in-process; returns the exit code and report.json.

    ``profile`` defaults to ``quick`` (axe-core only) for the tests of the
    core; the tests of each family choose their own checks."""
    out = tmp_path / "out"
    store = ["--db", str(tmp_path / "runs.sqlite3")] if db else ["--no-store"]
    chosen = ["--profile", profile] if profile and "--resume" not in args else []
    code = main(["run", *args, *chosen, "--out", str(out), "--quiet", *store])
    report = out / "report.json"
    if not report.exists():
        return code, None
    document = json.loads(report.read_text(encoding="utf-8"))
    _VALIDATOR.validate(document)  # every report a test produces meets the published schema
    return code, document


def page(document: dict[str, Any], url: str) -> dict[str, Any]:
    matches = [p for p in document["pages"] if p["url"] == url]
    assert len(matches) == 1, f"expected one row for {url}, got {len(matches)}"
    return matches[0]


def fail_rules(page_row: dict[str, Any]) -> list[str]:
    return sorted({f["rule"] for f in page_row["findings"] if f["outcome"] == "fail"})
