"""Meaning carried by presentation alone: words that only CSS puts on the
page, instructions that point by colour, shape, size or place, and links
told from the text round them by colour alone (WCAG 1.3.1 Info and
Relationships, 1.3.3 Sensory Characteristics, 1.4.1 Use of Color).

Reads the ``presentation`` artifact (:mod:`auditor.collectors.presentation`)
and the page's text (``text``).

Rules:

``css-generated-content`` (WCAG 1.3.1, fail: WCAG's documented failure F87)
    a ``::before`` or ``::after`` whose ``content`` carries words or a number
    ("Required", "New", "Warning:", "3 items"): it is not in the page's
    markup, so it goes when people use their own style sheet or reading
    mode, cannot be selected or translated, and assistive technology does
    not all read it alike. Not reported: quotes (``open-quote``), counters,
    bullets, a single symbol or letter (an icon, "*", "→", an icon font's
    private-use character), words set in an icon font (a ligature such as
    "search" draws one picture), empty strings, and ``attr()`` that copies text
    already in the element. It is a fail, not a review: F87 names exactly
    this, and what counts as meaning (two or more letters or digits) is
    decided from the content itself, not guessed.
``sensory-instructions`` (WCAG 1.3.3, review)
    a sentence of the page's text that tells people where or what to act on
    by colour, shape, size or position ("the green button", "on the right",
    "the round icon", "the button below"), from ``sensory_phrases``. Left out
    when the same sentence also names a control of the page by its text, or
    quotes a name ("select Continue, the green button below"): people who
    cannot see the colour or place still know what to look for.
``link-identified-by-colour-only`` (WCAG 1.4.1)
    a link in running text that differs from the text round it by colour
    alone (no underline, border, weight, style, background, outline,
    shadow or icon) in its normal state, unless, as WCAG technique G183
    allows, its colour has a contrast of at least 3 to 1 with the text
    round it AND it gains a non-colour cue both when hovered and when
    focused. Under 3 to 1 it is axe-core's ``link-in-text-block`` barrier
    too: where axe failed that rule on the page, its finding is kept
    (``defers_to``).
``link-no-cue-on-hover-or-focus`` (WCAG 1.4.1)
    the same link at 3 to 1 or more (axe passes it: it judges the normal
    state alone) that gains no non-colour cue when hovered or when focused.
    A rule of its own so that axe failing another link never hides it.

Settings (``[presentation]`` in the config file): ``sensory_phrases``
(regular expressions; setting it replaces :data:`SENSORY_PHRASES`),
``max_links`` (links in text whose hover and focus are tried, default 10).

Metrics: ``generated_text`` (pseudo-elements with words), ``links_in_text``
(links in running text read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..collectors.presentation import colour_only
from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "presentation"

UNDERSTANDING_INFO = "https://www.w3.org/WAI/WCAG22/Understanding/info-and-relationships.html"
UNDERSTANDING_SENSORY = "https://www.w3.org/WAI/WCAG22/Understanding/sensory-characteristics.html"
UNDERSTANDING_COLOUR = "https://www.w3.org/WAI/WCAG22/Understanding/use-of-color.html"
G183_URL = "https://www.w3.org/WAI/WCAG22/Techniques/general/G183"

RULES = (
    Rule("css-generated-content", ID, "serious", ("1.3.1",), ("screen-reader", "cognitive"), UNDERSTANDING_INFO,
         "Words that carry meaning are added by the style sheet (::before or ::after), not written in the page.",
         "Write the words in the page's HTML (visually hidden if need be); keep CSS content for decoration."),
    Rule("sensory-instructions", ID, "moderate", ("1.3.3",), ("screen-reader", "cognitive", "low-vision"), UNDERSTANDING_SENSORY,
         "An instruction points to something by its colour, shape, size or position: check that it also names it.",
         "Name the thing by its text as well (\"select Continue\"), not only by how or where it appears.",
         outcome="review", fixed_by="design"),
    Rule("link-identified-by-colour-only", ID, "serious", ("1.4.1",), ("low-vision", "cognitive"), UNDERSTANDING_COLOUR,
         "A link in text is told from the words round it by its colour alone.",
         "Underline links in text (or give them another cue that is not colour), in their normal state and on hover and focus."),
    Rule("link-no-cue-on-hover-or-focus", ID, "serious", ("1.4.1",), ("low-vision", "cognitive"), G183_URL,
         "A link in text is told apart by colour alone and shows no other cue when hovered or focused.",
         "Underline links in text; or, keeping a colour of at least 3:1 against the text, underline them (or give them "
         "another cue that is not colour) when hovered and when focused."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("generated_text", "Words added by the style sheet", "count",
           "::before and ::after pseudo-elements whose content carries words or numbers.", noun="pseudo-element", shown="if-any"),
    Metric("links_in_text", "Links in text", "count", "Links in running text whose look was read.", noun="link", shown="if-any"),
)

_COLOURS = r"(?:red|green|blue|yellow|orange|purple|pink|grey|gray|black|white|brown)"
_THINGS = r"(?:buttons?|links?|icons?|box(?:es)?(?!\s+junction)|tabs?|arrows?|asterisks?|stars?|circles?|squares?|symbols?|signs?|marks?|text|words?|fields?|panels?|bars?)"
# "the right" that means correct, not a side: "the right place", "the right to appeal".
_NOT_A_SIDE = r"(?!\s+(?:place|way|thing|things|time|person|people|one|ones|answer|choice|decision|information|details|amount|address|documents?|form|service|department|team|support|help)\b)"
SENSORY_PHRASES = (
    # WCAG Understanding 1.3.3's examples: "the round button", "the button on
    # the right", "the square icon", "the green button", "instructions below".
    rf"\b{_COLOURS}\s+{_THINGS}\b",
    r"\b(?:round|square|circular|triangular|rectangular|diamond|oval|star-shaped)\s+(?:buttons?|icons?|boxes|box|shapes?|symbols?)\b",
    r"\b(?:large|big|small|larger|bigger|smaller|tiny)\s+(?:buttons?|icons?|links?|arrows?)\b",
    rf"\b(?:on|to|at|in)\s+the\s+(?:right|left)(?:-hand)?(?:\s+(?:side|corner|column))?\b{_NOT_A_SIDE}",
    r"\b(?:top|bottom)[\s-](?:right|left)(?:\s+corner)?\b",
    r"\b(?:buttons?|links?|icons?|box)\s+(?:below|above)\b",
    rf"\b(?:shown|marked|highlighted|written|coloured|colored)\s+in\s+{_COLOURS}\b",
    # Welsh, adjective after noun, with the soft mutation (botwm, fotwm):
    # "y botwm gwyrdd" (the green button), "yr eicon crwn" (the round icon),
    # "ar y dde" / "ar y chwith" (on the right / left), "y botwm isod" (the
    # button below), "wedi'u marcio'n goch" (marked in red).
    r"\b(?:[bf]otwm|dolen|eicon|blwch|seren)\s+(?:gwyrdd|wyrdd|coch|goch|glas|las|melyn|felyn|oren|du|ddu|gwyn|wyn|crwn|grwn|sgw[âa]r|mawr|fawr|bach|fach)\b",
    r"\bar\s+y\s+(?:dde|chwith)\b",
    r"\b(?:[bf]otwm|dolen|eicon|blwch)\s+(?:isod|uchod)\b",
    r"\b(?:marcio|dangos|amlygu)'?n\s+(?:goch|wyrdd|las|felyn)\b",
)
"""Phrases that point by colour, shape, size or position (matched without
regard to case), in English and Welsh: a project list built on the examples
of WCAG's Understanding 1.3.3 (Sensory Characteristics)."""

