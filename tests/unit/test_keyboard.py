"""The keyboard check on hand-made ``keyboard`` artifacts, and the pure parts
of its collector: no browser."""

from __future__ import annotations

import copy

import pytest

from auditor.registry import CHECKS
from auditor.checks.base import PageContext, family_options
from auditor.checks.keyboard import FINDINGS_LIMIT, FOCUS_ORDER_LIMIT, Options, evaluate, parse_options, walk_ids
from auditor.collectors import COLLECTORS, INTERACTS
from auditor.collectors.keyboard import walk_end
from auditor.config import AuditConfig
from auditor.model import GROUPS, IMPACTS, fingerprint

URL = "https://example.org/apply"


def context(**options):
    return PageContext(url=URL, final_url=URL, options=family_options(CHECKS["keyboard"], options, AuditConfig(checks=("keyboard",))))


PAGE = context()


def stop(i, selector=None, tag="a", role="link", name=None, y=0, in_main=False, before_main=False, order=None, **extra):
    return {
        "id": i,
        "selector": selector or f"#s{i}",
        "snippet": f'<{tag} id="s{i}">',
        "tag": tag,
        "role": role,
        "name": f"Stop {i}" if name is None else name,
        "tabindex": None,
        "href": "/x",
        "in_main": in_main,
        "before_main": before_main,
        "box": {"x": 10, "y": y, "width": 100, "height": 20},
        "iframe": False,
        "order": i if order is None else order,
        **extra,
    }


def artifact(n=4, **changes):
    base = {
        "end": "left-page",
        "presses": n + 1,
        "sequence": [*range(n), None],
        "stops": [stop(i, y=40 * i, in_main=i >= 2, before_main=i < 2) for i in range(n)],
        "trap": None,
        "focus": [{"id": i, "visible": True, "why": "screenshots differ", "like": 0} for i in range(n)],
        "skip_link": None,
        "main_found": True,
        "stops_before_main": 2,
        "unreachable": [],
        "unreachable_count": 0,
        "elapsed_ms": 900,
    }
    base.update(copy.deepcopy(changes))
    return base


def run(data, page=PAGE):
    return evaluate({"keyboard": data}, page)


def rules(result):
    return [f.rule for f in result.findings]


def test_registered_and_staged():
    assert CHECKS["keyboard"].needs == ("keyboard",)
    collector = COLLECTORS["keyboard"]
    assert collector.stage == INTERACTS
    assert not collector.separate_visit


def test_clean_walk_has_no_findings():
    result = run(artifact())
    assert result.findings == ()
    assert result.metrics == {
        "focus_stops": 4,
        "focus_order": ["#s0", "#s1", "#s2", "#s3"],
        "focus_not_visible": 0,
        "focus_checked": 4,
        "keyboard_trap": False,
        "focus_walk_end": "left-page",
    }


# settings


def test_settings_defaults_and_overrides():
    assert parse_options({}) == Options()
    assert parse_options({"max_tab_stops": 40}).max_tab_stops == 40
    defaults = Options()
    assert defaults.max_tab_stops == 150 and defaults.max_focus_screenshots == 40 and defaults.skip_link_min_stops == 3


@pytest.mark.parametrize(
    "options, message",
    [
        ({"max_tab_stops": "many"}, "max_tab_stops must be a whole number"),
        ({"max_tab_stops": 0}, "max_tab_stops must be a whole number from 1"),
        ({"max_tab_stops": True}, "max_tab_stops"),
        ({"max_focus_screenshots": 2.5}, "max_focus_screenshots"),
        ({"tab_stops": 10}, "has no setting 'tab_stops'"),
    ],
)
def test_bad_settings_raise(options, message):
    with pytest.raises(ValueError, match=message):
        parse_options(options)
    with pytest.raises(ValueError):
        run(artifact(), context(**options))


# the walk's end (collector logic, pure)


