"""The language family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/language/ (a Welsh page marked
English, a French passage unmarked, a Welsh passage marked French, Urdu and
an Arabic page laid out left to right, a Welsh sentence marked French inside
an English paragraph), their exact findings, and clean twins
with none, among them an English page with Welsh names, a greeting, a motto
and a language menu (a few words are never judged)."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

GROUPS = ["screen-reader", "cognitive"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, target selector)
EXPECTED = {
    "welsh-page": [("page-lang-mismatch", "fail", "serious", ["3.1.1"], "html")],
    "french-passage": [("passage-lang-missing", "fail", "moderate", ["3.1.2"], "main > p:nth-of-type(4)")],
    "wrong-lang": [("passage-lang-wrong", "fail", "serious", ["3.1.2"], "main > p:nth-of-type(4)")],
    "rtl-passage": [("rtl-without-dir", "fail", "moderate", ["1.3.2"], "main > p:nth-of-type(4)")],
    "rtl-page": [("rtl-without-dir", "fail", "moderate", ["1.3.2"], "html")],
    # a Welsh sentence marked French inside an English paragraph: the span is
    # judged on its own text, the paragraph on the rest
    "inline-lang": [("passage-lang-wrong", "fail", "serious", ["3.1.2"], "span")],
}
PAGES = tuple(EXPECTED)
CLEAN = (*(f"{name}-clean" for name in PAGES), "short-phrases-clean")
ENGINES = ("playwright", "selenium")


def url(server, name):
    return server.url(f"language/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, name) for name in (*PAGES, *CLEAN)]
    code, document = run_cli(tmp_path_factory.mktemp(f"language-{request.param}"),
                             [*urls, "--checks", "language", "--engine", request.param], profile=None)
    assert document is not None
    return code, document


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    findings = row(audit[1], server, name)["findings"]
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "language" and f["groups"] == GROUPS for f in findings)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, name)["findings"] == []


def test_what_the_findings_say(audit, server):
    document = audit[1]
    (welsh,) = row(document, server, "welsh-page")["findings"]
    assert welsh["summary"] == 'The page is marked as English (lang="en") but its text is in Welsh.'
    assert row(document, server, "welsh-page")["metrics"]["text_language"] == "cy"
    assert row(document, server, "welsh-page-clean")["metrics"]["text_language"] == "cy"
    (french,) = row(document, server, "french-passage")["findings"]
    assert french["summary"] == "A passage in French on a page in English has no lang of its own."
    assert 'lang="fr"' in french["detail"]
    (wrong,) = row(document, server, "wrong-lang")["findings"]
    assert wrong["summary"] == 'A passage marked as French (lang="fr") is in Welsh.'
    assert wrong["targets"][0]["snippet"] == '<p lang="fr">'
    assert row(document, server, "short-phrases-clean")["metrics"]["text_language"] == "en"
