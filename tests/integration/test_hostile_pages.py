"""Hostile pages: what a page sends can never cost the run its reports or
its truth. Each case is a fixture page served on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3

import pytest

from auditor.cli import main

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

FORMATS = "json,html,junit,sarif,csv"


def test_a_snippet_cut_inside_an_emoji_costs_no_report(server, tmp_path, capsys):
    """The <html> start tag is 301 UTF-16 units long with an emoji at units
    299-300: cutting it at 300 units keeps half the emoji (a lone surrogate),
    which no UTF-8 file can hold. Every report is still written, and the
    snippet keeps whole characters."""
    url = server.url("hostile/split-emoji.html")
    config = tmp_path / "audit.toml"
    config.write_text("[bandwidth]\nbudget_transfer_bytes = 100\n", encoding="utf-8")
    code, document = run_cli(tmp_path, [url, "--checks", "bandwidth", "--config", str(config), "--format", FORMATS], profile=None)
    assert document is not None, "no report.json was written"
    out = tmp_path / "out"
    for name in ("report.json", "report.html", "report.junit.xml", "report.sarif", "report.csv"):
        assert (out / name).is_file(), name
        (out / name).read_text(encoding="utf-8")  # valid UTF-8 throughout
    row = page(document, url)
    (weight,) = [f for f in row["findings"] if f["rule"] == "page-weight-over-budget"]
    snippet = weight["targets"][0]["snippet"]
    assert snippet == '<html lang="en" data-note="' + "a" * 272
    assert row["title"] == "Bin collection days \U0001F5D1\uFE0F - Riverton Borough Council"
    assert code == 2

    # Re-rendering the stored run works too.
    run_id = document["run"]["id"]
    capsys.readouterr()
    again = tmp_path / "again"
    assert main(["report", run_id, "--db", str(tmp_path / "runs.sqlite3"), "--out", str(again), "--format", FORMATS]) in (0, 2)
    assert json.loads((again / "report.json").read_text(encoding="utf-8"))["pages"][0]["findings"][0]["targets"][0]["snippet"] == snippet
