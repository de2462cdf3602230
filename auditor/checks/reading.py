"""Reading and language: how hard the main text is to read.

People with a learning disability, dyslexia, low literacy or English as a
second language, and anyone tired or stressed, lose the thread of long
sentences, walls of text, block capitals and official jargon. WCAG asks for
lower reading levels only at level AAA (3.1.5), so these are inclusion
findings (``wcag=()``) for the ``cognitive`` group.

Reading age. The Flesch-Kincaid grade level (Kincaid, Fishburne, Rogers and
Chissom 1975, "Derivation of new readability formulas ... for Navy enlisted
personnel", Research Branch Report 8-75)::

    grade = 0.39 * words / sentences + 11.8 * syllables / words - 15.59

is a US school grade; reading age = grade + 5, the usual UK conversion
(children start Year 1 at about 5; See a Voice, "A guide to checking copy
readability", as summarised in
https://straighttothesource.wordpress.com/2013/08/27/reading-age-and-readability/).
It is computed over the sentences of the main content's paragraphs and list
items (not headings, not table cells), and only for English pages (``lang``
starting with ``en``, or none). The target is a reading age of 9, from GOV.UK
content design ("we tell people to write on GOV.UK for a 9 year old reading
age": https://www.gov.uk/guidance/content-design/writing-for-gov-uk).

Syllables are counted by a small heuristic of our own (vowel groups, silent
endings, a few vowel pairs said as two). ``textstat`` was weighed and not
used: its current release downloads NLTK's CMU dictionary at run time (it
fails offline) and installs a top-level ``tests`` package, and its older
releases need ``pkg_resources``, which current setuptools no longer ships.
Pyphen's hyphenation points, which textstat falls back to, undercount: on a
hand-checked list of 246 public-service words the heuristic gets 98% exactly
right (total error +1 syllable) against 88% (-33) for pyphen's en_US patterns.

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

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..model import Finding, Target, fingerprint
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext
from .plain_english import PLAIN_ENGLISH

FAMILY = "reading"
GROUPS = ("cognitive",)
FORMULA = "flesch-kincaid-grade+5"

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
CAPITALS_MIN_LETTERS = 20
CAPITALS_SHARE = 0.8
"""Text is "in capitals" when 80% of its letters are capitals, 20 or more of them."""

MAX_TEXT_CHARACTERS = 60_000
"""The most of a page's text the check reads: about 10,000 words, far more
than a reading age needs to settle (it is an average, of words a sentence
and syllables a word). Text beyond it is left out, and the page's row says
so (``reading_truncated`` and a note): pages can be of any length, and a
check must finish in bounded time, well within the page's deadline (this
much text takes well under a second here)."""

PROSE_TAGS = ("p", "li", "dd", "blockquote", "figcaption")
"""Blocks whose sentences make up the reading age (table cells are data, not prose)."""

HELP_WRITING = "https://www.gov.uk/guidance/content-design/writing-for-gov-uk"
HELP_STYLE = "https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style"
HELP_JARGON = "https://www.plainenglish.co.uk/the-a-z-of-alternative-words.html"

# --- text measures ----------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
# A boundary starts only where a run of full stops, question or exclamation
# marks starts (the lookbehind): one match attempt per run, so a run of a
# million "!" costs one pass, not a million passes over its rest.
_BOUNDARY = re.compile(r"(?<![.!?…])([.!?…]+)([\"'”’)\]]*)\s+(?=\S)")
_TOKEN_STOPS = frozenset("(\"'“‘[")
"""What ends the word before a full stop, besides white space."""
# Abbreviations that take a full stop but do not end a sentence ("e.g. Council
# tax", "Mr. Khan"). "etc." and "a.m." often end one, so they are not here.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "st", "sr", "jr", "hon", "e.g", "eg", "i.e", "ie",
     "cf", "vs", "approx", "incl", "dept", "ref", "tel", "fig", "viz"}
)


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, kept whole across an
    inner apostrophe, hyphen, full stop or comma ("don't", "well-known",
    "3.5", "1,000", "e.g")."""
    return _WORD.findall(text)


def _word_before(line: str, start: int, end: int) -> str:
    """The run of characters that ends at ``end`` and goes back no further
    than ``start``, a space or an opening bracket or quote: the word a full
    stop at ``end`` follows. Read backwards from ``end``, so finding it costs
    the length of that word, never of the text before it (a sentence that
    goes on past many abbreviations, as "Mr. X Mr. X ...", stays one pass)."""
    i = end
    while i > start and not (line[i - 1].isspace() or line[i - 1] in _TOKEN_STOPS):
        i -= 1
    return line[i:end]


