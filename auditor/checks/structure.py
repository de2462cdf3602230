"""Structure that only markup can carry, outside forms: tables, images and
presentational markup (WCAG 1.3.1 Info and Relationships).

Reads the ``structure`` artifact (:mod:`auditor.collectors.structure`) and
the page's text (``text``).

axe-core already has, and this family leaves to it: ``th-has-data-cells``
and ``td-headers-attr`` (WCAG rules, run on every audit),
``empty-table-header``, ``scope-attr-valid`` and ``table-duplicate-name``
(best-practice rules, run for review on every audit, see
:data:`auditor.collectors.axe.ADVISORY_RULES`), ``blink`` and ``marquee``
(and the ``motion`` family). axe's ``td-has-header`` is experimental (off
unless asked for) and looks only at tables of three rows and columns or
more; its old ``layout-table`` rule is gone.

Rules:

``data-table-without-headers`` (WCAG 1.3.1)
    a table that looks like data (two or more rows with two or more cells
    with content, no ``role=presentation|none``, no headings, forms or
    tables inside it, which are signs of layout) with no header cell (``th``
    or ``role=columnheader|rowheader``): a screen reader reads each cell
    without saying what it is.
``two-way-headers-without-scope`` (WCAG 1.3.1)
    a table with header cells along its first row and down its first column
    and a ``th`` with no ``scope`` (and no ``headers``/``id`` pairing):
    which header belongs to a cell is a guess.
``nested-table`` (WCAG 1.3.1)
    a table inside a cell of a data table (one with header cells, not
    marked as layout), or inside a header cell: the rows and columns cannot
    be followed. Tables nested in layout tables are left alone.
``layout-table-with-data-markup`` (WCAG 1.3.1)
    a table marked ``role=presentation|none`` that has ``th``, ``caption``,
    ``summary``, ``scope`` or ``headers``: either it holds data, and the role
    hides its structure, or it is layout, and the markup is misleading.
``alt-title-differ`` (WCAG 1.3.1, review)
    an image whose ``alt`` and ``title`` are both given, differ, and neither
    holds the other: screen reader users hear one, mouse users see the
    other. (A ``title`` that says the opposite of the name is the ``hears``
    family's ``title-contradicts-name``, not reported again here.)
``empty-alt-with-title`` (WCAG 1.3.1, review)
    an image with ``alt=""`` and a ``title``: hidden from screen readers as
    decoration, yet it shows a tooltip as if it said something.
``presentational-markup`` (WCAG 1.3.1)
    ``<center>`` or ``<font>``: looks set in the markup, which cannot carry
    structure (a ``<font size>`` heading is no heading) and which people's
    own colours and sizes may not override. One finding a page.
``colour-only-meaning`` (WCAG 1.3.1, 1.4.1, review)
    the page's text says a colour means something ("fields in red are
    required") and an element set apart from the text round it only by an
    inline colour of that hue is on the page. Both are needed: a coloured
    word alone says its meaning in words, and a sentence about colour alone
    may be about something else, so neither is reported on its own.

Metrics: ``tables`` (visible tables read).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings
from .hears import contradicts, normal

ID = "structure"

UNDERSTANDING_INFO = "https://www.w3.org/WAI/WCAG22/Understanding/info-and-relationships.html"
UNDERSTANDING_COLOUR = "https://www.w3.org/WAI/WCAG22/Understanding/use-of-color.html"
GROUPS = ("screen-reader", "cognitive")
LAYOUT_ROLES = ("presentation", "none")

RULES = (
    Rule("data-table-without-headers", ID, "serious", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "A table of data has no header cells, so a screen reader reads each cell without saying what it is.",
         "Mark the cells that head each column (or row) as th elements."),
    Rule("two-way-headers-without-scope", ID, "moderate", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "A table has headers along its top and down its side, but they do not say which cells they head.",
         "Give each th scope=\"col\" or scope=\"row\" (or pair cells with headers using headers and id)."),
    Rule("nested-table", ID, "moderate", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "A table sits inside a cell of another table, so its rows and columns cannot be followed.",
         "Split the data into separate tables, each with its own headers and caption."),
    Rule("layout-table-with-data-markup", ID, "moderate", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "A table marked as layout carries the markup of a data table.",
         "If it holds data, remove role=\"presentation\"; if it is layout, remove the headers, caption and summary "
         "(better still, lay the page out with CSS)."),
    Rule("alt-title-differ", ID, "minor", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "An image's alternative and tooltip say different things: screen reader users hear one, mouse users see the other.",
         "Say what the image means once, in alt, and drop the title (only people with a mouse see it).",
         outcome="review", fixed_by="design"),
    Rule("empty-alt-with-title", ID, "moderate", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "An image is hidden from screen readers as decoration but shows a tooltip as if it said something.",
         "If the image says something, put the words in alt and drop the title; if it is decoration, drop the title.",
         outcome="review", fixed_by="design"),
    Rule("presentational-markup", ID, "minor", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "The page sets its looks with center or font elements, which carry no structure.",
         "Use headings, lists and emphasis for structure and a style sheet for looks."),
    Rule("colour-only-meaning", ID, "serious", ("1.3.1", "1.4.1"), ("low-vision", *GROUPS), UNDERSTANDING_COLOUR,
         "The page says a colour means something, and only the colour marks it.",
         "Mark the meaning in words or a symbol as well (\"(required)\", \"Error:\"), not by colour alone.",
         outcome="review", fixed_by="design"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("tables", "Tables", "count", "Visible tables read on the page.", noun="table", shown="if-any"),
)

COLOURS = ("red", "green", "blue", "orange", "amber", "yellow", "purple", "grey", "gray")
_COLOUR = "|".join(COLOURS)
COLOUR_SAYS = (
    re.compile(rf"\b(?:in|coloured|colored|shown\s+in|marked\s+in|highlighted\s+in|printed\s+in|written\s+in)\s+({_COLOUR})\b",
               re.IGNORECASE),
    re.compile(rf"\b({_COLOUR})\s+(?:text|fields?|items?|words?|entries|rows?|labels?|boxes)\b", re.IGNORECASE),
)
"""Sentences that give a colour a meaning ("fields in red are required",
"red text shows an error"); the colour is the first group."""

_RGB = re.compile(r"rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)")


def hue(css_colour: str) -> str:
    """The colour word for a computed CSS colour (``rgb(r, g, b)``), or ``""``
    where none fits well: coarse on purpose, to match the words a page uses."""
    match = _RGB.match(css_colour or "")
    if not match:
        return ""
    r, g, b = (int(v) for v in match.groups())
    top, low = max(r, g, b), min(r, g, b)
    if top - low < 40:
        return "grey" if 60 <= top <= 200 else ""
    if r == top and g < 0.45 * r and b < 0.45 * r:
        return "red"
    if r == top and g >= 0.45 * r and b < 0.5 * g:
        return "orange" if g < 0.8 * r else "yellow"
    if g == top and r < 0.8 * g and b < 0.8 * g:
        return "green"
    if b == top and r < 0.7 * b:
        return "purple" if r > 0.45 * b and g < 0.6 * r else "blue"
    return ""


def named_colours(body: str) -> set[str]:
    """The colours the page's text gives a meaning to (``gray`` is ``grey``,
    ``amber`` is ``orange``)."""
    found = {m.group(1).lower() for p in COLOUR_SAYS for m in p.finditer(body or "")}
    return {{"gray": "grey", "amber": "orange"}.get(c, c) for c in found}


def looks_like_data(table: Mapping[str, Any]) -> bool:
    """Two or more rows with two or more cells with content, not marked as
    layout and with no sign of layout (a heading, form or table inside)."""
    return (table.get("role") not in LAYOUT_ROLES and not table.get("layout_signs")
            and int(table.get("filled_rows") or 0) >= 2 and int(table.get("columns") or 0) >= 2)


def in_data_table(table: Mapping[str, Any]) -> bool:
    """Whether a table is nested in a header cell, or in a cell of a data
    table: one with header cells and not marked as layout. Tables within
    layout tables, the way pages were laid out before CSS, are only layout
    (and a table with no header cells round another is not judged data)."""
    cell = table.get("nested_in")
    if not cell:
        return False
    return bool(cell.get("header")) or (cell.get("outer_role") not in LAYOUT_ROLES and int(cell.get("outer_headers") or 0) > 0)


def differ(alt: str, title: str) -> bool:
    """Both said, different, neither holding the other, and not the
    opposites the ``hears`` family reports (``title-contradicts-name``)."""
    a, t = normal(alt), normal(title)
    return bool(a) and bool(t) and a not in t and t not in a and not contradicts(title, alt)


def _tables(out: PageFindings, tables: Iterable[Mapping[str, Any]]) -> None:
    for table in tables:
        where, snippet = table.get("selector") or "table", table.get("snippet", "")
        if looks_like_data(table) and not int(table.get("headers") or 0):
            out.add("data-table-without-headers",
                    f"A table of {plural(int(table.get('filled_rows') or 0), 'row')} and "
                    f"{plural(int(table.get('columns') or 0), 'column')} has no header cells.",
                    "A screen reader reads each cell's content without the column or row it belongs to. "
                    + RULE["data-table-without-headers"].how_to_fix, where, snippet)
        if (table.get("role") not in LAYOUT_ROLES and table.get("first_row_headers") and table.get("first_column_headers")
                and int(table.get("th_without_scope") or 0) and not table.get("uses_headers_attr")):
            loose = table.get("loose_th") or {}
            out.add("two-way-headers-without-scope",
                    f"A table has headers along its top and down its side; {plural(int(table['th_without_scope']), 'header cell')} "
                    "say neither which way they head.",
                    "Screen readers guess which header belongs to a cell, and may read the wrong one. "
                    + RULE["two-way-headers-without-scope"].how_to_fix, loose.get("selector") or where, loose.get("snippet", snippet))
        if in_data_table(table):
            inside = "a header cell" if table["nested_in"].get("header") else "a cell"
            out.add("nested-table", f"A table sits inside {inside} of another table.",
                    "Screen reader users lose track of which row and column they are in. " + RULE["nested-table"].how_to_fix,
                    where, snippet, impact="serious" if table["nested_in"].get("header") else None)
        markup = list(table.get("data_markup") or ())
        if table.get("role") in LAYOUT_ROLES and markup:
            out.add("layout-table-with-data-markup",
                    f"A table marked role=\"{table['role']}\" has {', '.join(markup)}.",
                    "The role hides the table's headers from screen readers; if it is layout, the markup misleads. "
                    + RULE["layout-table-with-data-markup"].how_to_fix, where, snippet)


def _images(out: PageFindings, images: Iterable[Mapping[str, Any]]) -> None:
    for image in images:
        alt, title = image.get("alt"), (image.get("title") or "").strip()
        if not title or image.get("role") in LAYOUT_ROLES:
            continue
        where, snippet = image.get("selector") or "img", image.get("snippet", "")
        if alt is not None and not alt.strip():
            out.add("empty-alt-with-title", f"An image with an empty alternative has the tooltip “{title[:80]}”.",
                    "Screen readers skip the image as decoration, but mouse users are shown words for it: one of the two is wrong. "
                    + RULE["empty-alt-with-title"].how_to_fix, where, snippet)
        elif alt and differ(alt, title):
            out.add("alt-title-differ", f"An image's alternative “{alt.strip()[:80]}” and tooltip “{title[:80]}” say different things.",
                    "Check which is right. " + RULE["alt-title-differ"].how_to_fix, where, snippet)


def _presentational(out: PageFindings, found: Mapping[str, Any]) -> None:
    elements = list(found.get("presentational") or ())
    if not elements:
        return
    count = int(found.get("presentational_count") or len(elements))
    tags = sorted({e.get("tag", "") for e in elements})
    out.add("presentational-markup", f"{plural(count, 'presentational element')} ({', '.join(f'<{t}>' for t in tags)}).",
            "Looks set in the markup say nothing to a screen reader, and may not give way to people's own colours and sizes. "
            + RULE["presentational-markup"].how_to_fix, elements[0].get("selector") or "body", elements[0].get("snippet", ""))


def _colour(out: PageFindings, found: Mapping[str, Any], body: str) -> None:
    named = named_colours(body)
    if not named:
        return
    marked = [c for c in found.get("coloured") or () if hue(c.get("color", "")) in named and hue(c.get("color", "")) != hue(c.get("around", ""))]
    if not marked:
        return
    first = marked[0]
    colour = hue(first.get("color", ""))
    out.add("colour-only-meaning",
            f"The page gives {colour} a meaning, and {plural(len(marked), 'element')} (“{first.get('text', '')[:60]}”) "
            f"{'is' if len(marked) == 1 else 'are'} marked only in {colour}.",
            "People who cannot tell colours apart, and screen reader users, miss what the colour means. "
            + RULE["colour-only-meaning"].how_to_fix, first.get("selector") or "body", first.get("snippet", ""))


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["structure"]
    tables = list(found.get("tables") or ())
    out = PageFindings(page, RULE)
    _tables(out, tables)
    _images(out, found.get("images") or ())
    _presentational(out, found)
    _colour(out, found, (artifacts.get("text") or {}).get("body_text") or "")
    return CheckResult(findings=tuple(out), metrics={"tables": len(tables)})


CHECK = Check(
    id=ID,
    title="Tables, images and presentational markup",
    needs=("structure", "text"),
    evaluate=evaluate,
    rules=RULES,
    metrics=METRICS,
)
