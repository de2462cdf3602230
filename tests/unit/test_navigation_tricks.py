"""Pure helpers behind the navigation tricks, on hand-made values: which
document a page's load ended on and where it went after (from DevTools
``Page`` events, as both engines record them), and a page the browser could
not parse as XML."""

from __future__ import annotations

import json

import pytest
from selenium.common.exceptions import WebDriverException

from auditor.engines.base import Departure, Document, DocumentWatch, main_document, malformed_xml, navigated_away
from auditor.engines.selenium_devtools import performance_events
from auditor.engines.selenium_sessions import session_failure
from auditor.model import ERROR_KINDS

PAGE = Document("L1", "http://127.0.0.1:8000/pay")
OTHER = Document("L2", "http://localhost:8000/prize")


def navigated(document: Document, frame: str = "F", parent: str = "") -> tuple[str, dict]:
    frame_params = {"id": frame, "loaderId": document.loader, "url": document.url, **({"parentId": parent} if parent else {})}
    return "Page.frameNavigated", {"frame": frame_params, "type": "Navigation"}


LOADED = ("Page.loadEventFired", {"timestamp": 1.0})


def watch(*events: tuple[str, dict]) -> DocumentWatch:
    documents = DocumentWatch()
    documents.expect_load()
    for method, params in events:
        documents.on_event(method, params)
    return documents


def test_the_page_is_the_document_its_load_ended_on():
    documents = watch(navigated(PAGE), LOADED)
    assert documents.loaded == PAGE
    assert documents.departure(PAGE) is None


def test_a_document_after_the_load_is_a_departure_with_its_reason():
    documents = watch(navigated(PAGE), LOADED, ("Page.frameRequestedNavigation", {"frameId": "F", "reason": "metaTagRefresh", "url": OTHER.url}),
                      navigated(OTHER), LOADED)
    assert documents.loaded == PAGE
    assert documents.departure(OTHER) == Departure(OTHER.url, "by a meta refresh", reload=False)


def test_a_script_that_moves_on_before_the_load_gives_the_final_document():
    """location.replace() while the page loads: the load fires on the page it went to."""
    documents = watch(navigated(PAGE), ("Page.frameRequestedNavigation", {"frameId": "F", "reason": "scriptInitiated"}), navigated(OTHER), LOADED)
    assert documents.loaded == OTHER
    assert documents.departure(OTHER) is None


def test_a_late_load_event_of_the_page_before_is_not_the_pages():
    documents = DocumentWatch()
    documents.on_event(*navigated(OTHER))
    documents.expect_load()
    for method, params in (LOADED, navigated(PAGE), LOADED):
        documents.on_event(method, params)
    assert documents.loaded == PAGE


def test_frames_and_other_frames_requests_are_not_the_page():
    documents = watch(navigated(PAGE), navigated(OTHER, frame="IFRAME", parent="F"), LOADED,
                      ("Page.frameRequestedNavigation", {"frameId": "IFRAME", "reason": "scriptInitiated"}))
    assert documents.loaded == PAGE
    assert documents.reason == ""


def test_the_same_document_under_a_rewritten_address_is_no_departure():
    """history.pushState and fragments keep the loader id."""
    documents = watch(navigated(PAGE), LOADED)
    assert documents.departure(Document("L1", "http://127.0.0.1:8000/pay/step-2#top")) is None


def test_loading_its_own_address_again_is_a_reload():
    documents = watch(navigated(PAGE), LOADED)
    assert documents.departure(Document("L3", "http://127.0.0.1:8000/pay#again")) == Departure("http://127.0.0.1:8000/pay#again", "", reload=True)


def test_nothing_is_known_before_the_load_or_without_an_answer():
    assert watch(navigated(PAGE)).departure(OTHER) is None
    assert watch(navigated(PAGE), LOADED).departure(None) is None


def test_a_journey_checkpoint_holds_the_document_the_steps_led_to():
    documents = watch(navigated(PAGE), LOADED, navigated(OTHER), LOADED)
    documents.hold(OTHER)
    assert documents.departure(OTHER) is None
    assert documents.departure(Document("L9", "http://localhost:8000/done")) == Departure("http://localhost:8000/done")


def test_the_main_frame_from_the_frame_tree():
    tree = {"frameTree": {"frame": {"id": "F", "loaderId": "L2", "url": OTHER.url}, "childFrames": [{"frame": {"id": "I", "loaderId": "X"}}]}}
    assert main_document(tree) == OTHER
    error_page = {"frameTree": {"frame": {"id": "F", "loaderId": "L5", "url": "chrome-error://chromewebdata/", "unreachableUrl": "http://gone.invalid/"}}}
    assert main_document(error_page) == Document("L5", "http://gone.invalid/")
    assert main_document({}) is None


@pytest.mark.parametrize(("departure", "message"), [
    (Departure(OTHER.url, "by a script"),
     f"After it had loaded, the page went on to another address ({OTHER.url}) by a script while it was being audited, so nothing found "
     "there is reported as this page's; audit that address itself if it is the page you mean"),
    (Departure(PAGE.url, "by a meta refresh", reload=True),
     "After it had loaded, the page loaded itself again by a meta refresh while it was being audited, so it was not audited"),
])
def test_a_departure_is_an_error_row_naming_where_the_page_went(departure, message):
    failure = navigated_away(departure, 200)
    assert (failure.kind, failure.message, failure.status, failure.final_url, failure.transient) == ("navigated-away", message, 200, departure.url, False)
    assert failure.kind in ERROR_KINDS


def test_the_selenium_log_gives_page_events_when_asked():
    def entry(method: str, params: dict, webview: str = "T1") -> dict:
        return {"message": json.dumps({"message": {"method": method, "params": params}, "webview": webview})}

    entries = [entry("Network.requestWillBeSent", {"requestId": "1"}), entry(*LOADED), entry(*navigated(OTHER), webview="T2")]
    assert performance_events(entries, "T1") == [{"method": "Network.requestWillBeSent", "params": {"requestId": "1"}}]
    assert performance_events(entries, "T1", ("Page.loadEventFired",)) == [{"method": LOADED[0], "params": LOADED[1]}]


def test_a_parsed_page_is_no_failure():
    assert malformed_xml(None, 200, "http://127.0.0.1/a.xhtml") is None


def test_the_parsers_message_is_given_in_plain_words():
    failure = malformed_xml("error on line 3 at column 84: Opening and ending tag mismatch: b line 3 and p", 200, "http://127.0.0.1/a.xhtml")
    assert failure is not None and failure.kind == "malformed-xml" and failure.kind in ERROR_KINDS
    assert failure.message == ("The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it "
                               "(error on line 3 at column 84: Opening and ending tag mismatch: b line 3 and p)")
    assert (failure.status, failure.final_url, failure.transient) == (200, "http://127.0.0.1/a.xhtml", False)


def test_a_banner_without_a_message_still_fails_the_page():
    failure = malformed_xml("", None, "http://127.0.0.1/a.xhtml")
    assert failure is not None
    assert failure.message == "The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it"


def test_a_session_the_grid_terminated_is_a_crash():
    """Asked for the document a page shows after its browser died, a Grid may
    answer that it terminated the session: the page is retried on a new one."""
    failure = session_failure(WebDriverException("Session [87130b3e] was terminated due to BROWSER_TIMEOUT"))
    assert failure is not None and failure.kind == "crash"
