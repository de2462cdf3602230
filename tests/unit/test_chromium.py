"""What both Chromium engines share: one judgement of the main document's
answer, one logic for the audit's isolated worlds, and neither engine module
leaning on the other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from auditor.engines.chromium import Answer, answer_failure, cpu_ms, classify_navigation_error, devtools_cookie, error_page_failure, file_failure, network_conditions
from auditor.engines.isolation import ScriptError, Worlds, drive
from auditor.engines.selenium_devtools import check_document

ENGINES = Path(__file__).resolve().parents[2] / "auditor" / "engines"


def test_an_html_answer_is_no_failure():
    assert answer_failure(Answer(200, "http://a/", headers={"content-type": "text/html; charset=utf-8"}), "http://a/") is None
    assert answer_failure(Answer(200, "http://a/x", headers={"content-type": "application/xhtml+xml"}), "http://a/x") is None


def test_an_http_error_names_its_status_and_the_shown_address():
    failure = answer_failure(Answer(404, "http://a/gone", "Not Found"), "http://a/gone#top")
    assert (failure.kind, failure.message, failure.status, failure.final_url) == ("http-error", "The server answered HTTP 404 Not Found", 404, "http://a/gone#top")
    assert failure.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_server_says_when_to_come_back(status):
    failure = answer_failure(Answer(status, "http://a/", headers={"retry-after": "7"}), "http://a/")
    assert failure.kind == "http-error" and failure.retry_after == 7


def test_retry_after_is_read_only_from_a_busy_answer():
    assert answer_failure(Answer(500, "http://a/", headers={"retry-after": "7"}), "http://a/").retry_after is None


@pytest.mark.parametrize("status", [204, 205])
def test_an_answer_without_content_is_no_page(status):
    failure = answer_failure(Answer(status, "http://a/empty"), "http://a/empty")
    assert (failure.kind, failure.status, failure.final_url) == ("not-html", status, "http://a/empty")
    assert failure.message == f"The server answered HTTP {status} with no content: there is no page to audit"


def test_a_file_is_named_by_its_type_and_an_attachment_is_a_download():
    pdf = file_failure(Answer(200, "http://a/x.pdf", headers={"content-type": "application/pdf"}))
    assert (pdf.kind, pdf.message, pdf.final_url) == ("not-html", "The address is a PDF document, not an HTML page", "http://a/x.pdf")
    saved = file_failure(Answer(200, "http://a/", headers={"content-type": "text/html", "content-disposition": "Attachment; filename=a.html"}))
    assert saved.kind == "download"
    assert file_failure(Answer(200, "http://a/x.pdf", headers={"content-type": "application/pdf", "content-disposition": "attachment"})).kind == "download"


def test_the_documents_own_type_stands_in_for_a_missing_header():
    assert answer_failure(Answer(200, "http://a/data"), "http://a/data", media="application/json").message == "The address is a JSON file, not an HTML page"
    assert answer_failure(Answer(200, "http://a/"), "http://a/", media="text/html") is None


def test_the_selenium_engine_reads_devtools_response_through_the_shared_judgement():
    response = {"status": 503, "statusText": "Service Unavailable", "url": "http://a/", "headers": {"Retry-After": "30"}}
    with pytest.raises(Exception) as failed:
        check_document(response, "http://a/")
    assert failed.value.kind == "http-error" and failed.value.retry_after == 30
    assert check_document({"status": 200, "mimeType": "text/html", "headers": {}}, "http://a/") == (200, "text/html")
    with pytest.raises(Exception) as failed:
        check_document({"status": 200, "mimeType": "image/png", "url": "http://a/i.png", "headers": {}}, "http://a/i.png")
    assert failed.value.kind == "not-html" and failed.value.message == "The address is a image (image/png), not an HTML page"


def test_navigation_errors_and_error_pages():
    assert classify_navigation_error("net::ERR_NAME_NOT_RESOLVED at http://x/").kind == "dns"
    assert classify_navigation_error("page.goto: Target closed").kind == "crash"
    assert error_page_failure("chrome-error://chromewebdata/").kind == "network"
    assert error_page_failure("http://a/") is None


def test_devtools_values():
    assert network_conditions(150, 1600, 750) == {"offline": False, "latency": 150, "downloadThroughput": 200_000.0, "uploadThroughput": 93_750.0}
    assert devtools_cookie({"name": "s", "value": "1", "http_only": True, "same_site": "Lax"}) == {"name": "s", "value": "1", "httpOnly": True, "sameSite": "Lax"}


class Gone(Exception):
    """A driver's error for a context that is gone."""


