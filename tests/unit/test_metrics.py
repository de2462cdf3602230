"""Page metrics as families declare them: every declared figure is produced
by its family's check, the unit formatter says each unit the same way in
every output, and report.html lists a declared figure without its template
naming it."""

from __future__ import annotations

import copy
import importlib
from importlib import resources
from string import Formatter

import pytest

from auditor import metric_table
from auditor.registry import CHECKS, run_settings
from auditor.checks.base import METRIC_UNITS, Metric, PageContext, family_options
from auditor.config import AuditConfig
from auditor.model import PageResult
from auditor.document import build_document
from auditor.reports import html
from auditor.store import Store
from auditor.words import format_metric, page_facts

URL = "https://council.example/apply"
TOOL = {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}


def _request(rid: str, url: str, type_: str, body: int, mime: str, start: float) -> list[dict]:
    """One request as Chromium's CDP Network events report it."""
    return [
        {"method": "Network.requestWillBeSent", "params": {"requestId": rid, "request": {"url": url, "method": "GET"}, "timestamp": start, "type": type_,
                                                            "initiator": {"type": "other"} if type_ == "Document" else {"type": "parser", "url": URL}}},
        {"method": "Network.responseReceived", "params": {"requestId": rid, "timestamp": start + 0.005, "type": type_, "response": {
            "url": url, "status": 200, "mimeType": mime, "headers": {"Content-Type": mime, "Content-Encoding": "gzip", "Cache-Control": "max-age=3600"},
            "encodedDataLength": 200, "protocol": "http/1.1", "timing": {"sendStart": 0.5, "sendEnd": 1.0, "receiveHeadersEnd": 6.0}}}},
        {"method": "Network.dataReceived", "params": {"requestId": rid, "dataLength": body, "encodedDataLength": 0}},
        {"method": "Network.loadingFinished", "params": {"requestId": rid, "timestamp": start + 0.01, "encodedDataLength": 200 + body}},
    ]


MAIN_TEXT = ("You can apply for a parking permit online. It takes about ten minutes. You need your car's registration number. "
             "We will email you when the permit is ready. Tell us if you move house or change your car. ") * 3
TEXT = {
    "lang": "en", "main_found": True, "main_text": MAIN_TEXT, "main_selector": "main", "main_snippet": "<main>", "body_text": MAIN_TEXT,
    "headings": [{"level": 2, "text": "How to apply", "in_main": True}], "blocks": [{"tag": "p", "text": MAIN_TEXT, "selector": "main p", "snippet": "<p>"}],
    "noscript": [],
}
CONTROLS = {"script_links": [], "handlers": [], "buttons": [], "forms": [], "links": 3, "main_links": 3}
STOPS = [{"id": i, "selector": f"#s{i}", "snippet": f'<a id="s{i}">', "tag": "a", "role": "link", "name": f"Stop {i}", "tabindex": None,
          "href": "/x", "in_main": i >= 2, "before_main": i < 2, "box": {"x": 10, "y": 40 * i, "width": 100, "height": 20}, "iframe": False, "order": i}
         for i in range(4)]

ARTIFACTS = {
    "axe": {"axe": {"passes": 23, "violations": [], "incomplete": []}},
    "bandwidth": {"network": {
        "events": _request("r1", URL, "Document", 8_000, "text/html", 100.0)
        + _request("r2", "https://cdn.example.net/app.js", "Script", 30_000, "text/javascript", 100.02),
        "timing": {"startTime": 0, "responseStart": 20, "domContentLoadedEventEnd": 300, "loadEventEnd": 500},
        "images": [], "device_pixel_ratio": 1.0, "html": '<html lang="en">', "main_thread": {"long_tasks": 1, "busy_ms": 120.0, "buffered": 1}, "main_thread_cpu_ms": 120.0,
    }},
    "nojs": {"nojs": {"final_url": URL, "text": TEXT, "forms": [], "links": 3, "noscript_main_text": ""}, "text": TEXT, "controls": CONTROLS},
    "reflow": {"layout": {
        "viewport_meta": "width=device-width, initial-scale=1", "orientation_locks": [], "unreadable_stylesheets": 0,
        "reflow": {"width": 320, "height": 640, "viewport_width": 320, "scroll_width": 320, "overflow_px": 0, "cut_off": False, "culprits": [], "more_culprits": 0},
        "text_spacing": {"clipped": [], "count": 0},
    }},
    "keyboard": {"keyboard": {
        "end": "left-page", "presses": 5, "sequence": [0, 1, 2, 3, None], "stops": STOPS, "trap": None,
        "focus": [{"id": i, "visible": True, "why": "screenshots differ", "like": 0} for i in range(4)],
        "skip_link": None, "main_found": True, "stops_before_main": 2, "unreachable": [], "unreachable_count": 0, "elapsed_ms": 900,
    }},
    "reading": {"text": TEXT},
    "documents": {"documents": {
        "documents": [{"href": "https://council.example/guide.pdf", "text": "Guidance (PDF)", "selector": "main a", "snippet": "<a>", "in_main": True,
                       "type": "", "download": False, "cta": False, "format": "pdf", "status": 200, "size": 250_000,
                       "content_type": "application/pdf", "error": ""}],
        "cta": None, "main_links": 3,
        "statement_links": [{"href": "https://council.example/accessibility", "text": "Accessibility statement", "selector": "footer a"}],
        "meta_refresh": [], "media": [], "captchas": [], "forms": 0, "main_forms": 0, "head_requests": 1, "head_skipped": 0,
    }},
}


