"""How many pages a run keeps in flight on a Grid whose slots it knows: a
page that needs two sessions at once (its JavaScript-off visit beside its
main one) must not wait for a slot that only another such page could free."""

from __future__ import annotations

import json

import pytest

from auditor.config import AuditConfig
from auditor.engines.remote import grid_slots
from auditor.errors import ConfigError
from auditor.registry import run_settings
from auditor.run.plan import pages_in_flight, separate_visits

# GET /status of Selenium Grid 4.48 (a hub with a node up and one down), trimmed.
GRID4 = {"value": {"ready": True, "message": "Selenium Grid ready.", "nodes": [
    {"id": "a", "uri": "http://10.0.0.5:5555", "availability": "UP", "maxSessions": 2,
     "slots": [{"id": {"id": "s1"}, "session": None}, {"id": {"id": "s2"}, "session": {"sessionId": "x"}}]},
    {"id": "b", "uri": "http://10.0.0.6:5555", "availability": "DOWN", "maxSessions": 2, "slots": [{"id": {"id": "s3"}}, {"id": {"id": "s4"}}]},
]}}
GRID3 = {"value": {"ready": True, "message": "Hub has capacity", "build": {"version": "3.141.59"}}, "status": 0}
CHROMEDRIVER = {"value": {"ready": True, "message": "ChromeDriver ready for new sessions.", "build": {"version": "156.0"}}}


@pytest.mark.parametrize(("body", "expected"), [
    (json.dumps(GRID4).encode(), 2),  # the node that is UP: both its slots, free or not
    (json.dumps({"value": {"ready": False, "nodes": []}}).encode(), None),  # no node yet (one may be on its way)
    (json.dumps(GRID3).encode(), None),
    (json.dumps(CHROMEDRIVER).encode(), None),
    (b"<html>not json</html>", None),
    (b'{"value": {"nodes": [{"availability": "UP", "slots": "many"}]}}', None),
])
def test_the_slots_a_grid_lists(body, expected):
    assert grid_slots(body) == expected


def settings(checks: str, concurrency: int):
    return run_settings(AuditConfig(urls=("https://a.example/",), checks=tuple(checks.split(",")), concurrency=concurrency))


def test_a_page_needs_a_second_session_only_for_the_javascript_off_family():
    assert separate_visits(settings("axe,keyboard", 2)) == []
    assert [c.id for c in separate_visits(settings("axe,nojs", 2))] == ["nojs"]


def test_pages_that_need_two_sessions_are_kept_to_half_the_slots():
    assert pages_in_flight(settings("axe,nojs", 2), slots=2) == (1, (
        "1 page in flight, not 2: each page needs 2 browser sessions at once (the nojs family loads it again "
        "without JavaScript) and the Grid has 2 slots"))
    assert pages_in_flight(settings("axe,nojs", 8), slots=6) == (3, (
        "3 pages in flight, not 8: each page needs 2 browser sessions at once (the nojs family loads it again "
        "without JavaScript) and the Grid has 6 slots"))
    assert pages_in_flight(settings("axe,nojs", 2), slots=4) == (2, "")


def test_pages_that_need_one_session_may_queue_and_unknown_slots_change_nothing():
    assert pages_in_flight(settings("axe", 6), slots=2) == (6, "")  # the Grid's queue holds the rest
    assert pages_in_flight(settings("axe,nojs", 4), slots=None) == (4, "")


def test_a_grid_too_small_for_one_page_is_one_line():
    with pytest.raises(ConfigError, match=r"^the Grid has 1 slot, and each page needs 2 browser sessions at once \(the nojs family loads it again "
                                          r"without JavaScript\): give the Grid a second slot, or leave nojs out with --checks$"):
        pages_in_flight(settings("axe,nojs", 1), slots=1)
