"""The Selenium engine's pure parts: key names, the performance log turned
into the network log, the main document's response, cookies for HEAD, and
which WebDriver errors mean a lost session or a busy Grid."""

from __future__ import annotations

import json

import pytest
from selenium.common.exceptions import JavascriptException, SessionNotCreatedException, WebDriverException
from selenium.webdriver.common.keys import Keys

from auditor.config import AuditConfig, ConfigError
from auditor.registry import run_settings
from auditor.engines.remote import EndpointUnreachable, check_webdriver_endpoint, endpoint_problem
from auditor.engines.selenium_devtools import check_document, cookie_header, main_document_error, main_document_response, performance_events
from auditor.engines.selenium_input import parse_key
from auditor.engines.selenium_sessions import ChromedriverNotFound, find_chromedriver, is_refused_session, session_failure
from auditor.model import PageFailure


def entry(method: str, params: dict, webview: str = "T1") -> dict:
    return {"level": "INFO", "timestamp": 1, "message": json.dumps({"message": {"method": method, "params": params}, "webview": webview})}


def test_keys_as_the_collectors_name_them():
    assert parse_key("Tab") == ([], Keys.TAB)
    assert parse_key("Shift+Tab") == ([Keys.SHIFT], Keys.TAB)
    assert parse_key("Enter") == ([], Keys.ENTER)
    assert parse_key("a") == ([], "a")
    with pytest.raises(ValueError, match="unknown key"):
        parse_key("Hyper+Tab")


def test_performance_log_gives_the_network_events_of_the_tab_only():
    entries = [
        entry("Network.requestWillBeSent", {"requestId": "1", "request": {"url": "http://a/"}}),
        entry("Page.loadEventFired", {}),
        entry("Network.dataReceived", {"requestId": "1", "encodedDataLength": 10}),
        entry("Network.requestWillBeSent", {"requestId": "9"}, webview="OTHER"),
        {"message": "not json"},
    ]
    assert performance_events(entries, "T1") == [
        {"method": "Network.requestWillBeSent", "params": {"requestId": "1", "request": {"url": "http://a/"}}},
        {"method": "Network.dataReceived", "params": {"requestId": "1", "encodedDataLength": 10}},
    ]


def test_main_document_is_the_last_document_of_the_main_frame():
    events = [
        {"method": "Network.responseReceived", "params": {"type": "Document", "frameId": "T1", "response": {"status": 301}}},
        {"method": "Network.responseReceived", "params": {"type": "Document", "frameId": "T1", "response": {"status": 200}}},
        {"method": "Network.responseReceived", "params": {"type": "Document", "frameId": "IFRAME", "response": {"status": 404}}},
        {"method": "Network.responseReceived", "params": {"type": "Image", "frameId": "T1", "response": {"status": 500}}},
    ]
    assert main_document_response(events, "T1") == {"status": 200}
    assert main_document_response([], "T1") is None


def test_a_failed_main_document_is_its_network_error():
    events = [
        {"method": "Network.requestWillBeSent", "params": {"requestId": "L", "type": "Document", "frameId": "T1"}},
        {"method": "Network.loadingFailed", "params": {"requestId": "L", "errorText": "net::ERR_TOO_MANY_REDIRECTS"}},
    ]
    assert main_document_error(events, "T1") == "net::ERR_TOO_MANY_REDIRECTS"
    assert main_document_error(events, "OTHER") == ""
    aborted = [events[0], {"method": "Network.loadingFailed", "params": {"requestId": "L", "errorText": "net::ERR_ABORTED"}}]
    assert main_document_error(aborted, "T1") == ""


def test_document_checks_match_the_playwright_engine():
    assert check_document({"status": 200, "headers": {"Content-Type": "text/html; charset=utf-8"}}, "http://a/") == (200, "text/html")
    with pytest.raises(PageFailure) as failed:
        check_document({"status": 503, "statusText": "Service Unavailable", "headers": {}}, "http://a/")
    assert failed.value.kind == "http-error" and failed.value.transient
    with pytest.raises(PageFailure) as failed:
        check_document({"status": 200, "headers": {"content-type": "application/pdf"}}, "http://a/x.pdf")
    assert failed.value.kind == "not-html" and "PDF" in failed.value.message
    with pytest.raises(PageFailure) as failed:
        check_document({"status": 200, "headers": {"content-type": "text/html", "Content-Disposition": "attachment; filename=a.html"}}, "http://a/")
    assert failed.value.kind == "download"


