"""The reading check through the real CLI and Chromium: a page of dense
officialese and its plain twin, a short notice, and a page in Welsh."""

from __future__ import annotations

import pytest

from auditor.model import fingerprint

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

PAGES = ("council-tax", "council-tax-clean", "parking-notice", "welsh")

WRITING = "https://www.gov.uk/guidance/content-design/writing-for-gov-uk"
STYLE = "https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style"
JARGON = "https://www.plainenglish.co.uk/the-a-z-of-alternative-words.html"

# The officialese page: (rule, impact, target selector, target snippet, summary), in report order.
COUNCIL_TAX = [
    ("reading-age-too-high", "moderate", "#content", '<main id="content">', "The main text needs a reading age of 19.0, above the target of 9."),
    ("long-sentence", "minor", "#intro", '<p id="intro">', "A sentence of 47 words is hard to follow."),
    ("long-sentence", "minor", "blockquote > p", "<p>", "A sentence of 35 words is hard to follow."),
    ("long-paragraph", "minor", "#eligibility", '<p id="eligibility">', "A paragraph of 6 sentences and 74 words is a wall of text."),
    ("text-in-capitals", "minor", "#content > h2:nth-of-type(2)", "<h2>", "A heading is written in capital letters, which are harder to read."),
    ("text-in-capitals", "minor", "#content > p:nth-of-type(1)", '<p class="notice">', "A paragraph is written in capital letters, which are harder to read."),
]
# Jargon, in order of first appearance: (term, plainer word, where it first appears).
COUNCIL_TAX_JARGON = [
    ("persons", "people", "#intro"),
    ("in receipt of", "have", "#intro"),
    ("entitlement", "right", "#intro"),
    ("require", "need", "#intro"),
    ("furnish", "give", "#intro"),
    ("particulars", "details", "#intro"),
    ("prior to", "before", "#intro"),
    ("in accordance with", "under", "#intro"),
    ("in excess of", "more than", "#eligibility"),
    ("reside", "live", "#eligibility"),
    ("notwithstanding", "despite", "#eligibility"),
    ("retain", "keep", "#eligibility"),
    ("ensure", "make sure", "ul > li:nth-of-type(1)"),
    ("notify", "tell", "blockquote > p"),
    ("additional", "extra", "#content > p:nth-of-type(4)"),
    ("assistance", "help", "#content > p:nth-of-type(4)"),
]


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory):
    urls = [server.url(f"reading/{name}.html") for name in PAGES]
    code, document = run_cli(tmp_path_factory.mktemp("reading"), [*urls, "--checks", "reading"], profile=None)
    return code, document


def row(audit, server, name):
    _, document = audit
    found = page(document, server.url(f"reading/{name}.html"))
    assert found["error"] is None and found["check_errors"] == []
    return found


def test_run_completes_with_reading_only(audit):
    code, document = audit
    assert code == 0  # reading findings are moderate or minor, below the default --fail-on serious
    assert document["run"]["complete"] is True
    assert all(f["check"] == "reading" for p in document["pages"] for f in p["findings"])


def test_officialese_page_findings(audit, server):
    found = row(audit, server, "council-tax")
    url = server.url("reading/council-tax.html")
    findings = found["findings"]
    assert len(findings) == len(COUNCIL_TAX) + len(COUNCIL_TAX_JARGON)
    for f in findings:
        assert f["check"] == "reading"
        assert f["outcome"] == "fail"
        assert f["wcag"] == []
        assert f["groups"] == ["cognitive"]
        assert f["detail"]
    head = [(f["rule"], f["impact"], f["targets"][0]["selector"], f["targets"][0]["snippet"], f["summary"]) for f in findings[: len(COUNCIL_TAX)]]
    assert head == COUNCIL_TAX
    assert [f["help_url"] for f in findings[: len(COUNCIL_TAX)]] == [WRITING] * 4 + [STYLE] * 2
    assert findings[0]["fingerprint"] == fingerprint("reading-age-too-high", url, "#content")
    assert findings[3]["fingerprint"] == fingerprint("long-paragraph", url, "#eligibility")
    assert "Flesch-Kincaid grade 14.0 + 5 gives a reading age of 19.0, from 208 words in 12 sentences" in findings[0]["detail"]
    jargon = findings[len(COUNCIL_TAX) :]
    assert [(f["rule"], f["impact"], f["help_url"]) for f in jargon] == [("jargon", "minor", JARGON)] * len(COUNCIL_TAX_JARGON)
    assert [(f["summary"], f["targets"][0]["selector"]) for f in jargon] == [
        (f"Use '{plain}' instead of '{term}'.", where) for term, plain, where in COUNCIL_TAX_JARGON
    ]
    assert [f["fingerprint"] for f in jargon] == [fingerprint("jargon", url, term) for term, _, _ in COUNCIL_TAX_JARGON]
    assert "'ensuring' once" in jargon[12]["detail"]
    assert len({f["fingerprint"] for f in findings}) == len(findings)


