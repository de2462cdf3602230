"""Journeys through the fixture service, with and without JavaScript: exactly
which checkpoints are audited, in what state, and where a journey stops."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from service_server import serving

from auditor.cli import main
from auditor.store import Store

from .helpers import run_cli

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "service"


def journey_file(tmp_path: Path, name: str, base: str) -> str:
    """The fixture journey pointed at this test's server."""
    path = tmp_path / name
    path.write_text((FIXTURES / name).read_text(encoding="utf-8").replace("http://SERVICE", base), encoding="utf-8")
    return str(path)


def rows(document: dict) -> list[tuple[str | None, str | None, str | None]]:
    """(checkpoint, path of the page shown or None, error kind or None) of every journey row, in order."""
    return [
        (row["journey"]["checkpoint"], None if row["error"] else urlsplit(row["final_url"]).path, row["error"]["kind"] if row["error"] else None)
        for row in document["pages"]
    ]


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


def test_without_javascript_the_first_step_that_cannot_be_done_is_reported(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply-js.toml", service.base), "--fail-on", "none"])
    assert code == 0
    # With JavaScript the whole journey works: every checkpoint is audited.
    assert rows(document) == [
        ("Start page", "/apply-js/start", None),
        ("Name with an error", "/apply-js/name", None),
        ("Check your answers", "/apply-js/check", None),
        ("Confirmation", "/apply-js/done", None),
    ]
    nojs = document["pages"][0]["journey"]["nojs"]
    # The script-only Continue button does nothing, so choosing bins (step 7) is where it stops.
    assert (nojs["completed"], nojs["step"], nojs["described"]) == (False, 7, 'step 7 (select "#bins")')
    assert nojs["message"] == 'no usable element within 5 s (after step 6 (click "#continue"))'
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'Stops at step 7 (select &#34;#bins&#34;): no usable element within 5 s' in html
    carriers = [(row["journey"]["checkpoint"], f["rule"]) for row in document["pages"] for f in row["findings"] if f["check"] == "nojs"]
    assert carriers == [("Check your answers", "journey-needs-javascript")]  # the first checkpoint a person without JavaScript cannot reach
    finding = next(f for row in document["pages"] for f in row["findings"] if f["rule"] == "journey-needs-javascript")
    assert finding["groups"] == ["older-devices"] and finding["outcome"] == "fail"
    assert document["journeys"][0]["nojs"]["step"] == 7
    assert document["journeys"][0]["complete"] is True


def test_a_failing_step_stops_the_journey_naming_it_and_keeps_what_was_audited(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "broken.toml", service.base), "--fail-on", "none"])
    assert code == 2  # checkpoints that could not be audited fail the run, as unreachable pages do
    assert rows(document) == [
        ("Start page", "/apply/start", None),
        ("Name", None, "journey-step"),
        ("Later", None, "journey-step"),
    ]
    messages = [row["error"]["message"] for row in document["pages"][1:]]
    assert messages[0].startswith('The journey stopped at step 3 (fill "#no-such-field"): ')
    assert messages[1] == 'Not reached: the journey stopped at step 3 (fill "#no-such-field")'
    summary = document["journeys"][0]
    assert summary["complete"] is False and summary["stopped"] == messages[0]
    assert [c["audited"] for c in summary["checkpoints"]] == [True, False, False]


def test_journey_sums_bytes_cost_and_load_time_and_the_report_shows_them_in_order(tmp_path, service):
    code, document = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply.toml", service.base), "--checks", "axe,bandwidth", "--fail-on", "none"], profile=None)
    assert code == 0
    summary = document["journeys"][0]
    per_checkpoint = [row["metrics"]["transfer_bytes"] for row in document["pages"]]
    assert summary["transfer_bytes"] == sum(per_checkpoint)
    # Each checkpoint counts what loaded since the one before, not everything so far.
    assert all(b > 0 for b in per_checkpoint) and max(per_checkpoint) < summary["transfer_bytes"] / 2
    assert summary["data_cost_gbp"] == pytest.approx(sum(row["metrics"]["data_cost_gbp"] for row in document["pages"]), abs=1e-6)
    assert summary["load_ms"]["3G"] == pytest.approx(sum(row["metrics"]["load_ms"]["3G"] for row in document["pages"]))
    assert [c["name"] for c in summary["checkpoints"]] == ["Start page", "Name with an error", "Check your answers", "Confirmation"]

    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    section = html[html.index('<h2 id="journeys">'):html.index('<h2 id="pages">')]
    positions = [section.index(f">{name}</th>") for name in ("Start page", "Name with an error", "Check your answers", "Confirmation")]
    assert positions == sorted(positions)
    assert "Every step can be done" in section and "Data for the whole journey" in section

    # The report's journey section passes our own axe audit, like the rest of the report.
    code, audit = run_cli(tmp_path / "axe", [(tmp_path / "out" / "report.html").as_uri(), "--allow-file-urls", "--fail-on", "minor"])
    assert code == 0 and audit["pages"][0]["error"] is None and audit["pages"][0]["findings"] == []