@pytest.mark.parametrize(
    "sequence, expected",
    [
        ([], ("", 0, [])),
        ([0, 1, 2], ("", 3, [])),
        ([0, 1, 2, None, 0], ("left-page", 3, [])),
        ([0, 1, 2, 0, 1], ("wrapped", 3, [])),
        ([None, None], ("no-stops", 0, [])),
        # one element coming round again is not yet a loop (issue 15 item 4):
        # the group must repeat whole and come back to its start a third time
        ([0, 1, 2, 3, 1, 2], ("", 6, [])),
        ([0, 1, 2, 3, 1, 2, 3, 1], ("cycle", 7, [1, 2, 3])),
        ([0, 1, 1], ("", 3, [])),
        ([0, 1, 1, 1], ("cycle", 3, [1])),
        # a script moved focus back once: Tab goes over 1..3 again, then on
        ([0, 1, 2, 3, 1, 2, 3, 4, None], ("left-page", 8, [])),
    ],
)
def test_walk_end(sequence, expected):
    assert walk_end(sequence) == expected


F, T = False, True


@pytest.mark.parametrize(
    "sequence, unseen, expected",
    [
        # Tab through three buttons of a closed shadow root logs their host,
        # 1, three times: one stop, and the walk goes on to the end
        ([0, 1, 1, 1, 2, None], [F, F, T, T, F, F], ("left-page", 5, [])),
        ([0, 1, 1, 2, 0], [F, F, T, F, F], ("wrapped", 4, [])),
        # the same host repeated by presses the page saw (focus kept on it) is a loop
        ([0, 1, 1, 1], [F, F, F, F], ("cycle", 3, [1])),
        # a host inside a group that goes round: the group is the cycle
        ([0, 1, 1, 2, 1, 1, 2, 1, 1], [F, F, T, F, F, T, F, F, T], ("cycle", 7, [1, 2])),
        # still inside the host: no end yet
        ([0, 1, 1, 1, 1], [F, F, T, T, T], ("", 5, [])),
    ],
)
def test_walk_end_counts_a_run_inside_a_closed_shadow_root_as_one_stop(sequence, unseen, expected):
    assert walk_end(sequence, unseen) == expected


def test_walk_ids_are_distinct_in_first_order():
    assert walk_ids({"sequence": [3, 1, None, 3, 2]}) == [3, 1, 2]


# traps


def trapped():
    return artifact(
        5,
        end="trap",
        sequence=[0, 1, 2, 3, 1],
        stops=[stop(0), stop(1, "#day", "input", "textbox", "Day", in_main=True), stop(2, "#month", "input", "textbox", "Month", in_main=True), stop(3, "#year", "input", "textbox", "Year", in_main=True)],
        focus=[{"id": i, "visible": True} for i in range(4)],
        trap={"cycle": [1, 2, 3], "shift_tab_exits": False, "escape_exits": False, "confirmed": True},
    )


def test_keyboard_trap():
    result = run(trapped())
    assert rules(result) == ["keyboard-trap"]
    (finding,) = result.findings
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("fail", "critical", ("2.1.2",), ("keyboard", "screen-reader"))
    assert [t.selector for t in finding.targets] == ["#day", "#month", "#year"]
    assert finding.summary == "Keyboard focus is trapped: Tab goes round 3 elements and never reaches the rest of the page."
    assert 'the textbox "Day"' in finding.detail
    assert finding.fingerprint == fingerprint("keyboard-trap", URL, "#day")
    assert result.metrics["keyboard_trap"] is True
    assert result.metrics["focus_stops"] == 4
    assert result.metrics["focus_walk_end"] == "trap"


def test_a_cycle_that_shift_tab_leaves_is_not_a_trap():
    data = trapped()
    data["end"] = "cycle"
    data["trap"].update(shift_tab_exits=True, confirmed=False)
    result = run(data)
    assert result.findings == ()
    assert result.metrics["keyboard_trap"] is False


# focus visibility


