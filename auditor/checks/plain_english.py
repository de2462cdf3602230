"""The default plain-English list of the ``reading`` check: words and phrases
that public-service writers are asked to avoid, each with a plainer word.

Written for this project. Which words to avoid is drawn from public guidance:

- GOV.UK style guide, "Words to avoid" (Government Digital Service),
  https://www.gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style
- Plain English Campaign, "The A to Z of alternative words",
  https://www.plainenglish.co.uk/the-a-z-of-alternative-words.html

Only terms that are jargon in almost every sense are listed: words that are
plain in some uses ("key", "deliver", "drive", "impact", "foster", "request")
are left out, so the list rarely flags good writing. A single word also
matches its common inflections (``utilise`` finds "utilised" and
"utilising"); a phrase matches as written, in any case and spacing.

Users change the list in the ``[reading]`` table of their config:
``jargon`` replaces it, ``jargon_extra`` adds to it, ``jargon_allow`` removes
terms from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

# (term, plainer alternative); terms in lower case, alphabetical.
PLAIN_ENGLISH: tuple[tuple[str, str], ...] = (
    ("a large number of", "many"),
    ("a number of", "some"),
    ("accordingly", "so"),
    ("additional", "extra"),
    ("adjacent to", "next to"),
    ("aforementioned", "this"),
    ("alternatively", "or"),
    ("anticipate", "expect"),
    ("approximately", "about"),
    ("ascertain", "find out"),
    ("assist", "help"),
    ("assistance", "help"),
    ("at the present time", "now"),
    ("at this moment in time", "now"),
    ("at your earliest convenience", "as soon as you can"),
    ("beneficial", "helpful"),
    ("by means of", "by"),
    ("cease", "stop"),
    ("collaborate", "work with"),
    ("commence", "start"),
    ("commensurate with", "in line with"),
    ("comply with", "follow"),
    ("consequently", "so"),
    ("constitute", "make up"),
    ("correspondence", "letters"),
    ("deem", "treat as"),
    ("despatch", "send"),
    ("discontinue", "stop"),
    ("disincentivise", "discourage"),
    ("do not hesitate to", "please"),
    ("due to the fact that", "because"),
    ("empower", "let"),
    ("endeavour", "try"),
    ("enquire", "ask"),
    ("ensure", "make sure"),
    ("entitlement", "right"),
    ("envisage", "expect"),
    ("erroneous", "wrong"),
    ("expedite", "speed up"),
    ("facilitate", "help"),
    ("forthwith", "now"),
    ("furnish", "give"),
    ("furthermore", "also"),
    ("going forward", "from now on"),
    ("henceforth", "from now on"),
    ("hereinafter", "after this"),
    ("in accordance with", "under"),
    ("in addition", "also"),
    ("in conjunction with", "with"),
    ("in excess of", "more than"),
    ("in lieu of", "instead of"),
    ("in order to", "to"),
    ("in receipt of", "have"),
    ("in relation to", "about"),
    ("in respect of", "about"),
    ("in the event of", "if"),
    ("in the near future", "soon"),
    ("in view of the fact that", "because"),
    ("incentivise", "encourage"),
    ("inform", "tell"),
    ("initially", "at first"),
    ("initiate", "start"),
    ("leverage", "use"),
    ("liaise", "work with"),
    ("necessitate", "need"),
    ("notify", "tell"),
    ("notwithstanding", "despite"),
    ("obtain", "get"),
    ("on a daily basis", "daily"),
    ("on receipt of", "when you get"),
    ("on the grounds that", "because"),
    ("optimum", "best"),
    ("overarching", "overall"),
    ("particulars", "details"),
    ("per annum", "a year"),
    ("persons", "people"),
    ("prior to", "before"),
    ("provided that", "as long as"),
    ("purchase", "buy"),
    ("pursuant to", "under"),
    ("regarding", "about"),
    ("reimburse", "pay back"),
    ("remittance", "payment"),
    ("remuneration", "pay"),
    ("require", "need"),
    ("reside", "live"),
    ("residence", "home"),
    ("retain", "keep"),
    ("ring-fenced", "set aside"),
    ("robust", "strong"),
    ("should you wish", "if you want"),
    ("streamline", "simplify"),
    ("subsequently", "later"),
    ("sufficient", "enough"),
    ("terminate", "end"),
    ("the majority of", "most"),
    ("thereafter", "then"),
    ("touch base", "talk"),
    ("transmit", "send"),
    ("utilisation", "use"),
    ("utilise", "use"),
    ("utilize", "use"),
    ("whilst", "while"),
    ("with effect from", "from"),
    ("with reference to", "about"),
    ("with regard to", "about"),
    ("with the exception of", "except"),
)


# --- matching ---------------------------------------------------------------


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
