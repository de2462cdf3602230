"""The presentation family on hand-made artifacts: words written by the
style sheet, instructions that point by colour, shape, size or place, and
links told from their sentence by colour alone in each state."""

from __future__ import annotations

import re

import pytest

from auditor.checks import PageContext, family_options, presentation
from auditor.checks.presentation import (SENSORY_PHRASES, carries_meaning, colour_only_link, contrast, generated_text,
                                         names_a_control, parse_options, sensory_sentences)
from auditor.config import AuditConfig
from auditor.registry import CHECKS, FAMILIES

URL = "https://council.example/permit/"
PHRASES = [re.compile(p, re.IGNORECASE) for p in SENSORY_PHRASES]
BLUE, BLACK, DARK_BLUE = "rgb(26, 95, 214)", "rgb(0, 0, 0)", "rgb(11, 60, 145)"


def run(generated=(), controls=(), links=(), blocks=(), table=None):
    context = PageContext(URL, URL, family_options(CHECKS["presentation"], table or {}, AuditConfig(urls=(URL,))))
    artifact = {"generated": list(generated), "controls": list(controls), "links": list(links)}
    return presentation.evaluate({"presentation": artifact, "text": {"blocks": list(blocks)}}, context)


def rules(result):
    return [(f.rule, f.targets[0].selector) for f in result.findings]


def look(color=BLUE, cues=(), around=BLACK):
    return {"color": color, "around_color": around, "cues": list(cues)}


def test_the_family_is_registered():
    assert "presentation" in FAMILIES


@pytest.mark.parametrize("content, attrs, text, words", [
    ('" Required"', {}, "Full name", "Required"),
    ('"Warning: "', {}, "Your payment failed", "Warning:"),
    ('open-quote', {}, "bring your letter", ""),
    ('counter(list-item) ". "', {}, "Fill in", "."),
    ('"\\2022"', {}, "Proof", "•"),
    ('""', {}, "x", ""),
    ('"New"', {"data-label": "New"}, "New", ""),  # attr() copying the element's own text, as Chromium computes it
    ('attr(data-label)', {"data-label": "New"}, "Open", "New"),
    ('"\\e900" / "Download"', {}, "Report", "\ue900"),  # the alternative text after / is not shown
])
def test_generated_text(content, attrs, text, words):
    assert generated_text(content, attrs, text) == words


@pytest.mark.parametrize("words, meaning", [("Required", True), ("12", True), ("*", False), ("→", False), ("x", False),
                                            ("\ue900\ue901", False), ("", False), ("“", False)])
def test_what_carries_meaning(words, meaning):
    assert carries_meaning(words) is meaning


def test_generated_words_fail_and_decoration_does_not():
    result = run(generated=[
        {"selector": "label", "snippet": "<label>", "pseudo": "after", "content": '" Required"', "text": "Full name", "attrs": {}},
        {"selector": "q", "snippet": "<q>", "pseudo": "before", "content": "open-quote", "text": "hi", "attrs": {}},
        {"selector": "li", "snippet": "<li>", "pseudo": "before", "content": '"\\2022"', "text": "Proof", "attrs": {}},
    ])
    assert rules(result) == [("css-generated-content", "label")]
    (finding,) = result.findings
    assert finding.outcome == "fail" and finding.wcag == ("1.3.1",)
    assert finding.summary == "The style sheet adds “Required” (after) to this element."
    assert result.metrics["generated_text"] == 1


def test_a_ligature_in_an_icon_font_is_an_icon():
    icon = {"selector": "button", "snippet": "<button>", "pseudo": "before", "content": '"search"', "text": "Find a service", "attrs": {},
            "font": '"Material Icons"'}
    words = {**icon, "content": '"Search"', "font": "Arial, sans-serif"}
    assert rules(run(generated=[icon, words])) == [("css-generated-content", "button")]
    assert run(generated=[icon]).findings == ()


@pytest.mark.parametrize("sentence", [
    "Press the green button to continue.",
    "The menu is on the right.",
    "Use the tab on the right to continue.",
    "Select the round icon to download.",
    "Use the button below to send it.",
    "Fields marked with a red asterisk must be filled in.",
    "Errors are shown in red.",
    "Click the link in the top right corner.",
    "Pwyswch y botwm gwyrdd i barhau.",
    "Mae'r ddewislen ar y dde.",
])
def test_sensory_phrases_are_found(sentence):
    assert [s for s, _ in sensory_sentences(sentence, PHRASES, ())] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Send your application when you are ready.",
    "You have the right to appeal.",  # "right" as entitlement, not a place
    "Read the guidance below.",  # order in the text, which a screen reader keeps
    "Green bins are collected on Tuesdays.",
    "You have come to the right place.",  # "right" as correct, not a side
    "Make sure the money goes to the right person.",
    "You have the right to appeal in the right way.",
    "Do not stop in a yellow box junction.",
    "Dogs are not allowed in the green areas of the park.",
])
def test_ordinary_sentences_are_not(sentence):
    assert sensory_sentences(sentence, PHRASES, ()) == []


