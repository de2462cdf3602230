"""Baselines and ignores on stored runs (no browser)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from test_schema import TOOL, URLS, hand_made_pages

from auditor.baseline import Ignore, load_baseline, load_ignores
from auditor.config import AuditConfig, ConfigError
from auditor.document import build_document
from auditor.reports.json import render
from auditor.store import Store

TODAY = dt.date(2026, 11, 21)


def stored_run(store: Store, pages, *, baseline=None, ignores=None, **settings) -> str:
    config = AuditConfig(urls=URLS, profile="quick", **({"baseline": "x"} if baseline else {}), **settings)
    run_id = store.create_run(config.to_dict(), TOOL, list(URLS))
    for page in pages:
        store.save_page(run_id, page)
    if baseline is not None:
        store.set_input(run_id, "baseline", baseline)
    if ignores is not None:
        store.set_input(run_id, "ignores", [i.to_dict() for i in ignores])
    store.finish_run(run_id)
    return run_id


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as s:
        yield s


def test_without_baseline_or_ignores(store, validate):
    doc = validate(json.loads(render(build_document(store, stored_run(store, hand_made_pages()), TODAY))))
    assert doc["summary"]["baseline"] is None
    assert doc["summary"]["ignored"] == 0 and doc["summary"]["expired_ignores"] == []
    assert all("fixed" not in p and p["ignored"] == [] for p in doc["pages"])
    assert all("baseline" not in f for p in doc["pages"] for f in p["findings"])


def test_baseline_marks_new_unchanged_and_fixed(store, validate):
    before = hand_made_pages()
    first = stored_run(store, before)
    baseline = load_baseline(first, store)
    assert baseline["source"] == f"run {first}"
    # Now: image-alt fixed on the home page, a new finding on /apply.
    home, apply_page, down = hand_made_pages()
    home = dataclasses.replace(home, findings=home.findings[1:])
    apply_page = dataclasses.replace(apply_page, findings=(dataclasses.replace(before[0].findings[0], fingerprint="f" * 20),))
    doc = validate(json.loads(render(build_document(store, stored_run(store, [home, apply_page, down], baseline=baseline), TODAY))))
    rows = {p["url"]: p for p in doc["pages"]}
    assert [f["baseline"] for f in rows[URLS[0]]["findings"]] == ["unchanged", "unchanged"]
    assert [f["rule"] for f in rows[URLS[0]]["fixed"]] == ["image-alt"]
    assert [f["baseline"] for f in rows[URLS[1]]["findings"]] == ["new"]
    assert rows[URLS[2]]["fixed"] == []  # not audited now: nothing is known to be fixed
    assert doc["summary"]["baseline"] == {"source": f"run {first}", "fail_on_new": False, "new": 1, "unchanged": 2, "fixed": 1}


def test_fail_on_new_judges_only_new_findings(store):
    baseline = load_baseline(stored_run(store, hand_made_pages()), store)
    same = stored_run(store, hand_made_pages()[:2], baseline=baseline, fail_on_new=True)
    assert build_document(store, same, TODAY)["summary"]["threshold_breached"] is False  # old barriers only
    plain = stored_run(store, hand_made_pages()[:2], baseline=baseline)
    assert build_document(store, plain, TODAY)["summary"]["threshold_breached"] is True


def test_baseline_from_a_report_json(store, tmp_path):
    run_id = stored_run(store, hand_made_pages())
    path = tmp_path / "report.json"
    path.write_text(render(build_document(store, run_id, TODAY)))
    baseline = load_baseline(str(path), store)
    assert set(baseline["pages"]) == {URLS[0], URLS[1]}  # the unreachable page is left out
    with pytest.raises(ConfigError, match="neither a report.json nor a stored run id"):
        load_baseline("no-such-run", store)
    (tmp_path / "bad.json").write_text("{}")
    with pytest.raises(ConfigError, match="is not a report.json"):
        load_baseline(str(tmp_path / "bad.json"), store)


def test_ignores_move_findings_and_expired_ones_are_reported(store, validate):
    ignores = [
        Ignore("image-alt", "https://example.org/*", "Logo replaced next sprint (ACC-7)"),
        Ignore("axe/color-contrast", "https://example.org/", "Brand colours under review", selector="iframe#x >>> my-el >> p", expires="2026-01-01"),
        Ignore("video-caption", "https://elsewhere.example/*", "Not this site"),
    ]
    doc = validate(json.loads(render(build_document(store, stored_run(store, hand_made_pages(), ignores=ignores), TODAY))))
    home = doc["pages"][0]
    assert [f["rule"] for f in home["ignored"]] == ["image-alt"]
    assert home["ignored"][0]["ignored_because"] == "Logo replaced next sprint (ACC-7)"
    assert [f["rule"] for f in home["findings"]] == ["color-contrast", "video-caption"]  # expired, and another site
    assert doc["summary"]["ignored"] == 1
    assert [e["rule"] for e in doc["summary"]["expired_ignores"]] == ["axe/color-contrast"]
    assert doc["summary"]["by_impact"]["critical"] == 0  # ignored findings are not counted


def test_ignore_rule_is_family_slash_rule_and_bare_ids_still_match_any_family():
    axe, ours = (dataclasses.replace(hand_made_pages()[0].findings[0], check=check, rule="meta-refresh") for check in ("axe", "documents"))
    exact = Ignore("documents/meta-refresh", "*", "Departures board, agreed with the service owner")
    assert not exact.matches(axe, URLS[0]) and exact.matches(ours, URLS[0])
    bare = Ignore("meta-refresh", "*", "An ignore file written before rules had families")
    assert bare.matches(axe, URLS[0]) and bare.matches(ours, URLS[0])


def test_baseline_matches_family_and_fingerprint(store):
    """Two families' findings with one fingerprint are two findings: the
    baseline's axe finding does not make the documents one unchanged."""
    home = hand_made_pages()[0]
    axe_only = dataclasses.replace(home, findings=home.findings[:1])
    baseline = load_baseline(stored_run(store, [axe_only]), store)
    other = dataclasses.replace(home.findings[0], check="documents")
    now = stored_run(store, [dataclasses.replace(home, findings=(home.findings[0], other))], baseline=baseline)
    findings = build_document(store, now, TODAY)["pages"][0]["findings"]
    assert [(f["check"], f["baseline"]) for f in findings] == [("axe", "unchanged"), ("documents", "new")]


def test_ignore_file(tmp_path):
    path = tmp_path / "ignore.toml"
    path.write_text('[[ignore]]\nrule = "label"\nurl = "https://x.example/*"\nreason = "Third-party widget"\nexpires = 2027-03-31\n')
    (ignore,) = load_ignores(str(path))
    assert ignore == Ignore("label", "https://x.example/*", "Third-party widget", "", "2027-03-31")
    assert not ignore.expired(TODAY) and ignore.expired(dt.date(2027, 4, 1))


@pytest.mark.parametrize("text, message", [
    ('[[ignore]]\nrule = "label"\nurl = "*"\n', "'reason' is required"),
    ('[[ignore]]\nrule = "label"\nurl = "*"\nreason = "x"\nexpires = "soon"\n', "'expires' must be a date"),
    ('[[ignore]]\nrule = "label"\nurl = "*"\nreason = "x"\nwhy = 1\n', "unknown key 'why'"),
    ('rule = "label"\n', "unknown key 'rule'"),
    ('[[ignore]\n', "is not valid TOML"),
])
def test_bad_ignore_files_are_one_line_errors(tmp_path, text, message):
    path = tmp_path / "ignore.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as exc:
        load_ignores(str(path))
    assert "\n" not in str(exc.value)
