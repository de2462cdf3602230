"""The structure a page gives only in markup, outside its forms: the
``structure`` artifact (:mod:`auditor.checks.structure` judges it).

For each table (the first :data:`MAX_TABLES`): its role, how many of its own
rows hold two or more cells with content, whether it has header cells (``th``
or ``role=columnheader|rowheader``), whether its first row and first column
are headers, its ``th`` with neither ``scope`` nor an id a cell's
``headers`` points to, the cell it sits in when it is nested in another
table, and the data markup it carries (``th``, ``caption``, ``summary``,
``scope``, ``headers``). For each visible image with a ``title``: its
``alt`` and ``title``. The ``<center>`` and ``<font>`` elements. And the
elements set apart from the text round them by an inline colour alone (a
``style`` colour or ``<font color>``, with the same weight, style,
decoration, size and background as their parent).

One page evaluation, bounded by the limits below. The facts only: what is a
barrier is decided in Python, where it can be tested on hand-made data.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_TABLES = 200
"""Tables read at most."""
MAX_ROWS = 300
"""Rows of one table read at most: enough to tell data from layout."""
MAX_IMAGES = 500
"""Images with a title read at most."""
MAX_PRESENTATIONAL = 20
"""``<center>`` and ``<font>`` elements described at most (all are counted)."""
MAX_COLOURED = 300
"""Elements with an inline colour looked at most."""

EMPTY: dict[str, Any] = {"tables": [], "images": [], "presentational": [], "presentational_count": 0, "coloured": []}

STRUCTURE_SCRIPT = page_script(
    "options",
    r"""
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const HEADER_ROLE = /^(columnheader|rowheader)$/i;
  const isHeader = (cell) => cell.tagName === 'TH' || HEADER_ROLE.test(cell.getAttribute('role') || '');
  const filled = (cell) => !!squash(cell.textContent) || !!cell.querySelector('img, input, select, textarea, svg');
  const readTable = (table) => {
    const rows = [...table.rows].slice(0, options.max_rows);
    const cells = rows.flatMap((r) => [...r.cells]);
    const referenced = new Set(cells.flatMap((c) => (c.getAttribute('headers') || '').split(/\s+/).filter(Boolean)));
    const loose = cells.filter((c) => c.tagName === 'TH' && !c.hasAttribute('scope') && !(c.id && referenced.has(c.id)));
    const first = rows.length ? [...rows[0].cells] : [];
    const firstRowHeaders = first.length > 1 && first.slice(1).every(isHeader);
    const below = rows.slice(1).filter((r) => r.cells.length);
    const firstColumnHeaders = below.length > 0 && below.every((r) => isHeader(r.cells[0]));
    const cell = table.parentElement ? table.parentElement.closest('td, th') : null;
    const outer = cell ? cell.closest('table') : null;
    const markup = [];
    if (cells.some((c) => c.tagName === 'TH')) markup.push('th');
    if (table.caption && squash(table.caption.textContent)) markup.push('caption');
    if (squash(table.getAttribute('summary'))) markup.push('summary');
    if (cells.some((c) => c.hasAttribute('scope'))) markup.push('scope');
    if (cells.some((c) => c.hasAttribute('headers'))) markup.push('headers');
    return {
      selector: selectorFor(table),
      snippet: startTag(table),
      role: (table.getAttribute('role') || '').trim().toLowerCase(),
      rows: rows.length,
      filled_rows: rows.filter((r) => [...r.cells].filter(filled).length > 1).length,
      columns: Math.max(0, ...rows.map((r) => r.cells.length)),
      headers: cells.filter(isHeader).length + table.querySelectorAll('[role="columnheader" i], [role="rowheader" i]').length,
      first_row_headers: firstRowHeaders,
      first_column_headers: firstColumnHeaders,
      uses_headers_attr: referenced.size > 0,
      th_without_scope: loose.length,
      loose_th: loose.length ? {selector: selectorFor(loose[0]), snippet: startTag(loose[0])} : null,
      nested_in: cell ? {selector: selectorFor(cell), header: isHeader(cell),
                         outer_role: outer ? (outer.getAttribute('role') || '').trim().toLowerCase() : '',
                         outer_headers: outer ? [...outer.rows].slice(0, options.max_rows).flatMap((r) => [...r.cells]).filter(isHeader).length : 0}
        : null,
      layout_signs: !!table.querySelector('table, h1, h2, h3, h4, h5, h6, form, iframe, nav'),
      data_markup: markup,
    };
  };
  const tables = [...document.querySelectorAll('table')].filter(isVisible).slice(0, options.max_tables).map(readTable);
  const images = [...document.querySelectorAll('img[title]')].filter(isVisible).slice(0, options.max_images)
    .map((img) => ({selector: selectorFor(img), snippet: startTag(img), alt: img.getAttribute('alt'),
                    title: clip(squash(img.getAttribute('title')), 200), role: (img.getAttribute('role') || '').toLowerCase()}));
  const old = [...document.querySelectorAll('center, font')];
  const presentational = old.slice(0, options.max_presentational)
    .map((el) => ({selector: selectorFor(el), snippet: startTag(el), tag: el.tagName.toLowerCase()}));
  const SAME = ['fontWeight', 'fontStyle', 'textDecorationLine', 'fontSize', 'fontFamily', 'textTransform'];
  const apart = (el) => {
    const parent = el.parentElement;
    if (!parent || !isVisible(el)) return false;
    const own = getComputedStyle(el);
    const round = getComputedStyle(parent);
    if (own.color === round.color || !own.display.startsWith('inline')) return false;
    if (SAME.some((p) => own[p] !== round[p])) return false;
    if (own.backgroundColor !== 'rgba(0, 0, 0, 0)' && own.backgroundColor !== round.backgroundColor) return false;
    if (own.borderBottomStyle !== 'none' || own.outlineStyle !== 'none') return false;
    const text = squash(el.textContent);
    return text.length > 0 && text.length <= 80 && squash(parent.textContent).length > text.length;
  };
  const coloured = [...document.querySelectorAll('font[color], [style*="color" i]')]
    .filter((el) => el.tagName === 'FONT' || el.style.color !== '')
    .filter((el) => !el.closest('a, button, label, h1, h2, h3, h4, h5, h6') && !el.querySelector('a, button, input, select, textarea'))
    .slice(0, options.max_coloured).filter(apart)
    .map((el) => ({selector: selectorFor(el), snippet: startTag(el), text: clip(squash(el.textContent), 80),
                   color: getComputedStyle(el).color, around: getComputedStyle(el.parentElement).color}));
  return {tables, images, presentational, presentational_count: old.length, coloured};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's tables, images and presentational markup"
    found = await visit.evaluate(STRUCTURE_SCRIPT, {
        "max_tables": MAX_TABLES, "max_rows": MAX_ROWS, "max_images": MAX_IMAGES,
        "max_presentational": MAX_PRESENTATIONAL, "max_coloured": MAX_COLOURED,
    })
    return found if isinstance(found, dict) else dict(EMPTY)


COLLECTORS = (Collector("structure", collect, stage=READS),)