def test_no_visible_focus_per_element():
    data = artifact(
        stops=[stop(0), stop(1), stop(2, "#send", "button", "button", "Accept and send", in_main=True), stop(3, "#save", "button", "button", "Save for later", in_main=True)],
        focus=[
            {"id": 0, "visible": True},
            {"id": 1, "visible": True},
            {"id": 2, "visible": False, "why": "screenshots identical"},
            {"id": 3, "visible": False, "why": "screenshots identical"},
        ],
    )
    result = run(data)
    assert rules(result) == ["no-visible-focus", "no-visible-focus"]
    first, second = result.findings
    assert (first.outcome, first.impact, first.wcag, first.groups) == ("fail", "serious", ("2.4.7",), ("keyboard",))
    assert first.targets[0].selector == "#send" and second.targets[0].selector == "#save"
    assert first.summary == 'The button "Accept and send" shows no visible change when it has keyboard focus.'
    assert first.targets[0].box is not None
    assert result.metrics["focus_not_visible"] == 2
    assert result.metrics["focus_checked"] == 4


def test_off_screen_focus_and_unchecked_stops():
    data = artifact(focus=[{"id": 0, "visible": False, "why": "off-screen"}, {"id": 1, "visible": None, "why": "not compared (limit reached)"}, {"id": 2, "visible": True}, {"id": 3, "visible": True}])
    result = run(data)
    (finding,) = result.findings
    assert finding.summary.startswith('Keyboard focus disappears: the link "Stop 0" is off screen')
    assert result.metrics["focus_checked"] == 3
    assert result.metrics["focus_not_visible"] == 1


def test_no_visible_focus_findings_are_capped():
    n = FINDINGS_LIMIT + 5
    data = artifact(n, focus=[{"id": i, "visible": False} for i in range(n)])
    result = run(data)
    assert len(result.findings) == FINDINGS_LIMIT
    assert result.metrics["focus_not_visible"] == n


# unreachable


def test_unreachable_per_element():
    data = artifact(
        unreachable=[
            {"selector": "#add-bin", "snippet": '<div role="button" id="add-bin">', "tag": "div", "role": "button", "name": "Add another bin", "why": 'it has role="button" but no tabindex'},
            {"selector": "#remove", "snippet": '<button tabindex="-1" id="remove">', "tag": "button", "role": "button", "name": "Remove a bin", "why": 'it has tabindex="-1"'},
        ],
        unreachable_count=2,
    )
    result = run(data)
    assert rules(result) == ["unreachable-by-keyboard", "unreachable-by-keyboard"]
    first, second = result.findings
    assert (first.outcome, first.impact, first.wcag, first.groups) == ("fail", "serious", ("2.1.1",), ("keyboard", "screen-reader"))
    assert first.summary == 'The button "Add another bin" cannot be reached with the Tab key.'
    assert 'role="button" but no tabindex' in first.detail
    assert second.targets[0].selector == "#remove"


def test_unnamed_unreachable_element():
    data = artifact(unreachable=[{"selector": "div.icon", "snippet": "<div>", "tag": "div", "role": "", "name": ""}])
    (finding,) = run(data).findings
    assert finding.summary == "A <div> with no text cannot be reached with the Tab key."


# skip links


def test_missing_skip_link_needs_enough_stops_before_main():
    assert run(artifact(stops_before_main=2)).findings == ()
    result = run(artifact(stops_before_main=6))
    (finding,) = result.findings
    assert finding.rule == "missing-skip-link"
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("fail", "moderate", ("2.4.1",), ("keyboard", "screen-reader"))
    assert finding.targets[0].selector == "body"
    assert "press Tab 6 times" in finding.summary


def test_missing_skip_link_threshold_is_a_setting():
    assert run(artifact(stops_before_main=6), context(skip_link_min_stops=10)).findings == ()
    assert rules(run(artifact(stops_before_main=2), context(skip_link_min_stops=2))) == ["missing-skip-link"]


def test_no_main_no_skip_link_finding():
    assert run(artifact(stops_before_main=8, main_found=False)).findings == ()


