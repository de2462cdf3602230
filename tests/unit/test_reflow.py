"""The reflow check on hand-made ``layout`` artifacts: no browser."""

from __future__ import annotations

import copy

import pytest

from auditor.registry import CHECKS
from auditor.checks.base import PageContext
from auditor.checks.reflow import evaluate, parse_viewport, zoom_blocks
from auditor.config import AuditConfig
from auditor.model import GROUPS, IMPACTS, fingerprint

URL = "https://example.org/bins"
PAGE = PageContext(url=URL, final_url=URL, config=AuditConfig(checks=("reflow",)))

CLEAN = {
    "viewport_meta": "width=device-width, initial-scale=1",
    "orientation_locks": [],
    "unreadable_stylesheets": 0,
    "reflow": {"width": 320, "height": 640, "viewport_width": 320, "scroll_width": 320, "overflow_px": 0, "cut_off": False, "culprits": [], "more_culprits": 0},
    "text_spacing": {"clipped": [], "count": 0},
}


def layout(**changes):
    artifact = copy.deepcopy(CLEAN)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(artifact.get(key), dict):
            artifact[key].update(value)
        else:
            artifact[key] = value
    return artifact


def run(artifact):
    return evaluate({"layout": artifact}, PAGE)


def culprit(selector="div.wrapper", tag="div", width=800, cause="box"):
    return {"selector": selector, "snippet": f'<{tag} class="wrapper">', "tag": tag, "width": width, "right": width, "cause": cause, "box": {"x": 0, "y": 0, "width": width, "height": 300}}


def test_registered():
    check = CHECKS["reflow"]
    assert check.needs == ("layout",)
    assert check.evaluate is evaluate


def test_clean_page_has_no_findings_and_metrics():
    result = run(CLEAN)
    assert result.findings == ()
    assert result.metrics == {"reflow_scroll_width_320": 320, "reflow_overflow_px": 0, "text_spacing_clipped": 0}


# viewport meta


@pytest.mark.parametrize(
    "content, reasons",
    [
        ("width=device-width, initial-scale=1", []),
        ("width=device-width, initial-scale=1, user-scalable=no", ["user-scalable=no"]),
        ("width=device-width; user-scalable=NO", ["user-scalable=no"]),
        ("user-scalable=0", ["user-scalable=0"]),
        ("user-scalable=0.5", ["user-scalable=0.5"]),
        ("user-scalable=yes", []),
        ("user-scalable=1", []),
        ("maximum-scale=1", ["maximum-scale=1"]),
        ("maximum-scale=1.5, user-scalable=no", ["user-scalable=no", "maximum-scale=1.5"]),
        ("maximum-scale=2", []),
        ("maximum-scale=2.0", []),
        ("maximum-scale=5", []),
        ("maximum-scale=abc", []),
        ("", []),
    ],
)
def test_zoom_blocks(content, reasons):
    assert zoom_blocks(content) == reasons


def test_parse_viewport_lower_cases_and_strips():
    assert parse_viewport("Width = device-width , Maximum-Scale='1'") == {"width": "device-width", "maximum-scale": "1"}


def test_zoom_disabled_finding():
    result = run(layout(viewport_meta="width=device-width, maximum-scale=1, user-scalable=no"))
    (finding,) = result.findings
    assert finding.check == "reflow"
    assert finding.rule == "zoom-disabled"
    assert finding.outcome == "fail"
    assert finding.impact == "critical"
    assert finding.wcag == ("1.4.4",)
    assert finding.groups == ("low-vision",)
    assert "user-scalable=no" in finding.summary and "maximum-scale=1" in finding.summary
    assert finding.targets[0].selector == 'meta[name="viewport"]'
    assert finding.targets[0].snippet == '<meta name="viewport" content="width=device-width, maximum-scale=1, user-scalable=no">'
    assert finding.fingerprint == fingerprint("zoom-disabled", URL, 'meta[name="viewport"]')
    assert finding.help_url == "https://www.w3.org/WAI/WCAG22/Understanding/resize-text.html"


def test_no_viewport_meta_is_not_a_zoom_finding():
    assert run(layout(viewport_meta=None)).findings == ()


# horizontal scrolling


def test_one_finding_per_culprit():
    result = run(layout(reflow={"scroll_width": 800, "overflow_px": 480, "culprits": [culprit(), culprit("img.map", "img", 640)]}))
    assert [f.rule for f in result.findings] == ["horizontal-scroll-at-320px"] * 2
    first, second = result.findings
    assert (first.outcome, first.impact, first.wcag, first.groups) == ("fail", "serious", ("1.4.10",), ("low-vision", "older-devices"))
    assert first.targets[0].selector == "div.wrapper"
    assert first.targets[0].box is not None and first.targets[0].box.width == 800
    assert "800 px wide" in first.summary and "scroll sideways" in first.summary
    assert "800 px wide at a 320 px viewport" in first.detail
    assert second.targets[0].selector == "img.map"
    assert first.fingerprint != second.fingerprint
    assert result.metrics["reflow_scroll_width_320"] == 800
    assert result.metrics["reflow_overflow_px"] == 480


