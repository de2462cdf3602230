"""The language family on hand-made artifacts: the page's lang against its
main text, passages in another language with no lang or a wrong one, and
right-to-left text laid out left to right (WCAG 3.1.1, 3.1.2, 1.3.2); the
length limit under which nothing is judged; lang values read."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, language
from auditor.checks.langid import detect, long_enough, mostly_rtl, primary, same_language

URL = "https://council.example/bins/"

EN = ["Your bins will be collected a day later during the bank holiday week.",
      "Put your bins out by seven o'clock in the morning on the day of your collection."]
CY = ["Bydd eich biniau'n cael eu casglu ddiwrnod yn hwyrach yn ystod wythnos gŵyl y banc.",
      "Rhowch eich biniau allan erbyn saith o'r gloch y bore ar ddiwrnod y casgliad."]
FR = "Si vous avez besoin d'un interprète, veuillez nous appeler avant votre rendez-vous."
UR = "اگر آپ کو ترجمان کی ضرورت ہے تو براہ کرم اپنی ملاقات سے پہلے ہمیں فون کریں۔"


def passage(text, n, lang="en", own=False, direction="ltr", in_main=True):
    return {"tag": "p", "text": text, "lang": lang, "lang_own": own, "dir": direction, "in_main": in_main,
            "selector": f"main > p:nth-of-type({n})", "snippet": f'<p lang="{lang}">' if own else "<p>"}


def run(passages, lang="en", direction="ltr"):
    found = {"lang": lang, "dir": direction, "main_found": True, "passages": list(passages)}
    return language.evaluate({"language": found}, PageContext(URL, URL))


def rules(result):
    return [(f.rule, f.targets[0].selector) for f in result.findings]


def test_english_page_marked_english_has_none():
    result = run([passage(t, i) for i, t in enumerate(EN, 1)])
    assert result.findings == ()
    assert result.metrics == {"passages_judged": 2, "text_language": "en"}


@pytest.mark.parametrize("lang", ["en", "en-GB", "EN-gb"])
def test_welsh_page_marked_english(lang):
    result = run([passage(t, i, lang) for i, t in enumerate(CY, 1)], lang=lang)
    (finding,) = result.findings
    assert (finding.check, finding.rule, finding.outcome, finding.impact, finding.wcag) == ("language", "page-lang-mismatch", "fail", "serious", ("3.1.1",))
    assert finding.groups == ("screen-reader", "cognitive")
    assert finding.summary == f'The page is marked as English (lang="{lang}") but its text is in Welsh.'
    assert finding.targets[0].selector == "html"


@pytest.mark.parametrize("lang", ["cy", "cy-GB", "cym"])
def test_welsh_page_marked_welsh_has_none(lang):
    assert run([passage(t, i, lang) for i, t in enumerate(CY, 1)], lang=lang).findings == ()


@pytest.mark.parametrize("lang", ["", "x-klingon", "12"])
def test_missing_or_invalid_page_lang_is_left_to_axe(lang):
    assert run([passage(t, i, lang) for i, t in enumerate(CY, 1)], lang=lang).findings == ()


def test_french_passage_without_lang():
    result = run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(FR, 3)])
    assert rules(result) == [("passage-lang-missing", "main > p:nth-of-type(3)")]
    assert result.findings[0].summary == "A passage in French on a page in English has no lang of its own."


def test_french_passage_marked_french_has_none():
    assert run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(FR, 3, "fr", own=True)]).findings == ()


def test_welsh_passage_marked_french():
    result = run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(CY[0], 3, "fr", own=True)])
    assert rules(result) == [("passage-lang-wrong", "main > p:nth-of-type(3)")]
    assert result.findings[0].summary == 'A passage marked as French (lang="fr") is in Welsh.'


def test_a_page_wrong_as_a_whole_is_reported_once():
    # every passage inherits the wrong page lang: one page finding, no passage findings
    result = run([passage(t, i) for i, t in enumerate(CY, 1)])
    assert [f.rule for f in result.findings] == ["page-lang-mismatch"]


@pytest.mark.parametrize("text", [
    "Croeso!",  # a greeting
    "Diolch yn fawr.",
    "Tŷ Riverton, Heol y Frenhines",  # an address: names, four words
    "Nid da lle gellir gwell",  # a motto of five words but too few letters
    "Cymraeg",
])
def test_a_few_words_are_never_judged(text):
    assert not long_enough(text)
    assert detect(text) is None
    assert run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(text, 3)]).findings == ()


def test_urdu_passage_laid_out_left_to_right():
    result = run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(UR, 3, "ur", own=True)])
    assert rules(result) == [("rtl-without-dir", "main > p:nth-of-type(3)")]
    assert result.findings[0].wcag == ("1.3.2",)


def test_urdu_passage_laid_out_right_to_left_has_none():
    assert run([*(passage(t, i) for i, t in enumerate(EN, 1)), passage(UR, 3, "ur", own=True, direction="rtl")]).findings == ()


def test_right_to_left_page_is_reported_once():
    result = run([passage(UR, 1, "ur"), passage(UR, 2, "ur")], lang="ur")
    assert rules(result) == [("rtl-without-dir", "html")]
    assert run([passage(UR, 1, "ur", direction="rtl")], lang="ur", direction="rtl").findings == ()


def test_passages_outside_main_count_for_the_page_only_without_main():
    outside = [passage(t, i, in_main=False) for i, t in enumerate(CY, 1)]
    result = run([*(passage(t, i + 2) for i, t in enumerate(EN, 1)), *outside])
    assert result.metrics["text_language"] == "en"  # the page's lang is judged on the main text
    assert [f.rule for f in result.findings] == ["passage-lang-missing", "passage-lang-missing"]


@pytest.mark.parametrize(("tag", "expected"), [("en-GB", "en"), ("CY", "cy"), ("cym", "cy"), ("iw", "he"),
                                               ("zh-Hant-TW", "zh"), ("", ""), ("x-private", ""), ("en GB", ""), ("123", "")])
def test_primary(tag, expected):
    assert primary(tag) == expected


@pytest.mark.parametrize(("a", "b", "same"), [("en-GB", "en", True), ("nb", "no", True), ("hr", "sr", True),
                                              ("cy", "en", False), ("fr", "cy", False),
                                              ("ar", "arz", True), ("zh-Hant", "yue", True)])
def test_same_language(a, b, same):
    assert same_language(a, b) is same


def test_mostly_rtl():
    assert mostly_rtl(UR) and not mostly_rtl(EN[0]) and not mostly_rtl("")
    assert not mostly_rtl(f"{EN[0]} {UR[:10]}")


def test_the_artifact_of_a_failed_script_gives_nothing():
    assert language.evaluate({"language": {"lang": "", "dir": "ltr", "main_found": False, "passages": []}},
                             PageContext(URL, URL)).findings == ()


def test_a_long_lang_value_is_cut_in_the_sentence():
    tag = "en-" + "-".join(["abcdefgh"] * 40)
    (finding,) = run([passage(t, i, tag) for i, t in enumerate(CY, 1)], lang=tag).findings
    assert finding.summary.startswith('The page is marked as English (lang="en-abcdefgh-') and len(finding.summary) < 140
