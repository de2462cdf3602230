"""The links family on hand-made artifacts: links that open a new window or
tab without saying so, and abbreviations not expanded at their first use."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, links
from auditor.checks.links import expanded, parse_options, sentences, shouting, warns_of_new_window
from auditor.config import AuditConfig
from auditor.registry import CHECKS

URL = "https://council.example/care/"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["links"], options, AuditConfig(urls=(URL,))))


def run(new_window=(), passages=(), abbrs=(), **options):
    found = {"new_window": list(new_window), "passages": list(passages), "abbrs": list(abbrs)}
    return links.evaluate({"links": found}, context(**options))


def link(name, how="target", selector="main > p > a"):
    return {"how": how, "name": name, "href": URL, "selector": selector, "snippet": '<a href="/" target="_blank">'}


def passage(text, selector="main > p"):
    return {"text": text, "selector": selector, "snippet": "<p>"}


@pytest.mark.parametrize(
    ("name", "warns"),
    [
        ("Pay online (opens in new tab)", True),
        ("Pay online, opens in a new window", True),
        ("Pay online (new tab)", True),
        ("Read the guidance in a new browser tab", True),
        ("Talu ar-lein (yn agor mewn tab newydd)", True),
        ("Talu ar-lein (ffenestr newydd)", True),
        ("Pay online", False),
        ("Open a new account", False),
        ("", False),
    ],
)
def test_warnings_of_a_new_window(name, warns):
    assert warns_of_new_window(name) is warns


def test_a_link_without_a_warning_is_a_review_of_3_2_5():
    (finding,) = run([link("Pay online"), link("Pay online (opens in new tab)")]).findings
    assert (finding.rule, finding.outcome, finding.wcag, finding.groups) == ("new-window-unwarned", "review", ("3.2.5",), ("screen-reader", "cognitive"))
    assert finding.summary == "The link “Pay online” opens a new window or tab (target=\"_blank\") without saying so."


def test_a_link_opened_by_a_script_says_so_and_a_nameless_one_too():
    (finding,) = run([link("", how="window.open")]).findings
    assert finding.summary == "The link “(no name)” opens a new window or tab by a script (window.open) without saying so."


def test_the_metric_counts_every_link_and_findings_stop_at_ten():
    result = run([link(f"Form {i}", selector=f"#l{i}") for i in range(12)])
    assert len(result.findings) == 10
    assert result.metrics["new_window_unwarned"] == 12


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("You may get Personal Independence Payment (PIP) if you are ill.", True),
        ("You may get PIP (Personal Independence Payment) if you are ill.", True),
        ("You may get PIP if you are ill.", False),
        ("You may get PIP (see below) if you are ill.", True),  # two words in brackets: read as an expansion
        ("You may get PIP (2024) if you are ill.", False),
        ("Ask for form (PIP) now.", True),
    ],
)
def test_expansion_in_brackets(sentence, ok):
    assert expanded("PIP", sentence) is ok


def test_sentences_and_shouting():
    assert sentences("Tell the DVLA. Visit GOV.UK now! Is it PIP?") == ["Tell the DVLA.", "Visit GOV.UK now!", "Is it PIP?"]
    assert shouting("WHAT HAPPENS NEXT")
    assert not shouting("What happens at the DVLA")


def test_only_the_first_use_counts():
    result = run(passages=[passage("Tell the DVLA today.", "main > p:nth-of-type(1)"),
                           passage("The Driver and Vehicle Licensing Agency (DVLA) will write.", "main > p:nth-of-type(2)"),
                           passage("Personal Independence Payment (PIP) helps. Ask about PIP.", "main > p:nth-of-type(3)")])
    (finding,) = result.findings
    assert (finding.rule, finding.outcome, finding.wcag, finding.groups) == ("abbreviation-unexpanded", "review", (), ("cognitive",))
    assert finding.summary == "“DVLA” is used without saying what it stands for."
    assert finding.targets[0].selector == "main > p:nth-of-type(1)"


def test_known_ones_titled_abbr_and_capitals_are_left_alone():
    result = run(passages=[passage("Visit GOV.UK or the NHS in the UK, or ask HMRC."), passage("APPLY FOR PIP NOW")],
                 abbrs=[{"text": "HMRC", "title": "HM Revenue and Customs", "selector": "abbr", "snippet": "<abbr>"}])
    assert result.findings == ()
    assert result.metrics["unexpanded_abbreviations"] == 0


def test_an_abbr_without_title_is_reported_at_the_abbr_even_in_lower_case():
    result = run(passages=[passage("Bring your passport etc to the office.")],
                 abbrs=[{"text": "etc", "title": "", "selector": "main > p > abbr", "snippet": "<abbr>"}])
    (finding,) = result.findings
    assert finding.summary == "“etc” is used without saying what it stands for."
    assert finding.targets[0].selector == "main > p > abbr"


def test_a_service_adds_its_own_known_abbreviations():
    assert run(passages=[passage("Renew your MOT and pay VAT.")], known_abbreviations=["MOT", "VAT"]).findings == ()
    assert len(run(passages=[passage("Renew your MOT and pay VAT.")]).findings) == 2


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"known_abbreviations": "MOT"}, "[links] known_abbreviations must be a list of abbreviations"),
        ({"known_abbreviations": [""]}, "[links] known_abbreviations must be a list of abbreviations"),
        ({"known": ["MOT"]}, "[links] has no setting 'known'"),
    ],
)
def test_bad_settings_are_one_line(table, message):
    with pytest.raises(ValueError) as caught:
        parse_options(table)
    assert str(caught.value).startswith(message)


def test_reference_codes_and_conformance_levels_are_not_abbreviations():
    """The demo site's confirmation page ("GW-2026-48317") and accessibility
    statement ("at level AA", the wording of GOV.UK's model statement)."""
    assert run(passages=[passage("Your reference number GW-2026-48317"),
                         passage("It partly meets the guidelines (WCAG) 2.2 at level AA or AAA.")]).findings == ()
    (finding,) = run(passages=[passage("Ask the DVLA-approved garage.")]).findings
    assert finding.summary == "“DVLA” is used without saying what it stands for."


def test_only_the_first_60000_characters_are_read_for_abbreviations():
    """A page of 72 kB of "Mr. X " (tests/integration/test_deadlines.py) ran
    past its deadline; the text is read up to the reading family's limit."""
    from auditor.checks.links import MAX_TEXT_CHARS, first_uses

    filler = "Mr. X " * (MAX_TEXT_CHARS // 6)
    passages = [{"text": filler + "Tell the DVLA.", "selector": "p"}, {"text": "Ask the DWP.", "selector": "p"}]
    assert first_uses(passages, (), frozenset()) == []
    assert [w for w, _, _ in first_uses([{"text": "Tell the DVLA.", "selector": "p"}], (), frozenset())] == ["DVLA"]