def test_text_culprit_wording():
    result = run(layout(reflow={"scroll_width": 420, "overflow_px": 100, "culprits": [culprit("main > p", "p", 280, "text")]}))
    (finding,) = result.findings
    assert finding.summary.startswith("Text in a <p> reaches 280 px across a 320 px wide screen")


@pytest.mark.parametrize("tag", ["table", "pre"])
def test_two_dimensional_culprit_is_a_review(tag):
    result = run(layout(reflow={"scroll_width": 500, "overflow_px": 180, "culprits": [culprit(tag, tag, 480)]}))
    (finding,) = result.findings
    assert (finding.outcome, finding.impact) == ("review", "moderate")
    assert "overflow-x: auto" in finding.detail


def test_page_level_finding_when_no_culprit_named():
    result = run(layout(reflow={"scroll_width": 360, "overflow_px": 40, "culprits": []}))
    (finding,) = result.findings
    assert finding.rule == "horizontal-scroll-at-320px"
    assert finding.outcome == "fail"
    assert finding.targets[0].selector == "html"
    assert "360 px wide" in finding.summary


def test_cut_off_wording():
    result = run(layout(reflow={"scroll_width": 800, "overflow_px": 480, "cut_off": True, "culprits": [culprit()]}))
    assert "is cut off" in result.findings[0].summary


def test_one_pixel_of_overflow_is_rounding():
    assert run(layout(reflow={"scroll_width": 321, "overflow_px": 1, "culprits": [culprit()]})).findings == ()


# text spacing


def test_text_spacing_finding_per_element():
    clipped = [
        {"selector": "p.notice", "snippet": '<p class="notice">', "clipped": True, "overflow_px": 7, "client_height": 48, "scroll_height": 70, "box": {"x": 15, "y": 90, "width": 520, "height": 48}},
        {"selector": "div.card", "snippet": '<div class="card">', "clipped": False, "overflow_px": 12, "client_height": 100, "scroll_height": 112},
    ]
    result = run(layout(text_spacing={"clipped": clipped, "count": 2}))
    first, second = result.findings
    assert first.rule == second.rule == "text-clipped-with-text-spacing"
    assert (first.outcome, first.impact, first.wcag, first.groups) == ("fail", "serious", ("1.4.12",), ("low-vision", "cognitive"))
    assert first.targets[0].selector == "p.notice"
    assert "cut off" in first.summary
    assert "spills out" in second.summary
    assert "7 px past its box" in first.detail
    assert second.targets[0].box is None
    assert result.metrics["text_spacing_clipped"] == 2


# orientation


def test_orientation_lock_finding():
    locks = [
        {"orientation": "landscape", "how": "rotated", "selector": "html", "declaration": "transform: rotate(-90deg);", "stylesheet": "https://example.org/portrait-only.css"},
        {"orientation": "landscape", "how": "rotated", "selector": "html", "declaration": "transform: rotate(-90deg);", "stylesheet": "https://example.org/copy.css"},
    ]
    result = run(layout(orientation_locks=locks))
    (finding,) = result.findings  # the same lock twice is one finding
    assert finding.rule == "orientation-locked"
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("fail", "serious", ("1.3.4",), ("low-vision", "older-devices"))
    assert finding.summary == "The style sheet turns the page sideways in landscape orientation, so it only works in portrait."
    assert finding.targets[0].selector == "html"
    assert finding.targets[0].snippet == "@media (orientation: landscape) { html { transform: rotate(-90deg); } }"
    assert "portrait-only.css" in finding.detail


def test_hidden_in_portrait():
    locks = [{"orientation": "portrait", "how": "hidden", "selector": "body", "declaration": "display: none;", "stylesheet": "inline <style>"}]
    (finding,) = run(layout(orientation_locks=locks)).findings
    assert finding.summary == "The style sheet hides the page in portrait orientation, so it only works in landscape."


def test_every_finding_is_well_formed():
    artifact = layout(
        viewport_meta="user-scalable=no",
        orientation_locks=[{"orientation": "portrait", "how": "hidden", "selector": "body", "declaration": "display: none", "stylesheet": "x"}],
        reflow={"scroll_width": 800, "overflow_px": 480, "culprits": [culprit()]},
        text_spacing={"clipped": [{"selector": "p", "snippet": "<p>", "clipped": True}], "count": 1},
    )
    result = run(artifact)
    assert len(result.findings) == 4
    for finding in result.findings:
        assert finding.check == "reflow"
        assert finding.impact in IMPACTS
        assert set(finding.groups) <= set(GROUPS)
        assert finding.help_url.startswith("https://www.w3.org/WAI/WCAG22/Understanding/")
        assert finding.summary.endswith(".")
        assert finding.fingerprint == fingerprint(finding.rule, URL, finding.targets[0].selector)
