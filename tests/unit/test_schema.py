"""report.schema.json: the documents build_document() writes validate, and the
schema is strict where the contract says so."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import jsonschema
import pytest

from auditor.config import FAIL_ON_CHOICES, AuditConfig
from auditor.checks.axe import findings_from_axe
from auditor.model import ERROR_KINDS, GROUPS, IMPACTS, OUTCOMES, Box, CheckError, PageError, PageResult, Target
from auditor.document import SCHEMA_VERSION, build_document
from auditor.reports import json as json_report
from auditor.store import Store

URLS = ("https://example.org/", "https://example.org/apply", "https://down.example/")
TOOL = {"name": "inclusion-auditor", "version": "0.1.0", "axe_version": "4.12.1", "engine": "playwright", "browser": "Chromium 156.0"}

AXE = {
    "passes": 20,
    "violations": [
        {
            "id": "image-alt",
            "impact": "critical",
            "tags": ["cat.text-alternatives", "wcag2a", "wcag111"],
            "help": "Images must have alternative text",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/image-alt",
            "nodes": [{"target": ["img.logo"], "html": "<img class=logo>", "impact": "critical", "failureSummary": "Add alt"}],
        },
        {
            "id": "color-contrast",
            "impact": "serious",
            "tags": ["cat.color", "wcag2aa", "wcag143", "wcag1410"],
            "help": "Contrast",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/color-contrast",
            "nodes": [{"target": ["iframe#x", ["my-el", "p"]], "html": "<p>", "impact": "serious"}],
        },
    ],
    "incomplete": [
        {
            "id": "video-caption",
            "impact": None,
            "tags": ["cat.time-and-media", "wcag2a", "wcag122"],
            "help": "Captions",
            "helpUrl": "",
            "nodes": [{"target": ["video"], "html": "<video>"}],
        }
    ],
}


def hand_made_pages() -> list[PageResult]:
    findings = findings_from_axe(AXE, URLS[0])
    # one target with a box, as a collector may record it
    first = findings[0]
    boxed = dataclasses.replace(first, targets=(Target("img.logo", "<img class=logo>", Box(10, 20.5, 48, 56)),))
    return [
        PageResult(
            url=URLS[0],
            final_url=URLS[0],
            status=200,
            title="Home",
            metrics={"axe_rules_failed": 2, "axe_rules_passed": 20, "axe_review": 1, "future_metric": [1, 2]},
            findings=(boxed, *findings[1:]),
            notes=("The page kept changing; audited after 1000 ms",),
            started="2026-01-01T00:00:00+00:00",
            duration_ms=850,
        ),
        PageResult(
            url=URLS[1],
            final_url=URLS[1],
            status=200,
            title="Apply",
            check_errors=(CheckError("axe", "Could not collect axe: boom"),),
            started="2026-01-01T00:00:01+00:00",
            duration_ms=120,
        ),
        PageResult(
            url=URLS[2],
            final_url=URLS[2],
            status=None,
            error=PageError("dns", ERROR_KINDS["dns"]),
            started="2026-01-01T00:00:02+00:00",
            duration_ms=40,
            attempts=2,
        ),
    ]


@pytest.fixture
def validator(report_schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(report_schema)


@pytest.fixture
def document(tmp_path) -> dict[str, Any]:
    config = AuditConfig(urls=URLS, concurrency=2, fail_on="serious")
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(config.to_dict(), TOOL, list(URLS))
        for page in hand_made_pages():
            store.save_page(run_id, page)
        store.finish_run(run_id)
        doc = build_document(store, run_id)
    # exactly what report.json holds
    return json.loads(json_report.render(doc))


def errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


# the schema itself


def test_schema_is_valid_draft_2020_12(report_schema):
    jsonschema.Draft202012Validator.check_schema(report_schema)
    assert report_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert report_schema["$id"] and report_schema["title"] and report_schema["description"]


def test_schema_ships_with_the_package():
    assert json_report.schema()["properties"]["schema"]["const"] == SCHEMA_VERSION


def test_schema_enums_match_the_model(report_schema):
    defs = report_schema["$defs"]
    assert defs["impact"]["enum"] == list(IMPACTS)
    assert defs["group"]["enum"] == list(GROUPS)
    assert defs["finding"]["properties"]["outcome"]["enum"] == list(OUTCOMES)
    assert defs["error"]["properties"]["kind"]["enum"] == list(ERROR_KINDS)
    assert defs["summary"]["properties"]["fail_on"]["enum"] == list(FAIL_ON_CHOICES)
    assert defs["summary"]["properties"]["by_impact"]["required"] == list(IMPACTS)
    assert defs["summary"]["properties"]["by_group"]["required"] == list(GROUPS)


def test_required_keys_match_what_the_code_writes(report_schema, document):
    defs = report_schema["$defs"]
    page = document["pages"][0]
    # `fixed` is written only with a baseline, `journey` only on a journey's rows,
    # `screen_reader` only when the hears family ran;
    # `baseline` and `ignored_because` only with a baseline or ignores
    assert set(defs["page"]["required"]) == set(page) == set(defs["page"]["properties"]) - {"fixed", "journey", "screen_reader"}
    finding = page["findings"][0]
    assert set(defs["finding"]["required"]) == set(finding) == set(defs["finding"]["properties"]) - {"baseline", "ignored_because"}
    assert set(defs["target"]["required"]) == set(finding["targets"][0])
    assert set(defs["summary"]["required"]) == set(document["summary"])
    assert set(report_schema["required"]) == set(document)
    assert set(report_schema["properties"]["run"]["required"]) == set(document["run"])
    assert set(report_schema["properties"]["tool"]["required"]) == set(TOOL)


# documents from build_document


def test_built_document_validates(validator, document):
    assert errors(validator, document) == []
    assert document["schema"] == SCHEMA_VERSION
    assert document["run"]["complete"] is True and document["run"]["targets"] == 3
    pages = document["pages"]
    assert [p["url"] for p in pages] == list(URLS)
    assert pages[2]["error"] == {"kind": "dns", "message": ERROR_KINDS["dns"]}
    assert [f["outcome"] for f in pages[0]["findings"]] == ["fail", "fail", "review"]
    assert pages[0]["findings"][0]["targets"][0]["box"] == {"x": 10, "y": 20.5, "width": 48, "height": 56}
    assert pages[0]["findings"][1]["wcag"] == ["1.4.3", "1.4.10"]
    summary = document["summary"]
    assert summary["unreachable"] == 1 and summary["fail"] == 2 and summary["review"] == 1
    assert summary["threshold_breached"] is True


def test_unfinished_run_validates(validator, tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=URLS).to_dict(), TOOL, list(URLS))
        store.save_page(run_id, hand_made_pages()[0])
        doc = json.loads(json_report.render(build_document(store, run_id)))
    assert doc["run"]["finished"] is None and doc["run"]["complete"] is False
    assert errors(validator, doc) == []


def test_finished_run_missing_pages_is_not_complete(validator, tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=URLS).to_dict(), TOOL, list(URLS))
        store.finish_run(run_id)
        doc = build_document(store, run_id)
    assert doc["run"]["finished"] is not None and doc["run"]["complete"] is False
    assert doc["pages"] == []
    assert errors(validator, doc) == []


def test_metrics_config_and_tool_allow_extra_keys(validator, document):
    doc = copy.deepcopy(document)
    doc["pages"][0]["metrics"]["new_metric"] = {"any": "thing"}
    doc["run"]["config"]["new_setting"] = True
    doc["tool"]["node"] = "22"
    assert errors(validator, doc) == []


# what the schema rejects


def first_finding(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["pages"][0]["findings"][0]


def test_rejects_unknown_outcome(validator, document):
    doc = copy.deepcopy(document)
    first_finding(doc)["outcome"] = "maybe"
    assert any("outcome" in e and "maybe" in e for e in errors(validator, doc))


def test_rejects_page_without_error_key(validator, document):
    doc = copy.deepcopy(document)
    del doc["pages"][0]["error"]
    assert any("'error' is a required property" in e for e in errors(validator, doc))


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda d: first_finding(d).__setitem__("impact", "catastrophic"), id="impact"),
        pytest.param(lambda d: first_finding(d).__setitem__("wcag", ["wcag111"]), id="wcag-tag-not-criterion"),
        pytest.param(lambda d: first_finding(d).__setitem__("groups", ["everyone"]), id="group"),
        pytest.param(lambda d: first_finding(d).__setitem__("rule", "Image_Alt"), id="rule-not-kebab"),
        pytest.param(lambda d: first_finding(d).__setitem__("fingerprint", "not-hex"), id="fingerprint"),
        pytest.param(lambda d: first_finding(d).__setitem__("extra", 1), id="finding-extra-key"),
        pytest.param(lambda d: first_finding(d).pop("detail"), id="finding-missing-detail"),
        pytest.param(lambda d: first_finding(d)["targets"][0].__setitem__("xpath", "//img"), id="target-extra-key"),
        pytest.param(lambda d: first_finding(d)["targets"][0].__setitem__("box", {"x": 1, "y": 2}), id="box-incomplete"),
        pytest.param(lambda d: first_finding(d)["targets"][0].pop("box"), id="target-missing-box"),
        pytest.param(lambda d: d["pages"][2]["error"].__setitem__("kind", "gremlins"), id="error-kind"),
        pytest.param(lambda d: d["pages"][2]["error"].__setitem__("code", 7), id="error-extra-key"),
        pytest.param(lambda d: d["pages"][0].__setitem__("screenshot", ""), id="page-extra-key"),
        pytest.param(lambda d: d["pages"][0].__setitem__("status", "200"), id="status-string"),
        pytest.param(lambda d: d["pages"][0].__setitem__("attempts", 0), id="attempts-zero"),
        pytest.param(lambda d: d.__setitem__("schema", "1.0"), id="schema-version"),
        pytest.param(lambda d: d["tool"].pop("axe_version"), id="tool-missing-axe-version"),
        pytest.param(lambda d: d["run"].pop("finished"), id="run-missing-finished"),
        pytest.param(lambda d: d["summary"]["by_impact"].pop("minor"), id="by-impact-missing-level"),
        pytest.param(lambda d: d["summary"]["by_group"].pop("older-devices"), id="by-group-missing-group"),
        pytest.param(lambda d: d["summary"].__setitem__("fail_on", "severe"), id="fail-on"),
    ],
)
def test_rejects_broken_documents(validator, document, mutate):
    doc = copy.deepcopy(document)
    assert errors(validator, doc) == []
    mutate(doc)
    assert errors(validator, doc) != []


def test_skip_reasons_match_the_model(report_schema):
    from auditor.model import SKIP_REASONS

    assert report_schema["$defs"]["skipped"]["properties"]["reason"]["enum"] == list(SKIP_REASONS)
