"""Typography for reading: text set so that people with low vision,
dyslexia or another first language can read it (inclusion findings, no
WCAG A or AA criterion; the defaults follow WCAG 1.4.8 Visual
Presentation, level AAA, where it gives a figure).

Reads the ``typography`` artifact (:mod:`auditor.collectors.typography`,
which says how lines are measured).

Rules, each with its threshold a setting (``[typography]``):

``small-text`` (``min_font_px``, 12)
    text in the main content smaller than 12 CSS pixels: the GOV.UK Design
    System's type scale goes no smaller (its smallest size, 14, is 12 px on
    small screens).
``justified-text`` (``report_justified``, true)
    a block of more than one line set justified: the uneven spaces between
    words form "rivers" that people with dyslexia lose their place in
    (British Dyslexia Association Dyslexia Style Guide; WCAG 1.4.8).
``long-lines`` (``max_line_chars``, 80)
    a block whose longest line holds more than 80 characters (WCAG 1.4.8:
    "width is no more than 80 characters or glyphs").
``tight-line-height`` (``min_line_height``, 1.5)
    a paragraph of more than one line whose line height is under 1.5 times
    its font size (WCAG 1.4.8: "line spacing (leading) is at least
    space-and-a-half within paragraphs"; also the BDA's guide).
``long-italics`` (``max_italic_chars``, 100)
    a run of italic text longer than 100 characters (the BDA's guide
    advises against italics, which make letters crowd and lean; the
    length, about a sentence and a half, is this project's choice, so
    that a title or a term in italics is not reported).

Each rule reports at most :data:`MAX_PER_RULE` elements a page; the
metrics count them all.

Metrics: ``small_text``, ``justified_blocks``, ``long_line_blocks``,
``tight_paragraphs``, ``long_italic_runs``, ``longest_line_chars``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable, Mapping

from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "typography"
GROUPS = ("cognitive", "low-vision")
HELP_VISUAL = "https://www.w3.org/WAI/WCAG22/Understanding/visual-presentation.html"
MAX_PER_RULE = 10

RULES = (
    Rule("small-text", ID, "moderate", (), GROUPS, HELP_VISUAL,
         "Text in the main content is smaller than 12 CSS pixels.",
         "Set body text at 16 pixels or more (GOV.UK uses 19 on large screens) and no text under 12 pixels.", fixed_by="design"),
    Rule("justified-text", ID, "minor", (), GROUPS, HELP_VISUAL,
         "Text is justified: the uneven spaces between words make it harder to read.",
         "Align text to the left (text-align: start) and leave the right edge ragged.", fixed_by="design"),
    Rule("long-lines", ID, "minor", (), GROUPS, HELP_VISUAL,
         "Lines of text are longer than 80 characters, so the eye loses its place going back to the next line.",
         "Limit the width of text blocks (max-width: 40em or so, or GOV.UK's two-thirds column).", fixed_by="design"),
    Rule("tight-line-height", ID, "minor", (), GROUPS, HELP_VISUAL,
         "Lines of a paragraph are set closer than 1.5 times the text size.",
         "Set line-height to 1.5 or more in paragraphs.", fixed_by="design"),
    Rule("long-italics", ID, "minor", (), GROUPS, HELP_VISUAL,
         "A long run of text is in italics, which is harder to read.",
         "Use italics only for a few words, such as a title; use bold for emphasis.", fixed_by="design"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("small_text", "Text smaller than the minimum size", "count",
           "Elements of the main content whose text is smaller than min_font_px.", noun="element", shown="if-any"),
    Metric("justified_blocks", "Justified blocks of text", "count", "Blocks of text of more than one line set justified.",
           noun="block", shown="if-any"),
    Metric("long_line_blocks", "Blocks with lines too long", "count", "Blocks of text whose longest line is over max_line_chars.",
           phrase="{value} (the longest holds {longest_line_chars})", noun="block", shown="if-any"),
    Metric("tight_paragraphs", "Paragraphs with lines too close", "count",
           "Paragraphs of more than one line with a line height under min_line_height.", noun="paragraph", shown="if-any"),
    Metric("long_italic_runs", "Long runs of italics", "count", "Runs of italic text over max_italic_chars.", noun="run", shown="if-any"),
    Metric("longest_line_chars", "Longest line", "count", "The most characters on one line of the main content's text.",
           noun="character", shown="in-phrase"),
)


@dataclass(frozen=True)
class Options:
    """The ``[typography]`` table (sources of the defaults in the module's docstring and the README)."""

    min_font_px: float = 12.0
    max_line_chars: int = 80
    min_line_height: float = 1.5
    max_italic_chars: int = 100
    report_justified: bool = True


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[typography]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    values: dict[str, Any] = {}
    for field in fields(Options):
        if field.name not in table:
            continue
        value = table[field.name]
        if field.type in (bool, "bool"):
            if not isinstance(value, bool):
                raise ValueError(f"[typography] {field.name} must be true or false")
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ValueError(f"[typography] {field.name} must be a positive number")
        elif field.type in (int, "int"):
            value = int(value)
        values[field.name] = value
    return Options(**values)


def _quoted(item: Mapping[str, Any]) -> str:
    text = (item.get("text") or "").strip()
    return f"“{text[:60]}{'…' if len(text) > 60 else ''}”" if text else "its text"


def _report(out: PageFindings, rule: str, items: list[Mapping[str, Any]], say: Callable[[Mapping[str, Any]], str]) -> int:
    for item in items[:MAX_PER_RULE]:
        out.add(rule, say(item), RULE[rule].how_to_fix, item.get("selector") or "html", item.get("snippet", ""))
    return len(items)


def line_height_ratio(block: Mapping[str, Any]) -> float:
    """A block's line height over its font size."""
    font = float(block.get("font_px") or 0)
    return float(block.get("line_height_px") or 0) / font if font > 0 else 0.0


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["typography"]
    options = page.options or Options()
    out = PageFindings(page, RULE)
    blocks = [b for b in found.get("blocks", ()) if b.get("chars")]
    small = [s for s in found.get("sizes", ()) if 0 < float(s.get("font_px") or 0) < options.min_font_px]
    justified = [b for b in blocks if options.report_justified and b.get("align") == "justify" and int(b.get("lines") or 0) > 1]
    long_lines = [b for b in blocks if int(b.get("longest_line_chars") or 0) > options.max_line_chars]
    tight = [b for b in blocks if b.get("tag") == "p" and int(b.get("lines") or 0) > 1
             and line_height_ratio(b) < options.min_line_height - 0.01]  # a hundredth for rounding of computed pixels
    italics = [i for i in found.get("italics", ()) if int(i.get("chars") or 0) > options.max_italic_chars]
    metrics = {
        "small_text": _report(out, "small-text", small,
                              lambda s: f"Text is {float(s['font_px']):g} CSS pixels high, under {options.min_font_px:g}: {_quoted(s)}."),
        "justified_blocks": _report(out, "justified-text", justified,
                                    lambda b: f"A <{b.get('tag', 'p')}> of {b.get('lines')} lines is justified: {_quoted(b)}."),
        "long_line_blocks": _report(out, "long-lines", long_lines,
                                    lambda b: f"Lines of this <{b.get('tag', 'p')}> hold up to {b.get('longest_line_chars')} characters, "
                                              f"over {options.max_line_chars}: {_quoted(b)}."),
        "tight_paragraphs": _report(out, "tight-line-height", tight,
                                    lambda b: f"The paragraph's line height is {line_height_ratio(b):.2f} times its text size, "
                                              f"under {options.min_line_height:g}: {_quoted(b)}."),
        "long_italic_runs": _report(out, "long-italics", italics,
                                    lambda i: f"{i.get('chars')} characters in a row are in italics: {_quoted(i)}."),
        "longest_line_chars": max((int(b.get("longest_line_chars") or 0) for b in blocks), default=0),
    }
    return CheckResult(findings=tuple(out), metrics=metrics)


CHECK = Check(
    id=ID,
    title="Typography for reading",
    needs=("typography",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
)
