"""``report.json``: the report document, as described by ``schema/report.schema.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def schema() -> dict[str, Any]:
    """The JSON Schema every ``report.json`` validates against."""
    text = resources.files("auditor.reports").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
