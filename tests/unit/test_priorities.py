"""Fix first, who is excluded and who fixes what, on a crafted run whose
ranking is worked out by hand."""

from __future__ import annotations

import pytest

from auditor.priorities import HOW_RANKED, blocks_task, by_fixer, excluded, issues, priorities, priority

PAGES = [f"https://council.example/{name}" for name in ("", "apply", "bins", "contact", "news", "jobs")]


def finding(check, rule, impact, groups, selector="p", snippet="<p>", outcome="fail"):
    return {"check": check, "rule": rule, "impact": impact, "outcome": outcome, "groups": list(groups), "wcag": ["1.1.1"],
            "summary": f"{rule} here", "help_url": "", "targets": [{"selector": selector, "snippet": snippet}]}


COMPRESSION = finding("bandwidth", "no-compression", "minor", ("low-bandwidth",))
ALT = finding("axe", "image-alt", "critical", ("screen-reader",), "img.hero", "<img src=hero.png>")
LABEL = finding("axe", "label", "serious", ("screen-reader", "cognitive"), "form > input#postcode", '<input id="postcode">')
CONTRAST = finding("axe", "color-contrast", "serious", ("low-vision",), ".banner", '<div class="banner">')
REVIEW = finding("reflow", "horizontal-scroll-at-320px", "moderate", ("low-vision",), "table", "<table>", outcome="review")

ROWS = [
    # Compression (minor) on every page; one critical image; a serious
    # unlabelled field on the form page; contrast (serious) on two pages.
    {"url": PAGES[0], "error": None, "findings": [COMPRESSION, ALT, CONTRAST]},
    {"url": PAGES[1], "error": None, "findings": [COMPRESSION, LABEL, LABEL, REVIEW]},
    {"url": PAGES[2], "error": None, "findings": [COMPRESSION, CONTRAST]},
    *({"url": url, "error": None, "findings": [COMPRESSION]} for url in PAGES[3:]),
]
RULES = {
    "bandwidth/no-compression": {"description": "Files are sent without compression.", "how_to_fix": "Turn on gzip or Brotli.", "fixed_by": "hosting"},
    "axe/color-contrast": {"description": "Text is hard to read against its background.", "fixed_by": "design"},
}


def test_the_ranking_worked_out_by_hand():
    ranked = issues(ROWS, RULES)
    # label: serious 4 x (1 + 1/6) x 2 (a form field) = 9.333; image-alt: 8 x (1 + 1/6) = 9.333,
    # tie broken by pages (1 each), then elements (2 > 1); contrast: 4 x (1 + 2/6) = 5.333;
    # compression on all six pages: 1 x 2 = 2.
    assert [(i["id"], i["priority"]) for i in ranked] == [
        ("axe/label", 9.333), ("axe/image-alt", 9.333), ("axe/color-contrast", 5.333), ("bandwidth/no-compression", 2.0)]
    label = ranked[0]
    assert label["blocks_task"] is True and label["page_count"] == 1 and label["elements"] == 2 and label["findings"] == 2
    assert label["groups"] == ["screen-reader", "cognitive"] and label["example"]["selector"] == "form > input#postcode"
    compression = ranked[3]
    assert compression["page_count"] == 6 and [p["url"] for p in compression["pages"]] == PAGES
    assert compression["description"] == "Files are sent without compression." and compression["fixed_by"] == "hosting"
    assert ranked[1]["description"] == "image-alt here"  # no rule table entry: the finding's own words
    assert "doubled when it sits on a form field" in HOW_RANKED


def test_priority_figures():
    assert priority("critical", 1, 1, False) == 16
    assert priority("minor", 100, 100, True) == 4
    assert priority("serious", 0, 0, False) == 4


@pytest.mark.parametrize(("target", "task"), [
    ({"selector": "#q", "snippet": '<input type="search" id="q">'}, True),
    ({"selector": "div.x", "snippet": '<div role="button" tabindex="0">Start now</div>'}, True),
    ({"selector": "form#apply > div > span", "snippet": "<span>"}, True),
    ({"selector": "main > p", "snippet": "<p>Apply for a <button>"}, False),  # a button in its text, not the element
    ({"selector": ".formal", "snippet": "<div class=formal>"}, False),
])
def test_what_blocks_a_task(target, task):
    assert blocks_task({"targets": [target]}) is task


def test_who_is_excluded_by_severity_first():
    groups = excluded(ROWS)
    assert [(g["group"], g["critical"], g["serious"], g["minor"], g["pages"]) for g in groups] == [
        ("screen-reader", 1, 2, 0, 2),
        ("low-vision", 0, 2, 0, 2),  # as many serious barriers as cognitive, on more pages
        ("cognitive", 0, 2, 0, 1),
        ("low-bandwidth", 0, 0, 6, 6),
    ]
    assert [g["only_minor"] for g in groups] == [False, False, False, True]


def test_fixes_by_who_makes_them_in_rank_order():
    assert by_fixer(issues(ROWS, RULES)) == [
        {"fixer": "hosting", "label": "Hosting and server settings", "issues": ["bandwidth/no-compression"], "findings": 6},
        {"fixer": "design", "label": "Design and content", "issues": ["axe/color-contrast"], "findings": 2},
        {"fixer": "code", "label": "Code", "issues": ["axe/label", "axe/image-alt"], "findings": 3},
    ]


def test_things_to_check_are_grouped_apart_from_barriers():
    result = priorities(ROWS, RULES)
    assert [i["id"] for i in result["to_check"]] == ["reflow/horizontal-scroll-at-320px"]
    assert "reflow/horizontal-scroll-at-320px" not in [i["id"] for i in result["fix_first"]]