G183_CONTRAST = 3.0
"""WCAG technique G183: a link's colour at least 3:1 against the text round it."""


@dataclass(frozen=True)
class Options:
    """The ``[presentation]`` table."""

    sensory_phrases: tuple[str, ...] = SENSORY_PHRASES
    """Regular expressions for instructions that point by colour, shape,
    size or position; setting it replaces the defaults."""
    max_links: int = 10
    """Links in running text read at most; each that differs by colour alone
    costs a pointer move and a page evaluation."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[presentation]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    phrases = table.get("sensory_phrases", list(SENSORY_PHRASES))
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise ValueError("[presentation] sensory_phrases must be a list of regular expressions")
    for phrase in phrases:
        try:
            re.compile(phrase)
        except re.error as exc:
            raise ValueError(f"[presentation] sensory_phrases: {phrase!r} is not a regular expression: {exc}") from None
    links = table.get("max_links", 10)
    if isinstance(links, bool) or not isinstance(links, int) or not 0 <= links <= 100:
        raise ValueError("[presentation] max_links must be a whole number from 0 to 100")
    return Options(tuple(phrases), links)


# --- generated content ----------------------------------------------------

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|attr\(\s*([\w-]+)[^)]*\)|(?:counters?|url|image-set|linear-gradient)\([^)]*\)|[\w-]+|/|\S')
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text)


def generated_text(content: str, attrs: Mapping[str, str], own_text: str) -> str:
    """The words a computed ``content`` puts on the page: its strings, and
    what its ``attr()`` copies; nothing when the element already shows
    those words;
    quotes, counters, images, and the alternative text after ``/`` are not
    shown words and give nothing."""
    shown = []
    for match in _TOKEN.finditer(content or ""):
        if match.group(0) == "/":
            break  # what follows is the alternative text for assistive technology
        string = match.group(1) if match.group(1) is not None else match.group(2)
        if string is not None:
            shown.append(_unescape(string))
        elif match.group(3):
            value = attrs.get(match.group(3).lower(), "")
            if value and value.strip().lower() not in (own_text or "").lower():
                shown.append(value)
    words = "".join(shown).strip()
    # Chromium computes attr() to the string it copies, so a copy of the
    # element's own text is known by being in that text, whatever wrote it:
    # words already in the markup lose nothing when the style sheet goes.
    squashed = re.sub(r"\s+", " ", words).lower()
    return "" if squashed and squashed in re.sub(r"\s+", " ", own_text or "").lower() else words


def carries_meaning(text: str) -> bool:
    """Whether generated text is more than decoration: two or more letters
    or digits that are not an icon font's private-use characters (a single
    symbol, letter or digit is an icon or a bullet)."""
    meaningful = [c for c in text if c.isalnum() and not 0xE000 <= ord(c) <= 0xF8FF]
    return len(meaningful) >= 2


_ICON_FONT = re.compile(r"icon|awesome|glyph|symbol|material", re.IGNORECASE)


def icon_font(font_family: str) -> bool:
    """Whether a pseudo-element is set in an icon font, whose ligatures draw
    a word (``"search"``, ``"close"``) as one picture: an icon, not words."""
    return bool(_ICON_FONT.search(font_family or ""))


# --- sensory instructions -------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_QUOTED = re.compile(r"[“\"‘'][^”\"’']{2,60}[”\"’']")


def names_a_control(sentence: str, controls: Iterable[str]) -> bool:
    """Whether a sentence also names what it points at: it quotes a name, or
    holds the text of one of the page's links or buttons as whole words."""
    if _QUOTED.search(sentence):
        return True
    low = sentence.lower()
    return any(re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", low) for name in controls if 1 < len(name) <= 60)


def sensory_sentences(text: str, phrases: Sequence[re.Pattern[str]], controls: Iterable[str]) -> list[tuple[str, str]]:
    """(sentence, phrase matched) for each sentence of ``text`` that points
    by a sensory characteristic and names nothing by its text."""
    controls = tuple(controls)
    found = []
    for sentence in (m.group(0).strip() for m in _SENTENCE.finditer(text or "")):
        said = next((m for p in phrases if (m := p.search(sentence))), None)
        if said and not names_a_control(sentence, controls):
            found.append((sentence, said.group(0)))
    return found


# --- links told by colour -------------------------------------------------

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)")