def test_a_sentence_that_names_its_control_is_not_reported():
    assert names_a_control("Select Send application, the green button below.", ["Send application"])
    assert names_a_control("Use the button “Pay now” on the right.", [])
    assert not names_a_control("Press the green button.", ["Send application", "Home"])
    assert not names_a_control("Press the green button on the right.", ["X"])  # a one-letter "name" is never matched
    result = run(controls=["Send application"], blocks=[
        {"selector": "#a", "snippet": "<p>", "text": "Select Send application, the green button below."},
        {"selector": "#b", "snippet": "<p>", "text": "Then press the green button on the right. It is quick."},
        {"selector": "main", "snippet": "<main>", "text": "Then press the green button on the right.", "container": True},
    ])
    assert rules(result) == [("sensory-instructions", "#b")]
    (finding,) = result.findings
    assert finding.outcome == "review" and finding.groups == ("screen-reader", "cognitive", "low-vision")
    assert finding.summary == "An instruction points by “green button”: “Then press the green button on the right.”."


def test_sensory_phrases_setting_replaces_the_defaults():
    result = run(blocks=[{"selector": "p", "text": "Press the green button. Press the purple knob."}],
                 table={"sensory_phrases": [r"\bpurple knob\b"]})
    assert [f.summary for f in result.findings] == ["An instruction points by “purple knob”: “Press the purple knob.”."]


@pytest.mark.parametrize("table, message", [
    ({"sensory_phrases": "green"}, "[presentation] sensory_phrases must be a list of regular expressions"),
    ({"sensory_phrases": ["("]}, "[presentation] sensory_phrases: '(' is not a regular expression"),
    ({"max_links": -1}, "[presentation] max_links must be a whole number from 0 to 100"),
    ({"max_link": 3}, "[presentation] has no setting 'max_link'"),
])
def test_bad_settings_are_one_line(table, message):
    with pytest.raises(ValueError) as exc:
        parse_options(table)
    assert str(exc.value).startswith(message)


def test_contrast_is_wcag_two():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast(BLUE, BLACK) == pytest.approx(3.7, abs=0.1)
    assert contrast("red", BLACK) is None


def test_a_link_underlined_in_its_normal_state_is_no_barrier():
    assert colour_only_link({"normal": look(cues=["underline"])}) == (None, "")


def test_a_link_coloured_alone_in_every_state_fails():
    rule, how = colour_only_link({"normal": look(), "hover": look(DARK_BLUE), "focus": look(DARK_BLUE)})
    assert rule == "link-no-cue-on-hover-or-focus"  # 3.7:1: axe passes it, the missing cues fail it
    assert how == "Normal: colour only, contrast 3.7:1 with the text round it. Hovered: changes colour only. Focused: changes colour only."


def test_g183_three_to_one_with_a_cue_on_hover_and_focus_passes():
    assert colour_only_link({"normal": look(), "hover": look(cues=["underline"]), "focus": look(cues=["outline"])})[0] is None
    # a cue on hover alone is not enough: keyboard users never hover
    assert colour_only_link({"normal": look(), "hover": look(cues=["underline"]), "focus": look()})[0] == "link-no-cue-on-hover-or-focus"
    # nor is a cue on both when the colour is too close to the text's (under 3:1)
    grey = "rgb(60, 60, 60)"
    rule, how = colour_only_link({"normal": look(grey), "hover": look(grey, ["underline"]), "focus": look(grey, ["underline"])})
    assert rule == "link-identified-by-colour-only" and how.startswith("Normal: colour only, contrast 1.")


def test_a_link_no_different_from_its_text_is_not_this_rule():
    assert colour_only_link({"normal": look(BLACK)})[0] is None


def test_link_findings_and_metrics():
    links = [{"selector": "#fees", "snippet": "<a>", "text": "the guidance on fees", "normal": look(), "hover": None, "focus": look(DARK_BLUE)},
             {"selector": "#ok", "snippet": "<a>", "text": "more", "normal": look(cues=["underline"])}]
    result = run(links=links)
    assert rules(result) == [("link-no-cue-on-hover-or-focus", "#fees")]  # 3.7:1: axe passes it
    assert "Hovered: not read." in result.findings[0].detail
    assert result.metrics == {"generated_text": 0, "links_in_text": 2}


def test_axe_link_in_text_block_is_kept_instead():
    assert CHECKS["presentation"].defers_to == {"link-identified-by-colour-only": ("axe/link-in-text-block",)}


def test_a_link_axe_passes_is_not_hidden_by_axe_failing_another():
    """axe's link-in-text-block fails links under 3:1 in their normal state;
    a link of 3:1 or more with no cue on hover or focus passes axe, so
    axe failing another link on the page must not hide it."""
    from auditor.checks import one_per_barrier
    from auditor.model import Finding, Target

    links = [{"selector": "#fees", "snippet": "<a>", "text": "the guidance on fees", "normal": look(), "hover": look(DARK_BLUE), "focus": look(DARK_BLUE)}]
    ours = run(links=links).findings
    axe = Finding(check="axe", rule="link-in-text-block", outcome="fail", impact="serious", wcag=("1.4.1",), groups=("low-vision",),
                  summary="s", help_url="https://example.org/", targets=(Target(selector="#other", snippet="<a>"),), fingerprint="f" * 20)
    kept = one_per_barrier((axe, *ours), CHECKS.values())
    assert [(f.check, f.rule) for f in kept] == [("axe", "link-in-text-block"), ("presentation", "link-no-cue-on-hover-or-focus")]


def test_a_link_under_three_to_one_is_axes_barrier_and_ours_gives_way():
    grey = "rgb(60, 60, 60)"
    links = [{"selector": "#grey", "snippet": "<a>", "text": "grey", "normal": look(grey), "hover": look(grey, ["underline"]), "focus": look(grey, ["underline"])}]
    assert rules(run(links=links)) == [("link-identified-by-colour-only", "#grey")]