def test_working_skip_link():
    data = artifact(stops_before_main=6, skip_link={"id": 0, "selector": "#s0", "href": "#main", "target_found": True, "works": True, "focus_after": "main > a"})
    assert run(data).findings == ()


def test_skip_link_to_a_missing_target():
    data = artifact(stops_before_main=6, skip_link={"id": 0, "selector": "#s0", "href": "#content", "target_found": False, "works": False, "focus_after": "#s1"})
    (finding,) = run(data).findings
    assert finding.rule == "broken-skip-link"
    assert (finding.outcome, finding.impact, finding.wcag, finding.groups) == ("fail", "serious", ("2.4.1",), ("keyboard", "screen-reader"))
    assert finding.summary == "The skip link does not move keyboard focus to the main content: its target #content does not exist on the page."
    assert finding.targets[0].selector == "#s0"


def test_skip_link_that_goes_elsewhere():
    data = artifact(skip_link={"id": 0, "selector": "#s0", "href": "#nav", "target_found": True, "works": False, "focus_after": "nav > a"})
    (finding,) = run(data).findings
    assert "the next Tab goes to nav > a" in finding.summary


# focus order


def test_focus_order_jump_back_up_the_page():
    stops = [stop(0, y=1900, order=2, name="Give feedback"), stop(1, y=20, order=0, name="Home"), stop(2, y=200, order=1)]
    data = artifact(3, sequence=[0, 1, 2, 0], end="wrapped", stops=stops, focus=[{"id": i, "visible": True} for i in range(3)], stops_before_main=0)
    result = run(data)
    (finding,) = result.findings
    assert finding.rule == "focus-order-jumps"
    assert (finding.outcome, finding.impact, finding.wcag) == ("review", "moderate", ("2.4.3",))
    assert finding.summary == 'Keyboard focus jumps back 1880 px up the page, from the link "Give feedback" to the link "Home".'
    assert finding.targets[0].selector == "#s1"
    assert result.metrics["focus_order"] == ["#s0", "#s1", "#s2"]


def test_going_up_less_than_a_screen_or_in_source_order_is_fine():
    # Up by less than the viewport height (800 px by default).
    stops = [stop(0, y=700, order=1), stop(1, y=20, order=0)]
    assert run(artifact(2, sequence=[0, 1, None], stops=stops, focus=[], stops_before_main=0)).findings == ()
    # Up a long way, but later in the source (a sidebar after the content).
    stops = [stop(0, y=2000, order=0), stop(1, y=20, order=1)]
    assert run(artifact(2, sequence=[0, 1, None], stops=stops, focus=[], stops_before_main=0)).findings == ()


# metrics


def test_focus_order_is_capped():
    n = FOCUS_ORDER_LIMIT + 10
    result = run(artifact(n, focus=[], stops_before_main=0))
    assert result.metrics["focus_stops"] == n
    assert len(result.metrics["focus_order"]) == FOCUS_ORDER_LIMIT


def test_no_stops():
    result = run(artifact(0, end="no-stops", sequence=[None], stops=[], focus=[], stops_before_main=0))
    assert result.findings == ()
    assert result.metrics["focus_stops"] == 0
    assert result.metrics["focus_order"] == []


def test_every_finding_is_well_formed():
    data = trapped()
    data["focus"][1]["visible"] = False
    data["unreachable"] = [{"selector": "#x", "snippet": "<div>", "tag": "div", "role": "button", "name": "X"}]
    data["stops_before_main"] = 5
    result = run(data)
    assert set(rules(result)) == {"keyboard-trap", "no-visible-focus", "unreachable-by-keyboard", "missing-skip-link"}
    for finding in result.findings:
        assert finding.check == "keyboard"
        assert finding.impact in IMPACTS
        assert set(finding.groups) <= set(GROUPS)
        assert finding.help_url.startswith("https://www.w3.org/WAI/WCAG22/Understanding/")
        assert finding.summary.endswith(".")
        assert finding.fingerprint == fingerprint(finding.rule, URL, finding.targets[0].selector)
