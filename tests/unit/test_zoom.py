"""The zoom family on hand-made artifacts: text clipped, overlapping and
control labels cut off once text is enlarged to 200% (WCAG 1.4.4)."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, zoom
from auditor.collectors import plan
from auditor.config import AuditConfig
from auditor.registry import CHECKS

URL = "https://council.example/bins/"


def context():
    return PageContext(URL, URL, family_options(CHECKS["zoom"], {}, AuditConfig(urls=(URL,))))


def run(clipped=(), overlaps=(), controls=(), **counts):
    found = {"enlarged": 50, "elements_capped": False, "text_nodes": 20,
             "clipped": list(clipped), "clipped_count": counts.get("clipped_count", len(clipped)),
             "overlaps": list(overlaps), "overlaps_count": counts.get("overlaps_count", len(overlaps)),
             "controls": list(controls), "controls_count": counts.get("controls_count", len(controls))}
    return zoom.evaluate({"zoom": found}, context())


def block(selector, text):
    return {"selector": selector, "snippet": f"<{selector}>", "text": text}


def test_nothing_broken_nothing_reported():
    result = run()
    assert result.findings == ()
    assert result.metrics == {"zoom_clipped": 0, "zoom_overlaps": 0, "zoom_controls_cut": 0}


def test_a_clipped_box_is_one_finding_naming_its_text_and_clamp():
    box = {**block("#notice", "Collections move by one day."), "overflow_px": 42, "line_clamp": "2",
           "box": {"x": 15, "y": 100, "width": 400, "height": 60}}
    (finding,) = run(clipped=[box]).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag, finding.groups) == (
        "text-clipped-when-enlarged", "fail", "serious", ("1.4.4",), ("low-vision",))
    assert finding.summary == "Text in a box is cut off when enlarged to 200%: “Collections move by one day”."
    assert "(it shows at most 2 lines)" in finding.detail and "42 px of its text is hidden" in finding.detail
    assert finding.targets[0].selector == "#notice"


def test_no_line_clamp_is_not_mentioned():
    (finding,) = run(clipped=[{**block("div", "Bins"), "overflow_px": 5, "line_clamp": "none"}]).findings
    assert "lines)" not in finding.detail


def test_an_overlap_group_is_one_finding_with_every_block_as_a_target():
    group = {"blocks": [block("#a", "Permits run from April."), block("#b", "Renew by March."), block("#c", "Costs £52.")],
             "count": 3, "overlap_px": 20}
    (finding,) = run(overlaps=[group]).findings
    assert finding.rule == "text-overlaps-when-enlarged"
    assert [t.selector for t in finding.targets] == ["#a", "#b", "#c"]
    assert finding.summary == ("3 blocks of text are drawn over one another when enlarged to 200%: "
                               "“Permits run from April” and “Renew by March”, “Costs £52”.")
    assert "cross by 20 px" in finding.detail


def test_an_overlap_group_without_blocks_is_skipped():
    assert run(overlaps=[{"blocks": [], "count": 0}]).findings == ()


@pytest.mark.parametrize(("control", "kind", "axis"), [
    ({"tag": "button", "type": "", "axis": "width"}, "<button>", "wide"),
    ({"tag": "input", "type": "submit", "axis": "height"}, "<input type=submit>", "tall"),
])
def test_a_control_names_its_kind_label_and_sizes(control, kind, axis):
    item = {**control, "selector": "form > *", "snippet": "<x>", "label": "Continue", "need_px": 152, "room_px": 110}
    (finding,) = run(controls=[item]).findings
    assert finding.rule == "control-label-cut-off-when-enlarged" and finding.groups == ("low-vision",)
    assert finding.summary == f"The label of a {kind}, “Continue”, no longer fits it when enlarged to 200%."
    assert f"needs 152 px but the control is 110 px {axis}" in finding.detail


def test_metrics_count_beyond_the_findings_listed():
    result = run(clipped=[{**block("div", "x"), "overflow_px": 3}], clipped_count=14, overlaps_count=2, controls_count=1)
    assert result.metrics == {"zoom_clipped": 14, "zoom_overlaps": 2, "zoom_controls_cut": 1}


def test_text_from_the_page_is_quoted_short():
    (finding,) = run(clipped=[{**block("div", "x" * 200), "overflow_px": 3}]).findings
    assert "“" + "x" * 60 + "”" in finding.summary


def test_the_zoom_family_refuses_settings():
    with pytest.raises(ValueError, match=r"\[zoom\] has no setting 'scale'"):
        zoom.parse_options({"scale": 3})


def test_layout_measures_before_zoom_in_their_shared_stage():
    """Both change the page; ``layout`` runs first and ``zoom`` turns its
    text-spacing sheet off while measuring (see the collector)."""
    assert [c.id for c in plan({"zoom", "layout"})] == ["layout", "zoom"]
