"""JUnit, SARIF and CSV renderings of a stored run (no browser)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from lxml import etree
from test_schema import TOOL, URLS, hand_made_pages

from auditor.config import AuditConfig
from auditor.model import SKIP_REASONS, SkippedPage, Target
from auditor.document import build_document
from auditor.reports import RENDERERS, write_reports
from auditor.reports import csv as csv_report
from auditor.reports import junit, sarif
from auditor.reports.json import schema as report_schema
from sample_report import sample_run
from auditor.store import Store

SCHEMAS = Path(__file__).parent.parent / "schemas"
SARIF = jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")))
JUNIT = etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


@pytest.fixture
def document(tmp_path):
    pages = hand_made_pages()
    hostile = pages[0].findings[0]
    import dataclasses

    pages[0] = dataclasses.replace(
        pages[0],
        title="=HYPERLINK(\"http://evil\")",
        findings=(dataclasses.replace(hostile, targets=(Target("img", "<img src=x onerror=alert(1)>\x01"),)), *pages[0].findings[1:]),
    )
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=URLS, profile="quick").to_dict(), TOOL, list(URLS))
        for page in pages:
            store.save_page(run_id, page)
        store.finish_run(run_id)
        return build_document(store, run_id)


def test_every_format_is_written(document, tmp_path):
    written = write_reports(document, tmp_path / "out", list(RENDERERS))
    assert sorted(p.name for p in written) == ["report.csv", "report.html", "report.json", "report.junit.xml", "report.sarif"]
    assert not list((tmp_path / "out").glob(".*partial"))


def test_junit_has_a_case_per_page_and_rule(document):
    root = ET.fromstring(junit.render(document))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == list(URLS)
    home = suites[0]
    names = [c.get("name") for c in home.findall("testcase")]
    assert names == ["axe/color-contrast", "axe/image-alt", "axe/video-caption"]
    image_alt = home.find("testcase[@name='axe/image-alt']")
    assert image_alt.find("failure").get("type") == "critical"
    assert "<img src=x onerror=alert(1)>" in image_alt.find("failure").text  # as text; XML escapes it
    assert home.find("testcase[@name='axe/video-caption']").find("failure") is None  # review does not fail
    assert home.get("failures") == "2" and home.get("tests") == "3"
    assert suites[1].find("testcase").get("name") == "no barriers found"
    down = suites[2].find("testcase")
    assert down.find("error").get("type") == "dns"
    assert root.get("tests") == "5" and root.get("failures") == "2" and root.get("errors") == "1"


def test_sarif_results_and_rules(document):
    log = json.loads(sarif.render(document))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["axe/image-alt", "axe/color-contrast", "axe/video-caption"]
    results = run["results"]
    assert [(r["ruleId"], r["level"], r["kind"]) for r in results] == [
        ("axe/image-alt", "error", "fail"),
        ("axe/color-contrast", "error", "fail"),
        ("axe/video-caption", "none", "review"),
    ]
    for r in results:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == URLS[0]
        assert len(r["partialFingerprints"]["inclusionAuditor/v1"]) == 20
    assert "wcag-1.1.1" in run["tool"]["driver"]["rules"][0]["properties"]["tags"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["message"]["text"].startswith(URLS[2] + ": dns:")


def test_csv_rows_and_formula_injection(document):
    rows = list(csv.DictReader(io.StringIO(csv_report.render(document))))
    assert [r["rule"] for r in rows] == ["image-alt", "color-contrast", "video-caption", ""]
    assert rows[0]["page_title"] == "'=HYPERLINK(\"http://evil\")"  # never a live formula
    assert rows[0]["wcag"] == "1.1.1" and rows[0]["groups"] == "screen-reader;low-bandwidth"
    assert rows[3]["error_kind"] == "dns" and rows[3]["page_url"] == URLS[2]


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+x", "'+x"), ("-2", "'-2"), ("@a", "'@a"), ("plain", "plain"), (None, "")])
def test_csv_cell_neutralises_formulas(value, expected):
    assert csv_report.cell(value) == expected


@pytest.fixture
def golden(tmp_path):
    """The sample stored run (every kind of finding, metrics, a baseline, a
    page that could not be audited), rendered to every format."""
    with Store(tmp_path / "runs.sqlite3") as store:
        document = build_document(store, sample_run(store))
    write_reports(document, tmp_path / "out", list(RENDERERS))
    return tmp_path / "out", document


def _valid_sarif(text: str) -> dict:
    log = json.loads(text)
    errors = sorted(SARIF.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    return log


def _valid_junit(text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    assert JUNIT.validate(root), JUNIT.error_log
    return root


def test_sarif_meets_the_oasis_schema(document, golden):
    _valid_sarif(sarif.render(document))
    log = _valid_sarif((golden[0] / "report.sarif").read_text(encoding="utf-8"))
    results = log["runs"][0]["results"]
    assert len(results) == sum(len(p["findings"]) for p in golden[1]["pages"]) == 19
    assert {r["baselineState"] for r in results} == {"new", "unchanged"}
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["reading/reading-age-too-high"]["shortDescription"]["text"] == "The main text needs a higher reading age than its audience has."


def test_junit_meets_the_xml_schema(document, golden):
    _valid_junit(junit.render(document))
    root = _valid_junit((golden[0] / "report.junit.xml").read_text(encoding="utf-8"))
    assert [s.get("name") for s in root.findall("testsuite")][-1] == "https://down.example/"
    assert root.get("errors") == "1" and int(root.get("failures")) > 0


def test_golden_json_meets_the_report_schema(golden):
    out, document = golden
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(report_schema()).validate(written)
    assert written == json.loads(json.dumps(document))
    rows = list(csv.DictReader(io.StringIO((out / "report.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 19 + 1  # a row per finding, and one for the page that could not be audited


def _threshold_run(tmp_path, fail_on: str, baseline=None, fail_on_new=False):
    """One page with barriers on both sides of ``fail_on`` and a review, as
    stored: the threshold reaches the renderer only through the stored run."""
    from auditor.model import Finding, PageResult, fingerprint

    url = URLS[0]

    def finding(rule, impact, selector, outcome="fail"):
        return Finding("axe", rule, outcome, impact, (), ("screen-reader",), f"{rule} summary", "", (Target(selector, f"<{selector}>"),), fingerprint(rule, url, selector))

    findings = (
        finding("image-alt", "critical", "img"),
        finding("label", "serious", "input"),
        finding("color-contrast", "serious", "p.a"),
        finding("color-contrast", "minor", "p.b"),  # one rule, one node above and one below
        finding("region", "moderate", "div"),
        finding("heading-order", "minor", "h3"),
        finding("video-caption", "critical", "video", "review"),
    )
    page = PageResult(url=url, final_url=url, status=200, title="Home", findings=findings)
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(url,), fail_on=fail_on, fail_on_new=fail_on_new, baseline="baseline.json" if baseline is not None else "").to_dict(), TOOL, [url])
        if baseline is not None:
            store.set_input(run_id, "baseline", {"source": "baseline.json", "pages": {url: [f.to_dict() for f in findings if f.rule in baseline]}})
        store.save_page(run_id, page)
        store.finish_run(run_id)
        return build_document(store, run_id)


def _cases(text):
    """Each test case's name and what it holds: failure, skipped or passed."""
    root = _valid_junit(text)
    cases = {}
    for case in root.iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "skipped", "error")]
        assert len(kinds) <= 1
        cases[case.get("name")] = kinds[0] if kinds else "passed"
    return root, cases