def test_an_unfinished_journey_is_walked_again_from_its_start_on_resume(tmp_path, service):
    code, first = run_cli(tmp_path, ["--journey", journey_file(tmp_path, "apply.toml", service.base), "--fail-on", "none"])
    db = sqlite3.connect(tmp_path / "runs.sqlite3")
    with db:  # as if the run had been killed before its last checkpoint was stored
        db.execute("DELETE FROM pages WHERE url LIKE '%checkpoint=Confirmation'")
        db.execute("UPDATE runs SET finished = NULL")
    db.close()
    starts = service.hits["/apply/start"]
    code, again = run_cli(tmp_path, ["--resume", "last", "--fail-on", "none"])
    assert code == 0 and again["run"]["complete"]
    assert rows(again) == rows(first)
    assert service.hits["/apply/start"] == starts + 2  # with and without JavaScript, from the start


NAME, TOKEN = "Sam Jones", "tok-81-avocet"
"""A value a journey types from the environment, and a header secret, both shown back by the service."""


def test_values_read_from_the_environment_are_kept_out_of_everything_stored_or_printed(tmp_path, service, monkeypatch, capsys):
    monkeypatch.setenv("BIN_OWNER_NAME", NAME)
    monkeypatch.setenv("BINS_TOKEN", TOKEN)
    config = tmp_path / "signed-in.toml"
    config.write_text(f'[auth]\norigin = "{service.base}"\nheaders = {{ "X-Service-Token" = {{ env = "BINS_TOKEN" }} }}\n', encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "runs.sqlite3"
    Store(db).close()
    keeper = sqlite3.connect(db)  # while another connection is open, the run's write-ahead log is not folded in and removed
    keeper.execute("SELECT COUNT(*) FROM runs").fetchall()
    capsys.readouterr()
    try:
        code = main(["run", "--journey", journey_file(tmp_path, "find.toml", service.base), "--config", str(config), "--profile", "default",
                     "--fail-on", "none", "--out", str(out), "--format", "json,html,csv,sarif,junit", "--db", str(db)])
        printed = capsys.readouterr()
        wal = Path(f"{db}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        kept = [p for p in tmp_path.rglob("*") if p.is_file()]
        contents = {p.name: p.read_bytes() for p in kept}
    finally:
        keeper.close()
    assert code == 0
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (row,) = document["pages"]
    # The page was reached and audited with the value typed in; what is kept says where, not what.
    assert row["error"] is None and row["title"] == "Collection day for [redacted]"
    assert row["final_url"] == service.url("/find/results?name=[redacted]")
    snippets = {f["rule"]: f["targets"][0]["snippet"] for f in row["findings"] if f["check"] == "axe"}
    assert snippets["label"] == '<input type="text" value="[redacted]" readonly="">'
    assert snippets["image-alt"] == '<img src="/bin.png?owner=[redacted]&amp;t=[redacted]">'

    assert {"runs.sqlite3", "runs.sqlite3-wal", "report.json", "report.html", "report.csv", "report.sarif", "report.junit.xml"} <= set(contents)
    assert b"[redacted]" in contents["runs.sqlite3-wal"]  # the rows were written, redacted, to the log
    for form in (NAME, "Sam+Jones", "Sam%20Jones", "sam%20jones", TOKEN):
        assert form not in printed.out + printed.err, form
        for name, content in contents.items():  # reports, the store and its write-ahead log, the journey and config files
            assert form.encode() not in content, f"{form!r} found in {name}"
