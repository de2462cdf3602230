"""Reading and language: how hard the main text is to read.

People with a learning disability, dyslexia, low literacy or English as a
second language, and anyone tired or stressed, lose the thread of long
sentences, walls of text, block capitals and official jargon. WCAG asks for
lower reading levels only at level AAA (3.1.5), so these are inclusion
findings (``wcag=()``) for the ``cognitive`` group.

Reading age: Flesch-Kincaid grade + 5 (:mod:`auditor.checks.readability`,
where the formula, the syllable count and the sentence splitting are
described), computed over the sentences of the main content's paragraphs and
list items (not headings, not table cells), and only for English pages
(``lang`` starting with ``en``, or none). The target is a reading age of 9,
from GOV.UK content design ("we tell people to write on GOV.UK for a 9 year
old reading age": https://www.gov.uk/guidance/content-design/writing-for-gov-uk).

Sentences: longer than 25 words is long (GOV.UK: "if you have sentences longer
than 25 words, try to break them up",
https://insidegovuk.blog.gov.uk/2014/08/04/sentence-length-why-25-words-is-our-limit/).

Paragraphs: more than 5 sentences or more than 100 words is long. Plain
language style guides put the limit at "no more than four or five sentences"
and about seven lines (King County plain-language guide,
https://kingcounty.gov/exec/styleguide/plainwriting/effectiveparagraphs.aspx;
the ONS style guide is stricter, three sentences:
https://style.ons.gov.uk/articles/write-clearly-and-in-plain-language/);
100 words is four sentences at GOV.UK's 25-word limit, or about seven lines of
a readable 60-80 character column.

Capitals: block capitals are hard to read (GOV.UK style guide, "Capitals":
https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style); a heading or
block is flagged when at least 80% of its letters (in words of two letters or
more) are capitals and those capitals number 20 or more, so acronyms (NHS,
HMRC) and a short "NEW" label pass.

Jargon: terms from :mod:`auditor.checks.plain_english` (sources there).

Settings, in the ``[reading]`` table of the config file: ``target_reading_age``,
``min_words``, ``long_sentence_words``, ``max_long_sentence_findings``,
``paragraph_sentences``, ``paragraph_words``, ``capitals_min_letters``,
``jargon`` (replaces the list), ``jargon_extra`` (adds to it) and
``jargon_allow`` (terms to accept). A list is either a table of
``term = "plainer word"`` or an array of ``["term", "plainer word"]`` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..model import Finding, Target
from ..rule import Rule, by_id
from ..words import plural
from .base import SNIPPET_LIMIT, Check, CheckResult, Metric, PageContext
from .plain_english import PLAIN_ENGLISH, Term, find_jargon, jargon_terms
from .readability import (CAPITALS_MIN_LETTERS, flesch_kincaid_grade, in_capitals, reading_age_of,
                          split_sentences, syllables, words)

FAMILY = "reading"
GROUPS = ("cognitive",)
FORMULA = "flesch-kincaid-grade+5"

HELP_WRITING = "https://www.gov.uk/guidance/content-design/writing-for-gov-uk"
HELP_STYLE = "https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style"
HELP_JARGON = "https://www.plainenglish.co.uk/the-a-z-of-alternative-words.html"

RULES = (
    Rule("reading-age-too-high", FAMILY, "moderate", (), GROUPS, HELP_WRITING,
         "The main text needs a higher reading age than its audience has.",
         "Use shorter sentences and everyday words: UK public services write for a reading age of 9.", fixed_by="design"),
    Rule("long-sentence", FAMILY, "minor", (), GROUPS, HELP_WRITING,
         "Sentences too long to read easily.",
         "Split long sentences into shorter ones (GOV.UK advises 25 words or fewer).", fixed_by="design"),
    Rule("long-paragraph", FAMILY, "minor", (), GROUPS, HELP_WRITING,
         "Paragraphs too long to read easily.",
         "Break long blocks of text into short paragraphs, a list or sections with headings.", fixed_by="design"),
    Rule("text-in-capitals", FAMILY, "minor", (), GROUPS, HELP_STYLE,
         "Text written in capital letters, which is harder to read.",
         "Use sentence case, with bold for emphasis.", fixed_by="design"),
    Rule("jargon", FAMILY, "minor", (), GROUPS, HELP_JARGON,
         "Official or complex words that have a plainer alternative.",
         "Use the plainer word the finding suggests; a term your service must use can be allowed in the config (jargon_allow).", fixed_by="design"),
)
RULE = by_id(RULES)

__all__ = ["CHECK", "RULES", "Options", "parse_options", "Term", "find_jargon", "jargon_terms", "flesch_kincaid_grade",
           "in_capitals", "reading_age_of", "split_sentences", "syllables", "words"]

METRICS = (
    Metric("reading_age", "Reading age", "age", "The age in years a reader needs to follow the main text (Flesch-Kincaid grade + 5)."),
)

TARGET_READING_AGE = 9
"""GOV.UK content design: write for a reading age of 9."""
MIN_WORDS = 50
"""Below this many words a reading age says too little to report a finding."""
LONG_SENTENCE_WORDS = 25
"""GOV.UK: sentences over 25 words are hard to read."""
MAX_LONG_SENTENCE_FINDINGS = 10
"""At most this many long-sentence findings per page (all are counted)."""
PARAGRAPH_SENTENCES = 5
PARAGRAPH_WORDS = 100
"""A paragraph over 5 sentences or 100 words is long (see the module notes)."""
MAX_TEXT_CHARACTERS = 60_000
"""The most of a page's text the check reads: about 10,000 words, far more
than a reading age needs to settle (it is an average, of words a sentence
and syllables a word). Text beyond it is left out, and the page's row says
so (``reading_truncated`` and a note): pages can be of any length, and a
check must finish in bounded time, well within the page's deadline (this
much text takes well under a second here)."""

PROSE_TAGS = ("p", "li", "dd", "blockquote", "figcaption")
"""Blocks whose sentences make up the reading age (table cells are data, not prose)."""

# --- options ---------------------------------------------------------------


def _entries(value: Any, name: str) -> list[tuple[str, str]]:
    """A jargon list from the config: a table ``term = "suggestion"``, or an
    array of ``[term, suggestion]`` pairs or of bare terms."""
    if isinstance(value, Mapping):
        items: Iterable[Any] = value.items()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise ValueError(f"[reading] {name} must be a table of term = \"plainer word\" or a list of [term, plainer word] pairs")
    found = []
    for item in items:
        if isinstance(item, str):
            term, suggestion = item, ""
        elif isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item):
            term, suggestion = item
        else:
            raise ValueError(f"[reading] {name}: each entry must be a term or a [term, plainer word] pair, not {item!r}")
        term = " ".join(term.split()).lower()
        if not term:
            raise ValueError(f"[reading] {name}: empty term")
        found.append((term, suggestion.strip()))
    return found


@dataclass(frozen=True)
class Options:
    """The ``[reading]`` table; ``terms`` is the jargon list in force."""

    target_reading_age: float = TARGET_READING_AGE
    min_words: int = MIN_WORDS
    long_sentence_words: int = LONG_SENTENCE_WORDS
    max_long_sentence_findings: int = MAX_LONG_SENTENCE_FINDINGS
    paragraph_sentences: int = PARAGRAPH_SENTENCES
    paragraph_words: int = PARAGRAPH_WORDS
    capitals_min_letters: int = CAPITALS_MIN_LETTERS
    terms: tuple[Term, ...] = ()


_NUMBERS = {
    "target_reading_age": (float, 1),
    "min_words": (int, 0),
    "long_sentence_words": (int, 1),
    "max_long_sentence_findings": (int, 0),
    "paragraph_sentences": (int, 1),
    "paragraph_words": (int, 1),
    "capitals_min_letters": (int, 1),
}


def parse_options(options: Mapping[str, Any]) -> Options:
    """The ``[reading]`` settings, checked; a wrong name or type raises ValueError."""
    unknown = sorted(set(options) - set(_NUMBERS) - {"jargon", "jargon_extra", "jargon_allow"})
    if unknown:
        raise ValueError(f"[reading] unknown setting {unknown[0]!r} (known: {', '.join([*_NUMBERS, 'jargon', 'jargon_extra', 'jargon_allow'])})")
    values: dict[str, Any] = {}
    for name, (kind, least) in _NUMBERS.items():
        if name not in options:
            continue
        value = options[name]
        ok = isinstance(value, (int, float)) if kind is float else isinstance(value, int)
        if isinstance(value, bool) or not ok or value < least:
            what = "a number" if kind is float else "a whole number"
            raise ValueError(f"[reading] {name} must be {what} of at least {least}, not {value!r}")
        values[name] = value
    base = _entries(options["jargon"], "jargon") if "jargon" in options else PLAIN_ENGLISH
    extra = _entries(options.get("jargon_extra", ()), "jargon_extra")
    allow = options.get("jargon_allow", ())
    if not isinstance(allow, (list, tuple)) or not all(isinstance(a, str) for a in allow):
        raise ValueError("[reading] jargon_allow must be a list of terms")
    return Options(**values, terms=jargon_terms(base, extra, allow))


# --- the check --------------------------------------------------------------


def cut_text(text: str, budget: int) -> str:
    """``text`` up to ``budget`` characters, ending at the end of a word
    where one ends before the limit."""
    if len(text) <= budget:
        return text
    head = text[: max(0, budget)]
    if budget > 0 and not text[budget].isspace():
        i = len(head)
        while i > 0 and not head[i - 1].isspace():
            i -= 1
        if i > 0:
            head = head[:i]
    return head.rstrip()


def within(elements: Sequence[Mapping[str, Any]], budget: int) -> tuple[list[Mapping[str, Any]], bool]:
    """The elements, in order, until their texts come to ``budget``
    characters, the last one cut there; and whether anything was left out."""
    kept: list[Mapping[str, Any]] = []
    left = budget
    for element in elements:
        text = element.get("text", "")
        if len(text) <= left:
            kept.append(element)
            left -= len(text)
            continue
        part = cut_text(text, left)
        if part:
            kept.append({**element, "text": part})
        return kept, True
    return kept, False


def is_english(lang: str) -> bool:
    lang = (lang or "").strip().lower()
    return not lang or lang == "en" or lang.startswith("en-")


def _target(element: Mapping[str, Any], fallback: tuple[str, str]) -> Target:
    selector = element.get("selector") or fallback[0]
    snippet = element.get("snippet") or (fallback[1] if selector == fallback[0] else "")
    return Target(selector=selector, snippet=snippet[:SNIPPET_LIMIT])


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


_BLOCK_NAMES = {"p": "paragraph", "li": "list item", "td": "table cell", "th": "table heading", "dd": "description", "blockquote": "quotation", "figcaption": "caption"}


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    text = artifacts["text"]
    options = page.options or DEFAULT_OPTIONS
    main = (text.get("main_selector") or "html", text.get("main_snippet") or "")
    english = is_english(text.get("lang", ""))
    blocks = [b for b in text.get("blocks", ()) if not b.get("container")]
    headings = [h for h in text.get("headings", ()) if h.get("in_main", True)]
    # At most MAX_TEXT_CHARACTERS of each view of the text is read.
    prose, prose_cut = within([b for b in blocks if b.get("tag") in PROSE_TAGS], MAX_TEXT_CHARACTERS)
    elements, elements_cut = within(headings + blocks, MAX_TEXT_CHARACTERS)
    headings, blocks = elements[: len(headings)], elements[len(headings) :]
    main_text = cut_text(text.get("main_text", ""), MAX_TEXT_CHARACTERS)
    truncated = prose_cut or elements_cut or len(main_text) < len(text.get("main_text", ""))

    findings: list[Finding] = []
    total_words = total_sentences = total_syllables = 0
    long_sentences: list[tuple[Mapping[str, Any], str, int]] = []
    long_paragraphs: list[tuple[Mapping[str, Any], int, int]] = []
    for block in prose:
        sentences = split_sentences(block.get("text", ""))
        block_words = 0
        for sentence in sentences:
            tokens = words(sentence)
            block_words += len(tokens)
            total_syllables += sum(syllables(t) for t in tokens)
            if len(tokens) > options.long_sentence_words:
                long_sentences.append((block, sentence, len(tokens)))
        total_words += block_words
        total_sentences += len(sentences)
        if len(sentences) > options.paragraph_sentences or block_words > options.paragraph_words:
            long_paragraphs.append((block, len(sentences), block_words))

    reading_age = None
    if english and total_words:
        grade = flesch_kincaid_grade(total_words, total_sentences, total_syllables)
        reading_age = round(grade + 5, 1)
        if total_words >= options.min_words and reading_age > options.target_reading_age:
            findings.append(
                RULE["reading-age-too-high"].finding(
                    page.url,
                    (Target(*main),),
                    f"The main text needs a reading age of {reading_age:.1f}, above the target of {options.target_reading_age:g}.",
                    f"Flesch-Kincaid grade {grade:.1f} + 5 gives a reading age of {reading_age:.1f}, from {total_words} words in "
                    f"{total_sentences} sentences ({total_words / total_sentences:.1f} words a sentence, "
                    f"{total_syllables / total_words:.2f} syllables a word). UK public services write for a reading age "
                    "of 9 so that people with low literacy can use them: use shorter sentences and everyday words.",
                )
            )

    if english:
        for block, sentence, count in long_sentences[: options.max_long_sentence_findings]:
            opening = " ".join(words(sentence)[:8])
            target = _target(block, main)
            findings.append(
                RULE["long-sentence"].finding(
                    page.url,
                    (target,),
                    f"A sentence of {count} words is hard to follow.",
                    f"{_quote(sentence)} has {count} words; GOV.UK advises {options.long_sentence_words} or fewer. "
                    "Readers lose track of long sentences: split it into shorter ones.",
                    key=f"{target.selector} {opening}",
                )
            )
        for block, sentence_count, word_count in long_paragraphs:
            findings.append(
                RULE["long-paragraph"].finding(
                    page.url,
                    (_target(block, main),),
                    f"A {_BLOCK_NAMES.get(block.get('tag', ''), 'block of text')} of {plural(sentence_count, 'sentence')} and {word_count} words is a wall of text.",
                    f"{_quote(block.get('text', ''), 60)} is longer than {options.paragraph_sentences} sentences or "
                    f"{options.paragraph_words} words. Long blocks of text are hard to scan and to keep your place in: "
                    "break it into short paragraphs, a list or sections with headings.",
                )
            )

    capitals = [(h, "heading") for h in headings] + [(b, _BLOCK_NAMES.get(b.get("tag", ""), "block of text")) for b in blocks]
    for element, kind in capitals:
        if in_capitals(element.get("text", ""), options.capitals_min_letters):
            findings.append(
                RULE["text-in-capitals"].finding(
                    page.url,
                    (_target(element, main),),
                    f"A {kind} is written in capital letters, which are harder to read.",
                    f"{_quote(element.get('text', ''), 60)}: words in capitals all have the same rectangular shape, so they "
                    "are slower to read, especially for people with dyslexia. Use sentence case, with bold for emphasis.",
                )
            )

    jargon_found = []
    if english:
        jargon_found = find_jargon(main_text, options.terms)
        for term, count, form, _ in jargon_found:
            where = next((e for e in elements if term.pattern.search(e.get("text", ""))), {})
            plain = f"Use '{term.suggestion}' instead of '{term.term}'." if term.suggestion else f"Avoid '{term.term}'."
            findings.append(
                RULE["jargon"].finding(
                    page.url,
                    (_target(where, main),),
                    plain,
                    f"The main text says '{form}' {_times(count)}. Official words slow everyone down and can stop "
                    "people with low literacy or a learning disability understanding the page.",
                    key=term.term,
                )
            )

    notes = ()
    if truncated:
        notes = (f"Reading: the main text is longer than {MAX_TEXT_CHARACTERS:,} characters; the reading age, sentences, capitals "
                 f"and jargon are for its first {MAX_TEXT_CHARACTERS:,} characters ({total_words:,} words) only",)
    return CheckResult(
        notes=notes,
        findings=tuple(findings),
        metrics={
            "reading_truncated": truncated,
            "reading_age": reading_age,
            "reading_formula": FORMULA,
            "words": total_words,
            "sentences": total_sentences,
            "long_sentences": len(long_sentences),
            "avg_sentence_words": round(total_words / total_sentences, 1) if total_sentences else None,
            "jargon_terms": len(jargon_found),
        },
    )


DEFAULT_OPTIONS = parse_options({})
"""The options of a page judged with no ``[reading]`` table (the default jargon list)."""

CHECK = Check(id=FAMILY, title="Reading and language", needs=("text",), evaluate=evaluate, rules=RULES, parse_options=parse_options,
              metrics=METRICS)
