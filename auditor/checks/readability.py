"""How hard a text is to read, measured: words, sentences, syllables, the
Flesch-Kincaid grade and block capitals. Pure functions of text, used by the
reading family (:mod:`auditor.checks.reading`).

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
"""

from __future__ import annotations

import functools
import re
import unicodedata

CAPITALS_MIN_LETTERS = 20
CAPITALS_SHARE = 0.8
"""Text is "in capitals" when 80% of its letters are capitals, 20 or more of them."""

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
