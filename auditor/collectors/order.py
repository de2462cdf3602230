"""The page's text blocks by the box they are drawn in and the order they
are read: the ``order`` artifact (:mod:`auditor.checks.order` judges it).

A text block is a rendered element with text of its own (a text node among
its children) or a control Tab stops at. Blocks are read in DOM order, the
order a screen reader reads and Tab follows. For each element that holds
blocks in two or more of its children (a *container*) and that CSS could
reorder (a flex or grid container, a child floated or positioned, a CSS
``direction`` against the markup's ``dir``), the script returns those
children in DOM order, each with the box round its blocks (in page
coordinates), whether it holds a control Tab reaches, its first words, and
the styles that can move it (``order``, grid placement, ``float``,
``position`` and offsets), with the container's own (display, flex
direction and wrap, grid areas, the direction CSS gives it and the one the
markup's ``dir`` gives it).

One page evaluation, bounded: at most :data:`MAX_SCAN` elements looked at,
:data:`MAX_BLOCKS` blocks, :data:`MAX_CONTAINERS` containers and
:data:`MAX_CHILDREN` children a container. The facts only: which order is
seen, and whether CSS caused it, is decided in Python.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_SCAN = 6000
"""Elements looked at for text at most (in DOM order): the text a person
reads first is near the top; a longer page is judged on its first part."""

MAX_BLOCKS = 400
"""Text blocks kept at most."""

MAX_CONTAINERS = 300
"""Containers CSS could reorder returned at most (a page has a few dozen)."""

MAX_CHILDREN = 40
"""Children compared in one container at most (a list of more is a long
list, whose first items show how it is laid out)."""

ORDER_SCRIPT = page_script(
    "options",
    r"""
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'HEAD', 'TITLE', 'OPTION', 'OPTGROUP']);
  const CONTROL = 'a[href], button, input:not([type="hidden" i]), select, textarea, summary, [tabindex]';
  const focusable = (el) => el.matches(CONTROL) && el.tabIndex >= 0 && !el.disabled;
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue.trim());
  const sx = window.scrollX, sy = window.scrollY;
  const blocks = [];
  const all = document.body ? document.body.getElementsByTagName('*') : [];
  const scanned = Math.min(all.length, options.max_scan);
  for (let i = 0; i < scanned && blocks.length < options.max_blocks; i++) {
    const el = all[i];
    if (SKIP.has(el.tagName) || el.closest('svg, noscript, template')) continue;
    const control = focusable(el);
    if (!control && !ownText(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.right + sx <= 0 || r.bottom + sy <= 0) continue;
    if (!isVisible(el)) continue;
    blocks.push({el, control, box: {x: r.left + sx, y: r.top + sy, width: r.width, height: r.height}});
  }
  const words = (el) => clip((el.innerText || el.textContent || el.getAttribute('aria-label') || el.value || '').replace(/\s+/g, ' ').trim(), 60);
  const containers = new Map();
  for (const block of blocks) {
    for (let child = block.el, node = child.parentElement; node && child !== document.body; child = node, node = node.parentElement) {
      let kids = containers.get(node);
      if (!kids) { kids = new Map(); containers.set(node, kids); }
      let kid = kids.get(child);
      if (!kid) {
        if (kids.size >= options.max_children) continue;
        kid = {box: {...block.box}, control: false, text: words(block.el)};
        kids.set(child, kid);
      } else {
        const b = kid.box, x2 = Math.max(b.x + b.width, block.box.x + block.box.width), y2 = Math.max(b.y + b.height, block.box.y + block.box.height);
        b.x = Math.min(b.x, block.box.x); b.y = Math.min(b.y, block.box.y); b.width = x2 - b.x; b.height = y2 - b.y;
      }
      kid.control = kid.control || block.control;
    }
  }
  // selectorFor's selectors, remembered: a container's is the start of its
  // children's, and counting a tag over the page once, not at every step,
  // keeps a list of thousands of items cheap.
  let tags = null;
  const known = new Map();
  const selectorOf = (el) => {
    if (known.has(el)) return known.get(el);
    if (!tags) {
      tags = new Map();
      for (const e of document.getElementsByTagName('*')) tags.set(e.tagName, (tags.get(e.tagName) || 0) + 1);
    }
    const tag = el.tagName.toLowerCase();
    let found;
    if (el.id && document.querySelectorAll('#' + CSS.escape(el.id)).length === 1) found = '#' + CSS.escape(el.id);
    else if (tags.get(el.tagName) === 1 || !el.parentElement) found = tag;
    else {
      let before = 0, other = false;
      for (let s = el.previousElementSibling; s; s = s.previousElementSibling) if (s.tagName === el.tagName) before++;
      for (let s = el.nextElementSibling; s && !other && !before; s = s.nextElementSibling) other = s.tagName === el.tagName;
      found = `${selectorOf(el.parentElement)} > ${tag}` + (before || other ? `:nth-of-type(${before + 1})` : '');
    }
    known.set(el, found);
    return found;
  };
  const STILL = ['static', 'sticky'];
  // Only a container CSS could reorder is returned (flex or grid, a float,
  // a positioned child, a CSS direction against the markup's): which of
  // those explains an order seen is the check's to decide.
  const out = [];
  for (const [node, kids] of containers) {
    if (kids.size < 2) continue;
    if (out.length >= options.max_containers) break;
    const cs = getComputedStyle(node);
    const marked = node.closest('[dir]');
    const markup = marked ? marked.getAttribute('dir').toLowerCase() : 'ltr';
    const dir = ['ltr', 'rtl'].includes(markup) ? markup : cs.direction;
    const styled = [...kids].map(([el, kid]) => [el, kid, getComputedStyle(el)]);
    const movable = /flex|grid/.test(cs.display) || cs.direction !== dir
      || styled.some(([, , s]) => s.cssFloat !== 'none' || !STILL.includes(s.position));
    if (!movable) continue;
    const selector = selectorOf(node);
    out.push({
      selector, snippet: startTag(node),
      display: cs.display, flex_direction: cs.flexDirection, flex_wrap: cs.flexWrap,
      grid_template_areas: cs.gridTemplateAreas, direction: cs.direction, dir,
      children: styled.map(([el, kid, s]) => ({
        selector: selectorOf(el), text: kid.text, control: kid.control,
        box: kid.box, order: Number(s.order) || 0, float: s.cssFloat, position: s.position,
        top: s.top, right: s.right, bottom: s.bottom, left: s.left,
        grid_row: s.gridRowStart, grid_column: s.gridColumnStart, grid_area: s.gridArea})),
    });
  }
  return {blocks: blocks.length, scanned, truncated: scanned < all.length || blocks.length >= options.max_blocks, containers: out};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "comparing the page's visual order with its reading order"
    found = await visit.evaluate(ORDER_SCRIPT, {"max_scan": MAX_SCAN, "max_blocks": MAX_BLOCKS,
                                                "max_containers": MAX_CONTAINERS, "max_children": MAX_CHILDREN})
    return found if isinstance(found, dict) else {"blocks": 0, "scanned": 0, "truncated": False, "containers": []}


COLLECTORS = (Collector("order", collect, stage=READS),)