def split_sentences(text: str) -> list[str]:
    """Sentences of a block of text. A line break always ends one; so does
    ``.``, ``!``, ``?`` or ``…`` followed by a space and a word that does not
    start in lower case, unless the full stop ends an abbreviation ("e.g.",
    "Mr."), an initial ("J. Smith") or "No." before a number. Decimals ("3.5")
    have no space after the point and never split. One pass over the text,
    whatever it holds."""
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _BOUNDARY.finditer(line):
            following = line[match.end()]
            if following.islower():
                continue
            if match.group(1) == "." and not match.group(2):
                word = _word_before(line, start, match.start()).lower()
                if word in _ABBREVIATIONS:
                    continue
                if word in ("no", "nos") and following.isdigit():
                    continue
                if len(word) == 1 and word.isalpha():
                    continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in sentences if words(s)]


@functools.lru_cache(maxsize=8192)
def _syllables_in(letters: str) -> int:
    w = unicodedata.normalize("NFKD", letters.lower())
    w = re.sub(r"[^a-z]", "", w)
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"^y", "j", w)  # a leading y is a consonant ("year", "young")
    w = w.replace("qu", "q")  # "quality", "equal": the u is not a vowel
    w = re.sub(r"gu(?=[aiy])", "g", w)  # "guide", "language"
    count = len(re.findall(r"[aeiouy]+", w))
    # silent endings: "make", "makes", "used"; but "table", "centre", "wanted", "houses" keep theirs
    if re.search(r"[^aeiouy]e$", w) and not re.search(r"[^aeiouyl]le$|[^aeiouyr]re$", w):
        count -= 1
    elif re.search(r"[^aeiouy]es$", w) and not re.search(r"(?:[cgsxz]|[cs]h|[^aeiouy]l)es$", w):
        count -= 1
    elif re.search(r"[^aeiouy]ed$", w) and not re.search(r"(?:[td]|[^aeiouy]l)ed$", w):
        count -= 1
    if re.search(r"[^aeiouy]e(?:ly|ment|ments|ness|ful|less|ty)$", w):  # "safely", "statement"
        count -= 1
    count += len(re.findall(r"[aeiouy]ing", w))  # "being", "going", "paying"
    # vowel pairs said as two syllables: "via", "radio", "poem", "actual", "video", "area", "quiet"
    count += len(re.findall(r"(?<![tsc])i[aou]|[^aeiouy]i[eu][rt]\b|oe|ua|uo|eo(?![pu])|ea$|ii", w))
    return max(1, count)


def syllables(word: str) -> int:
    """Syllables in one word, by the heuristic described in the module notes.
    A word with no letters (a number) counts as one."""
    parts = _LETTERS.findall(word.replace("'", "").replace("’", ""))
    return sum(_syllables_in(p) for p in parts) or 1


def flesch_kincaid_grade(word_count: int, sentence_count: int, syllable_count: int) -> float:
    """The Flesch-Kincaid grade level (Kincaid et al. 1975)."""
    return 0.39 * word_count / sentence_count + 11.8 * syllable_count / word_count - 15.59


def reading_age_of(text: str) -> float | None:
    """Reading age (Flesch-Kincaid grade + 5) of a text, unrounded; None with no words."""
    sentences = split_sentences(text)
    tokens = [w for s in sentences for w in words(s)]
    if not tokens:
        return None
    return flesch_kincaid_grade(len(tokens), len(sentences), sum(syllables(w) for w in tokens)) + 5


def in_capitals(text: str, min_letters: int = CAPITALS_MIN_LETTERS) -> bool:
    """True when the text is mostly block capitals: at least 80% of the letters
    of its words of two letters or more are capitals, and at least
    ``min_letters`` of them. Acronyms in mixed-case text stay under the share;
    a lone acronym stays under the count."""
    runs = [w for w in _LETTERS.findall(text) if len(w) > 1]
    total = sum(len(w) for w in runs)
    upper = sum(len(w) for w in runs if w.isupper())
    return total > 0 and upper >= min_letters and upper >= CAPITALS_SHARE * total


# --- jargon -----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    term: str
    suggestion: str
    pattern: re.Pattern[str]


def _term_pattern(term: str) -> re.Pattern[str]:
    """Whole words, any case. A single word also matches its common
    inflections (utilise: utilises, utilised, utilising; notify: notified);
    a phrase matches as written, across any spacing."""
    parts = term.split()
    if len(parts) == 1:
        word = re.escape(term)
        if term.endswith("e"):
            body = re.escape(term[:-1]) + "(?:e|es|ed|ing)"
        elif re.search(r"[^aeiou]y$", term):
            body = re.escape(term[:-1]) + "(?:y|ies|ied|ying)"
        else:
            body = word + "(?:s|es|ed|ing)?"
    else:
        body = r"\s+".join(re.escape(p) for p in parts)
    return re.compile(r"(?<![\w'’-])" + body + r"(?![\w'’-])", re.IGNORECASE)


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


def jargon_terms(base: Sequence[tuple[str, str]] = PLAIN_ENGLISH, extra: Sequence[tuple[str, str]] = (), allow: Iterable[str] = ()) -> tuple[Term, ...]:
    """The list in force: ``base`` plus ``extra`` (which wins on the same
    term), less the ``allow``-ed terms."""
    allowed = {" ".join(a.split()).lower() for a in allow}
    merged: dict[str, str] = {}
    for term, suggestion in (*base, *extra):
        merged[term.lower()] = suggestion
    return tuple(Term(t, s, _term_pattern(t)) for t, s in merged.items() if t not in allowed)


