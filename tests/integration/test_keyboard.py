"""The keyboard family through the real CLI and Chromium: real Tab presses
through each fixture page under tests/fixtures/site/keyboard/, its exact
findings and figures, and clean twins with none."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

PAGES = ("keyboard-trap", "no-visible-focus", "unreachable", "missing-skip-link", "broken-skip-link", "focus-order")
# Pages of patterns a keyboard can use although not every control is a tab stop
# (the links inside a closed <details> are hidden until its summary opens it).
GOOD = ("patterns", "dialog", "details")
# Pages that pass WCAG and that the walk once called a trap or short of a skip
# link (issue 15 item 4): a person leaves the group with Tab (focus was moved
# back once by a script), or with Escape (a filter panel keeps focus until
# Escape lets it go); single-purpose pages with no repeated navigation before
# the main content (a cookie question, a back link and a feedback link); a
# component whose buttons sit in a closed shadow root, where focus on each of
# them reads as its host (the walk once saw the host repeat and called it a
# cycle), and its twin with an open root.
FALSE_ALARMS = ("leave-by-tab", "leave-by-escape", "single-form", "single-button", "leave-shadow", "leave-shadow-open")
ENGINES = ("playwright", "selenium")
KEYS = ["keyboard", "screen-reader"]
NAV = [
    "header > p > a",
    "ul > li:nth-of-type(1) > a",
    "ul > li:nth-of-type(2) > a",
    "ul > li:nth-of-type(3) > a",
    "ul > li:nth-of-type(4) > a",
    "ul > li:nth-of-type(5) > a",
]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selectors)
EXPECTED = {
    # a keydown handler moves focus round day, month and year, Shift+Tab too
    "keyboard-trap": [("keyboard-trap", "fail", "critical", ["2.1.2"], KEYS, ["#day", "#month", "#year"])],
    # .button:focus { outline: none } and nothing in its place
    "no-visible-focus": [
        ("no-visible-focus", "fail", "serious", ["2.4.7"], ["keyboard"], ["#send"]),
        ("no-visible-focus", "fail", "serious", ["2.4.7"], ["keyboard"], ["#save"]),
    ],
    # a div with role=button and onclick but no tabindex; a button with tabindex=-1
    "unreachable": [
        ("unreachable-by-keyboard", "fail", "serious", ["2.1.1"], KEYS, ["#add-bin"]),
        ("unreachable-by-keyboard", "fail", "serious", ["2.1.1"], KEYS, ["#remove"]),
    ],
    # six links before <main> and no skip link
    "missing-skip-link": [("missing-skip-link", "fail", "moderate", ["2.4.1"], KEYS, ["body"])],
    # the skip link points at #content, which does not exist
    "broken-skip-link": [("broken-skip-link", "fail", "serious", ["2.4.1"], KEYS, ["body > a"])],
    # a feedback link at the foot of a long page has tabindex="1"
    "focus-order": [("focus-order-jumps", "review", "moderate", ["2.4.3"], KEYS, ["header > p > a"])],
}

# page -> (focus_stops, focus_order): every focusable element put on the page.
WALKS = {
    "keyboard-trap": (4, ["a", "#day", "#month", "#year"]),
    "keyboard-trap-clean": (5, ["a", "#day", "#month", "#year", "#continue"]),
    "no-visible-focus": (4, ["header > p > a", "main > p:nth-of-type(2) > a", "#send", "#save"]),
    "no-visible-focus-clean": (4, ["header > p > a", "main > p:nth-of-type(2) > a", "#send", "#save"]),
    "unreachable": (2, ["a", "#done"]),
    "unreachable-clean": (4, ["a", "#add-bin", "#remove", "#done"]),
    "missing-skip-link": (7, [*NAV, "main > p:nth-of-type(2) > a"]),
    "missing-skip-link-clean": (8, ["body > a", *NAV, "#main-content > p:nth-of-type(2) > a"]),
    "broken-skip-link": (8, ["body > a", *NAV, "#main-content > p:nth-of-type(2) > a"]),
    "broken-skip-link-clean": (8, ["body > a", *NAV, "#main-content > p:nth-of-type(2) > a"]),
    "focus-order": (3, ["main > p:nth-of-type(3) > a", "header > p > a", "main > p:nth-of-type(2) > a"]),
    "focus-order-clean": (3, ["header > p > a", "main > p:nth-of-type(2) > a", "main > p:nth-of-type(3) > a"]),
    # one stop each for the frame, the radio group and the tab list; the
    # repeated image link and the disabled button are none
    "patterns": (7, ["header > p > a", "iframe", "main > p:nth-of-type(1) > a", "#bin-garden", "#tab-small", "bin-picker >> button", "main > p:nth-of-type(2) > a:nth-of-type(2)"]),
    "dialog": (2, ["#accept", "#reject"]),
    "details": (3, ["header > p > a", "summary", "main > p > a"]),
    # the three buttons of a closed shadow root are one stop, their host;
    # through an open root each is its own
    "leave-shadow": (5, ["header > p > a", "main > p:nth-of-type(1) > a", "bin-size", "main > p:nth-of-type(2) > a", "main > p:nth-of-type(3) > a"]),
    "leave-shadow-open": (7, ["header > p > a", "main > p:nth-of-type(1) > a", "bin-size >> div > button:nth-of-type(1)", "bin-size >> div > button:nth-of-type(2)",
                              "bin-size >> div > button:nth-of-type(3)", "main > p:nth-of-type(2) > a", "main > p:nth-of-type(3) > a"]),
}


def url(server, name):
    return server.url(f"keyboard/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")] + [url(server, name) for name in (*GOOD, *FALSE_ALARMS)]
    code, document = run_cli(tmp_path_factory.mktemp(request.param), [*urls, "--checks", "keyboard", "--engine", request.param], profile=None)
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
        (f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], [t["selector"] for t in f["targets"]])
        for f in result["findings"]
    ]
    assert found == [tuple(e) for e in EXPECTED[name]]
    for finding in result["findings"]:
        assert finding["check"] == "keyboard"
        assert finding["help_url"].startswith("https://www.w3.org/WAI/WCAG22/Understanding/")
        assert finding["targets"][0]["snippet"].startswith("<")


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_no_findings(audit, server, name):
    result = row(audit, server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"]["keyboard_trap"] is False
    assert result["metrics"]["focus_not_visible"] == 0


@pytest.mark.parametrize("name", sorted(WALKS))
def test_focus_stops_are_every_focusable_element(audit, server, name):
    metrics = row(audit, server, name)["metrics"]
    stops, order = WALKS[name]
    assert metrics["focus_stops"] == stops
    assert metrics["focus_order"] == order


def test_trap_figures(audit, server):
    metrics = row(audit, server, "keyboard-trap")["metrics"]
    assert metrics["keyboard_trap"] is True
    assert metrics["focus_walk_end"] == "trap"
    (finding,) = row(audit, server, "keyboard-trap")["findings"]
    assert finding["summary"] == "Keyboard focus is trapped: Tab goes round 3 elements and never reaches the rest of the page."
    assert "Keys tried, none of which got out: Tab, Shift+Tab, Escape then Tab." in finding["detail"]


@pytest.mark.parametrize("name", GOOD)
def test_usable_patterns_have_no_findings(audit, server, name):
    result = row(audit, server, name)
    assert result["findings"] == []
    assert result["metrics"]["keyboard_trap"] is False


def test_walks_end_when_focus_leaves_or_comes_round(audit, server):
    for name in WALKS:
        if name not in ("keyboard-trap", "dialog"):
            assert row(audit, server, name)["metrics"]["focus_walk_end"] in ("left-page", "wrapped"), name


def test_a_dialog_that_keeps_focus_is_not_a_trap(audit, server):
    result = row(audit, server, "dialog")
    assert result["metrics"]["focus_walk_end"] == "cycle"
    assert any(note.startswith("Keyboard: focus went round") for note in result["notes"])


def test_focus_visibility_figures(audit, server):
    barrier = row(audit, server, "no-visible-focus")["metrics"]
    assert barrier["focus_not_visible"] == 2
    assert barrier["focus_checked"] == 4
    # The skip link is off screen until it has focus: it counts as visible.
    assert row(audit, server, "missing-skip-link-clean")["metrics"]["focus_checked"] == 8


def test_finding_texts(audit, server):
    (first, _) = row(audit, server, "no-visible-focus")["findings"]
    assert first["summary"] == 'The button "Accept and send" shows no visible change when it has keyboard focus.'
    (first, second) = row(audit, server, "unreachable")["findings"]
    assert first["summary"] == 'The button "Add another bin" cannot be reached with the Tab key.'
    assert 'role="button" but no tabindex' in first["detail"]
    assert 'tabindex="-1"' in second["detail"]
    (missing,) = row(audit, server, "missing-skip-link")["findings"]
    assert "press Tab 6 times" in missing["summary"]
    (broken,) = row(audit, server, "broken-skip-link")["findings"]
    assert "its target #content does not exist" in broken["summary"]


def test_exit_code(audit):
    code, document = audit
    assert code == 2
    assert document["summary"]["pages"] == 2 * len(PAGES) + len(GOOD) + len(FALSE_ALARMS)


@pytest.mark.parametrize("name", FALSE_ALARMS)
def test_pages_a_person_can_operate_have_no_findings(audit, server, name):
    result = row(audit, server, name)
    assert result["findings"] == []
    assert result["metrics"]["keyboard_trap"] is False


@pytest.mark.parametrize("name", ("leave-by-tab", "leave-by-escape"))
def test_walk_goes_on_past_a_group_a_person_leaves(audit, server, name):
    """Focus moved back once is not a loop: the walk goes on to the end of the
    page; a group that Escape lets go is not a trap either."""
    metrics = row(audit, server, name)["metrics"]
    assert metrics["focus_walk_end"] in ("left-page", "wrapped", "cycle"), metrics["focus_walk_end"]


def test_a_one_time_focus_move_does_not_cut_the_walk(audit, server):
    metrics = row(audit, server, "leave-by-tab")["metrics"]
    assert metrics["focus_walk_end"] in ("left-page", "wrapped")
    assert metrics["focus_order"] == ["header > p > a", "#monday", "main > p:nth-of-type(1) > a", "main > p:nth-of-type(2) > a",
                                      "main > p:nth-of-type(3) > a", "#continue", "main > p:nth-of-type(5) > a"]


@pytest.mark.parametrize("name", ("leave-shadow", "leave-shadow-open"))
def test_a_walk_through_a_shadow_root_reaches_the_end_of_the_page(audit, server, name):
    """Tab through the buttons of a closed shadow root logs their host once a
    press; the walk counts the run as one stop and goes on to the end of the
    page (focus leaves the document, or comes back to the first stop: each
    engine ends one way or the other), so it is neither a cycle nor cut."""
    result = row(audit, server, name)
    assert result["metrics"]["focus_walk_end"] in ("left-page", "wrapped")
    assert not [note for note in result["notes"] if note.startswith("Keyboard:")]
