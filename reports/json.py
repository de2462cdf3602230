"""``report.json``: the report document, as described by ``schema/report.schema.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import IO, Any


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(document: dict[str, Any], out: IO[str]) -> None:
    """:func:`render`'s text, written as it is encoded: a big run's
    report.json is never held whole in memory (128 MB for 10,000 pages)."""
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def schema() -> dict[str, Any]:
    """The JSON Schema every ``report.json`` validates against."""
    text = resources.files("auditor.reports").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
