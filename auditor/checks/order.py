"""Reading order: text blocks that CSS shows in another order than the one
a screen reader reads them in and the Tab key reaches them (WCAG 1.3.2
Meaningful Sequence; 2.4.3 Focus Order).

Reads the ``order`` artifact (:mod:`auditor.collectors.order`): for each
element holding text blocks in two or more of its children, those children
in DOM order with the box round their blocks and the styles that can move
them.

Two children's visual order is decided in their container's flow: side by
side in a row (their boxes overlap in height by at least half the smaller
one, and not across), left before right, or right before left where the
markup says ``dir="rtl"``; otherwise one clearly above the other. Boxes that
overlap both ways have no order. A pair shown in the reverse of its DOM
order is an *inversion*, and is reported only when CSS on the container or
on the two children explains it (:func:`causes`): flex or grid ``order``,
a reversed flex direction or ``wrap-reverse``, grid placement, ``float:
right``, ``position: absolute`` or an offset ``position: relative``, or a
CSS ``direction`` other than the markup's ``dir``. Without a cause there is
no finding: columns of text (CSS columns, a grid without placement), an
image floated left and a sticky header are read in the order they are seen.
An element with ``position: fixed`` is compared with nothing: where it
shows depends on how far the page is scrolled (a cookie banner first in
the DOM and fixed to the foot of the window is read first, as it should be).

Rules (one finding per container):

``visual-order-differs-from-reading-order`` (WCAG 1.3.2, review)
    CSS shows text blocks in another order than they are read: a person
    must judge whether the meaning changes (a price before its item, a
    step 2 before step 1). A review, because a sidebar floated right or a
    logo moved after its menu may change nothing that matters.
``focus-order-differs-from-visual-order`` (WCAG 2.4.3, 1.3.2)
    the same, where both blocks of an inverted pair hold controls Tab
    stops at: Tab goes from a control to one drawn before it, so the focus
    jumps back across the page. A fail: people who use a keyboard, switch or
    voice control see the focus leave the order they read in, and WCAG's
    technique C27 (make the DOM order match the visual order) is the fix.
    It takes the place of the review finding for its container.

Metrics: ``order_blocks`` (text blocks compared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings

ID = "order"

UNDERSTANDING_SEQUENCE = "https://www.w3.org/WAI/WCAG22/Understanding/meaningful-sequence.html"
UNDERSTANDING_FOCUS = "https://www.w3.org/WAI/WCAG22/Understanding/focus-order.html"
GROUPS = ("screen-reader", "cognitive")
FOCUS_GROUPS = ("keyboard", "screen-reader", "cognitive")
FIX = ("Put the blocks in the HTML in the order they are meant to be read, and let CSS lay out that order "
       "(remove the order, the reversed direction, the float or the positioning that moves them).")

RULES = (
    Rule("visual-order-differs-from-reading-order", ID, "moderate", ("1.3.2",), GROUPS, UNDERSTANDING_SEQUENCE,
         "CSS shows blocks of text in another order than a screen reader reads them: check the meaning does not change.",
         FIX, outcome="review", fixed_by="code"),
    Rule("focus-order-differs-from-visual-order", ID, "serious", ("2.4.3", "1.3.2"), FOCUS_GROUPS, UNDERSTANDING_FOCUS,
         "CSS shows links or buttons in another order than the Tab key reaches them, so the focus jumps about the page.",
         FIX, fixed_by="code"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("order_blocks", "Text blocks compared for reading order", "count",
           "Text blocks and controls whose drawn position was compared with their order in the page.",
           noun="block", shown="in-phrase"),
)

TOLERANCE_PX = 2.0
"""Boxes that touch or overlap by this much are still one above, or beside,
the other (sub-pixel rounding, a border shared)."""

SIDE_BY_SIDE = 0.5
"""Two boxes are in one row when they overlap in height by at least this
share of the smaller one."""

MOST_PAIRS = 3
"""Inverted pairs named in a finding's detail; the rest are counted."""

MOST_CAUSES = 4
"""Causes named in a finding's detail; the rest are counted."""

_PX = re.compile(r"^-?[\d.]+px$")


@dataclass(frozen=True)
class Inversion:
    """Two children of a container shown in the reverse of their DOM order."""

    first: Mapping[str, Any]
    """The one read first (earlier in the DOM), drawn after ``second``."""
    second: Mapping[str, Any]
    causes: tuple[str, ...]

    @property
    def focus(self) -> bool:
        """Whether Tab goes from a control in ``first`` to one drawn before it."""
        return bool(self.first.get("control")) and bool(self.second.get("control"))


def _edges(box: Mapping[str, Any]) -> tuple[float, float, float, float]:
    x, y = float(box.get("x", 0)), float(box.get("y", 0))
    return x, y, x + float(box.get("width", 0)), y + float(box.get("height", 0))


def visual_order(a: Mapping[str, Any], b: Mapping[str, Any], rtl: bool = False) -> int:
    """-1 when box ``a`` is seen before box ``b``, 1 when after, 0 when
    their boxes overlap too much to say: side by side in a row, left first
    (right first when ``rtl``); else one clearly above the other."""
    ax1, ay1, ax2, ay2 = _edges(a)
    bx1, by1, bx2, by2 = _edges(b)
    smaller = min(ay2 - ay1, by2 - by1)
    overlap = min(ay2, by2) - max(ay1, by1)
    if smaller > 0 and overlap >= SIDE_BY_SIDE * smaller:
        if ax2 <= bx1 + TOLERANCE_PX:
            return 1 if rtl else -1
        if bx2 <= ax1 + TOLERANCE_PX:
            return -1 if rtl else 1
        return 0
    if ay2 <= by1 + TOLERANCE_PX:
        return -1
    if by2 <= ay1 + TOLERANCE_PX:
        return 1
    return 0