ARTIFACTS["timing"] = {
    "timing": {"meta_refresh": [{"content": "600", "selector": "head > meta", "snippet": '<meta http-equiv="refresh" content="600">'}],
               "clocks_seen": 1, "moving": [{"selector": "#t", "snippet": "<span>", "role": "", "before": "5:00", "after": "4:59"}]},
    "text": TEXT,
}

ARTIFACTS["widgets"] = {
    "widgets": {"found": 1, "restored": False, "widgets": [{
        "id": 0, "kind": "control", "selector": "#add", "snippet": "<span>", "tag": "span", "role": "button", "name": "Add a bin",
        "tabbable": True, "keyboard_sees": True, "content": "", "modal": False, "native": False,
        "result": {"click_works": True, "keys": {"Enter": True, "Space": False}},
    }]},
}
ARTIFACTS["hears"] = {
    "heard": {"lines": [{"role": "heading", "name": "Bins", "level": 1, "states": [], "landmark": "main", "selector": "h1", "snippet": "<h1>",
                         "text": "heading level 1, Bins"}], "dropped": 0, "url": "https://example.org/"},
}

ARTIFACTS["language"] = {
    "language": {"lang": "en", "dir": "ltr", "main_found": True, "passages": [
        {"tag": "p", "text": "Your bins will be collected a day later during the bank holiday week.", "lang": "en", "lang_own": False,
         "dir": "ltr", "in_main": True, "selector": "main > p", "snippet": "<p>"}]},
}
ARTIFACTS["typography"] = {
    "typography": {"text_elements": 2, "sizes": [{"selector": "small", "snippet": "<small>", "font_px": 10, "text": "Terms"}],
                   "blocks": [{"tag": "p", "selector": "p", "snippet": "<p>", "chars": 200, "text": "Bins", "align": "justify", "font_px": 16,
                               "lines": 2, "line_height_px": 18, "line_height_set": True, "longest_line_chars": 120}],
                   "italics": [{"selector": "em", "snippet": "<em>", "chars": 200, "text": "Bins"}]},
}
ARTIFACTS["motion"] = {
    "motion": {"images": [{"selector": "img", "snippet": "<img>", "can_stop": False,
                           "animation": {"format": "GIF", "frames": 3, "cycle_ms": 1500, "plays": None}}],
               "old_elements": [{"tag": "marquee", "selector": "marquee", "snippet": "<marquee>", "text": "News"}],
               "animations": [], "videos": [], "unreadable_sheets": 0},
}
ARTIFACTS["forms"] = {
    "forms": {"fields": [{"selector": "#pc", "snippet": "<input>", "type": "text", "name": "pc", "form": "form", "label": "", "labelledby": "",
                          "aria_label": "", "title": "", "placeholder": "Postcode", "group": None, "hints": []}],
              "empty_legends": []},
}
ARTIFACTS["links"] = {
    "links": {"new_window": [{"how": "target", "name": "Pay online", "href": "https://example.org/pay", "selector": "a", "snippet": "<a>"}],
              "passages": [{"text": "Tell the DVLA.", "selector": "p", "snippet": "<p>"}], "abbrs": []},
}
ARTIFACTS["structure"] = {
    "structure": {"tables": [{"selector": "table", "snippet": "<table>", "role": "", "rows": 3, "filled_rows": 3, "columns": 2,
                              "headers": 0, "first_row_headers": False, "first_column_headers": False, "uses_headers_attr": False,
                              "th_without_scope": 0, "loose_th": None, "nested_in": None, "layout_signs": False, "data_markup": []}],
                  "images": [], "presentational": [], "presentational_count": 0, "coloured": []},
    "text": TEXT,
}

