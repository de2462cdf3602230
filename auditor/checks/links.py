"""Links and abbreviations: what surprises or stops a reader who cannot
see the whole screen or does not know the jargon.

Reads the ``links`` artifact (:mod:`auditor.collectors.links`).

Rules:

``new-window-unwarned`` (WCAG 3.2.5 advisory, review)
    a link opens a new window or tab (``target="_blank"``, or
    ``window.open`` in its ``onclick``) and its accessible name does not say
    so ("opens in a new tab", "(new window)"; Welsh "agor mewn tab
    newydd"). A screen reader user, or someone magnifying one corner of the
    screen, does not see the new tab open, and the Back button no longer
    works. Advisory at level AAA (technique G201), so a person checks
    whether the new window is needed at all.
``abbreviation-unexpanded`` (inclusion finding, review)
    an abbreviation (an ``<abbr>`` without a ``title``, or a word of 2 to 6
    capital letters such as "DVLA" or "PIP") whose first use on the page is
    not expanded: not an ``<abbr title>``, and with no words in brackets
    after it ("PIP (Personal Independence Payment)") nor it in brackets
    after words ("Personal Independence Payment (PIP)") in the same
    sentence. People with a learning disability, with dyslexia or new to
    the service do not know what it stands for (GOV.UK style guide: spell
    out an abbreviation the first time it is used). Ones everyone knows
    (:data:`KNOWN_ABBREVIATIONS`) are left alone; a passage set all in
    capitals is not read for them.

Links to documents, whose names should say the format and size, are the
``documents`` family's.

Settings (``[links]`` in the config file): ``known_abbreviations``, added to
:data:`KNOWN_ABBREVIATIONS`.

Metrics: ``new_window_unwarned``, ``unexpanded_abbreviations``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "links"
MAX_PER_RULE = 10
MAX_TEXT_CHARS = 60_000
"""Characters of the main content read for abbreviations at most (the
reading family's limit): a page of 72 kB of "Mr. X " is not read to its end."""

HELP_NEW_WINDOW = "https://www.w3.org/WAI/WCAG22/Techniques/general/G201"
HELP_ABBREVIATIONS = "https://www.w3.org/WAI/WCAG22/Understanding/abbreviations.html"

RULES = (
    Rule("new-window-unwarned", ID, "moderate", ("3.2.5",), ("screen-reader", "cognitive"), HELP_NEW_WINDOW,
         "A link opens a new window or tab without saying so in its name.",
         "Open the page in the same tab; where a new tab is needed (a form people must not lose), add "
         "“(opens in new tab)” to the link text.", outcome="review", fixed_by="design"),
    Rule("abbreviation-unexpanded", ID, "minor", (), ("cognitive",), HELP_ABBREVIATIONS,
         "An abbreviation is used without saying what it stands for.",
         "Write it out in full the first time it is used, with the abbreviation in brackets after it, "
         "or use plain words instead.", outcome="review", fixed_by="design"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("new_window_unwarned", "Links opening a new tab unannounced", "count",
           "Links that open a new window or tab and do not say so in their name.", noun="link", shown="if-any"),
    Metric("unexpanded_abbreviations", "Abbreviations not explained", "count",
           "Abbreviations whose first use on the page does not say what they stand for.", noun="abbreviation", shown="if-any"),
)

NEW_WINDOW_WARNINGS = (
    r"\b(opens?|opening)\b[^()]{0,20}\bnew\s+(browser\s+)?(tab|window)\b",
    r"\(\s*new\s+(browser\s+)?(tab|window)\s*\)",
    r"\bin\s+a\s+new\s+(browser\s+)?(tab|window)\b",
    r"\bexternal\s+link\b",
    # Welsh: "yn agor mewn tab newydd" / "ffenestr newydd" (opens in a new tab / window).
    r"\bagor\b[^()]{0,20}\b(tab|ffenestr)\s+newydd\b",
    r"\(\s*(tab|ffenestr)\s+newydd\s*\)",
)
"""What a link's name says to warn of a new window or tab, in English and
Welsh (the wording the GOV.UK Design System and Welsh Government use)."""

KNOWN_ABBREVIATIONS = frozenset({
    "UK", "GB", "EU", "US", "USA", "NHS", "GOV.UK", "BBC", "PDF", "TV", "OK", "AM", "PM", "ID",
    # WCAG's conformance levels, as every accessibility statement names them
    # ("meets ... at level AA"): names of levels, not shortened words.
    "AA", "AAA",
    # Welsh: DU (Y Deyrnas Unedig, the UK), GIG (Gwasanaeth Iechyd Gwladol, the NHS).
    "DU", "GIG",
})
"""Abbreviations everyone knows, never reported (the project's list; add a
service's own with ``known_abbreviations``)."""

_WARNINGS = tuple(re.compile(p, re.IGNORECASE) for p in NEW_WINDOW_WARNINGS)
# Capitals that are part of a reference code (GW-2026-48317) are no abbreviation.
_CAPITALS = re.compile(r"(?<![\w.-])[A-Z]{2,6}(?:\.[A-Z]{2,6})*(?!\w|-\w*\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Options:
    """The ``[links]`` table."""

    known_abbreviations: tuple[str, ...] = ()
    """Abbreviations, besides :data:`KNOWN_ABBREVIATIONS`, that the people
    a service is for all know (matched exactly, capitals and all)."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[links]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    known = table.get("known_abbreviations", [])
    if not isinstance(known, list) or not all(isinstance(k, str) and k.strip() for k in known):
        raise ValueError("[links] known_abbreviations must be a list of abbreviations")
    return Options(tuple(k.strip() for k in known))


def warns_of_new_window(name: str) -> bool:
    """Whether a link's accessible name tells people it opens a new window or tab."""
    return any(p.search(name or "") for p in _WARNINGS)


def shouting(text: str) -> bool:
    """Whether a passage is set all in capitals (a heading in capitals): its
    words are not abbreviations."""
    words = _WORD.findall(text or "")
    return len(words) >= 2 and sum(w.isupper() for w in words) * 2 > len(words)


def sentences(text: str) -> list[str]:
    """A passage cut into sentences (at ``.``, ``!`` or ``?`` before a space)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def expanded(abbreviation: str, sentence: str) -> bool:
    """Whether ``sentence`` expands ``abbreviation`` in brackets: words then
    ``(PIP)``, or ``PIP (`` then at least two words."""
    escaped = re.escape(abbreviation)
    before = re.search(rf"([^\W\d_]{{2,}}[^()]*)\(\s*{escaped}\s*\)", sentence)
    after = re.search(rf"(?<![\w.]){escaped}\s*\(([^()]*)\)", sentence)
    return bool(before) or bool(after and len(_WORD.findall(after.group(1))) >= 2)


def first_uses(passages: Iterable[Mapping[str, Any]], candidates: Iterable[str], known: frozenset[str]) -> list[tuple[str, Mapping[str, Any], bool]]:
    """Each abbreviation's first use, in page order: (abbreviation, the
    passage, whether that sentence expands it). ``candidates`` are words to
    look for besides the runs of capitals (the text of ``<abbr>`` elements)."""
    extra = [c for c in dict.fromkeys(candidates) if c and c not in known]
    seen: dict[str, tuple[str, Mapping[str, Any], bool]] = {}
    budget = MAX_TEXT_CHARS
    for passage in passages:
        text = (passage.get("text", "") or "")[:budget]
        budget -= len(text)
        if not text:
            break
        loud = shouting(text)  # once a passage: per sentence it made a long passage cost its length squared
        for sentence in sentences(text):
            found = [] if loud else [m.group(0) for m in _CAPITALS.finditer(sentence)]
            found += [c for c in extra if re.search(rf"(?<![\w.]){re.escape(c)}(?![\w])", sentence)]
            for word in found:
                if word not in known and word not in seen:
                    seen[word] = (word, passage, expanded(word, sentence))
    return list(seen.values())


def _new_windows(out: PageFindings, found: Mapping[str, Any]) -> int:
    unwarned = [link for link in found.get("new_window", ()) if not warns_of_new_window(link.get("name", ""))]
    for link in unwarned[:MAX_PER_RULE]:
        name = link.get("name", "") or "(no name)"
        how = "by a script (window.open)" if link.get("how") == "window.open" else "(target=\"_blank\")"
        out.add(
            "new-window-unwarned",
            f"The link “{name[:80]}” opens a new window or tab {how} without saying so.",
            "People using a screen reader or magnifier may not notice the new tab, and the Back button no longer takes them back. "
            + RULE["new-window-unwarned"].how_to_fix,
            link.get("selector", "a"),
            link.get("snippet", ""),
        )
    return len(unwarned)


def _abbreviations(out: PageFindings, found: Mapping[str, Any], options: Options) -> int:
    abbrs = list(found.get("abbrs", ()))
    titled = {a.get("text", "") for a in abbrs if a.get("title")}
    untitled = {a.get("text", ""): a for a in reversed(abbrs) if not a.get("title")}
    known = frozenset(KNOWN_ABBREVIATIONS | set(options.known_abbreviations) | titled)
    unexpanded = [(word, passage) for word, passage, ok in first_uses(found.get("passages", ()), untitled, known) if not ok]
    for word, passage in unexpanded[:MAX_PER_RULE]:
        where = untitled.get(word) or passage
        out.add(
            "abbreviation-unexpanded",
            f"“{word}” is used without saying what it stands for.",
            "People with a learning disability or dyslexia, and people new to the service, may not know what it means. "
            + RULE["abbreviation-unexpanded"].how_to_fix,
            where.get("selector") or "body",
            where.get("snippet", ""),
            key=word,
        )
    return len(unexpanded)


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["links"]
    out = PageFindings(page, RULE)
    unwarned = _new_windows(out, found)
    unexpanded = _abbreviations(out, found, page.options or Options())
    return CheckResult(findings=tuple(out), metrics={"new_window_unwarned": unwarned, "unexpanded_abbreviations": unexpanded})


CHECK = Check(
    id=ID,
    title="Links and abbreviations",
    needs=("links",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
)