class Browser:
    """Answers the worlds' DevTools commands as a page would: ``stale`` world
    ids answer as another page's world, ``gone`` ones raise, ``refusing``
    frames throw in every script."""

    def __init__(self, stale: set[int] = frozenset(), gone: set[int] = frozenset(), refusing: set[str] = frozenset()) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.stale, self.gone, self.refusing = set(stale), set(gone), set(refusing)
        self.frames: dict[int, str] = {}
        self.next_id = 0

    def send(self, method: str, params: dict) -> dict:
        self.sent.append((method, params))
        if method == "Page.createIsolatedWorld":
            self.next_id += 1
            self.frames[self.next_id] = params["frameId"]
            return {"executionContextId": self.next_id}
        if method == "Page.getFrameTree":
            return {"frameTree": {"frame": {"id": "M"}, "childFrames": [{"frame": {"id": "A"}}, {"frame": {"id": "B"}}]}}
        context = params.get("executionContextId", params.get("contextId"))
        if context in self.gone:
            raise Gone("Cannot find context with specified id")
        if self.frames.get(context) in self.refusing:
            return {"exceptionDetails": {"text": "refused"}}
        if method == "Runtime.evaluate":
            return {"result": {"type": "undefined"}}
        if params["functionDeclaration"].startswith("function (key, token)"):
            return {"result": {"value": True}}
        if context in self.stale:
            return {"result": {"value": {"stale": True}}}
        return {"result": {"value": {"value": params["arguments"][2]["value"]}}}


def worlds() -> Worlds:
    return Worlds(missing_context=lambda exc: isinstance(exc, Gone), opaque=lambda exc: isinstance(exc, ScriptError))


def methods(browser: Browser) -> list[str]:
    return [method for method, _ in browser.sent]


def test_a_world_is_made_once_and_kept():
    browser, kept = Browser(), worlds()
    assert drive(kept.call("M", "(x) => x", 5), browser.send) == 5
    assert drive(kept.call("M", "(x) => x", 6), browser.send) == 6
    assert methods(browser) == ["Page.createIsolatedWorld", "Runtime.callFunctionOn", "Runtime.callFunctionOn", "Runtime.callFunctionOn"]


@pytest.mark.parametrize("lost", ["stale", "gone"])
def test_a_world_of_a_document_that_went_is_made_again_once(lost):
    browser, kept = Browser(), worlds()
    drive(kept.call("M", "1"), browser.send)
    getattr(browser, lost).add(1)
    assert drive(kept.call("M", "(x) => x", "again"), browser.send) == "again"
    assert methods(browser).count("Page.createIsolatedWorld") == 2


def test_a_page_that_keeps_replacing_its_document_is_a_script_error():
    browser, kept = Browser(stale={1, 2}), worlds()
    with pytest.raises(ScriptError, match="kept replacing"):
        drive(kept.call("M", "1"), browser.send)


def test_an_error_that_is_not_a_lost_context_is_raised_as_it_is():
    class Crash(Exception):
        pass

    def send(method, params):
        raise Crash("Target closed")

    with pytest.raises(Crash):
        drive(worlds().call("M", "1"), send)


def test_a_script_goes_into_every_frame_and_a_refusing_child_frame_is_left_opaque():
    browser = Browser(refusing={"A"})
    drive(worlds().inject("M", "window.axe = {}"), browser.send)
    evaluated = [browser.frames[p["contextId"]] for m, p in browser.sent if m == "Runtime.evaluate"]
    assert evaluated == ["M", "B"]


def test_a_refusing_main_frame_is_the_pages_failure():
    with pytest.raises(ScriptError):
        drive(worlds().inject("M", "x"), Browser(refusing={"M"}).send)


@pytest.mark.parametrize("engine, other", [("selenium", "playwright"), ("playwright", "selenium")])
def test_neither_engine_module_imports_the_other(engine, other):
    modules = sorted(ENGINES.glob(f"{engine}*.py"))
    assert modules
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").split(".")[-1].startswith(other), f"{module.name} imports {node.module}"


def test_every_engine_module_stays_under_500_lines():
    for module in ENGINES.glob("*.py"):
        assert len(module.read_text().splitlines()) < 500, module.name


def test_the_main_threads_processor_time_is_task_duration_in_ms():
    reply = {"metrics": [{"name": "ThreadTime", "value": 0.9}, {"name": "TaskDuration", "value": 0.25}, {"name": "ScriptDuration", "value": 0.2}]}
    assert cpu_ms(reply) == 250.0
    for bad in (None, {}, {"metrics": None}, {"metrics": [{"name": "TaskDuration", "value": -1}]},
                {"metrics": [{"name": "TaskDuration", "value": True}]}, {"metrics": ["x", {"name": "ThreadTime", "value": 1}]}):
        assert cpu_ms(bad) is None
