"""Language: the language a page and its passages are marked in, against the
language they are written in (WCAG 3.1.1 Language of Page, 3.1.2 Language of
Parts). A screen reader speaks text with the voice and pronunciation rules of
the language it is marked in, so Welsh marked as English is read out as
English nonsense; translation tools, spelling checkers and hyphenation rely on
it too.

Reads the ``language`` artifact (:mod:`auditor.collectors.language`). The
language of a passage is detected by :mod:`auditor.checks.langid`, only for
passages long enough to judge (five words and 25 letters) and only when the
model is confident: short strings, names, addresses and a few words of
another language ("Diolch", "à la carte") are never reported.

Rules:

``page-lang-mismatch`` (WCAG 3.1.1)
    the page's ``lang`` names one language and its main text is in another
    (a Welsh page marked ``lang="en"``).
``passage-lang-missing`` (WCAG 3.1.2)
    a passage in another language than the page's has no ``lang`` of its own
    (a French paragraph on an English page).
``passage-lang-wrong`` (WCAG 3.1.2)
    a passage's own ``lang`` names a language it is not written in (a block
    marked ``lang="fr"`` that is Welsh).
``rtl-without-dir`` (WCAG 1.3.2)
    text in a right-to-left script (Arabic, Urdu, Hebrew) is laid out left to
    right: no ``dir="rtl"`` on it or an ancestor, so punctuation and numbers
    land at the wrong end and the reading order a screen reader and a reader
    see is muddled. One finding for the page when most of its main text is
    right to left, else one per passage.

A missing or invalid ``lang`` is left to axe-core, which reports it
(``html-has-lang``, ``html-lang-valid``, ``valid-lang``); this family judges
only ``lang`` values that name a language.

Metrics: ``text_language`` (the language detected in the main text, when it
could be judged), ``passages_judged``.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings
from .langid import Guess, detect, is_rtl, long_enough, mostly_rtl, primary, same_language

ID = "language"

GROUPS = ("screen-reader", "cognitive")
UNDERSTANDING_PAGE = "https://www.w3.org/WAI/WCAG22/Understanding/language-of-page.html"
UNDERSTANDING_PARTS = "https://www.w3.org/WAI/WCAG22/Understanding/language-of-parts.html"
UNDERSTANDING_SEQUENCE = "https://www.w3.org/WAI/WCAG22/Understanding/meaningful-sequence.html"

RULES = (
    Rule("page-lang-mismatch", ID, "serious", ("3.1.1",), GROUPS, UNDERSTANDING_PAGE,
         "The page says it is in one language but its text is in another, so screen readers read it with the wrong voice.",
         "Set the lang attribute of the html element to the language the page is written in (lang=\"cy\" for Welsh).",
         fixed_by="design"),
    Rule("passage-lang-missing", ID, "moderate", ("3.1.2",), GROUPS, UNDERSTANDING_PARTS,
         "A passage in another language than the page's is not marked, so screen readers mispronounce it.",
         "Give the element holding the passage a lang attribute naming its language (lang=\"fr\").", fixed_by="design"),
    Rule("passage-lang-wrong", ID, "serious", ("3.1.2",), GROUPS, UNDERSTANDING_PARTS,
         "A passage is marked as a language it is not written in, so screen readers read it with the wrong voice.",
         "Correct the passage's lang attribute to the language it is written in.", fixed_by="design"),
    Rule("rtl-without-dir", ID, "moderate", ("1.3.2",), GROUPS, UNDERSTANDING_SEQUENCE,
         "Right-to-left text (Arabic, Urdu, Hebrew) is laid out left to right, so its punctuation and order are muddled.",
         "Add dir=\"rtl\" to the element holding right-to-left text (to the html element when the whole page is), with its lang.",
         fixed_by="code"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("text_language", "Language of the main text", "text",
           "The language detected in the page's main text (ISO 639-1), when it is long enough to judge.", shown="if-any"),
    Metric("passages_judged", "Passages whose language was judged", "count",
           "Passages long enough for their language to be detected.", noun="passage", shown="if-any"),
)

MAX_TEXT = 5000
"""Characters of the main text given to the detector: more changes nothing."""

NAMES = {"cy": "Welsh", "en": "English", "fr": "French", "de": "German", "pl": "Polish", "ur": "Urdu", "ar": "Arabic",
         "ro": "Romanian", "lt": "Lithuanian", "pt": "Portuguese", "es": "Spanish", "it": "Italian", "bn": "Bengali",
         "pa": "Punjabi", "zh": "Chinese", "so": "Somali", "ga": "Irish", "gd": "Scottish Gaelic", "he": "Hebrew",
         "fa": "Persian", "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "nl": "Dutch", "hi": "Hindi",
         "gu": "Gujarati", "ta": "Tamil", "ku": "Kurdish", "ps": "Pashto", "bg": "Bulgarian", "hu": "Hungarian",
         "cs": "Czech", "sk": "Slovak", "lv": "Latvian", "el": "Greek", "sq": "Albanian", "ti": "Tigrinya", "am": "Amharic"}


MAX_TAG = 35
"""Characters of a ``lang`` value quoted in a sentence (a real tag is shorter)."""


def language_name(code: str) -> str:
    """A language's English name for a summary, or its code in quotes."""
    return NAMES.get(primary(code), f"“{primary(code)}”")


