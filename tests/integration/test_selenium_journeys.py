"""Journeys on the Selenium engine: the same checkpoints, in the same states,
and the same first step a person without JavaScript cannot do, as on the
Playwright engine (tests/integration/test_journeys.py)."""

from __future__ import annotations

import pytest

from service_server import serving

from .helpers import run_cli
from .test_journeys import journey_file, rows

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)


def test_selenium_walks_a_journey_and_audits_each_checkpoint(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply.toml", service.base), "--fail-on", "none", "--engine", "selenium"])
    assert code == 0
    assert rows(document) == [
        ("Start page", "/apply/start", None),
        ("Name with an error", "/apply/name", None),
        ("Check your answers", "/apply/check", None),
        ("Confirmation", "/apply/done", None),
    ]
    assert document["pages"][1]["title"] == "Error: What is your name?"
    assert all(row["journey"]["nojs"]["completed"] for row in document["pages"])


def test_selenium_finds_the_step_that_needs_javascript(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply-js.toml", service.base), "--fail-on", "none", "--engine", "selenium"])
    assert code == 0
    assert [r[0] for r in rows(document)] == ["Start page", "Name with an error", "Check your answers", "Confirmation"]
    assert all(r[2] is None for r in rows(document))
    nojs = document["pages"][0]["journey"]["nojs"]
    assert (nojs["completed"], nojs["step"], nojs["described"]) == (False, 7, 'step 7 (select "#bins")')
    assert nojs["message"] == 'no usable element within 5 s (after step 6 (click "#continue"))'
