from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_server import FixtureServer  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def report_schema() -> dict[str, Any]:
    from auditor.reports.json import schema

    return schema()


@pytest.fixture(scope="session")
def validate(report_schema):
    """Validate a report.json (path or dict) against the shipped JSON Schema."""
    import jsonschema

    def check(report: Path | dict[str, Any]) -> dict[str, Any]:
        document = json.loads(Path(report).read_text(encoding="utf-8")) if isinstance(report, Path) else report
        jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator)
        return document

    return check
