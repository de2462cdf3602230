"""The isolated world's pure parts: the DevTools commands both engines send,
and how their answers are read."""

from __future__ import annotations

import math

import pytest

from auditor.engines.isolation import (
    WORLD_KEY,
    WORLD_NAME,
    ScriptError,
    StaleWorld,
    call_params,
    create_world_params,
    frame_ids,
    is_missing_context,
    mark_params,
    read_call,
    read_value,
    script_params,
)


def test_a_world_has_the_frames_origin_and_the_audits_name():
    assert create_world_params("F1") == {"frameId": "F1", "worldName": WORLD_NAME, "grantUniveralAccess": False}


def test_a_call_carries_the_token_and_the_argument_as_values_not_as_source():
    params = call_params(7, "  (x) => x + 1\n", {"a": "</script>"}, "secret")
    assert params["executionContextId"] == 7
    assert params["arguments"] == [{"value": WORLD_KEY}, {"value": "secret"}, {"value": {"a": "</script>"}}]
    assert "secret" not in params["functionDeclaration"]
    assert "(x) => x + 1\n" in params["functionDeclaration"]
    assert params["returnByValue"] and params["awaitPromise"] and params["userGesture"]


def test_marking_a_world_sends_the_token_as_an_argument():
    params = mark_params(3, "secret")
    assert params["executionContextId"] == 3
    assert params["arguments"] == [{"value": WORLD_KEY}, {"value": "secret"}]
    assert "secret" not in params["functionDeclaration"]


def test_a_library_script_gives_back_nothing():
    params = script_params(5, "var axe = {}; // the end")
    assert params["contextId"] == 5
    assert params["expression"] == "var axe = {}; // the end\n;void 0"


@pytest.mark.parametrize(
    ("result", "value"),
    [
        ({"type": "object", "value": {"a": [1, 2]}}, {"a": [1, 2]}),
        ({"type": "undefined"}, None),
        ({"type": "number", "unserializableValue": "Infinity"}, math.inf),
        ({"type": "number", "unserializableValue": "-0"}, -0.0),
        ({"type": "bigint", "unserializableValue": "12n"}, 12),
    ],
)
def test_values_come_back_as_json(result, value):
    assert read_value({"result": result}) == value


def test_nan_comes_back_as_nan():
    assert math.isnan(read_value({"result": {"type": "number", "unserializableValue": "NaN"}}))


def test_a_thrown_error_is_one_line():
    details = {"text": "Uncaught", "exception": {"description": "TypeError: Cannot read properties of undefined (reading 'take')\n    at <anonymous>:3:7"}}
    with pytest.raises(ScriptError, match=r"^TypeError: Cannot read properties of undefined \(reading 'take'\)$"):
        read_value({"result": {"type": "object"}, "exceptionDetails": details})


@pytest.mark.parametrize("response", [None, {}, {"other": 1}])
def test_no_answer_is_an_error(response):
    with pytest.raises(ScriptError):
        read_value(response)


def test_a_call_that_finds_another_world_is_stale():
    with pytest.raises(StaleWorld):
        read_call({"result": {"type": "object", "value": {"stale": True}}})


def test_a_call_gives_its_value_unwrapped():
    assert read_call({"result": {"type": "object", "value": {"value": [1]}}}) == [1]
    assert read_call({"result": {"type": "object", "value": {}}}) is None


@pytest.mark.parametrize(
    ("message", "missing"),
    [
        ("Protocol error (Runtime.callFunctionOn): Cannot find context with specified id", True),
        ("timeout\nfrom no such execution context", True),
        ("Execution context was destroyed.", False),
        ("unknown error: script failed", False),
    ],
)
def test_a_gone_context_is_told_from_other_errors(message, missing):
    assert is_missing_context(message) is missing


def test_frames_below_the_root_parents_first_to_a_depth():
    tree = {
        "frame": {"id": "top"},
        "childFrames": [
            {"frame": {"id": "a"}, "childFrames": [{"frame": {"id": "a1"}, "childFrames": [{"frame": {"id": "a1x"}}]}]},
            {"frame": {"id": "b"}},
        ],
    }
    assert list(frame_ids(tree)) == ["a", "a1", "a1x", "b"]
    assert list(frame_ids(tree, 2)) == ["a", "a1", "b"]
    assert list(frame_ids({"frame": {"id": "top"}})) == []