def test_junit_fails_only_what_breaches_the_threshold(tmp_path):
    root, cases = _cases(junit.render(_threshold_run(tmp_path, "serious")))
    assert cases == {
        "axe/color-contrast": "failure",
        "axe/heading-order": "skipped",
        "axe/image-alt": "failure",
        "axe/label": "failure",
        "axe/region": "skipped",
        "axe/video-caption": "passed",  # a review never fails
    }
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("6", "3", "2", "0")
    assert root.get("failures") == "3"
    region = root.find(".//testcase[@name='axe/region']/skipped")
    assert region.get("message") == "1 × region summary (moderate, below --fail-on serious)"
    assert "element: div" in region.text
    contrast = root.find(".//testcase[@name='axe/color-contrast']")
    failure = contrast.find("failure")
    assert failure.get("message") == "1 × color-contrast summary" and "p.a" in failure.text and "p.b" not in failure.text
    assert "Below --fail-on serious:" in contrast.find("system-out").text and "p.b" in contrast.find("system-out").text


def test_junit_with_no_threshold_fails_nothing(tmp_path):
    root, cases = _cases(junit.render(_threshold_run(tmp_path, "none")))
    assert set(cases.values()) == {"skipped", "passed"}
    assert root.get("failures") == "0"
    assert root.find(".//testcase[@name='axe/image-alt']/skipped").get("message") == "1 × image-alt summary (critical; --fail-on none)"


def test_junit_fail_on_new_skips_known_barriers(tmp_path):
    _, cases = _cases(junit.render(_threshold_run(tmp_path, "serious", baseline={"image-alt", "region"}, fail_on_new=True)))
    assert {n: k for n, k in cases.items() if k != "passed"} == {
        "axe/color-contrast": "failure", "axe/label": "failure",
        "axe/image-alt": "skipped", "axe/region": "skipped", "axe/heading-order": "skipped",
    }


