"""Which language a passage is written in, and what a ``lang`` attribute names.

The detector is py3langid (a maintained fork of langid.py: a naive Bayes
model over byte n-grams of about 140 languages, Welsh, Scottish Gaelic and
Irish among them, shipped inside its 4.6 MB wheel, so it works offline; it
needs numpy). It was chosen over
lingua-language-detector after ``benchmarks/language.py`` compared the two on
the labelled passages of ``benchmarks/language_passages.tsv``: see the README
(Language) for the figures and the reasons.

A guess is only trusted for a passage long enough to judge
(:data:`MIN_WORDS` words and :data:`MIN_LETTERS` letters) and when the model
is confident (:data:`MIN_CONFIDENCE`): short strings, names and addresses
are where every detector guesses wildly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MIN_WORDS = 5
"""Words a passage needs before its language is judged. Below five words the
labelled passages of the benchmark are where both detectors err (a name, an
address, "Pay online" in any language); five to thirty words is the range
measured."""

MIN_LETTERS = 25
"""Letters a passage needs besides its words (scripts without spaces between
words, Chinese say, count by letters: 25 is about a short sentence)."""

MIN_CONFIDENCE = 0.95
"""The smallest normalised probability of the best language that is taken
as an answer. py3langid's probabilities are sharp: the benchmark's right
guesses of five words or more are nearly all above 0.99, its wrong ones
mostly below 0.9."""

RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "ha-arab", "he", "iw", "ckb", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"})
"""Primary language subtags written right to left (the scripts Arabic,
Hebrew, Syriac, Thaana)."""

# The primary subtag of a BCP 47 tag (RFC 5646 section 2.1): 2-3 letters, or
# 4-8 for registered languages; "x-" private use and "i-" grandfathered tags
# say nothing a detector can check.
_TAG = re.compile(r"^\s*([A-Za-z]{2,3}|[A-Za-z]{5,8})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

# Languages close enough that a detector swaps them on short text, so a
# page marked one and read as the other is not reported (Norwegian Bokmål,
# Nynorsk and Danish; Malay and Indonesian; Serbian, Croatian and Bosnian;
# Czech and Slovak; the model's regional varieties of Arabic, Chinese,
# Hebrew, Kurdish and Uzbek with their language; Hindi and Urdu are written
# in different scripts and are told apart).
_CLOSE = ({"no", "nb", "nn", "da"}, {"ms", "id"}, {"sr", "hr", "bs", "sh"}, {"cs", "sk"}, {"ar", "ary", "arz"},
          {"zh", "yue", "wuu"}, {"he", "hbo"}, {"ku", "sdh", "ckb"}, {"uz", "uzs"})

NO_LANGUAGE = "zxx"
"""The model's label for text in no language (codes, numbers): never an answer."""

# Tags whose old and new primary subtags mean one language (IANA registry
# "Deprecated"/"Preferred-Value", and ISO 639-1 with its 639-2 equivalents a
# page may use instead).
_SAME = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "wel": "cy", "cym": "cy", "eng": "en",
         "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "pol": "pl", "urd": "ur", "ara": "ar",
         "spa": "es", "ita": "it", "por": "pt", "ron": "ro", "rum": "ro", "lit": "lt", "zho": "zh", "chi": "zh",
         "gle": "ga", "ben": "bn", "pan": "pa", "som": "so", "nob": "nb", "nno": "nn", "tgl": "fil", "tl": "fil"}


@dataclass(frozen=True)
class Guess:
    """A detector's answer for one passage: the language's ISO 639-1 code
    and the model's normalised probability."""

    language: str
    confidence: float


def primary(tag: str) -> str:
    """The primary language of a ``lang`` value, lower case and in its
    preferred form (``en-GB`` is ``en``, ``cym`` is ``cy``); ``""`` for an
    empty value and for one that is not a language tag."""
    match = _TAG.match(tag or "")
    if not match:
        return ""
    code = match.group(1).lower()
    return _SAME.get(code, code)


def same_language(tag_or_code: str, detected: str) -> bool:
    """Whether a ``lang`` value (or code) and a detected code name one
    language, counting close languages a detector swaps as one."""
    a, b = primary(tag_or_code), primary(detected)
    return a == b or any(a in group and b in group for group in _CLOSE)


def is_rtl(code: str) -> bool:
    """Whether a language is written right to left."""
    return primary(code) in RTL_LANGUAGES


def words(text: str) -> int:
    """Words in a passage: runs of letters, with inner apostrophes and hyphens."""
    return len(_WORD.findall(text or ""))


def letters(text: str) -> int:
    """Letters in a passage (any script)."""
    return sum(1 for ch in text or "" if ch.isalpha())


def long_enough(text: str) -> bool:
    """Whether a passage is long enough for its language to be judged."""
    return letters(text) >= MIN_LETTERS and (words(text) >= MIN_WORDS or _unspaced(text))


def _unspaced(text: str) -> bool:
    """Whether a passage is mostly in a script written without spaces
    (Chinese, Japanese, Thai), where words cannot be counted by spaces."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) == "W" or "\u0e00" <= ch <= "\u0e7f")
    return wide * 2 >= letters(text) > 0


def rtl_letters(text: str) -> int:
    """Letters of right-to-left scripts (Unicode bidirectional class R or AL)."""
    return sum(1 for ch in text or "" if unicodedata.bidirectional(ch) in ("R", "AL"))


def mostly_rtl(text: str) -> bool:
    """Whether most letters of a passage are of right-to-left scripts."""
    total = letters(text)
    return total > 0 and rtl_letters(text) * 2 > total


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid model, loaded once per process (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Guess | None:
    """The language of ``text``; None when it is too short to judge or the
    model is not confident enough (:data:`MIN_CONFIDENCE`)."""
    if not long_enough(text):
        return None
    language, confidence = _identifier().classify(text)
    if confidence < MIN_CONFIDENCE or language == NO_LANGUAGE:
        return None
    return Guess(primary(language) or language, round(float(confidence), 4))


def raw_guess(text: str) -> Guess:
    """The model's best language for ``text`` whatever its length or
    confidence (for the benchmark)."""
    language, confidence = _identifier().classify(text)
    return Guess(primary(language) or language, round(float(confidence), 4))