def test_officialese_page_metrics(audit, server):
    metrics = row(audit, server, "council-tax")["metrics"]
    assert metrics["reading_age"] == pytest.approx(19.0, abs=0.05)
    assert metrics["reading_formula"] == "flesch-kincaid-grade+5"
    # 12 sentences: the notice, the introduction, 6 on eligibility, 2 list items
    # ("e.g." does not end one), the quoted paragraph (counted once, not again
    # for its blockquote) and the last line. Headings are not counted.
    assert metrics["sentences"] == 12
    assert metrics["words"] == 208
    assert metrics["long_sentences"] == 2
    assert metrics["avg_sentence_words"] == 17.3
    assert metrics["jargon_terms"] == 16


def test_plain_twin_has_no_findings_and_a_reading_age_of_nine_or_less(audit, server):
    found = row(audit, server, "council-tax-clean")
    assert found["findings"] == []
    metrics = found["metrics"]
    assert metrics["reading_age"] == pytest.approx(6.8, abs=0.05)
    assert metrics["reading_age"] <= 9
    assert metrics["words"] == 114 >= 50  # enough text for the reading age to count
    assert metrics["sentences"] == 13
    assert metrics["long_sentences"] == 0
    assert metrics["avg_sentence_words"] == 8.8
    assert metrics["jargon_terms"] == 0


def test_short_notice_reports_a_reading_age_but_no_finding(audit, server):
    found = row(audit, server, "parking-notice")
    assert found["findings"] == []  # 12 words are too few to judge
    assert found["metrics"]["reading_age"] == pytest.approx(19.7, abs=0.05)
    assert (found["metrics"]["words"], found["metrics"]["sentences"]) == (12, 1)


def test_welsh_page_has_no_reading_age_and_no_english_findings(audit, server):
    found = row(audit, server, "welsh")
    assert found["findings"] == []
    metrics = found["metrics"]
    assert metrics["reading_age"] is None
    assert metrics["reading_formula"] == "flesch-kincaid-grade+5"
    assert (metrics["words"], metrics["sentences"], metrics["long_sentences"]) == (42, 1, 1)


def test_settings_from_the_config_file(server, tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text(
        "[reading]\n"
        "target_reading_age = 20\n"
        "long_sentence_words = 40\n"
        "paragraph_sentences = 6\n"
        "capitals_min_letters = 30\n"
        'jargon = { "council tax" = "the tax", persons = "people" }\n'
        'jargon_allow = ["persons"]\n',
        encoding="utf-8",
    )
    url = server.url("reading/council-tax.html")
    code, document = run_cli(tmp_path, [url, "--checks", "reading", "--config", str(config)], profile=None)
    assert code == 0
    found = page(document, url)
    assert [(f["rule"], f["targets"][0]["selector"], f["summary"]) for f in found["findings"]] == [
        ("long-sentence", "#intro", "A sentence of 47 words is hard to follow."),
        ("text-in-capitals", "#content > p:nth-of-type(1)", "A paragraph is written in capital letters, which are harder to read."),
        ("jargon", "h1", "Use 'the tax' instead of 'council tax'."),  # headings count for jargon
    ]
    assert "'Council Tax' twice" in found["findings"][2]["detail"]
    assert found["metrics"]["reading_age"] == pytest.approx(19.0, abs=0.05)
    assert found["metrics"]["long_sentences"] == 1
