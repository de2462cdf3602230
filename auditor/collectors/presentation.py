"""What a page says through its presentation alone: the ``presentation``
artifact (:mod:`auditor.checks.presentation` judges it).

One evaluation reads, for at most :data:`MAX_ELEMENTS` visible elements of
the body:

- **Generated content**: each ``::before`` and ``::after`` whose computed
  ``content`` is not ``none``/``normal``, with the element's own text and the
  attributes ``attr()`` may copy, so Python can tell words from quotes,
  counters and icons.
- **Control names**: the visible text of links and buttons (and the values
  of submit buttons), so an instruction that names its control can be told
  from one that points at it by colour or place.
- **Links in running text** (at most ``max_links``): a link in a paragraph,
  list item or cell that holds text besides the link, with how it differs
  from the text round it (colour, underline, border, weight, style,
  background, outline, shadow, an icon) in its normal state and with focus
  (``focus()``, read, ``blur()``: the page's focus is given back).

Then, for each link whose normal state differs by colour alone, the pointer
is moved over it (``Visit.hover``) and its look read again: one evaluation
and one pointer move a link (the read of one link scrolls the next into
view), then the pointer goes to the page's top left corner and the page is
scrolled back where it was.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import INTERACTS, Collector
from .dom import page_script

MAX_ELEMENTS = 3000
"""Elements whose pseudo-elements are read at most (a long page's first)."""

MAX_CONTROLS = 300
"""Control names read at most."""

RESERVE_S = 2.0
"""Hovering stops with this much of the page's time left, for the collectors after."""

_LOOK = r"""
  const blank = (c) => !c || c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
  const pseudoIcon = (el) => ['::before', '::after'].some((p) => {
    const c = getComputedStyle(el, p).content;
    return c && c !== 'none' && c !== 'normal' && c !== '""';
  });
  // How a link looks, and what of it differs from the text round it.
  const look = (a, around) => {
    const s = getComputedStyle(a);
    const t = getComputedStyle(around);
    const cues = [];
    const lines = (s.textDecorationLine || '').split(' ').filter((v) => v && v !== 'none');
    const aroundLines = (t.textDecorationLine || '').split(' ').filter((v) => v && v !== 'none');
    if (lines.some((v) => !aroundLines.includes(v))) cues.push(lines.join(' '));
    const border = ['Top', 'Bottom', 'Left', 'Right'].some((side) => s['border' + side + 'Style'] !== 'none' && parseFloat(s['border' + side + 'Width']) > 0);
    if (border) cues.push('border');
    const weight = (w) => parseInt(w, 10) || 400;
    if (Math.abs(weight(s.fontWeight) - weight(t.fontWeight)) >= 300) cues.push('weight');
    if (s.fontStyle !== t.fontStyle) cues.push('italic');
    if (!blank(s.backgroundColor) && s.backgroundColor !== t.backgroundColor) cues.push('background');
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) cues.push('outline');
    if (s.boxShadow && s.boxShadow !== 'none') cues.push('shadow');
    if (a.querySelector('img, svg') || pseudoIcon(a)) cues.push('icon');
    return {color: s.color, around_color: t.color, around_background: t.backgroundColor, background: s.backgroundColor, cues};
  };
  const point = (a) => {
    a.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = [...a.getClientRects()].find((b) => b.width > 0 && b.height > 0) || a.getBoundingClientRect();
    return {x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2};
  };
  const state = window.__presentation || (window.__presentation = {links: []});
"""

SURVEY = page_script(
    "options",
    _LOOK + r"""
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE']);
  const elements = [...document.body.querySelectorAll('*')].filter((el) => !skip.has(el.tagName)).slice(0, options.max_elements);
  const generated = [];
  for (const el of elements) {
    for (const which of ['before', 'after']) {
      const style = getComputedStyle(el, '::' + which);
      const content = style.content;
      if (!content || content === 'none' || content === 'normal' || content === '""') continue;
      if (style.display === 'none' || style.visibility === 'hidden' || !isVisible(el)) continue;
      const attrs = {};
      for (const at of el.attributes) attrs[at.name] = clip(at.value, 200);
      generated.push({selector: selectorFor(el), snippet: startTag(el), pseudo: which, content: clip(content, 300), font: clip(style.fontFamily, 120),
                      text: clip(squash(el.innerText || el.textContent), 300), attrs});
      if (generated.length >= options.max_elements) break;
    }
  }
  const controls = [...document.querySelectorAll('a[href], button, input[type="submit" i], input[type="button" i], [role="button" i], [role="link" i]')]
    .filter(isVisible).slice(0, options.max_controls)
    .map((el) => squash(el.tagName === 'INPUT' ? el.value : (el.innerText || el.getAttribute('aria-label') || '')))
    .filter((name) => name.length > 1);
  const RUNNING = 'p, li, dd, td, blockquote, figcaption';
  const links = [...document.querySelectorAll('a[href]')].filter((a) => {
    const block = a.parentElement && a.parentElement.closest(RUNNING);
    if (!block || !isVisible(a) || !squash(a.innerText)) return false;
    const rest = squash(block.innerText).replace(squash(a.innerText), '');
    return rest.replace(/[^\p{L}\p{N}]/gu, '').length >= 10;
  });
  state.links = links.slice(0, options.max_links);
  const before = document.activeElement;
  const read = state.links.map((a) => {
    const around = a.parentElement.closest(RUNNING);
    const normal = look(a, around);
    a.focus({preventScroll: true});
    const focused = document.activeElement === a ? look(a, around) : null;
    a.blur();
    return {selector: selectorFor(a), snippet: startTag(a), text: clip(squash(a.innerText), 120), normal, focus: focused};
  });
  if (before && before !== document.body && before.focus) before.focus({preventScroll: true});
  state.scroll = [window.scrollX, window.scrollY];
  return {generated, controls, links: read, links_found: links.length, elements_read: elements.length};
""",
)

HOVER_READ = page_script(
    "step",
    _LOOK + r"""
  const RUNNING = 'p, li, dd, td, blockquote, figcaption';
  const out = {};
  if (step.read !== null) {
    const a = state.links[step.read];
    out.hover = a && a.isConnected ? {...look(a, a.parentElement.closest(RUNNING) || a.parentElement), hovered: a.matches(':hover')} : null;
  }
  if (step.next !== null) {
    const a = state.links[step.next];
    out.point = a && a.isConnected ? point(a) : null;
  } else {
    window.scrollTo(state.scroll[0], state.scroll[1]);
  }
  return out;
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any], options: Any) -> dict[str, Any]:
    """``options``: the presentation family's (``max_links``)."""
    visit.phase = "reading generated content and links in text"
    max_links = getattr(options, "max_links", 10)
    found = await visit.evaluate(SURVEY, {"max_elements": MAX_ELEMENTS, "max_controls": MAX_CONTROLS, "max_links": max_links})
    if not isinstance(found, dict):
        return {"generated": [], "controls": [], "links": [], "links_found": 0, "elements_read": 0}
    links = found["links"]
    todo = [i for i, link in enumerate(links) if colour_only(link.get("normal"))]
    if not todo:
        return found
    visit.phase = "hovering over links in text"
    step = await visit.evaluate(HOVER_READ, {"read": None, "next": todo[0]})
    try:
        for n, i in enumerate(todo):
            if visit.time_left() < RESERVE_S:
                visit.notes.append(f"Presentation: the page's time ran out after hovering {n} of {len(todo)} links in text")
                await visit.evaluate(HOVER_READ, {"read": None, "next": None})
                break
            where = step.get("point")
            nxt = todo[n + 1] if n + 1 < len(todo) else None
            if where:
                await visit.hover(where["x"], where["y"])
                step = await visit.evaluate(HOVER_READ, {"read": i, "next": nxt})
                links[i]["hover"] = step.get("hover")
            else:
                step = await visit.evaluate(HOVER_READ, {"read": None, "next": nxt})
    finally:
        await visit.hover(0, 0)
    return found


def colour_only(state: Mapping[str, Any] | None) -> bool:
    """Whether a link, in one state, differs from the text round it by its
    colour and nothing else (no underline, border, weight, ...)."""
    return bool(state) and not state.get("cues") and state.get("color") != state.get("around_color")


COLLECTORS = (Collector("presentation", collect, stage=INTERACTS, family="presentation"),)
