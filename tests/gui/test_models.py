"""Item models: checked by Qt's model tester, filtered and sorted as people expect."""

from __future__ import annotations

from PySide6.QtCore import Qt

from auditor.gui.models import FindingsFilter, FindingsModel, RunsModel, TrendModel
from auditor.gui.rows import FindingRow, TrendPoint
from auditor.store import RunRecord


def finding(rule: str, impact: str, groups: tuple[str, ...], fp: str, outcome: str = "fail") -> dict:
    return {"check": "axe", "rule": rule, "outcome": outcome, "impact": impact, "wcag": ["1.1.1"], "groups": list(groups),
            "summary": f"{rule} summary", "detail": "", "help_url": "", "tags": [], "targets": [{"selector": "img", "snippet": "<img>", "box": None}],
            "fingerprint": fp}


ROWS = [
    FindingRow("http://a.test/", "A", finding("image-alt", "critical", ("screen-reader",), "f1"), "new"),
    FindingRow("http://a.test/", "A", finding("color-contrast", "serious", ("low-vision",), "f2"), "unchanged"),
    FindingRow("http://b.test/", "B", finding("label", "minor", ("screen-reader", "cognitive"), "f3")),
    FindingRow("http://b.test/", "B", finding("region", "moderate", ("screen-reader",), "f4", outcome="review"), "new"),
]


def shown(proxy) -> list[str]:
    return [proxy.index(r, 2).data() for r in range(proxy.rowCount())]


def test_findings_model_and_filter_pass_qt_model_tester(qtmodeltester):
    model = FindingsModel()
    model.set_rows(ROWS[:2])
    model.append_rows(ROWS[2:])
    qtmodeltester.check(model)
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert model.rowCount() == 4 and model.columnCount() == 7
    assert [model.index(0, c).data() for c in range(7)] == ["critical", "barrier", "image-alt", "http://a.test/", "screen-reader", "new", "image-alt summary"]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "Change"


def test_filters_by_group_impact_rule_page_and_new():
    model = FindingsModel()
    model.set_rows(ROWS)
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.set_filter(group="screen-reader")
    assert shown(proxy) == ["image-alt", "label", "region"]
    proxy.set_filter(group="", impact="serious")
    assert shown(proxy) == ["color-contrast"]
    proxy.set_filter(impact="", rule="axe/label")
    assert shown(proxy) == ["label"]
    proxy.set_filter(rule="", page="http://a.test/")
    assert shown(proxy) == ["image-alt", "color-contrast"]
    proxy.set_filter(page="", only_new=True)
    assert shown(proxy) == ["image-alt", "region"]
    proxy.set_filter(group="cognitive", only_new=True)
    assert shown(proxy) == []


def test_a_rule_is_filtered_by_its_family_too():
    """``meta-refresh`` is a rule of axe and of the timing family: choosing
    one (the Fix first list names issues ``family/rule``) shows only its own."""
    ours = dict(finding("meta-refresh", "critical", ("cognitive",), "f5"), check="timing")
    model = FindingsModel()
    model.set_rows([*ROWS, FindingRow("http://b.test/", "B", finding("meta-refresh", "critical", ("cognitive",), "f6")),
                    FindingRow("http://c.test/", "C", ours)])
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.set_filter(rule="timing/meta-refresh")
    assert [proxy.index(r, 3).data() for r in range(proxy.rowCount())] == ["http://c.test/"]


def test_impact_sorts_by_severity_not_alphabet():
    model = FindingsModel()
    model.set_rows(list(reversed(ROWS)))
    proxy = FindingsFilter()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(4)] == ["critical", "serious", "moderate", "minor"]


def test_runs_and_trend_models_pass_qt_model_tester(qtmodeltester):
    runs = RunsModel()
    runs.set_rows([
        RunRecord("r2", "2026-01-02T10:00:00+00:00", None, {}, {}, ["https://x.test/a", "https://x.test/b"], 1),
        RunRecord("r1", "2026-01-01T10:00:00+00:00", "2026-01-01T10:01:00+00:00", {}, {}, ["https://x.test/a"], 1),
    ])
    qtmodeltester.check(runs)
    assert [runs.index(0, c).data() for c in range(5)] == ["2026-01-02 10:00:00", "https://x.test", "1 of 2", "unfinished", "r2"]
    trend = TrendModel()
    trend.set_rows([TrendPoint("r1", "2026-01-01T10:00:00+00:00", 3, 7, 2, {"critical": 1, "serious": 4})])
    qtmodeltester.check(trend)
    assert trend.index(0, 2).data() == "7" and trend.index(0, 4).data() == "1"