def _luminance(colour: str) -> float | None:
    match = _RGB.match(colour or "")
    if not match:
        return None
    def channel(v: float) -> float:  # WCAG 2's relative luminance
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(float(x)) for x in match.groups())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float | None:
    """WCAG 2's contrast ratio of two CSS ``rgb()`` colours; None if unread."""
    la, lb = _luminance(a), _luminance(b)
    if la is None or lb is None:
        return None
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _state_words(state: Mapping[str, Any] | None, normal: Mapping[str, Any]) -> tuple[bool, str]:
    """(has a non-colour cue, how it was judged) for the hover or focus state."""
    if not state:
        return False, "not read"
    cues = list(state.get("cues") or ())
    if cues:
        return True, "shows " + ", ".join(cues)
    if state.get("color") != normal.get("color"):
        return False, "changes colour only"
    return False, "no change"


def colour_only_link(link: Mapping[str, Any]) -> tuple[str | None, str]:
    """(the rule a link in running text fails, None for no barrier; how each
    state was judged). Under 3:1 against the text round it, it is axe-core's
    link-in-text-block barrier too (ours gives way to it); at 3:1 or more axe
    passes it, and only a missing hover or focus cue (G183) makes it one."""
    normal = link.get("normal") or {}
    if not colour_only(normal):
        return None, ""
    ratio = contrast(normal.get("color", ""), normal.get("around_color", ""))
    hover_cue, hover = _state_words(link.get("hover"), normal)
    focus_cue, focus = _state_words(link.get("focus"), normal)
    ratio_text = f"{ratio:.1f}:1" if ratio is not None else "unknown"
    how = (f"Normal: colour only, contrast {ratio_text} with the text round it. "
           f"Hovered: {hover}. Focused: {focus}.")
    if ratio is None or ratio < G183_CONTRAST:
        return "link-identified-by-colour-only", how
    return (None if hover_cue and focus_cue else "link-no-cue-on-hover-or-focus"), how


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["presentation"]
    options = page.options or Options()
    out = PageFindings(page, RULE)
    generated = 0
    for item in found.get("generated", ()):
        words = generated_text(item.get("content", ""), item.get("attrs") or {}, item.get("text", ""))
        if not carries_meaning(words) or icon_font(item.get("font", "")):
            continue
        generated += 1
        out.add("css-generated-content", f"The style sheet adds “{words[:80]}” ({item.get('pseudo', 'before')}) to this element.",
                "The words are not in the page: they go with the page's styles (reading mode, people's own colours), "
                "cannot be selected or translated, and screen readers do not all read them. " + RULE["css-generated-content"].how_to_fix,
                item.get("selector") or "body", item.get("snippet", ""), key=f"{item.get('selector')}::{item.get('pseudo')}")
    phrases = [re.compile(p, re.IGNORECASE) for p in options.sensory_phrases]
    controls = found.get("controls", ())
    seen: set[str] = set()
    for block in (artifacts.get("text") or {}).get("blocks", ()):
        if block.get("container"):
            continue
        for sentence, said in sensory_sentences(block.get("text", ""), phrases, controls):
            if sentence in seen:
                continue
            seen.add(sentence)
            out.add("sensory-instructions", f"An instruction points by “{said[:60]}”: “{sentence[:120]}”.",
                    "People who cannot see colour, shape, size or where things are on the screen (or who see them "
                    "rearranged, zoomed or read aloud) cannot follow it. " + RULE["sensory-instructions"].how_to_fix,
                    block.get("selector") or "body", block.get("snippet", ""), key=f"{block.get('selector')}|{sentence[:80]}")
    links = list(found.get("links", ()))
    for link in links:
        rule, how = colour_only_link(link)
        if rule:
            out.add(rule, f"The link “{link.get('text', '')[:80]}” is told from the text round it by colour alone.",
                    how + " People who do not see colours apart cannot find the link. " + RULE[rule].how_to_fix,
                    link.get("selector") or "a", link.get("snippet", ""))
    return CheckResult(findings=tuple(out), metrics={"generated_text": generated, "links_in_text": len(links)})


CHECK = Check(
    id=ID,
    title="Meaning carried by presentation",
    needs=("presentation", "text"),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    # axe-core's link-in-text-block judges the same barrier in the normal
    # state: where it failed on the page, its finding is the one kept.
    defers_to={"link-identified-by-colour-only": ("axe/link-in-text-block",)},
    metrics=METRICS,
)