def _offset(child: Mapping[str, Any]) -> bool:
    return any(_PX.match(str(child.get(side, ""))) and float(str(child[side])[:-2]) != 0
               for side in ("top", "right", "bottom", "left"))


def _name(child: Mapping[str, Any]) -> str:
    return child.get("selector") or "an element"


def causes(container: Mapping[str, Any], first: Mapping[str, Any], second: Mapping[str, Any]) -> tuple[str, ...]:
    """The CSS on ``container`` or its children ``first`` (earlier in the
    DOM) and ``second`` that can draw ``second`` before ``first``; empty
    when none does (the order is the flow's own: columns, wrapping)."""
    found: list[str] = []
    display = str(container.get("display", ""))
    flex, grid = "flex" in display, "grid" in display
    if (flex or grid) and int(first.get("order") or 0) > int(second.get("order") or 0):
        found.extend(f"order: {c.get('order')} on {_name(c)}" for c in (first, second) if int(c.get("order") or 0) != 0)
    if flex and str(container.get("flex_direction", "")).endswith("-reverse"):
        found.append(f"flex-direction: {container['flex_direction']}")
    if flex and container.get("flex_wrap") == "wrap-reverse":
        found.append("flex-wrap: wrap-reverse")
    if grid:
        placed = [c for c in (first, second) if c.get("grid_row", "auto") != "auto" or c.get("grid_column", "auto") != "auto"]
        if placed:
            found.append("grid placement (" + "; ".join(
                f"{_name(c)} at grid-area {c.get('grid_area') or c.get('grid_row')}" for c in placed) + ")")
        elif container.get("grid_template_areas", "none") not in ("none", ""):
            found.append("grid-template-areas")
    for child in (first, second):
        if child.get("float") == "right":
            found.append(f"float: right on {_name(child)}")
        position = child.get("position")
        if position == "absolute" or (position == "relative" and _offset(child)):
            found.append(f"position: {position} on {_name(child)}")
    direction, dir_ = container.get("direction"), container.get("dir")
    if direction and dir_ and direction != dir_:
        found.append(f"direction: {direction} where the markup reads {dir_}")
    return tuple(found)


def inversions(container: Mapping[str, Any]) -> list[Inversion]:
    """The pairs of the container's children drawn in the reverse of their
    DOM order for a reason CSS gives, in DOM order of the first."""
    rtl = container.get("dir") == "rtl"
    kids = [c for c in container.get("children", ()) if c.get("position") != "fixed" and isinstance(c.get("box"), Mapping)]
    found = []
    for i, first in enumerate(kids):
        for second in kids[i + 1:]:
            if visual_order(first["box"], second["box"], rtl) == 1:
                why = causes(container, first, second)
                if why:
                    found.append(Inversion(first, second, why))
    return found


def _quote(child: Mapping[str, Any]) -> str:
    return f"“{child.get('text') or _name(child)}”"


def describe(found: Sequence[Inversion]) -> str:
    """The inverted pairs as a person reads them: what is seen first, what
    is read first, and the CSS that does it."""
    lines = [f"{_quote(inv.second)} is shown before {_quote(inv.first)}, which is read first" for inv in found[:MOST_PAIRS]]
    more = f" (and {plural(len(found) - MOST_PAIRS, 'more pair')})" if len(found) > MOST_PAIRS else ""
    why = list(dict.fromkeys(c for inv in found for c in inv.causes))
    rest = f" (and {len(why) - MOST_CAUSES} more)" if len(why) > MOST_CAUSES else ""
    return "; ".join(lines) + more + ". Caused by " + ", ".join(why[:MOST_CAUSES]) + rest + "."


def _children(found: Iterable[Inversion]) -> int:
    return len({c.get("selector") for inv in found for c in (inv.first, inv.second)})


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found_order = artifacts["order"]
    out = PageFindings(page, RULE)
    for container in found_order.get("containers", ()):
        found = inversions(container)
        if not found:
            continue
        focus = [inv for inv in found if inv.focus]
        where = container.get("selector") or "body"
        if focus:
            out.add("focus-order-differs-from-visual-order",
                    f"CSS shows {plural(_children(focus), 'group')} of links or buttons in {where} in another order than Tab reaches them.",
                    describe(focus) + " Tab follows the HTML, so the focus jumps back across the page. "
                    + RULE["focus-order-differs-from-visual-order"].how_to_fix,
                    where, container.get("snippet", ""))
        else:
            out.add("visual-order-differs-from-reading-order",
                    f"CSS shows {plural(_children(found), 'block')} in {where} in another order than they are read.",
                    describe(found) + " A screen reader reads them in the HTML's order. "
                    + RULE["visual-order-differs-from-reading-order"].how_to_fix,
                    where, container.get("snippet", ""))
    notes = ("Reading order: only the first part of a long page was compared.",) if found_order.get("truncated") else ()
    return CheckResult(findings=tuple(out), metrics={"order_blocks": int(found_order.get("blocks", 0))}, notes=notes)


CHECK = Check(
    id=ID,
    title="Reading order",
    needs=("order",),
    evaluate=evaluate,
    rules=RULES,
    metrics=METRICS,
)
