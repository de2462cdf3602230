"""The typography family on hand-made artifacts: small text, justified
blocks, long lines, tight line spacing and long runs of italics, each at
its threshold and with its threshold moved by a setting."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, typography
from auditor.checks.typography import MAX_PER_RULE, line_height_ratio
from auditor.config import AuditConfig
from auditor.registry import CHECKS

URL = "https://council.example/bins/"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["typography"], options, AuditConfig(urls=(URL,))))


def run(sizes=(), blocks=(), italics=(), **options):
    found = {"text_elements": len(sizes), "sizes": list(sizes), "blocks": list(blocks), "italics": list(italics)}
    return typography.evaluate({"typography": found}, context(**options))


def rules(result):
    return [(f.rule, f.outcome, f.impact, f.targets[0].selector) for f in result.findings]


def block(tag="p", lines=3, chars=200, align="start", font_px=16.0, line_height_px=24.0, longest=70, selector="main > p"):
    return {"tag": tag, "selector": selector, "snippet": f"<{tag}>", "chars": chars, "text": "Your bins are collected every other week.",
            "align": align, "font_px": font_px, "lines": lines, "line_height_px": line_height_px, "line_height_set": True,
            "longest_line_chars": longest}


def test_a_well_set_page_has_no_findings():
    result = run([{"selector": "p", "font_px": 16, "text": "Bins"}], [block()], [{"selector": "cite", "chars": 30, "text": "A title"}])
    assert result.findings == ()
    assert result.metrics == {"small_text": 0, "justified_blocks": 0, "long_line_blocks": 0, "tight_paragraphs": 0,
                              "long_italic_runs": 0, "longest_line_chars": 70}


@pytest.mark.parametrize(("size", "found"), [(11.5, 1), (12, 0), (9, 1), (0, 0)])
def test_small_text(size, found):
    result = run([{"selector": ".small", "snippet": "<p class=small>", "font_px": size, "text": "Terms apply"}])
    assert rules(result) == [("small-text", "fail", "moderate", ".small")] * found
    if found:
        assert result.findings[0].summary == f"Text is {size:g} CSS pixels high, under 12: “Terms apply”."
        assert result.findings[0].groups == ("cognitive", "low-vision") and result.findings[0].wcag == ()


def test_justified_text_of_more_than_one_line():
    assert rules(run(blocks=[block(align="justify")])) == [("justified-text", "fail", "minor", "main > p")]
    assert run(blocks=[block(align="justify", lines=1)]).findings == ()  # one line: nothing to spread
    assert run(blocks=[block(align="justify")], report_justified=False).findings == ()


@pytest.mark.parametrize(("longest", "found"), [(80, 0), (81, 1), (140, 1)])
def test_long_lines(longest, found):
    result = run(blocks=[block(longest=longest)])
    assert [f.rule for f in result.findings] == ["long-lines"] * found
    assert result.metrics["longest_line_chars"] == longest


def test_long_lines_limit_is_a_setting():
    assert run(blocks=[block(longest=100)], max_line_chars=120).findings == ()


@pytest.mark.parametrize(
    ("tag", "lines", "line_height_px", "found"),
    [("p", 3, 19.2, 1), ("p", 3, 24.0, 0), ("p", 3, 23.9, 0), ("p", 3, 23.5, 1), ("p", 1, 19.2, 0), ("li", 3, 19.2, 0)],
)
def test_tight_line_height_in_paragraphs(tag, lines, line_height_px, found):
    result = run(blocks=[block(tag=tag, lines=lines, line_height_px=line_height_px)])
    assert [f.rule for f in result.findings] == ["tight-line-height"] * found


def test_line_height_ratio():
    assert line_height_ratio(block(font_px=20, line_height_px=30)) == 1.5
    assert line_height_ratio(block(font_px=0)) == 0.0


def test_long_italics():
    run_of = {"selector": "em", "snippet": "<em>", "chars": 252, "text": "Your bins are collected every other week."}
    (finding,) = run(italics=[run_of]).findings
    assert finding.summary == "252 characters in a row are in italics: “Your bins are collected every other week.”."
    assert run(italics=[{**run_of, "chars": 100}]).findings == ()
    assert run(italics=[run_of], max_italic_chars=300).findings == ()


def test_findings_are_capped_per_rule_but_counted():
    many = [{"selector": f"li:nth-of-type({i})", "font_px": 10, "text": "x"} for i in range(1, 26)]
    result = run(many)
    assert len(result.findings) == MAX_PER_RULE
    assert result.metrics["small_text"] == 25


@pytest.mark.parametrize(
    ("table", "message"),
    [({"min_font_px": "12px"}, "[typography] min_font_px must be a positive number"),
     ({"max_line_chars": 0}, "[typography] max_line_chars must be a positive number"),
     ({"report_justified": "yes"}, "[typography] report_justified must be true or false"),
     ({"line_length": 80}, "[typography] has no setting 'line_length'")],
)
def test_bad_settings_are_one_line(table, message):
    with pytest.raises(ValueError) as error:
        family_options(CHECKS["typography"], table)
    assert str(error.value).startswith(message)