def quoted(tag: str) -> str:
    """A ``lang`` value as a sentence quotes it, cut to :data:`MAX_TAG`."""
    return f'lang="{tag[:MAX_TAG]}…"' if len(tag) > MAX_TAG else f'lang="{tag}"'



def main_text(found: Mapping[str, Any]) -> str:
    """The text the page's ``lang`` speaks for: the passages of the main
    content (the whole page when it has no main element) that inherit the
    page's language, joined."""
    passages = [p for p in found.get("passages", ()) if not p.get("lang_own")]
    if found.get("main_found"):
        passages = [p for p in passages if p.get("in_main")] or passages
    return " ".join(p.get("text", "") for p in passages)[:MAX_TEXT]


def _page(out: PageFindings, found: Mapping[str, Any], text_guess: Guess | None) -> bool:
    """The page-level finding; whether the page's lang was found wrong."""
    page_lang = found.get("lang") or ""
    if not primary(page_lang) or text_guess is None or same_language(page_lang, text_guess.language):
        return False
    out.add(
        "page-lang-mismatch",
        f"The page is marked as {language_name(page_lang)} ({quoted(page_lang)}) but its text is in {language_name(text_guess.language)}.",
        "A screen reader reads the whole page with the voice of the language it is marked in. " + RULE["page-lang-mismatch"].how_to_fix,
        "html",
        f"<html {quoted(page_lang)}>",
    )
    return True


def _passages(out: PageFindings, found: Mapping[str, Any], text_guess: Guess | None, page_wrong: bool) -> int:
    """Findings for passages in a language other than the one they are in; the passages judged."""
    page_lang = found.get("lang") or ""
    judged = 0
    for passage in found.get("passages", ()):
        guess = detect(passage.get("text", ""))
        if guess is None:
            continue
        judged += 1
        lang = passage.get("lang") or ""
        if not primary(lang) or same_language(lang, guess.language):
            continue  # no lang (axe's) or the right one
        if passage.get("lang_own"):
            out.add(
                "passage-lang-wrong",
                f"A passage marked as {language_name(lang)} ({quoted(lang)}) is in {language_name(guess.language)}.",
                "A screen reader reads it with the voice of the language it is marked in. " + RULE["passage-lang-wrong"].how_to_fix,
                passage.get("selector") or "body", passage.get("snippet", ""),
            )
        elif not (page_wrong and text_guess is not None and same_language(text_guess.language, guess.language)):
            out.add(
                "passage-lang-missing",
                f"A passage in {language_name(guess.language)} on a page in {language_name(page_lang)} has no lang of its own.",
                f"A screen reader reads it with the {language_name(page_lang)} voice. Mark it with lang=\"{guess.language}\".",
                passage.get("selector") or "body", passage.get("snippet", ""),
            )
    return judged


def _rtl(out: PageFindings, found: Mapping[str, Any], text: str) -> None:
    """Right-to-left text laid out left to right: once for the page, or per passage."""
    how = RULE["rtl-without-dir"].how_to_fix
    if long_enough(text) and mostly_rtl(text) and found.get("dir") != "rtl":
        out.add("rtl-without-dir", "Most of the page's text is written right to left but the page is laid out left to right.",
                "Punctuation, numbers and the order of mixed text come out wrong. " + how, "html",
                f"<html {quoted(found.get('lang') or '')}>")
        return
    for passage in found.get("passages", ()):
        text_of = passage.get("text", "")
        if passage.get("dir") == "rtl" or not mostly_rtl(text_of) or not long_enough(text_of):
            continue
        lang = passage.get("lang") or ""
        if primary(lang) and not is_rtl(lang) and passage.get("lang_own"):
            continue  # marked as a left-to-right language: passage-lang-wrong says what is wrong
        out.add("rtl-without-dir", "A passage written right to left is laid out left to right.",
                "Punctuation, numbers and the order of mixed text come out wrong. " + how,
                passage.get("selector") or "body", passage.get("snippet", ""))


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["language"]
    out = PageFindings(page, RULE)
    text = main_text(found)
    text_guess = detect(text)
    page_wrong = _page(out, found, text_guess)
    judged = _passages(out, found, text_guess, page_wrong)
    _rtl(out, found, text)
    metrics: dict[str, Any] = {"passages_judged": judged}
    if text_guess is not None:
        metrics["text_language"] = text_guess.language
    return CheckResult(findings=tuple(out), metrics=metrics)


CHECK = Check(
    id=ID,
    title="Languages the page is marked in",
    needs=("language",),
    evaluate=evaluate,
    rules=RULES,
    metrics=METRICS,
)
