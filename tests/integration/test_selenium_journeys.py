"""Journeys on the Selenium engine give what they give on the Playwright
engine: the same checkpoints, in the same states (page, title, errors), and
the same first step a person without JavaScript cannot do."""

from __future__ import annotations

import pytest

from service_server import serving

from .helpers import run_cli
from .test_journeys import journey_file, rows

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)


@pytest.mark.parametrize("journey", ["apply.toml", "apply-js.toml"])
def test_a_journey_walks_alike_on_both_engines(tmp_path, service, journey):
    walked = {}
    for engine in ("playwright", "selenium"):
        where = tmp_path / engine
        where.mkdir()
        code, document = run_cli(where, ["--journey", journey_file(where, journey, service.base), "--fail-on", "none", "--engine", engine])
        assert code == 0
        walked[engine] = document
    pw, se = walked["playwright"], walked["selenium"]
    assert rows(se) == rows(pw) and len(rows(se)) == 4
    assert [r[2] for r in rows(se)] == [None] * 4  # every checkpoint audited
    assert [p["title"] for p in se["pages"]] == [p["title"] for p in pw["pages"]]
    nojs = se["pages"][0]["journey"]["nojs"]
    assert nojs == pw["pages"][0]["journey"]["nojs"]
    assert nojs["completed"] is (journey == "apply.toml")  # apply-js needs script at a step