ARTIFACTS["trust"] = {
    "trust": {"scripts": [{"url": "https://cdn.example.net/a.js", "integrity": False, "selector": "script", "snippet": "<script>"}],
              "stylesheets": [], "forms": [], "fields": [], "meta_csp": [], "meta_referrer": [],
              "cookies": [{"name": "_ga", "domain": ".example.org", "path": "/", "secure": True, "httpOnly": False, "sameSite": "Lax"}]},
    "network": {"events": []},
}

ARTIFACTS["order"] = {
    "order": {"blocks": 2, "scanned": 40, "truncated": False,
              "containers": [{"selector": "#row", "snippet": "<div>", "display": "flex", "flex_direction": "row-reverse", "flex_wrap": "nowrap",
                              "grid_template_areas": "none", "direction": "ltr", "dir": "ltr",
                              "children": [{"selector": "#a", "snippet": "<p>", "text": "Item", "control": False, "order": 0,
                                            "box": {"x": 200, "y": 0, "width": 100, "height": 20}},
                                           {"selector": "#b", "snippet": "<p>", "text": "Total", "control": False, "order": 0,
                                            "box": {"x": 0, "y": 0, "width": 100, "height": 20}}]}]},
}

ARTIFACTS["presentation"] = {
    "presentation": {"generated": [{"selector": "label", "snippet": "<label>", "pseudo": "after", "content": '" Required"', "text": "Name", "attrs": {}}],
                     "controls": ["Continue"], "links": [], "links_found": 0, "elements_read": 10},
    "text": TEXT,
}

ARTIFACTS["zoom"] = {
    "zoom": {"enlarged": 40, "elements_capped": False, "text_nodes": 12,
             "clipped": [{"selector": "div", "snippet": "<div>", "text": "Bins", "overflow_px": 30, "line_clamp": "none"}], "clipped_count": 1,
             "overlaps": [], "overlaps_count": 0, "controls": [], "controls_count": 0},
}

ARTIFACTS["offline"] = {
    "offline": {"forms": [], "controls": [{"text": "Start now", "tag": "a", "selector": "a", "snippet": "<a>"}], "tel_links": [],
                "addresses": [], "fields": []},
    "text": TEXT,
}


def test_a_representative_artifact_for_every_family():
    assert set(ARTIFACTS) == set(CHECKS)


@pytest.mark.parametrize("family", list(CHECKS))
def test_every_declared_metric_is_produced_by_its_check(family):
    check = CHECKS[family]
    assert check.metrics, f"{family} declares no page metrics"
    assert importlib.import_module(check.evaluate.__module__).METRICS == check.metrics  # the module's table is the check's
    page = PageContext(URL, URL, family_options(CHECKS[family], {}, AuditConfig(urls=(URL,), checks=(family,))))
    result = check.evaluate(copy.deepcopy(ARTIFACTS[family]), page)
    assert [m.name for m in check.metrics if m.name not in result.metrics] == []
    # Each figure with a row of its own gets one, under its label.
    table = metric_table([family])
    labels = [label for label, _ in page_facts(result.metrics, table)]
    always = [m.label for m in check.metrics if m.shown == "always" and result.metrics[m.name] is not None]
    assert [label for label in labels if label in always] == always


def test_the_table_is_every_familys_metrics_in_report_order():
    assert [(d["family"], d["name"]) for d in metric_table()] == [(c.id, m.name) for c in CHECKS.values() for m in c.metrics]
    assert list(dict.fromkeys(d["family"] for d in metric_table(["reading", "axe"]))) == ["axe", "reading"]
    names = [d["name"] for d in metric_table()]
    assert len(names) == len(set(names)), "two families declare the same metric name"


@pytest.mark.parametrize("metric", [d for d in metric_table()], ids=lambda d: d["name"])
def test_a_phrase_names_only_declared_metrics_and_its_own_value(metric):
    names = {d["name"] for d in metric_table([metric["family"]])}
    fields = {f for _, f, _, _ in Formatter().parse(metric["phrase"]) if f}
    assert fields - {"value"} <= names
    assert metric["shown"] == "in-phrase" or "value" in fields


def test_a_metric_with_an_unknown_unit_or_showing_is_refused():
    with pytest.raises(ValueError, match="unknown unit 'furlongs'"):
        Metric("x", "X", "furlongs", "")
    with pytest.raises(ValueError, match="shown must be one of"):
        Metric("x", "X", "count", "", shown="sometimes")


