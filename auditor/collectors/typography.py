"""How the main content's text is set: size, alignment, line length, line
spacing and italics (the ``typography`` artifact).

Read from the rendered page at the audit's viewport, in the main content
(``main``, else ``[role=main]``, else ``article``, else the body).

- **Text size**: each element with text of its own (a text node child that
  is not blank), its computed ``font-size`` in CSS pixels.
- **Blocks** (paragraphs, list items, definitions, quotations, captions,
  table cells with text and no block inside): their alignment, line height
  and the length of their longest line. The lines are measured with a
  ``Range`` over each of the block's text nodes: their client rects (the
  text's own boxes, not those of the elements around it), grouped by line
  (rects whose vertical centres fall within one another), give each
  line's width; the average width of a character in this block, in its own
  font, is the width of all its lines over the number of its characters
  (spaces collapsed); the longest line in characters is its width over
  that average. The line height is the computed ``line-height`` in pixels,
  or, when it is ``normal``, the distance between the tops of the first
  and last lines over the number of lines less one (for a block of one
  line, 1.2 times the font size, what ``normal`` is for most fonts).
- **Italics**: each element whose computed ``font-style`` is italic or
  oblique and whose parent's is not (the start of a run), with the length
  of its text.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_ITEMS = 400
"""Elements and blocks read at most per page, each (a long page's first)."""

TYPOGRAPHY_SCRIPT = page_script(
    "limit",
    r"""
  const main = mainElement();
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG']);
  const all = [...main.querySelectorAll('*')].filter((el) => !skip.has(el.tagName));
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const small = [];
  let textElements = 0;
  for (const el of all) {
    if (!ownText(el) || !isVisible(el)) continue;
    textElements += 1;
    if (small.length >= limit) continue;
    const size = parseFloat(getComputedStyle(el).fontSize) || 0;
    small.push({selector: selectorFor(el), snippet: startTag(el), font_px: size, text: clip(clean(el.innerText || el.textContent), 80)});
  }
  const BLOCKS = 'p, li, dd, blockquote, figcaption, td, th';
  const blockTags = /^(P|LI|DD|DT|BLOCKQUOTE|FIGCAPTION|TD|TH|DIV|UL|OL|DL|TABLE|H[1-6]|SECTION|ARTICLE)$/;
  // The boxes of the block's text alone: a range over the whole block also
  // returns its child elements' boxes, and a child laid out as a block is one
  // box as wide as the block and as tall as all its lines.
  const textRects = (el) => {
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      range.selectNodeContents(node);
      rects.push(...range.getClientRects());
    }
    return rects;
  };
  const lines = (el) => {
    const rows = [];
    for (const r of textRects(el)) {
      if (r.width < 1 || r.height < 1) continue;
      const mid = (r.top + r.bottom) / 2;
      const row = rows.find((x) => mid >= x.top && mid <= x.bottom);
      if (row) { row.left = Math.min(row.left, r.left); row.right = Math.max(row.right, r.right); }
      else rows.push({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
    }
    rows.sort((a, b) => a.top - b.top);
    return rows;
  };
  const blocks = [...main.querySelectorAll(BLOCKS)]
    .filter((el) => ![...el.children].some((c) => blockTags.test(c.tagName)))
    .filter((el) => clean(el.innerText).length > 0 && isVisible(el))
    .slice(0, limit)
    .map((el) => {
      const style = getComputedStyle(el);
      const text = clean(el.innerText);
      const rows = lines(el);
      const widths = rows.map((r) => r.right - r.left);
      const total = widths.reduce((a, b) => a + b, 0);
      const fontPx = parseFloat(style.fontSize) || 16;
      const charPx = text.length ? total / text.length : 0;
      const set = parseFloat(style.lineHeight);
      const pitch = rows.length > 1 ? (rows[rows.length - 1].top - rows[0].top) / (rows.length - 1) : fontPx * 1.2;
      return {
        tag: el.tagName.toLowerCase(), selector: selectorFor(el), snippet: startTag(el), chars: text.length,
        text: clip(text, 80), align: style.textAlign, font_px: fontPx, lines: rows.length,
        line_height_px: Number.isFinite(set) ? set : pitch, line_height_set: Number.isFinite(set),
        longest_line_chars: charPx > 0 ? Math.round(Math.max(0, ...widths) / charPx) : 0,
      };
    });
  const italic = (el) => /italic|oblique/.test(getComputedStyle(el).fontStyle);
  const italics = all
    .filter((el) => italic(el) && !(el.parentElement && italic(el.parentElement)) && isVisible(el))
    .slice(0, limit)
    .map((el) => ({selector: selectorFor(el), snippet: startTag(el), chars: clean(el.innerText).length, text: clip(clean(el.innerText), 80)}));
  return {main_selector: selectorFor(main), text_elements: textElements, sizes: small, blocks, italics};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "measuring the text"
    found = await visit.evaluate(TYPOGRAPHY_SCRIPT, MAX_ITEMS)
    return found if isinstance(found, dict) else {"text_elements": 0, "sizes": [], "blocks": [], "italics": []}


COLLECTORS = (Collector("typography", collect, stage=READS),)
