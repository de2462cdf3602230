"""The widgets family on hand-made artifacts: what each operated widget's
result makes of it, and the ``[widgets]`` settings."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, widgets
from auditor.checks.widgets import parse_options
from auditor.config import AuditConfig
from auditor.registry import CHECKS

URL = "https://council.example/bins/"
CLOSED = {"shown": False, "expanded": "false"}
OPEN = {"shown": True, "expanded": "true"}


def run(*operated, found=None):
    context = PageContext(URL, URL, family_options(CHECKS["widgets"], {}, AuditConfig(urls=(URL,))))
    artifact = {"found": len(operated) if found is None else found, "widgets": list(operated), "restored": False}
    return widgets.evaluate({"widgets": artifact}, context)


def widget(kind, result, **facts):
    base = {"id": 0, "kind": kind, "selector": "#w", "snippet": "<div id=\"w\">", "tag": "div", "role": "", "name": "Garden waste",
            "tabbable": True, "keyboard_sees": False, "content": "#panel", "modal": False, "native": False}
    return {**base, **facts, "result": result}


def rules(result):
    return [f.rule for f in result.findings]


def test_a_disclosure_that_works_and_says_so_passes():
    ok = widget("disclosure", {"start": CLOSED, "keys": {"Enter": OPEN, "Space": OPEN}}, tag="button", native=True)
    assert rules(run(ok)) == []


def test_a_disclosure_space_does_not_open_fails_with_the_key_named():
    result = run(widget("disclosure", {"start": CLOSED, "keys": {"Enter": OPEN, "Space": CLOSED}}, role="button"))
    assert rules(result) == ["disclosure-keys"]
    assert result.findings[0].summary == 'The button "Garden waste" shows and hides content, but not with Space.'
    assert result.findings[0].wcag == ("2.1.1",)


def test_a_disclosure_without_aria_expanded_fails_4_1_2():
    start = {"shown": False, "expanded": None}
    result = run(widget("disclosure", {"start": start, "keys": {"Enter": start, "Space": start}, "click": {"shown": True, "expanded": None}}))
    assert rules(result) == ["disclosure-keys", "disclosure-state"]
    assert "not with Enter or Space" in result.findings[0].summary


def test_aria_expanded_that_never_changes_is_the_wrong_state():
    stuck = {"shown": True, "expanded": "false"}
    assert rules(run(widget("disclosure", {"start": CLOSED, "keys": {"Enter": stuck, "Space": stuck}}))) == ["disclosure-state"]


def test_expanded_true_with_content_still_hidden():
    said = {"shown": False, "expanded": "true"}
    assert rules(run(widget("disclosure", {"start": CLOSED, "keys": {"Enter": said, "Space": said}}))) == ["disclosure-content-hidden"]


def test_a_disclosure_that_does_nothing_here_is_not_judged():
    assert rules(run(widget("disclosure", {"start": CLOSED, "keys": {"Enter": CLOSED, "Space": CLOSED}, "click": CLOSED}))) == []


def test_one_tab_never_reaches_is_reported_once():
    """A click-only element the keyboard family judges (a role, an onclick)
    is its unreachable-by-keyboard; one it does not see is ours."""
    unreached = {"start": {"shown": False, "expanded": None}, "keys": {}, "click": {"shown": True, "expanded": None}}
    seen = run(widget("disclosure", unreached, tabbable=False, keyboard_sees=True))
    assert rules(seen) == ["disclosure-state"]
    unseen = run(widget("disclosure", unreached, tabbable=False, keyboard_sees=False))
    assert rules(unseen) == ["disclosure-keys", "disclosure-state"]
    assert "the Tab key never reaches it" in unseen.findings[0].summary


def test_dialog_rules():
    good = {"opened_by": "Enter", "focus_moved_in": True, "tab_escapes": False, "shift_tab_escapes": False,
            "escape_closes": True, "focus_returned": True}
    assert rules(run(widget("dialog", good, modal=True, content="#confirm"))) == []
    lost = {**good, "focus_returned": False, "focus_after_close": "body > a"}
    result = run(widget("dialog", lost, content="#confirm"))
    assert rules(result) == ["dialog-focus-not-returned"]
    assert result.findings[0].summary.endswith("but to body > a.")
    bad = {"opened_by": "click", "focus_moved_in": False, "focus_after_open": "#report", "tab_escapes": True,
           "shift_tab_escapes": False, "focus_outside": "header > p > a", "escape_closes": False}
    result = run(widget("dialog", bad, modal=True, content="#confirm"))
    assert rules(result) == ["control-keys", "dialog-focus-not-moved", "dialog-focus-escapes", "dialog-escape"]
    assert [f.outcome for f in result.findings] == ["fail", "fail", "fail", "review"]
    assert result.findings[2].summary.startswith("Tab takes focus out")


def test_a_dialog_that_never_opened_is_not_judged():
    assert rules(run(widget("dialog", {"opened_by": None}))) == []


@pytest.mark.parametrize(
    ("kind", "result", "expected"),
    [
        ("menu", {"on_hover": True, "stays_when_hovered": True, "escape_dismisses": True, "by_keyboard": "focus"}, []),
        ("menu", {"on_hover": True, "stays_when_hovered": True, "escape_dismisses": False, "by_keyboard": None},
         ["hover-only-menu", "hover-content-not-dismissable"]),
        ("menu", {"on_hover": True, "stays_when_hovered": False, "escape_dismisses": True, "by_keyboard": "ArrowDown"},
         ["hover-content-not-hoverable"]),
        ("tooltip", {"on_hover": True, "stays_when_hovered": True, "escape_dismisses": True, "by_keyboard": None}, ["tooltip-hover-only"]),
        ("tooltip", {"on_hover": False}, []),
    ],
)
def test_hover_content(kind, result, expected):
    found = run(widget(kind, result))
    assert rules(found) == expected
    assert all(f.wcag == ("1.4.13",) for f in found.findings if f.rule.startswith("hover-content"))


def test_custom_controls():
    button = widget("control", {"click_works": True, "keys": {"Enter": True, "Space": False}}, role="button", name="Add a bin")
    link = widget("control", {"click_works": True, "keys": {"Enter": False}}, role="link", name="Help")
    dead = widget("control", {"click_works": False, "keys": {}}, role="button")
    result = run(button, link, dead)
    assert [(f.rule, f.summary) for f in result.findings] == [
        ("control-keys", 'The button "Add a bin" works when clicked, but not with Space.'),
        ("control-keys", 'The link "Help" works when clicked, but not with Enter.'),
    ]


def test_metrics():
    result = run(widget("control", {"click_works": False, "keys": {}}), found=30)
    assert result.metrics == {"widgets_found": 30, "widgets_operated": 1, "widgets_restored": False}


def test_options():
    assert parse_options({}).max_widgets == 20
    assert parse_options({"max_widgets": 3}).max_widgets == 3
    for bad in ({"max_widgets": -1}, {"max_widgets": "20"}, {"max_widgets": True}):
        with pytest.raises(ValueError, match=r"\[widgets\] max_widgets must be a whole number"):
            parse_options(bad)
    with pytest.raises(ValueError, match="has no setting 'max'"):
        parse_options({"max": 3})
