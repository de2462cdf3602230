"""The documents family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/documents/, their exact
findings, the document sizes from real HEAD requests, and clean twins with
none."""

from __future__ import annotations

from pathlib import Path

import pytest

from .family_harness import ENGINES
from .helpers import page, run_cli

pytestmark = pytest.mark.integration

SITE = Path(__file__).parent.parent / "fixtures" / "site" / "documents"
PAGES = ("document", "form", "cta", "captcha", "recaptcha", "autoplay", "statement")
READERS = ["screen-reader", "cognitive"]
NAMES = ["screen-reader", "low-bandwidth", "cognitive"]
# Accessibility statements themselves (English and Welsh), with no link to themselves.
STATEMENTS = ("own-statement", "datganiad-hygyrchedd")

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "document": [
        ("document-link", "review", "moderate", [], ["screen-reader", "low-bandwidth"], "main > p:nth-of-type(2) > a"),
        ("document-link", "review", "moderate", [], ["screen-reader", "low-bandwidth"], "main > p:nth-of-type(3) > a"),
    ],
    "form": [
        ("form-only-as-document", "fail", "serious", [], ["screen-reader", "low-bandwidth", "older-devices"], "main > p:nth-of-type(2) > a"),
    ],
    "cta": [
        ("form-only-as-document", "fail", "serious", [], ["screen-reader", "low-bandwidth", "older-devices"], "main > p:nth-of-type(3) > a"),
        ("document-link-name-incomplete", "fail", "moderate", [], NAMES, "main > p:nth-of-type(3) > a"),
    ],
    "captcha": [("captcha", "fail", "serious", ["1.1.1"], ["screen-reader", "cognitive", "low-vision"], "img")],
    "recaptcha": [("captcha", "review", "serious", ["1.1.1"], ["screen-reader", "cognitive", "low-vision"], "div")],
    # Headless Chromium's autoplay policy blocks the sound, so: review.
    "autoplay": [("autoplaying-media", "review", "moderate", ["1.4.2"], READERS, "audio")],
    "statement": [("no-accessibility-statement-link", "fail", "moderate", [], READERS, "html")],
}


