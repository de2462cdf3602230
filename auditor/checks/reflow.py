"""Small screens and zoom: the page at 320 CSS px wide, with the WCAG text
spacing, its viewport ``<meta>`` and orientation locks.

Reads the ``layout`` artifact (see :mod:`auditor.collectors.layout`).

Rules:

``horizontal-scroll-at-320px`` (WCAG 1.4.10)
    the page scrolls sideways (or cuts content off) at 320 CSS px: one
    finding per element that sticks out, or one for the page when no single
    element could be named. A data table or code block that sticks out is a
    ``review``: 1.4.10 lets two-dimensional content scroll, though in a box
    of its own rather than the whole page.
``text-clipped-with-text-spacing`` (WCAG 1.4.12)
    text cut off or spilling out of its box once line, paragraph, letter and
    word spacing are increased to the WCAG figures.
``zoom-disabled`` (WCAG 1.4.4)
    the viewport ``<meta>`` stops pinch zoom (``user-scalable=no``) or caps
    it below 200% (``maximum-scale`` under 2). axe-core's ``meta-viewport``
    rule finds the same; this one names who it excludes.
``orientation-locked`` (WCAG 1.3.4)
    the style sheets turn the page a quarter turn, or hide it, in one
    orientation.

Metrics: ``reflow_scroll_width_320`` (the document's width in CSS px at a
320 px viewport), ``reflow_overflow_px`` (how much wider than the viewport),
``text_spacing_clipped`` (text containers clipped with the spacing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..model import Finding, Target
from ..rule import Rule, by_id
from .base import SNIPPET_LIMIT, Check, CheckResult, Metric, PageContext, element_target, refuse_unknown, table_settings

ID = "reflow"

REFLOW_URL = "https://www.w3.org/WAI/WCAG22/Understanding/reflow.html"
TEXT_SPACING_URL = "https://www.w3.org/WAI/WCAG22/Understanding/text-spacing.html"
RESIZE_TEXT_URL = "https://www.w3.org/WAI/WCAG22/Understanding/resize-text.html"
ORIENTATION_URL = "https://www.w3.org/WAI/WCAG22/Understanding/orientation.html"

RULES = (
    Rule("horizontal-scroll-at-320px", ID, "serious", ("1.4.10",), ("low-vision", "older-devices"), REFLOW_URL,
         "At 320 px wide the page scrolls sideways or cuts content off.",
         "Use widths in percentages or max-width: 100%, let long words and addresses wrap (overflow-wrap: anywhere), "
         "and stack columns on narrow screens; a data table or code block may scroll in a box of its own (overflow-x: auto)."),
    Rule("text-clipped-with-text-spacing", ID, "serious", ("1.4.12",), ("low-vision", "cognitive"), TEXT_SPACING_URL,
         "Text is cut off when a person increases letter, word or line spacing.",
         "Let the box grow with its text (min-height instead of height, no overflow: hidden on text)."),
    Rule("zoom-disabled", ID, "critical", ("1.4.4",), ("low-vision",), RESIZE_TEXT_URL,
         "The page stops people zooming in.",
         "Remove user-scalable=no and maximum-scale from the viewport meta tag (width=device-width, initial-scale=1 is enough)."),
    Rule("orientation-locked", ID, "serious", ("1.3.4",), ("low-vision", "older-devices"), ORIENTATION_URL,
         "The page works in only one screen orientation.",
         "Let the layout adapt to both orientations: no style that turns or hides the page in one of them."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("reflow_overflow_px", "Wider than a 320 px screen by", "px", "How far the page's content reaches past a window 320 CSS pixels wide."),
    Metric("text_spacing_clipped", "Text cut off with wider spacing", "count", "Elements whose text is cut off when letter, word and line spacing are increased.",
           noun="element"),
)

MIN_MAXIMUM_SCALE = 2.0
"""WCAG 1.4.4 Resize Text: text can be resized up to 200%, so a viewport
``maximum-scale`` below 2 blocks it."""

TWO_DIMENSIONAL = frozenset({"table", "pre", "code"})
"""Elements whose content may need two-dimensional scrolling (1.4.10's
exception for data tables and code, when they scroll in their own box)."""

_VIEWPORT_PAIR = re.compile(r"([A-Za-z-]+)\s*=\s*([^,;\s]+)")


def parse_viewport(content: str) -> dict[str, str]:
    """The ``key=value`` pairs of a viewport ``<meta>`` content, keys lower-cased
    (browsers accept commas, and in practice semicolons, between them)."""
    return {k.lower(): v.strip().strip("'\"").lower() for k, v in _VIEWPORT_PAIR.findall(content or "")}


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def zoom_blocks(content: str) -> list[str]:
    """Why this viewport ``<meta>`` blocks zooming to 200%: empty when it does not.

    ``user-scalable`` is ``no`` or a number between -1 and 1 (as browsers read
    it), or ``maximum-scale`` is under 2."""
    pairs = parse_viewport(content)
    reasons = []
    scalable = pairs.get("user-scalable")
    if scalable is not None:
        number = _number(scalable)
        if scalable == "no" or (number is not None and abs(number) < 1):
            reasons.append(f"user-scalable={scalable}")
    maximum = pairs.get("maximum-scale")
    if maximum is not None:
        number = _number(maximum)
        if number is not None and 0 < number < MIN_MAXIMUM_SCALE:
            reasons.append(f"maximum-scale={maximum}")
    return reasons


def reflow_findings(reflow: Mapping[str, Any], page: PageContext) -> list[Finding]:
    width = int(reflow.get("viewport_width") or reflow.get("width") or 320)
    overflow = int(reflow.get("overflow_px") or 0)
    if overflow <= 1:
        return []
    cut = bool(reflow.get("cut_off"))
    effect = "is cut off" if cut else "makes the page scroll sideways"
    findings = []
    for culprit in reflow.get("culprits", ()):
        tag = culprit.get("tag", "")
        two_d = tag in TWO_DIMENSIONAL
        what = f"<{tag}>" if tag else "element"
        summary = (
            f"Text in a {what} reaches {culprit.get('right', 0)} px across a {width} px wide screen and {effect}."
            if culprit.get("cause") == "text"
            else f"An element {culprit.get('width', 0)} px wide ({what}) does not fit a {width} px wide screen and {effect}."
        )
        if two_d:
            detail = (
                "Data tables and code may need scrolling in two directions, but in a box of their own: "
                "wrap it in a container with overflow-x: auto so the rest of the page still fits."
            )
        else:
            detail = (
                "People who zoom to 400% or use small phones must scroll sideways to read each line, or lose content. "
                "Use widths in percentages or max-width: 100%, let long words and addresses wrap (overflow-wrap: anywhere), "
                "and stack columns on narrow screens."
            )
        selector = culprit.get("selector") or "html"
        findings.append(
            RULE["horizontal-scroll-at-320px"].finding(
                page.url,
                (element_target({**culprit, "selector": selector}),),
                summary,
                detail + f" The page is {reflow.get('scroll_width', 0)} px wide at a {width} px viewport.",
                outcome="review" if two_d else "fail",
                impact="moderate" if two_d else "serious",
            )
        )
    if not findings:
        findings.append(
            RULE["horizontal-scroll-at-320px"].finding(
                page.url,
                (Target("html", "<html>"),),
                f"The page is {reflow.get('scroll_width', 0)} px wide on a {width} px wide screen and {effect}.",
                "People who zoom to 400% or use small phones must scroll sideways to read each line. "
                "No single element could be named: look for fixed widths, wide images and content placed off screen.",
            )
        )
    return findings


def text_spacing_findings(spacing: Mapping[str, Any], page: PageContext) -> list[Finding]:
    findings = []
    for item in spacing.get("clipped", ()):
        selector = item.get("selector") or "html"
        how = "cut off" if item.get("clipped") else "spills out of its box"
        findings.append(
            RULE["text-clipped-with-text-spacing"].finding(
                page.url,
                (element_target({**item, "selector": selector}),),
                f"Text {how} when people increase line, letter and word spacing.",
                "People with dyslexia or low vision set wider spacing so they can read; boxes of fixed height or width "
                "then hide or overlap their text. Let the box grow with its text (min-height instead of height, no "
                f"overflow: hidden on text). The text reaches {item.get('overflow_px', 0)} px past its box "
                f"({item.get('scroll_height', 0)} px of content in {item.get('client_height', 0)} px).",
            )
        )
    return findings


def zoom_findings(content: str | None, page: PageContext) -> list[Finding]:
    if content is None:
        return []
    reasons = zoom_blocks(content)
    if not reasons:
        return []
    snippet = f'<meta name="viewport" content="{content}">'[:SNIPPET_LIMIT]
    return [
        RULE["zoom-disabled"].finding(
            page.url,
            (Target('meta[name="viewport"]', snippet),),
            f"The page stops people zooming in ({', '.join(reasons)} in the viewport meta tag).",
            "People with low vision pinch to zoom on phones to read the text. " + RULE["zoom-disabled"].how_to_fix,
        )
    ]


def orientation_findings(locks: Any, page: PageContext) -> list[Finding]:
    findings = []
    seen = set()
    for lock in locks or ():
        selector = (lock.get("selector") or "html").strip()
        orientation = lock.get("orientation", "")
        if (selector, orientation) in seen:
            continue
        seen.add((selector, orientation))
        other = {"portrait": "landscape", "landscape": "portrait"}.get(orientation, "the other orientation")
        action = "turns the page sideways" if lock.get("how") == "rotated" else "hides the page"
        snippet = f"@media (orientation: {orientation}) {{ {selector} {{ {lock.get('declaration', '')} }} }}"
        findings.append(
            RULE["orientation-locked"].finding(
                page.url,
                (Target(selector, snippet[:SNIPPET_LIMIT]),),
                f"The style sheet {action} in {orientation} orientation, so it only works in {other}.",
                "People with a phone or tablet fixed to a wheelchair or stand cannot turn it, and some people with low "
                "vision use landscape for larger text. Let the layout adapt to both orientations "
                f"(rule in {lock.get('stylesheet', 'a style sheet')}).",
            )
        )
    return findings


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    layout = artifacts["layout"]
    reflow = layout.get("reflow", {})
    spacing = layout.get("text_spacing", {})
    findings = [
        *reflow_findings(reflow, page),
        *text_spacing_findings(spacing, page),
        *zoom_findings(layout.get("viewport_meta"), page),
        *orientation_findings(layout.get("orientation_locks"), page),
    ]
    metrics = {
        "reflow_scroll_width_320": int(reflow.get("scroll_width") or 0),
        "reflow_overflow_px": int(reflow.get("overflow_px") or 0),
        "text_spacing_clipped": int(spacing.get("count") or 0),
    }
    return CheckResult(findings=tuple(findings), metrics=metrics)


@dataclass(frozen=True)
class Options:
    """``[reflow]`` has no settings yet."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """Any name in ``[reflow]`` is a mistake (ValueError)."""
    refuse_unknown(ID, table, table_settings(Options))
    return Options()


CHECK = Check(id=ID, title="Small screens and zoom", needs=("layout",), evaluate=evaluate, rules=RULES, parse_options=parse_options,
              metrics=METRICS)