def test_cookie_header_follows_domain_path_and_secure():
    cookies = [
        {"name": "a", "value": "1", "domain": ".example.org", "path": "/"},
        {"name": "b", "value": "2", "domain": "example.org", "path": "/forms"},
        {"name": "c", "value": "3", "domain": "example.org", "path": "/", "secure": True},
        {"name": "d", "value": "4", "domain": "other.org", "path": "/"},
    ]
    assert cookie_header(cookies, "http://www.example.org/forms/a.pdf") == "a=1; b=2"
    assert cookie_header(cookies, "https://example.org/") == "a=1; c=3"


def test_lost_sessions_are_crashes_and_page_errors_are_not():
    assert session_failure(WebDriverException("unknown error: session deleted because of page crash")).kind == "crash"
    assert session_failure(WebDriverException("invalid session id")).kind == "crash"
    assert session_failure(WebDriverException("target frame detached\n  (failed to check if window was closed: disconnected: not connected to DevTools)")).kind == "crash"
    assert session_failure(ConnectionRefusedError(111, "Connection refused")).kind == "crash"
    # Grid 4's hub, when the node that held the session has died mid-page
    assert session_failure(WebDriverException("Unable to execute request for an existing session: Failed to execute request "
                                              "(POST http://127.0.0.1:39701/session/1c83/goog/cdp/execute)")).kind == "crash"
    assert session_failure(WebDriverException("unknown error: net::ERR_INTERNET_DISCONNECTED")) is None
    assert session_failure(JavascriptException("javascript error: x is not defined")) is None


def test_busy_grid_is_told_from_other_errors():
    assert is_refused_session(SessionNotCreatedException("session not created"))
    assert is_refused_session(WebDriverException("Error forwarding the new session Empty pool of VM for setup Capabilities"))
    assert not is_refused_session(WebDriverException("invalid argument: unrecognized chrome option"))


def test_chromedriver_is_found_or_named(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CHROMEDRIVER", str(tmp_path / "missing"))
    with pytest.raises(ChromedriverNotFound, match="AUDITOR_CHROMEDRIVER"):
        find_chromedriver()
    fake = tmp_path / "chromedriver"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("AUDITOR_CHROMEDRIVER", str(fake))
    assert find_chromedriver() == str(fake)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"engine": "selenium", "webdriver_url": "localhost:4444"}, "not a valid address"),
        ({"engine": "selenium", "webdriver_url": "ftp://grid:4444/wd/hub"}, "not a valid address"),
        ({"engine": "selenium", "webdriver_url": "http://grid:99999/"}, "not a valid address"),
        ({"webdriver_url": "http://grid:4444/wd/hub"}, "needs the selenium engine"),
        ({"browser_ws": "http://host:3000/"}, "not a valid address"),
        ({"engine": "selenium", "browser_ws": "ws://host:3000/"}, "is for the playwright engine"),
        ({"engine": "firefox"}, "unknown engine"),
    ],
)
def test_bad_remote_settings_are_one_line_errors(settings, message):
    with pytest.raises(ConfigError, match=message):
        run_settings(AuditConfig.from_mapping(settings))


def test_remote_settings_are_kept():
    config = AuditConfig.from_mapping({"engine": "selenium", "webdriver-url": "http://127.0.0.1:4444/wd/hub", "reuse-sessions": True})
    assert (config.engine, config.webdriver_url, config.reuse_sessions) == ("selenium", "http://127.0.0.1:4444/wd/hub", True)
    assert endpoint_problem("ws://127.0.0.1:3000/", ("ws", "wss"), "browser_ws") == ""


def test_an_endpoint_nobody_listens_on_is_unreachable():
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EndpointUnreachable, match=f"cannot reach http://127.0.0.1:{port}"):
        check_webdriver_endpoint(f"http://127.0.0.1:{port}")


def test_sign_in_the_engine_cannot_keep_to_one_site_is_refused():
    from auditor.engines.base import SessionOptions
    from auditor.engines.selenium import unsupported_sign_in

    assert unsupported_sign_in(SessionOptions(contact="a@b.example", headers={"X-Token": "t"}, cookies=({"name": "s", "value": "1", "url": "http://a/"},))) == ""
    assert unsupported_sign_in(SessionOptions(http_username="u", http_password="p")) == "HTTP basic auth"
    assert unsupported_sign_in(SessionOptions(origin="https://a.example", headers={"X-Token": "t"})) == "headers sent to one origin only"
    assert unsupported_sign_in(SessionOptions(storage_state="state.json")) == "a storage state file"
