"""Journeys through the fixture service, with and without JavaScript: exactly
which checkpoints are audited, in what state, and where a journey stops."""

from __future__ import annotations

from pathlib import Path

import pytest

from service_server import service  # noqa: F401  (fixture)

from .helpers import run_cli

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parent.parent / "fixtures" / "service"


def journey_file(tmp_path: Path, name: str, base: str) -> str:
    """The fixture journey pointed at this test's server."""
    path = tmp_path / name
    path.write_text((FIXTURES / name).read_text(encoding="utf-8").replace("http://SERVICE", base), encoding="utf-8")
    return str(path)


def rows(document: dict) -> list[tuple[str | None, str, str | None]]:
    """(checkpoint, path of the page shown, error kind) of every journey row, in order."""
    out = []
    for row in document["pages"]:
        journey = row["journey"]
        path = "/" + row["final_url"].split("/", 3)[3] if row["final_url"].count("/") >= 3 else row["final_url"]
        out.append((journey["checkpoint"], path, row["error"]["kind"] if row["error"] else None))
    return out


def test_journey_audits_each_checkpoint_in_its_state(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply.toml", service.base), "--fail-on", "none"])
    assert code == 0
    assert rows(document) == [
        ("Start page", "/apply/start", None),
        ("Name with an error", "/apply/name", None),
        ("Check your answers", "/apply/check", None),
        ("Confirmation", "/apply/done", None),
    ]
    titles = [row["title"] for row in document["pages"]]
    assert titles[1] == "Error: What is your name?"  # the error shown after the empty submit was audited
    assert all(row["journey"]["nojs"]["completed"] for row in document["pages"])
    assert not [f for row in document["pages"] for f in row["findings"] if f["rule"] == "journey-needs-javascript"]
