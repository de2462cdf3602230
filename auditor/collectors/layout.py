"""The page at 320 CSS pixels wide and with the WCAG text-spacing overrides.

One collector, ``layout``, run last on the main visit (stage
``CHANGES_LAYOUT``: it resizes the viewport and injects a style sheet, and
leaves the style sheet in; it never navigates). In order:

1. reads the viewport ``<meta>`` (for zoom blocked by ``user-scalable=no`` or
   ``maximum-scale``) and the page's style sheets for orientation locks:
   ``@media (orientation: ...)`` blocks that rotate ``html``, ``body`` or the
   main content by a quarter turn, or hide it. Style sheets from another
   origin cannot be read (``cssRules`` throws); they are counted and skipped.
2. resizes the viewport to 320 CSS pixels wide (WCAG 1.4.10: 320 CSS px is
   1280 px at 400% zoom), waits two animation frames, and measures the
   document's horizontal overflow and the elements that cause it: the
   outermost elements (or runs of text) that end right of the viewport and
   are not inside a container that scrolls or clips them horizontally (a
   table or code block in its own scrolling box is allowed by 1.4.10).
3. goes back to the configured viewport, measures which text containers
   already overflow, injects the WCAG 1.4.12 text-spacing overrides and
   measures again: text containers that clip or spill their text only with
   the overrides are reported. Text spacing is tested at the normal width so
   that its findings are not the reflow findings over again.

Resize text (1.4.4): the viewport ``<meta>`` read here covers the common
way pages block zoom; text enlarged to 200% is the ``zoom`` collector's
(:mod:`auditor.collectors.zoom`), which runs after this one in the same
stage and turns the text-spacing style sheet left in here off while it
measures.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import CHANGES_LAYOUT, Collector
from .dom import page_script


REFLOW_WIDTH = 320
"""WCAG 1.4.10 Reflow: content readable without two-dimensional scrolling at
320 CSS pixels wide (https://www.w3.org/WAI/WCAG22/Understanding/reflow.html)."""

REFLOW_HEIGHT = 640
"""A small portrait phone (320 x 640 CSS px). Portrait, so that a page that
hides itself in landscape is still measured."""

LIMIT = 10
"""At most this many elements are reported for each kind of failure."""

# The WCAG 1.4.12 Text Spacing figures: line height 1.5 times the font size,
# spacing after paragraphs 2 times, letter spacing 0.12 times, word spacing
# 0.16 times (https://www.w3.org/WAI/WCAG22/Understanding/text-spacing.html).
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Two animation frames: the first runs before the next paint, the second after
# it, so layout for the new viewport or styles has been done. Bounded in case
# frames stop (a hidden page), though the runner's deadline bounds it anyway.
TWO_FRAMES = """
() => new Promise((resolve) => {
  const cap = setTimeout(resolve, 1000);
  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(cap); resolve(); }));
})
"""

# The viewport <meta> (the last one wins, as in browsers) and orientation
# locks in the style sheets.
READ_SCRIPT = page_script(
    "",
    r"""
  const metas = [...document.querySelectorAll('meta[name="viewport" i]')];
  const viewport = metas.length ? (metas[metas.length - 1].getAttribute('content') || '') : null;
  const main = document.querySelector('main, [role="main"]');
  const content = [document.documentElement, document.body, main].filter(Boolean);
  // A rule "locks" when it applies to html, body, the main element or an
  // ancestor of main, and turns it a quarter turn or hides it.
  const QUARTER = /rotate(z)?\(\s*(-?(90|270)deg|-?(0?\.25|0?\.75)turn|-?(100|300)grad|-?(1\.57|4\.71)\d*rad)\s*\)/i;
  const hits = (selector) => {
    try {
      return [...document.querySelectorAll(selector)].some((el) => content.includes(el) || (main && el.contains(main)));
    } catch (e) { return false; }
  };
  const locks = [];
  let unreadable = 0;
  const seen = new Set();
  const walk = (rules, orientation, href) => {
    for (const rule of rules) {
      if (locks.length >= 10) return;
      if (rule.styleSheet) { visit(rule.styleSheet); continue; }  // @import
      if (rule.media && rule.cssRules) {
        const text = rule.media.mediaText || '';
        const match = /orientation\s*:\s*(portrait|landscape)/i.exec(text);
        walk(rule.cssRules, match ? match[1].toLowerCase() : orientation, href);
        continue;
      }
      if (rule.cssRules && !rule.selectorText) { walk(rule.cssRules, orientation, href); continue; }  // @supports, @layer
      if (!orientation || !rule.selectorText || !rule.style) continue;
      const transform = rule.style.getPropertyValue('transform') || '';
      const rotate = rule.style.getPropertyValue('rotate') || '';
      const display = rule.style.getPropertyValue('display') || '';
      const visibility = rule.style.getPropertyValue('visibility') || '';
      let how = '';
      if (QUARTER.test(transform) || /^-?(90|270)deg$/i.test(rotate.trim())) how = 'rotated';
      else if (display.trim() === 'none' || visibility.trim() === 'hidden') how = 'hidden';
      if (how && hits(rule.selectorText)) {
        locks.push({orientation, how, selector: clip(rule.selectorText, 200), declaration: clip(rule.style.cssText, 200), stylesheet: href});
      }
    }
  };
  const visit = (sheet) => {
    if (!sheet || seen.has(sheet)) return;
    seen.add(sheet);
    let rules;
    try { rules = sheet.cssRules; } catch (e) { unreadable += 1; return; }
    const media = sheet.media ? (sheet.media.mediaText || '') : '';
    const match = /orientation\s*:\s*(portrait|landscape)/i.exec(media);
    walk(rules, match ? match[1].toLowerCase() : null, sheet.href || 'inline <style>');
  };
  for (const sheet of document.styleSheets) visit(sheet);
  return {viewport_meta: viewport, orientation_locks: locks, unreadable_stylesheets: unreadable};
""",
)

# Horizontal overflow at the current (narrow) viewport and what causes it.
REFLOW_SCRIPT = page_script(
    "limit",
    r"""
  window.scrollTo(0, window.scrollY);  // edges are measured from the left of the page
  const root = document.documentElement;
  const width = root.clientWidth;
  const edge = width + 1;
  const scroller = document.scrollingElement || root;
  const scrollWidth = scroller.scrollWidth;
  // With overflow-x hidden on html or body the page cannot scroll: what sticks
  // out is cut off instead.
  const cut = [root, document.body].filter(Boolean).some((el) => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX));
  const culprits = [];
  const marked = new Set();
  let more = 0;
  // Whether something right of the edge is held in by a box that scrolls or
  // clips horizontally and itself fits; or is fixed to the viewport (a fixed
  // box does not make the page scroll).
  const contained = (el) => {
    for (let a = el.parentElement; a && a !== document.body && a !== root; a = a.parentElement) {
      if (marked.has(a)) return true;  // inside a culprit already listed
      const style = getComputedStyle(a);
      if (style.position === 'fixed') return true;
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) && a.getBoundingClientRect().right <= edge) return true;
    }
    return false;
  };
  // Text in a box that clips (overflow, clip, clip-path: visually hidden
  // text) does not stick out of it.
  const clipsOwnText = (el) => {
    const style = getComputedStyle(el);
    return ['hidden', 'clip'].includes(style.overflowX) || style.clipPath !== 'none' || (style.clip && style.clip !== 'auto');
  };
  const textRight = (el) => {
    let right = -Infinity;
    for (const node of el.childNodes) {
      if (node.nodeType !== 3 || !node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      right = Math.max(right, range.getBoundingClientRect().right);
    }
    return right;
  };
  if (scrollWidth > edge && document.body) {
    for (const el of document.body.querySelectorAll('*')) {
      if (['script', 'style', 'noscript', 'template', 'br', 'wbr'].includes(el.localName)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const boxOut = rect.right > edge;
      const textOut = !boxOut && !clipsOwnText(el) && textRight(el) > edge;
      if (!boxOut && !textOut) continue;
      const style = getComputedStyle(el);
      if (style.position === 'fixed' || style.visibility === 'hidden') continue;
      if (contained(el)) continue;
      marked.add(el);
      if (culprits.length >= limit) { more += 1; continue; }
      culprits.push({
        selector: selectorFor(el),
        snippet: startTag(el),
        tag: el.localName,
        width: Math.round(rect.width),
        right: Math.round(textOut ? textRight(el) : rect.right),
        cause: textOut ? 'text' : 'box',
        box: {x: rect.x + scrollX, y: rect.y + scrollY, width: rect.width, height: rect.height},
      });
    }
  }
  return {viewport_width: width, scroll_width: scrollWidth, overflow_px: Math.max(0, scrollWidth - width), cut_off: cut, culprits, more_culprits: more};
""",
)

# Text containers whose text does not fit: either clipped (overflow hidden or
# clip) or spilling out of a box of fixed height, judged by where the lines of
# text are laid out against the box. Run before and after the text-spacing
# overrides: the elements already overflowing before (visually hidden text,
# deliberate truncation) are remembered in the page and not reported.
OVERFLOW_SCRIPT = page_script(
    "options",
    r"""
  const state = window.__auditorTextSpacing || (window.__auditorTextSpacing = {before: new Set()});
  const body = document.body;
  if (!body) return {found: [], count: 0};
  const SKIP = ['script', 'style', 'noscript', 'template', 'svg', 'math', 'select', 'textarea', 'input', 'iframe', 'video', 'audio', 'canvas', 'img', 'object', 'embed'];
  // How far the element's text reaches past its padding box, in px (0 if it fits).
  const spill = (el, rect) => {
    const top = rect.top + el.clientTop, left = rect.left + el.clientLeft;
    const bottom = top + el.clientHeight, right = left + el.clientWidth;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let worst = 0, seen = 0;
    for (let node = walker.nextNode(); node && seen < 400; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      seen += 1;
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width === 0 || r.height === 0) continue;
        worst = Math.max(worst, r.bottom - bottom, r.right - right, top - r.top, left - r.left);
      }
    }
    return worst > 1 ? Math.round(worst) : 0;
  };
  const found = [];
  for (const el of body.querySelectorAll('*')) {
    if (SKIP.includes(el.localName) || el.closest('svg')) continue;
    if (!(el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) continue;
    if (el.clientWidth <= 2 || el.clientHeight <= 2) continue;  // visually hidden (1 px) text
    if (options.phase === 'after' && state.before.has(el)) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    // A box that scrolls keeps its text reachable.
    const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    const scrolls = ['auto', 'scroll'].includes(style.overflowX) || ['auto', 'scroll'].includes(style.overflowY);
    if (scrolls && !clips) continue;
    const rect = el.getBoundingClientRect();
    const px = spill(el, rect);
    if (!px) continue;
    if (options.phase === 'before') state.before.add(el);
    else found.push({el, px, clips, rect});
  }
  if (options.phase === 'before') return {found: [], count: 0};
  // The innermost: a box that overflows because a box inside it does is not
  // the cause.
  const innermost = found.filter((f) => !found.some((other) => other !== f && f.el.contains(other.el)));
  return {
    count: innermost.length,
    found: innermost.slice(0, options.limit).map(({el, px, clips, rect}) => ({
      selector: selectorFor(el),
      snippet: startTag(el),
      clipped: clips,
      overflow_px: px,
      client_height: el.clientHeight,
      scroll_height: el.scrollHeight,
      client_width: el.clientWidth,
      scroll_width: el.scrollWidth,
      text: clip((el.textContent || '').replace(/\s+/g, ' ').trim(), 80),
      box: {x: rect.x + scrollX, y: rect.y + scrollY, width: rect.width, height: rect.height},
    })),
  };
""",
)

INJECT_STYLE = """
(css) => {
  const style = document.createElement('style');
  style.setAttribute('data-inclusion-auditor', 'text-spacing');
  style.textContent = css;
  (document.head || document.documentElement).appendChild(style);
}
"""


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the viewport and style sheets"
    read = await visit.evaluate(READ_SCRIPT)

    visit.phase = f"measuring the page at {REFLOW_WIDTH} px wide"
    await visit.set_viewport(REFLOW_WIDTH, REFLOW_HEIGHT)
    await visit.evaluate(TWO_FRAMES)
    reflow = await visit.evaluate(REFLOW_SCRIPT, LIMIT)

    visit.phase = "measuring text with the text-spacing overrides"
    await visit.set_viewport(config.viewport_width, config.viewport_height)
    await visit.evaluate(TWO_FRAMES)
    await visit.evaluate(OVERFLOW_SCRIPT, {"phase": "before", "limit": LIMIT})
    await visit.evaluate(INJECT_STYLE, TEXT_SPACING_CSS)
    await visit.evaluate(TWO_FRAMES)
    spacing = await visit.evaluate(OVERFLOW_SCRIPT, {"phase": "after", "limit": LIMIT})

    if read["unreadable_stylesheets"]:
        visit.notes.append(
            f"Reflow: {read['unreadable_stylesheets']} style sheet(s) from other sites could not be read, so orientation locks in them were not looked for"
        )
    return {
        "viewport_meta": read["viewport_meta"],
        "orientation_locks": read["orientation_locks"],
        "unreadable_stylesheets": read["unreadable_stylesheets"],
        "reflow": {"width": REFLOW_WIDTH, "height": REFLOW_HEIGHT, **reflow},
        "text_spacing": {"clipped": spacing["found"], "count": spacing["count"]},
    }


COLLECTORS = (Collector("layout", collect, stage=CHANGES_LAYOUT),)