@pytest.mark.parametrize("value,unit,noun,expected", [
    (1_048_577, "bytes", "", "1 MB"),
    (512, "bytes", "", "512 bytes"),
    (1, "count", "request", "1 request"),
    (3, "count", "request", "3 requests"),
    (1500, "count", "", "1,500"),
    (8300, "ms", "", "8.3 seconds"),
    (0.853, "ratio", "", "85%"),
    (12.34, "age", "", "12.3"),
    (12.0, "age", "", "12"),
    (0.0419, "gbp", "", "£0.04"),
    (0.004, "gbp", "", "0.40p"),
    (40.0, "gbp", "", "£40"),
    (1.5, "gbp", "", "£1.50"),
    (24, "px", "", "24 px"),
    (True, "bool", "", "yes"),
    (False, "bool", "", "no"),
    ("wrapped", "text", "", "wrapped"),
    (["https://a.example/x.js", {"url": "https://a.example/big", "content_length": 600_000}, {"url": "https://a.example/s", "content_length": None}],
     "urls", "", "https://a.example/x.js; https://a.example/big (announced 600 kB); https://a.example/s"),
])
def test_format_metric(value, unit, noun, expected):
    assert format_metric(value, unit, noun) == expected


def test_every_unit_is_formatted():
    samples = {"bytes": 1, "count": 1, "ms": 1, "ratio": 0.5, "age": 9, "gbp": 1, "px": 1, "bool": True, "text": "t", "urls": ["u"]}
    assert set(samples) == set(METRIC_UNITS)
    for unit, value in samples.items():
        assert format_metric(value, unit)


def test_page_facts_follow_the_phrases_and_the_showing():
    table = metric_table(["bandwidth"])
    metrics = {"transfer_bytes": 1_048_577, "requests": 1, "third_party_bytes": 0, "unfinished_requests": 0, "unfinished": [],
               "data_cost_gbp": 0.0419, "price_per_gb_gbp": 40.0}
    assert page_facts(metrics, table) == [("Page weight", "1 MB in 1 request"), ("Data cost of a visit", "£0.04 on pay-as-you-go data at £40 per GB")]
    metrics.update(third_party_bytes=20_000, unfinished_requests=1, unfinished=[{"url": "https://a.example/big.js", "content_length": 600_000}])
    assert page_facts(metrics, table)[1:3] == [
        ("From other sites", "20 kB"),
        ("Still loading when read", "1 request: the page weight counts only what had arrived; https://a.example/big.js (announced 600 kB)"),
    ]
    # A phrase naming a figure the page lacks falls back to the figure alone.
    assert page_facts({"transfer_bytes": 2_000}, table) == [("Page weight", "2 kB")]
    assert page_facts({}, table) == []


def _document(tmp_path, metrics):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(URL,)).to_dict(), TOOL, [URL])
        store.save_page(run_id, PageResult(url=URL, final_url=URL, status=200, title="Apply", metrics=metrics))
        return build_document(store, run_id)


def test_the_run_document_carries_the_table_of_its_families(tmp_path):
    document = _document(tmp_path, {})
    assert document["metrics"] == metric_table(run_settings(AuditConfig(urls=(URL,))).config.checks)
    with Store(tmp_path / "one.sqlite3") as store:
        run_id = store.create_run(AuditConfig(urls=(URL,), checks=("reading",)).to_dict(), TOOL, [URL])
        assert [d["name"] for d in build_document(store, run_id)["metrics"]] == ["reading_age"]


def test_the_html_lists_a_declared_metric_its_template_does_not_name(tmp_path):
    """A new family's figure shows in report.html from its declaration
    alone: the template names no metric, the document's table does."""
    template = resources.files("auditor.reports").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    for d in metric_table():
        assert d["name"] not in template and d["label"] not in template
    document = _document(tmp_path, {"reading_age": 11.5, "refresh_after_ms": 20_000, "helpers_hidden": 0})
    document["metrics"] = [*document["metrics"],
                           {"family": "timing", "name": "refresh_after_ms", "label": "Reloads itself after", "unit": "ms", "description": "",
                            "phrase": "{value} without asking", "noun": "", "shown": "always"},
                           {"family": "timing", "name": "helpers_hidden", "label": "Hidden helpers", "unit": "count", "description": "",
                            "phrase": "{value}", "noun": "", "shown": "if-any"}]
    page = html.render(document)
    assert "<dt>Reading age</dt><dd>11.5</dd>" in page
    assert "<dt>Reloads itself after</dt><dd>20 seconds without asking</dd>" in page
    assert "Hidden helpers" not in page  # zero, and shown only if any


def test_a_figure_from_the_page_is_escaped(tmp_path):
    document = _document(tmp_path, {})
    document["metrics"] = [{"family": "x", "name": "said", "label": "Said", "unit": "text", "description": "", "phrase": "{value}", "noun": "", "shown": "always"}]
    document["pages"][0]["metrics"] = {"said": "<script>alert(1)</script>"}
    page = html.render(document)
    assert "<dt>Said</dt><dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>" in page
