"""The structure family on hand-made artifacts: tables that look like data
with no headers, two-way headers with no scope, nested tables, layout tables
with data markup, images whose alt and title are at odds, center and font,
and colour that carries meaning."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, structure
from auditor.checks.structure import differ, hue, in_data_table, looks_like_data, named_colours
from auditor.collectors.axe import ADVISORY_RULES
from auditor.registry import FAMILIES

URL = "https://council.example/tax/"


def table(selector="table", **facts):
    base = {"selector": selector, "snippet": "<table>", "role": "", "rows": 3, "filled_rows": 3, "columns": 2, "headers": 1,
            "first_row_headers": False, "first_column_headers": False, "uses_headers_attr": False, "th_without_scope": 0,
            "loose_th": None, "nested_in": None, "layout_signs": False, "data_markup": []}
    return {**base, **facts}


def image(alt, title, selector="img", role=""):
    return {"selector": selector, "snippet": "<img>", "alt": alt, "title": title, "role": role}


def coloured(text="When was it due?", color="rgb(212, 53, 28)", around="rgb(26, 26, 26)", selector="span"):
    return {"selector": selector, "snippet": "<span>", "text": text, "color": color, "around": around}


def run(tables=(), images=(), presentational=(), count=None, colour=(), body=""):
    found = {"tables": list(tables), "images": list(images), "presentational": list(presentational),
             "presentational_count": len(presentational) if count is None else count, "coloured": list(colour)}
    return structure.evaluate({"structure": found, "text": {"body_text": body}}, PageContext(URL, URL))


def rules(result):
    return [(f.rule, f.outcome, f.targets[0].selector) for f in result.findings]


def test_the_family_is_registered_and_axe_runs_its_table_rules_for_review():
    assert "structure" in FAMILIES
    assert {"empty-table-header", "scope-attr-valid", "table-duplicate-name"} <= set(ADVISORY_RULES)


def test_a_table_of_data_with_no_headers():
    assert rules(run([table("#days", headers=0)])) == [("data-table-without-headers", "fail", "#days")]
    assert run([table(headers=0)]).metrics == {"tables": 1}


@pytest.mark.parametrize("facts", [
    {"headers": 1},                                  # has a header cell
    {"headers": 0, "role": "presentation"},          # marked as layout
    {"headers": 0, "role": "none"},
    {"headers": 0, "filled_rows": 1},                # one row of content
    {"headers": 0, "columns": 1},                    # one column
    {"headers": 0, "layout_signs": True},            # a heading, form or table inside: layout
])
def test_no_data_table_without_headers(facts):
    assert not looks_like_data(table(**facts)) or facts.get("headers")
    assert rules(run([table(**facts)])) == []


def test_two_way_headers_need_scope():
    loose = {"selector": "th", "snippet": "<th>"}
    two_way = dict(first_row_headers=True, first_column_headers=True, th_without_scope=3, loose_th=loose)
    assert rules(run([table(**two_way)])) == [("two-way-headers-without-scope", "fail", "th")]
    assert rules(run([table(**{**two_way, "th_without_scope": 0})])) == []
    assert rules(run([table(**{**two_way, "uses_headers_attr": True})])) == []
    assert rules(run([table(**{**two_way, "first_column_headers": False})])) == []


def test_nested_tables():
    in_cell = table("#inner", nested_in={"selector": "td", "header": False, "outer_role": "", "outer_headers": 2})
    in_header = table("#inner", nested_in={"selector": "th", "header": True, "outer_role": "", "outer_headers": 2})
    in_layout = table("#inner", nested_in={"selector": "td", "header": False, "outer_role": "presentation", "outer_headers": 2})
    in_plain = table("#inner", nested_in={"selector": "td", "header": False, "outer_role": "", "outer_headers": 0})
    assert in_data_table(in_cell) and in_data_table(in_header) and not in_data_table(in_layout) and not in_data_table(in_plain)
    assert rules(run([in_cell])) == [("nested-table", "fail", "#inner")]
    assert [f.impact for f in run([in_header]).findings] == ["serious"]
    assert rules(run([in_layout])) == []
    assert rules(run([in_plain])) == []   # old layout: a table in a table with no headers


def test_layout_table_with_data_markup():
    found = run([table("#contact", role="presentation", data_markup=["th", "caption"])])
    assert rules(found) == [("layout-table-with-data-markup", "fail", "#contact")]
    assert found.findings[0].summary == "A table marked role=\"presentation\" has th, caption."
    assert rules(run([table(role="presentation", data_markup=[])])) == []
    assert rules(run([table(data_markup=["th"])])) == []


def test_alt_and_title():
    assert differ("The new library", "Opening day, 4 May")
    assert not differ("The new library", "The new library on Mill Street")   # one holds the other
    assert not differ("Library", "library.")                                  # the same, as heard
    assert not differ("Next step", "Previous step")                           # hears reports opposites
    assert rules(run(images=[image("The new library", "Opening day", "#photo")])) == [("alt-title-differ", "review", "#photo")]
    assert rules(run(images=[image("", "Recyclable", "#icon")])) == [("empty-alt-with-title", "review", "#icon")]
    assert rules(run(images=[image(" ", "Recyclable")])) == [("empty-alt-with-title", "review", "img")]
    assert rules(run(images=[image(None, "Recyclable"), image("", ""), image("", "Recyclable", role="presentation")])) == []


def test_presentational_markup_is_one_finding_a_page():
    found = run(presentational=[{"selector": "center", "snippet": "<center>", "tag": "center"},
                                {"selector": "font", "snippet": "<font>", "tag": "font"}], count=25)
    assert rules(found) == [("presentational-markup", "fail", "center")]
    assert found.findings[0].summary == "25 presentational elements (<center>, <font>)."


@pytest.mark.parametrize("css, word", [
    ("rgb(212, 53, 28)", "red"), ("rgb(255, 0, 0)", "red"), ("rgb(0, 112, 60)", "green"), ("rgb(29, 79, 145)", "blue"),
    ("rgb(244, 119, 56)", "orange"), ("rgb(255, 221, 0)", "yellow"), ("rgb(128, 128, 128)", "grey"),
    ("rgb(26, 26, 26)", ""), ("rgb(255, 255, 255)", ""), ("", ""),
])
def test_hue(css, word):
    assert hue(css) == word


def test_named_colours():
    assert named_colours("Questions in red must be answered. Green fields are done.") == {"red", "green"}
    assert named_colours("Items shown in gray are closed; amber rows are late.") == {"grey", "orange"}
    assert named_colours("Put cardboard in the blue bin. We invest in green energy.") == {"green"}
    assert named_colours("Say its colour.") == set()


def test_colour_carries_meaning_only_with_both_the_sentence_and_the_colour():
    says = "Questions in red must be answered."
    assert rules(run(colour=[coloured(selector="#when")], body=says)) == [("colour-only-meaning", "review", "#when")]
    assert rules(run(colour=[coloured()], body="Say when it was due.")) == []                    # no sentence about colour
    assert rules(run(colour=[], body=says)) == []                                                # no coloured element
    assert rules(run(colour=[coloured(color="rgb(0, 112, 60)")], body=says)) == []               # another colour
    assert rules(run(colour=[coloured(around="rgb(200, 30, 30)")], body=says)) == []             # red in red text