@pytest.mark.parametrize(
    "value,expected",
    [
        ("a\x00b", "ab"),
        ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
        ("del\x7f and c1\x85\x9b", "del and c1"),
        ("\x00=1+1", "'=1+1"),  # a formula behind a NUL is still a formula
        ("\x01\x02-5", "'-5"),
        ("two\r\nlines\tand a tab", "two\r\nlines\tand a tab"),  # CSV quoting carries these
    ],
)
def test_csv_cell_drops_nul_and_control_characters(value, expected):
    """A page's title or snippet reached report.csv with raw NUL and control
    bytes, which spreadsheets and CSV readers choke on or show as garbage."""
    assert csv_report.cell(value) == expected


def test_csv_report_holds_no_control_characters(document):
    text = csv_report.render(document)
    assert not any(ord(c) < 32 and c not in "\r\n\t" or 0x7F <= ord(c) <= 0x9F for c in text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["snippet"] == "<img src=x onerror=alert(1)>"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_report_that_cannot_be_written_costs_no_other(document, tmp_path):
    """No space for report.html (written first as a link to /dev/full, where
    every write fails with ENOSPC): every other format is written, nothing
    half written is left, and the error names what failed and why."""
    from auditor.reports import ReportsNotWritten

    out = tmp_path / "out"
    out.mkdir()
    (out / ".report.html.partial").symlink_to("/dev/full")
    with pytest.raises(ReportsNotWritten) as caught:
        write_reports(document, out, list(RENDERERS))
    assert str(caught.value) == "could not write report.html (No space left on device)"
    assert [p.name for p in caught.value.written] == ["report.json", "report.junit.xml", "report.sarif", "report.csv"]
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.json", "report.junit.xml", "report.sarif"]


def test_checking_the_out_folder_leaves_nothing_behind(tmp_path):
    """Tried before any page opens (a folder under a file cannot be made);
    a folder that can be made is made, tried and removed again."""
    from auditor.config import ConfigError
    from auditor.reports import check_out_dir

    check_out_dir(tmp_path / "new" / "reports")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cannot write reports to '.*file.txt/sub': Not a directory$"):
        check_out_dir(tmp_path / "file.txt" / "sub")


@pytest.fixture
def with_skipped(tmp_path):
    """The hand-made run, plus two pages its crawl found and left alone on purpose."""
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=URLS, profile="quick").to_dict(), TOOL, list(URLS))
        for page in hand_made_pages():
            store.save_page(run_id, page)
        store.add_skipped(run_id, [SkippedPage("https://a.example/private/", "robots-disallowed", "https://a.example/"),
                                   SkippedPage("https://b.example/=cmd", "robots-unavailable", "")])
        store.finish_run(run_id)
        return build_document(store, run_id)


def test_junit_lists_a_page_skipped_on_purpose_as_a_skipped_case(with_skipped):
    root = _valid_junit(junit.render(with_skipped))
    suite = root.find("testsuite[@name='https://a.example/private/']")
    assert (suite.get("tests"), suite.get("skipped"), suite.get("failures"), suite.get("errors")) == ("1", "1", "0", "0")
    skipped = suite.find("testcase[@name='page can be audited']/skipped")
    assert skipped.get("type") == "robots-disallowed"
    assert skipped.get("message") == "robots.txt does not allow this tool to load it (found on https://a.example/)"
    assert root.find("testsuite[@name='https://b.example/=cmd']/testcase/skipped").get("message") == SKIP_REASONS["robots-unavailable"]
    # Not an error: the run's error count is its unreachable pages only.
    assert root.get("errors") == junit.ET.fromstring(junit.render(document_without_skipped(with_skipped))).get("errors")


def document_without_skipped(document):
    return {**document, "skipped": []}


def test_sarif_notes_a_page_skipped_on_purpose(with_skipped):
    log = _valid_sarif(sarif.render(with_skipped))
    notes = [n for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"] if n["level"] == "note"]
    assert [n["message"]["text"] for n in notes] == [
        "https://a.example/private/: skipped on purpose: robots.txt does not allow this tool to load it (found on https://a.example/)",
        f"https://b.example/=cmd: skipped on purpose: {SKIP_REASONS['robots-unavailable']}",
    ]
    assert [n["descriptor"]["id"] for n in notes] == ["robots-disallowed", "robots-unavailable"]
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_csv_has_a_row_for_each_page_skipped_on_purpose(with_skipped):
    rows = list(csv.DictReader(io.StringIO(csv_report.render(with_skipped))))
    skipped = [r for r in rows if r["outcome"] == "skipped"]
    assert [(r["page_url"], r["rule"], r["summary"], r["error_kind"]) for r in skipped] == [
        ("https://a.example/private/", "robots-disallowed", "robots.txt does not allow this tool to load it (found on https://a.example/)", ""),
        ("https://b.example/=cmd", "robots-unavailable", SKIP_REASONS["robots-unavailable"], ""),
    ]
    assert len(rows) == len(list(csv.DictReader(io.StringIO(csv_report.render(document_without_skipped(with_skipped)))))) + 2
