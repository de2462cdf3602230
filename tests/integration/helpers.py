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


def run_cli_aloud(tmp_path: Path, args: Sequence[str], capsys: Any, profile: str = "quick") -> tuple[int, dict[str, Any], str, str]:
    """Run ``inclusion-audit run`` without ``--quiet`` (JSON and HTML reports);
    returns the exit code, report.json, report.html and what was printed
    (stdout and stderr together)."""
    out = tmp_path / "out"
    capsys.readouterr()
    code = main(["run", *args, "--profile", profile, "--out", str(out), "--format", "json,html", "--db", str(tmp_path / "runs.sqlite3")])
    printed = capsys.readouterr()
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    _VALIDATOR.validate(document)
    return code, document, (out / "report.html").read_text(encoding="utf-8"), printed.out + printed.err


def html_section(html: str, heading_id: str) -> str:
    """The report.html section that starts at ``<h2 id=heading_id>``, up to the next heading or the end of main."""
    start = html.index(f'<h2 id="{heading_id}"')
    ends = [i for i in (html.find("<h2", start + 1), html.find("</main>", start)) if i != -1]
    return html[start:min(ends)]