def url(server, name):
    return server.url(f"documents/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    urls += [url(server, name) for name in (*STATEMENTS, "document-name")]
    code, document = run_cli(tmp_path_factory.mktemp(f"documents-{request.param}"),
                             [*urls, "--checks", "documents", "--engine", request.param], profile=None)
    assert document is not None
    return code, document


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


def findings_of(result):
    return [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"]) for f in result["findings"]]


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    result = row(audit[1], server, name)
    assert findings_of(result) == EXPECTED[name]
    for finding in result["findings"]:
        assert finding["check"] == "documents"
        assert finding["help_url"].startswith("https://")
        assert len(finding["fingerprint"]) == 20


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_no_findings(audit, server, name):
    result = row(audit[1], server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"]["has_accessibility_statement_link"] is True
    assert result["metrics"]["document_links"] == 0


def test_document_sizes_are_the_bytes_served(audit, server):
    pdf = (SITE / "garden-waste-guide.pdf").stat().st_size
    rtf = (SITE / "council-tax-bands.rtf").stat().st_size
    result = row(audit[1], server, "document")
    assert result["metrics"]["document_links"] == 2
    assert result["metrics"]["document_bytes"] == pdf + rtf == 3704
    assert result["metrics"]["document_sizes_unknown"] == 0
    guide, bands = result["findings"]
    assert guide["summary"] == "The link “garden waste guidance (PDF, 3 KB)” leads to a PDF (3.4 kB)."  # the link text is the page's own
    assert "application/pdf" in guide["detail"]
    assert bands["summary"] == f"The link “council tax bands for 2025 to 2026 (RTF, 327 bytes)” leads to a Rich Text Format document ({rtf} bytes)."
    assert guide["help_url"] == "https://gds.blog.gov.uk/2018/07/16/why-gov-uk-content-should-be-published-in-html-and-not-pdf/"


def test_document_links_must_say_their_format_and_size(audit, server):
    # Its clean twin is "document": the same links, named "(PDF, 3 KB)" and "(RTF, 327 bytes)".
    review = ("document-link", "review", "moderate", [], ["screen-reader", "low-bandwidth"])
    bare = ("document-link-name-incomplete", "fail", "moderate", [], NAMES)
    result = row(audit[1], server, "document-name")
    assert findings_of(result) == [
        (*review, "main > p:nth-of-type(2) > a"),
        (*bare, "main > p:nth-of-type(2) > a"),
        (*review, "main > p:nth-of-type(3) > a"),
        (*bare, "main > p:nth-of-type(3) > a"),
        # said beside the link (the GOV.UK attachment pattern), and in its aria-label
        (*review, "h3 > a"),
        (*review, "main > p:nth-of-type(4) > a"),
    ]
    summaries = [f["summary"] for f in result["findings"] if f["rule"] == "document-link-name-incomplete"]
    assert summaries == [
        "The link “garden waste guidance” leads to a PDF (3.4 kB) but does not say its format or its size.",
        "The link “council tax bands for 2025 to 2026 (RTF)” leads to a Rich Text Format document (327 bytes) but does not say its size.",
    ]
    assert all(f["rule"] != "document-link-name-incomplete" for f in row(audit[1], server, "document")["findings"])


def test_form_only_as_document(audit, server):
    size = (SITE / "parking-bay-application.pdf").stat().st_size
    form = row(audit[1], server, "form")
    assert form["metrics"]["document_bytes"] == size == 858
    assert form["findings"][0]["summary"] == (
        "The form “Download the application form (PDF, 858 bytes)” is offered only as a PDF (858 bytes), and the page has no online form."
    )
    cta = row(audit[1], server, "cta")
    assert cta["findings"][0]["summary"] == "The page's main call to action, “Start now”, leads to a PDF (858 bytes) instead of a web page."
    assert cta["findings"][0]["targets"][0]["snippet"] == '<a class="button" href="parking-bay-application.pdf">'


def test_captcha_counts(audit, server):
    assert row(audit[1], server, "captcha")["metrics"]["captchas"] == 1
    assert row(audit[1], server, "recaptcha")["findings"][0]["targets"][0]["snippet"].startswith('<div class="g-recaptcha"')


def test_blocked_autoplay_is_reported_honestly(audit, server):
    (finding,) = row(audit[1], server, "autoplay")["findings"]
    assert finding["summary"] == "An <audio> is set to play by itself and plays sound; it lasts 4 seconds."
    assert "blocked it during this audit" in finding["detail"]


def test_statement_finding(audit, server):
    result = row(audit[1], server, "statement")
    assert result["metrics"]["has_accessibility_statement_link"] is False
    assert "(No. 2) Accessibility Regulations 2018" in result["findings"][0]["detail"]


@pytest.mark.parametrize("name", STATEMENTS)
def test_the_statement_itself_needs_no_link_to_a_statement(audit, server, name):
    """The page whose main heading names it an accessibility statement is the
    statement: it is not asked to link to one."""
    result = row(audit[1], server, name)
    assert result["findings"] == []
    assert result["metrics"]["is_accessibility_statement"] is True
    assert result["metrics"]["has_accessibility_statement_link"] is False


def test_a_page_that_links_to_the_statement_is_not_the_statement(audit, server):
    assert row(audit[1], server, "statement-clean")["metrics"]["is_accessibility_statement"] is False
    assert row(audit[1], server, "statement")["metrics"]["is_accessibility_statement"] is False


def test_exit_code(audit):
    code, document = audit
    assert code == 2  # serious failures, default --fail-on serious
    assert document["summary"]["pages"] == 14 + len(STATEMENTS) + 1  # and document-name


def test_autoplay_allowed_and_statement_not_required(server, tmp_path):
    """With the browser allowed to autoplay, the sound really plays: a failure
    of WCAG 1.4.2. A site outside the UK public sector can switch off the
    statement rule."""
    config = tmp_path / "audit.toml"
    config.write_text(
        'browser_args = ["--autoplay-policy=no-user-gesture-required"]\n\n[documents]\nrequire_accessibility_statement = false\n',
        encoding="utf-8",
    )
    urls = [url(server, "autoplay"), url(server, "autoplay-clean"), url(server, "statement")]
    code, document = run_cli(tmp_path, [*urls, "--checks", "documents", "--config", str(config)], profile=None)
    playing = row(document, server, "autoplay")
    assert findings_of(playing) == [("autoplaying-media", "fail", "serious", ["1.4.2"], READERS, "audio")]
    assert playing["findings"][0]["summary"] == "An <audio> plays sound by itself as the page opens and lasts 4 seconds, with no control to stop it."
    assert row(document, server, "autoplay-clean")["findings"] == []
    statement = row(document, server, "statement")
    assert statement["findings"] == []
    assert statement["metrics"]["has_accessibility_statement_link"] is False
    assert code == 2