def find_jargon(text: str, terms: Sequence[Term]) -> list[tuple[Term, int, str, int]]:
    """(term, times found, first form found, where) for each term in ``text``,
    in order of first appearance."""
    found = []
    for term in terms:
        matches = list(term.pattern.finditer(text))
        if matches:
            found.append((term, len(matches), matches[0].group(0), matches[0].start()))
    return sorted(found, key=lambda f: f[3])


# --- settings ---------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
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


def settings(options: Mapping[str, Any]) -> Settings:
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
    return Settings(**values, terms=jargon_terms(base, extra, allow))


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
    return Target(selector=selector, snippet=snippet[:300])


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def _finding(rule: str, impact: str, summary: str, detail: str, help_url: str, target: Target, page: PageContext, key: str | None = None) -> Finding:
    return Finding(
        check=FAMILY,
        rule=rule,
        outcome="fail",
        impact=impact,
        wcag=(),
        groups=GROUPS,
        summary=summary,
        detail=detail,
        help_url=help_url,
        targets=(target,),
        fingerprint=fingerprint(rule, page.url, key if key is not None else target.selector),
    )


_BLOCK_NAMES = {"p": "paragraph", "li": "list item", "td": "table cell", "th": "table heading", "dd": "description", "blockquote": "quotation", "figcaption": "caption"}


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    text = artifacts["text"]
    options = settings(page.config.options(FAMILY))
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
                _finding(
                    "reading-age-too-high",
                    "moderate",
                    f"The main text needs a reading age of {reading_age:.1f}, above the target of {options.target_reading_age:g}.",
                    f"Flesch-Kincaid grade {grade:.1f} + 5 gives a reading age of {reading_age:.1f}, from {total_words} words in "
                    f"{total_sentences} sentences ({total_words / total_sentences:.1f} words a sentence, "
                    f"{total_syllables / total_words:.2f} syllables a word). UK public services write for a reading age "
                    "of 9 so that people with low literacy can use them: use shorter sentences and everyday words.",
                    HELP_WRITING,
                    Target(*main),
                    page,
                )
            )

    if english:
        for block, sentence, count in long_sentences[: options.max_long_sentence_findings]:
            opening = " ".join(words(sentence)[:8])
            target = _target(block, main)
            findings.append(
                _finding(
                    "long-sentence",
                    "minor",
                    f"A sentence of {count} words is hard to follow.",
                    f"{_quote(sentence)} has {count} words; GOV.UK advises {options.long_sentence_words} or fewer. "
                    "Readers lose track of long sentences: split it into shorter ones.",
                    HELP_WRITING,
                    target,
                    page,
                    key=f"{target.selector} {opening}",
                )
            )
        for block, sentence_count, word_count in long_paragraphs:
            findings.append(
                _finding(
                    "long-paragraph",
                    "minor",
                    f"A {_BLOCK_NAMES.get(block.get('tag', ''), 'block of text')} of {plural(sentence_count, 'sentence')} and {word_count} words is a wall of text.",
                    f"{_quote(block.get('text', ''), 60)} is longer than {options.paragraph_sentences} sentences or "
                    f"{options.paragraph_words} words. Long blocks of text are hard to scan and to keep your place in: "
                    "break it into short paragraphs, a list or sections with headings.",
                    HELP_WRITING,
                    _target(block, main),
                    page,
                )
            )

    capitals = [(h, "heading") for h in headings] + [(b, _BLOCK_NAMES.get(b.get("tag", ""), "block of text")) for b in blocks]
    for element, kind in capitals:
        if in_capitals(element.get("text", ""), options.capitals_min_letters):
            findings.append(
                _finding(
                    "text-in-capitals",
                    "minor",
                    f"A {kind} is written in capital letters, which are harder to read.",
                    f"{_quote(element.get('text', ''), 60)}: words in capitals all have the same rectangular shape, so they "
                    "are slower to read, especially for people with dyslexia. Use sentence case, with bold for emphasis.",
                    HELP_STYLE,
                    _target(element, main),
                    page,
                )
            )

    jargon_found = []
    if english:
        jargon_found = find_jargon(main_text, options.terms)
        for term, count, form, _ in jargon_found:
            where = next((e for e in elements if term.pattern.search(e.get("text", ""))), {})
            plain = f"Use '{term.suggestion}' instead of '{term.term}'." if term.suggestion else f"Avoid '{term.term}'."
            findings.append(
                _finding(
                    "jargon",
                    "minor",
                    plain,
                    f"The main text says '{form}' {_times(count)}. Official words slow everyone down and can stop "
                    "people with low literacy or a learning disability understanding the page.",
                    HELP_JARGON,
                    _target(where, main),
                    page,
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


CHECK = Check(id=FAMILY, title="Reading and language", needs=("text",), evaluate=evaluate, settings=settings, metrics=METRICS)
