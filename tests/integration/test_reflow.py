"""The reflow family through the real CLI and Chromium: each fixture page under
tests/fixtures/site/reflow/ at 320 CSS px wide and with the WCAG text
spacing, its exact findings and figures, and clean twins with none."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

PAGES = ("horizontal-scroll", "long-word", "text-spacing", "zoom-disabled", "orientation-locked")
SMALL = ["low-vision", "older-devices"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    # an 800 px wide wrapper round the whole page
    "horizontal-scroll": [("horizontal-scroll-at-320px", "fail", "serious", ["1.4.10"], SMALL, "div")],
    # a long web address that cannot wrap
    "long-word": [("horizontal-scroll-at-320px", "fail", "serious", ["1.4.10"], SMALL, "main > p:nth-of-type(2)")],
    # two lines in a box of fixed height with overflow: hidden
    "text-spacing": [("text-clipped-with-text-spacing", "fail", "serious", ["1.4.12"], ["low-vision", "cognitive"], "main > p:nth-of-type(1)")],
    "zoom-disabled": [("zoom-disabled", "fail", "critical", ["1.4.4"], ["low-vision"], 'meta[name="viewport"]')],
    # a linked style sheet turns html a quarter turn in landscape
    "orientation-locked": [("orientation-locked", "fail", "serious", ["1.3.4"], SMALL, "html")],
}


def url(server, name):
    return server.url(f"reflow/{name}.html")


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    code, document = run_cli(tmp_path_factory.mktemp("reflow"), [*urls, "--checks", "reflow"], profile=None)
    assert document is not None
    return code, document


def row(audit, server, name):
    result = page(audit[1], url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    result = row(audit, server, name)
    found = [
        (f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"])
        for f in result["findings"]
    ]
    assert found == [tuple(e) for e in EXPECTED[name]]
    for finding in result["findings"]:
        assert finding["check"] == "reflow"
        assert finding["help_url"].startswith("https://www.w3.org/WAI/WCAG22/Understanding/")
        assert finding["targets"][0]["snippet"].startswith("<") or finding["rule"] == "orientation-locked"


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_no_findings(audit, server, name):
    result = row(audit, server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"] == {"reflow_scroll_width_320": 320, "reflow_overflow_px": 0, "text_spacing_clipped": 0}


def test_fixed_width_wrapper_figures(audit, server):
    result = row(audit, server, "horizontal-scroll")
    assert result["metrics"] == {"reflow_scroll_width_320": 800, "reflow_overflow_px": 480, "text_spacing_clipped": 0}
    (finding,) = result["findings"]
    assert finding["targets"][0]["snippet"] == '<div class="wrapper">'
    assert finding["targets"][0]["box"]["width"] == 800
    assert finding["summary"] == "An element 800 px wide (<div>) does not fit a 320 px wide screen and makes the page scroll sideways."


def test_long_word_figures(audit, server):
    result = row(audit, server, "long-word")
    metrics = result["metrics"]
    # The width of the address depends on the font; it is well past 320 px.
    assert metrics["reflow_scroll_width_320"] > 340
    assert metrics["reflow_overflow_px"] == metrics["reflow_scroll_width_320"] - 320
    assert result["findings"][0]["summary"].startswith("Text in a <p> reaches ")


def test_text_spacing_figures(audit, server):
    result = row(audit, server, "text-spacing")
    assert result["metrics"]["text_spacing_clipped"] == 1
    assert result["metrics"]["reflow_overflow_px"] == 0
    (finding,) = result["findings"]
    assert finding["targets"][0]["snippet"] == '<p class="notice">'
    assert finding["summary"] == "Text cut off when people increase line, letter and word spacing."


def test_the_visually_hidden_text_is_not_clipped_text(audit, server):
    # Both text-spacing pages hold a 1 px "visually hidden" span, clipped on purpose.
    for name in ("text-spacing", "text-spacing-clean", "horizontal-scroll-clean"):
        assert row(audit, server, name)["metrics"]["text_spacing_clipped"] == (1 if name == "text-spacing" else 0)


def test_orientation_lock_names_the_style_sheet(audit, server):
    (finding,) = row(audit, server, "orientation-locked")["findings"]
    assert finding["summary"] == "The style sheet turns the page sideways in landscape orientation, so it only works in portrait."
    assert "portrait-only.css" in finding["detail"]


def test_exit_code(audit):
    code, document = audit
    assert code == 2  # critical and serious barriers, default --fail-on serious
    assert document["summary"]["pages"] == 2 * len(PAGES)
