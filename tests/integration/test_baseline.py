"""Baselines and ignores through the real CLI: CI fails only on what is new."""

from __future__ import annotations

import json

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration


def test_second_run_against_a_baseline(server, tmp_path):
    url = server.url("variant.html")
    server.variant = "before"
    code, first = run_cli(tmp_path / "one", [url])
    assert code == 2 and [f["rule"] for f in page(first, url)["findings"]] == ["image-alt"]
    baseline = tmp_path / "one" / "out" / "report.json"

    server.variant = "after"  # the image is fixed, a button lost its name
    try:
        code, second = run_cli(tmp_path / "two", [url, "--baseline", str(baseline), "--format", "json,junit,sarif,csv"])
        assert code == 2  # a new critical barrier
        row = page(second, url)
        assert [(f["rule"], f["baseline"]) for f in row["findings"]] == [("button-name", "new")]
        assert [f["rule"] for f in row["fixed"]] == ["image-alt"]
        assert second["summary"]["baseline"] == {"source": str(baseline), "fail_on_new": False, "new": 1, "unchanged": 0, "fixed": 1}
        sarif = json.loads((tmp_path / "two" / "out" / "report.sarif").read_text())
        assert [r["baselineState"] for r in sarif["runs"][0]["results"]] == ["new"]

        # Against the second run (by its id, in the same store) with --fail-on-new: nothing is new.
        code, third = run_cli(tmp_path / "two", [url, "--baseline", second["run"]["id"], "--fail-on-new", "--format", "json,junit"])
    finally:
        server.variant = "before"
    assert code == 0
    assert [(f["rule"], f["baseline"]) for f in page(third, url)["findings"]] == [("button-name", "unchanged")]
    junit = (tmp_path / "two" / "out" / "report.junit.xml").read_text()
    assert "<failure" not in junit and '<skipped type="baseline"' in junit and "known from the baseline" in junit


def test_ignore_file_accepts_a_finding_with_a_reason(server, tmp_path):
    url = server.url("variant.html")
    ignore = tmp_path / "ignore.toml"
    ignore.write_text(f'[[ignore]]\nrule = "image-alt"\nurl = "{server.base}/*"\nreason = "Logo replaced in the next release"\n')
    code, document = run_cli(tmp_path, [url, "--ignore-file", str(ignore)])
    assert code == 0
    row = page(document, url)
    assert row["findings"] == []
    assert [(f["rule"], f["ignored_because"]) for f in row["ignored"]] == [("image-alt", "Logo replaced in the next release")]


def test_bad_baseline_and_ignore_file_are_input_errors(server, tmp_path, capsys):
    url = server.url("variant.html")
    assert run_cli(tmp_path, [url, "--baseline", str(tmp_path / "missing.json")])[0] == 1
    assert "is not a readable file" in capsys.readouterr().err
    assert run_cli(tmp_path, [url, "--fail-on-new"])[0] == 1
    assert "needs a baseline" in capsys.readouterr().err
    (tmp_path / "ignore.toml").write_text('[[ignore]]\nrule = "x"\nurl = "*"\n')
    assert run_cli(tmp_path, [url, "--ignore-file", str(tmp_path / "ignore.toml")])[0] == 1
    assert "'reason' is required" in capsys.readouterr().err


def test_a_count_threshold_from_a_found_config_file_decides_the_exit_code(server, tmp_path, monkeypatch):
    """One critical barrier (image-alt): ``threshold = 1`` in a pyproject.toml
    found in the working folder passes the run; ``--threshold 0`` (the option
    wins over the file) fails it."""
    url = server.url("variant.html")
    server.variant = "before"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.inclusion-audit]\nthreshold = 1\nfail_on = "critical"\n', encoding="utf-8")
    code, document = run_cli(tmp_path / "within", [url])
    assert code == 0
    assert {k: document["summary"][k] for k in ("failing", "threshold", "threshold_breached")} == {"failing": 1, "threshold": 1, "threshold_breached": False}
    assert document["run"]["config"]["threshold"] == 1
    code, document = run_cli(tmp_path / "over", [url, "--threshold", "0"])
    assert code == 2 and document["summary"]["failing"] == 1 and document["summary"]["threshold_breached"] is True
