"""What the command line prints after a run, from hand-made data and a
stored sample run: the Fix first table, text from pages made safe for a
terminal, and report.json alone on standard output with ``--out -``.
No browser: ``report`` re-renders a stored run, and a bad ``--out -`` fails
on its input first."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from auditor.cli import EXIT_FAULT, EXIT_OK, main, summary_lines
from auditor.config import AuditConfig
from auditor.console import fix_first_lines, json_for_terminal, printable, skipped_lines
from auditor.document import build_document
from auditor.model import PageError, PageResult
from auditor.reports.json import schema
from auditor.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sample_report import sample_run  # noqa: E402

ESC = "\x1b]0;PWNED\x07\x1b[2J"


def issue(n: int, impact: str = "serious", pages: int = 1, url: str = "https://example.org/a", description: str = "") -> dict:
    return {"id": f"axe/rule-{n}", "impact": impact, "page_count": pages, "description": description or f"Rule {n} is broken",
            "example": {"url": url}}


# printable(), json_for_terminal()


@pytest.mark.parametrize("raw, shown", [
    ("Pay \x1b[31mnow", "Pay \\x1b[31mnow"),
    ("title\x07", "title\\x07"),
    ("C1 \x9b2J", "C1 \\x9b2J"),  # a one-character CSI on some terminals
    ("del\x7f", "del\\x7f"),
    ("a\u202eb", "a\\u202eb"),  # right-to-left override
    ("two\nlines\tand a tab", "two lines and a tab"),
    ("Café – £5 ✓", "Café – £5 ✓"),
])
def test_printable_writes_control_characters_out(raw, shown):
    assert printable(raw) == shown


def test_json_for_a_terminal_escapes_c1_controls_and_means_the_same():
    document = {"title": "a\x9b2J\x85b\x7f", "fine": "é\n"}
    text = json_for_terminal(json.dumps(document, ensure_ascii=False))
    assert not any(0x7F <= ord(c) <= 0x9F or (ord(c) < 0x20 and c != "\n") for c in text)
    assert json.loads(text) == document


# fix_first_lines()


def test_fix_first_keeps_the_ranked_order_and_shows_ten():
    ranked = [issue(n, pages=n) for n in range(1, 13)]
    lines = fix_first_lines({"fix_first": ranked})
    assert lines[0] == "Fix first: the top 10 of 12 issues, most urgent first:"
    rows = lines[2:]
    assert len(rows) == 10
    assert [row.split()[0] for row in rows] == [str(n) for n in range(1, 11)]
    assert [row.split()[-1] for row in rows] == ["https://example.org/a"] * 10
    assert "Rule 1 is broken" in rows[0] and "Rule 10 is broken" in rows[9]


def test_no_barriers_says_so():
    assert fix_first_lines({"fix_first": []}) == ["Fix first: nothing; no barriers were found."]


def test_without_a_description_the_rule_id_is_shown():
    lines = fix_first_lines({"fix_first": [{**issue(1), "description": ""}]})
    assert "axe/rule-1" in lines[2]


def test_on_a_narrow_terminal_no_line_wraps_and_the_example_keeps_its_ends():
    url = "https://www.example.gov.uk/services/apply-for-a-blue-badge/step-14-check-your-answers"
    lines = fix_first_lines({"fix_first": [issue(1, "critical", 3, url, "Images must have alternative text")]}, width=60)
    assert all(len(line) < 60 for line in lines)
    assert lines[1].split() == ["#", "IMPACT", "PAGES", "ISSUE"] and lines[2].strip() == "EXAMPLE"
    assert lines[3].split()[:3] == ["1", "critical", "3"]
    example = lines[4].strip()
    assert example.startswith("https://www.exa") and example.endswith("answers") and "…" in example


def test_in_a_log_the_issue_and_its_example_address_are_whole():
    url = "https://www.example.gov.uk/" + "a" * 150
    lines = fix_first_lines({"fix_first": [issue(1, url=url, description="x" * 100)]})
    assert lines[2].endswith(url)
    assert "x" * 100 + "  " in lines[2] and "…" not in lines[2]


def test_hostile_text_in_an_issue_is_written_out():
    lines = fix_first_lines({"fix_first": [issue(1, url=f"https://e.org/{ESC}", description=f"Bad {ESC}")]}, width=200)
    assert "\x1b" not in "\n".join(lines) and "\\x1b]0;PWNED" in lines[2]


def test_skipped_pages_are_written_out():
    lines = skipped_lines([{"url": f"https://e.org/{ESC}", "message": f"excluded {ESC}", "found_on": ESC}])
    assert len(lines) == 1 and "\x1b" not in lines[0] and "\x07" not in lines[0]


# summary_lines() of a stored run


def test_the_summary_of_a_run_names_it_lists_its_issues_its_baseline_and_its_reports(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = sample_run(store)
        document = build_document(store, run_id)
    lines = summary_lines(run_id, document, AuditConfig(), stored=True, written=[tmp_path / "report.json"])
    assert lines[0] == f"Run {run_id}; write its reports again with: inclusion-audit report {run_id}"
    assert lines[1].startswith("4 pages: 3 audited, 1 could not be audited.")
    table = lines[lines.index(next(line for line in lines if line.startswith("Fix first:"))) + 2:][:6]
    assert [row.split()[1] for row in table] == [i["impact"] for i in document["priorities"]["fix_first"]]
    top = document["priorities"]["fix_first"][0]
    assert top["id"] == "axe/image-alt" and top["description"][:40] in table[0]  # the plain words, not axe's
    baseline = document["summary"]["baseline"]
    assert f"Compared with baseline.json: {baseline['new']} new, {baseline['fixed']} fixed, {baseline['unchanged']} unchanged." in lines
    assert lines[-1] == f"Wrote {tmp_path / 'report.json'}"


def test_hostile_pages_reach_the_summary_written_out(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        url = f"https://e.org/{ESC}"
        run_id = store.create_run({"fail_on": "serious"}, {"name": "inclusion-auditor", "version": "0", "axe_version": "4", "engine": "playwright", "browser": "x"}, [url])
        store.save_page(run_id, PageResult(url=url, final_url=url, title=ESC, error=PageError("http-error", f"HTTP 500 {ESC}")))
        store.finish_run(run_id)
        document = build_document(store, run_id)
    text = "\n".join(summary_lines(run_id, document, AuditConfig(), stored=True, written=[]))
    assert "\x1b" not in text and "\x07" not in text


# --out -


@pytest.fixture
def stored(tmp_path):
    db = tmp_path / "runs.sqlite3"
    with Store(db) as store:
        return str(db), sample_run(store)


def test_report_to_stdout_is_the_json_report_alone(stored, capsys, tmp_path, monkeypatch):
    db, run_id = stored
    monkeypatch.chdir(tmp_path)
    assert main(["report", run_id, "--db", db, "--format", "json", "--out", "-"]) == EXIT_OK
    printed = capsys.readouterr()
    document = json.loads(printed.out)
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert document["run"]["id"] == run_id
    assert printed.err == "Wrote report.json to standard output\n"
    assert not (tmp_path / "-").exists()


def test_report_to_stdout_without_a_format_is_json(stored, capsys):
    db, run_id = stored
    assert main(["report", run_id, "--db", db, "--out", "-"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["schema"] == "2.0"


@pytest.mark.parametrize("command", [
    ["report", "RUN", "--format", "json,html", "--out", "-"],
    ["report", "RUN", "--format", "csv", "--out", "-"],
    ["run", "https://example.org/", "--format", "html", "--out", "-", "--no-store"],
    ["run", "https://example.org/", "--format", "json,sarif", "--out", "-", "--no-store"],
])
def test_other_formats_on_stdout_are_a_one_line_usage_error(stored, capsys, command):
    db, run_id = stored
    argv = [run_id if a == "RUN" else a for a in command] + (["--db", db] if command[0] == "report" else [])
    assert main(argv) == EXIT_FAULT
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err.count("\n") == 1 and "--out - writes report.json to standard output" in printed.err
