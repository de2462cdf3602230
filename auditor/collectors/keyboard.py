"""The page operated with the Tab key: focus order, traps, focus visibility,
the skip link and the controls Tab never reaches.

One collector, ``keyboard``, on the main visit after every collector that
only reads the page (stage ``INTERACTS``). It never clicks and never
navigates. In order:

1. **Start outside the page.** The active element is blurred and a
   temporary ``tabindex=-1`` element at the start of ``<body>`` is focused
   and removed at once, so the browser's focus starting point is the top of
   the document; then Shift+Tab moves focus out of the page backwards (past
   any elements with a positive ``tabindex``, which come first in the tab
   order), so the first Tab enters the page as it does after loading.
2. **Tab walk.** Real Tab presses (``visit.press``), in batches (the first
   sized by the number of elements that look tabbable). A listener in the
   page notes the focused element after each Tab key-up (looking into open
   shadow roots; an ``<iframe>`` counts as one stop, noted when focus enters
   it). The walk ends when focus leaves the document, when it comes back to
   the first stop, or after ``max_tab_stops`` presses.
3. **Traps.** When an element other than the first comes round again, the
   cycle is tested from its last element: Shift+Tab, then Escape and Tab. It
   is a trap only when none of them gets out and the cycle is not inside a
   dialog (a dialog may keep focus until one of its buttons closes it, and
   buttons are never pressed here). A walk that comes back to the first stop
   while elements in the tab order were never reached (a dialog open on
   arrival) is tested the same way.
4. **Focus visibility.** Each stop is focused and blurred in the page to
   read its style change on focus (outline, border, shadow, colours,
   position, of the element, its ``::before``/``::after`` and its parent).
   Stops whose focus makes the same change (or, with no change, of the same
   tag, class and parent) look alike, so one of them stands for all: it is
   focused (scrolled into view), a screenshot of its box padded by 8 px is
   taken, it is blurred, the same box is shot again, and identical PNGs mean
   no visible focus indicator. A stop that is off screen or has no size when
   focused has no visible focus either. At most ``max_focus_screenshots``
   comparisons.
5. **Unreachable controls.** When the walk reached the end: visible,
   enabled links, buttons, form fields, ``summary``, elements with
   ``onclick`` or a control role that never had focus. Radio buttons whose
   group was reached, items of a composite widget (tab list, menu, ...) one
   of whose items was reached, links to an address another reached link
   goes to, and elements inside or around a reached stop are not counted.
6. **Skip link.** The first in-page link among the first three stops that
   reads like a skip link or points into ``<main>`` is focused and Enter is
   pressed; it works when focus is then on its target or in ``<main>``, or the
   next Tab goes there. The address fragment is put back afterwards.

Timing: see ``elapsed_ms`` in the artifact. A batch of Tab presses goes to
the browser at once (``Visit.press_many``), so the page draws once a batch
rather than once a press; each screenshot is a round trip and a drawing of
its own (35 to 80 ms on a small, busy machine), which is why look-alike
stops share one screenshot comparison.
"""

from __future__ import annotations

import time
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from . import INTERACTS, Collector
from .dom import page_script

BATCH = 8
"""Tab presses between two reads of the page's focus log, after a first
batch sized by the number of elements that look tabbable. Presses past the
end of the walk are cheap (sent together) and the log is cut where it ends."""

SKIP_LINK_WINDOW = 3
"""A skip link is looked for among this many first focus stops."""

CLIP_PADDING = 8
"""CSS px around a focused element included in its screenshots, for
outlines drawn outside the box (outline-offset, box-shadow)."""

UNREACHABLE_LIMIT = 50

# Installs the focus recorder in the page and puts the focus starting point
# at the top of the document. Everything lives on one non-enumerable global;
# elements are known by their index in `elements` (nothing is written to the DOM).
INSTALL = page_script(
    "",
    r"""
  if (window.__auditorKeyboard) return {positive: 0, tabbable: 0, main_found: !!window.__auditorKeyboard.main};
  const main = document.querySelector('main, [role="main" i]');
  const elements = [], described = [], log = [];
  const ids = new Map();
  let sentLog = 0, sentDescribed = 0;
  const deepActive = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };
  const hostChain = (el) => {
    const chain = [el];
    for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) chain.push(root.host);
    return chain;
  };
  const deepSelector = (el) => hostChain(el).reverse().map(selectorFor).join(' >> ');
  const outer = (el) => hostChain(el).pop();
  const INPUT_ROLES = {checkbox: 'checkbox', radio: 'radio', button: 'button', submit: 'button', reset: 'button', image: 'button', range: 'slider', file: 'button', color: 'button'};
  const TAG_ROLES = {a: 'link', area: 'link', button: 'button', select: 'combobox', textarea: 'textbox', summary: 'button', iframe: 'iframe', frame: 'iframe'};
  const roleOf = (el) => (el.getAttribute('role') || '').trim().split(/\s+/)[0]
    || (el.localName === 'input' ? (INPUT_ROLES[(el.type || '').toLowerCase()] || 'textbox') : TAG_ROLES[el.localName] || '');
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const nameOf = (el) => {
    const labelIds = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    let name = labelIds.map((id) => document.getElementById(id)).filter(Boolean).map((n) => n.textContent).join(' ');
    name = clean(name) || clean(el.getAttribute('aria-label'));
    if (!name && el.labels && el.labels.length) name = clean([...el.labels].map((l) => l.textContent).join(' '));
    if (!name && el.localName === 'input' && ['button', 'submit', 'reset'].includes(el.type)) name = clean(el.value);
    if (!name && !['input', 'select', 'textarea'].includes(el.localName)) name = clean(el.innerText || el.textContent);
    if (!name) name = clean(el.getAttribute('alt')) || clean([...el.querySelectorAll('img[alt]')].map((i) => i.alt).join(' '));
    if (!name) name = clean(el.getAttribute('title')) || clean(el.getAttribute('placeholder'));
    return clip(name, 80);
  };
  const docBox = (r) => ({x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height});
  const skipTarget = (el) => {
    const href = el.getAttribute('href') || '';
    if (el.localName !== 'a' || !href.startsWith('#')) return null;
    let frag = href.slice(1);
    try { frag = decodeURIComponent(frag); } catch (e) {}
    const target = frag ? (document.getElementById(frag) || document.getElementsByName(frag)[0] || null) : null;
    return {href, target};
  };
  const SKIP_WORDS = /\b(skip|jump)\b|main content|go to content/i;
  const describe = (el, id) => {
    const o = outer(el);
    const info = {
      id,
      selector: deepSelector(el),
      snippet: startTag(el),
      tag: el.localName,
      role: roleOf(el),
      name: nameOf(el),
      tabindex: el.getAttribute('tabindex'),
      href: el.getAttribute('href'),
      in_main: !!main && main.contains(o),
      before_main: !!main && !o.contains(main) && !main.contains(o) && !!(main.compareDocumentPosition(o) & Node.DOCUMENT_POSITION_PRECEDING),
      box: docBox(el.getBoundingClientRect()),
      iframe: ['iframe', 'frame'].includes(el.localName),
    };
    const skip = skipTarget(el);
    if (skip) {
      const t = skip.target;
      info.skip_like = SKIP_WORDS.test(info.name) || (!!t && !!main && (t === main || main.contains(t) || t.contains(main)));
      info.target_found = !!t;
    }
    return info;
  };
  const idOf = (el) => {
    let id = ids.get(el);
    if (id === undefined) {
      id = elements.length;
      ids.set(el, id);
      elements.push(el);
      described.push(describe(el, id));
    }
    return id;
  };
  const state = () => {
    const a = deepActive();
    return a && a !== document.body && a !== document.documentElement && document.hasFocus() ? idOf(a) : null;
  };
  window.addEventListener('keyup', (e) => { if (e.key === 'Tab') log.push(state()); }, true);
  // Focus going into a frame: key events then go to the frame, not here.
  window.addEventListener('blur', (e) => {
    if (e.target !== window) return;
    const a = document.activeElement;
    if (a && ['IFRAME', 'FRAME'].includes(a.tagName)) log.push(idOf(a));
  }, true);
  const api = {
    elements, ids, main, deepActive, idOf, deepSelector,
    take: () => {
      const out = {log: log.slice(sentLog), stops: described.slice(sentDescribed)};
      sentLog = log.length; sentDescribed = described.length;
      return out;
    },
  };
  Object.defineProperty(window, '__auditorKeyboard', {value: api, enumerable: false, configurable: true});
  // Start at the top of the document.
  const active = deepActive();
  if (active && active !== document.body && active.blur) active.blur();
  if (document.body) {
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus({preventScroll: true});
    start.remove();
  }
  // How many stops to expect, to size the first batch of presses; and how
  // many elements have a positive tabindex (they come first in the tab
  // order, before the start of the document).
  let tabbable = 0;
  const radioGroups = new Set();
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]')) {
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden' || !el.getClientRects().length) continue;
    if (el.type === 'radio' && el.name) {  // one stop per group
      const key = el.name + '|' + (el.form ? [...document.forms].indexOf(el.form) : -1);
      if (radioGroups.has(key)) continue;
      radioGroups.add(key);
    }
    tabbable += 1;
  }
  return {
    positive: [...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length,
    tabbable,
    main_found: !!main,
  };
""",
)

TAKE = "() => window.__auditorKeyboard.take()"

IN_DIALOG = r"""
(ids) => ids.every((id) => {
  const el = window.__auditorKeyboard.elements[id];
  return !!(el && el.closest('dialog, [role="dialog" i], [role="alertdialog" i], [aria-modal="true" i]'));
})
"""

# The style of each stop focused and unfocused, as a signature: stops with the
# same signature render their focus alike, so one screenshot comparison
# stands for all of them (all the links of a page styled by one `a:focus`
# rule, say).
SIGNATURES = r"""
(ids) => {
  const kb = window.__auditorKeyboard;
  const PROPS = ['outline-style', 'outline-width', 'outline-color', 'outline-offset', 'box-shadow',
    'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
    'border-top-style', 'border-bottom-style', 'border-top-width', 'border-bottom-width',
    'background-color', 'background-image', 'color', 'text-decoration-line', 'text-decoration-color',
    'text-decoration-thickness', 'text-underline-offset', 'font-weight', 'transform', 'filter', 'opacity',
    'visibility', 'position', 'left', 'top', 'width', 'height', 'clip', 'clip-path', 'z-index'];
  const PSEUDO = ['content', 'background-color', 'box-shadow', 'border-bottom-color', 'outline-style', 'opacity', 'transform', 'width', 'height'];
  const read = (el) => {
    const s = getComputedStyle(el), b = getComputedStyle(el, '::before'), a = getComputedStyle(el, '::after');
    const p = el.parentElement ? getComputedStyle(el.parentElement) : null;
    return [PROPS.map((k) => s.getPropertyValue(k)), PSEUDO.map((k) => b.getPropertyValue(k)),
            PSEUDO.map((k) => a.getPropertyValue(k)), p ? PROPS.map((k) => p.getPropertyValue(k)) : []];
  };
  const background = (el) => {
    for (let a = el; a && a.nodeType === 1; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.backgroundImage !== 'none') return 'image';
      if (!/^(transparent|rgba\(.*,\s*0\))$/.test(s.backgroundColor)) return s.backgroundColor;
    }
    return 'canvas';
  };
  const rgb = (c) => (/rgba?\(([^)]*)\)/.exec(c || '') || [null, ''])[1].split(',').slice(0, 3).map(Number);
  const blends = (colour, bg) => {
    const a = rgb(colour), b = rgb(bg);
    return a.length === 3 && b.length === 3 && a.every((v, i) => Math.abs(v - b[i]) < 16);
  };
  // Drawn so small, clipped or transparent that its own outline may not show
  // (a visually hidden checkbox styled through its label).
  const hidden = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return [r.width < 4 || r.height < 4 ? 'tiny' : '', s.clip !== 'auto' || s.clipPath !== 'none' ? 'clipped' : '',
            Number(s.opacity) === 0 ? 'transparent' : ''].join('');
  };
  const tightClip = (el) => {
    const r = el.getBoundingClientRect();
    let depth = 0;
    for (let a = el.parentElement; a && a !== document.body && depth < 12; a = a.parentElement, depth += 1) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      if (r.left - c.left < 4 || c.right - r.right < 4 || r.top - c.top < 4 || c.bottom - r.bottom < 4) return 'tight';
    }
    return '';
  };
  // Whether a box is anywhere on the page (not pushed off it, not empty).
  const onPage = (r) => {
    const width = Math.max(document.documentElement.scrollWidth, innerWidth), height = Math.max(document.documentElement.scrollHeight, innerHeight);
    return r.width > 0 && r.height > 0 && r.right + scrollX > 0 && r.bottom + scrollY > 0 && r.left + scrollX < width && r.top + scrollY < height;
  };
  const out = {};
  for (const id of ids) {
    const el = kb.elements[id];
    if (!el || !el.isConnected) { out[id] = null; continue; }
    el.focus({preventScroll: true});
    const boxes = [el.getBoundingClientRect(), ...[...(el.labels || [])].map((l) => l.getBoundingClientRect())];
    const offscreen = !boxes.some(onPage);
    const focused = read(el);
    el.blur();
    const plain = read(el);
    const change = [];
    focused.forEach((group, g) => group.forEach((v, i) => { if (v !== plain[g][i]) change.push(g + ':' + i + '=' + v); }));
    const parent = el.parentElement;
    // With a style change, what decides how it looks is the change (the
    // same outline looks the same on a link or a field), whether an outline
    // has the colour of the background it is drawn on, whether a clipping
    // box is tight around the element (an outline cut off) and whether the
    // element itself is hidden in plain sight; with none, only
    // the element's own kind and place can tell look-alikes (an indicator
    // drawn by a sibling, say).
    const signature = (change.length
      ? [change.join(';'), blends(focused[0][PROPS.indexOf('outline-color')], background(el)) ? 'outline-on-same-colour' : '', tightClip(el), hidden(el)]
      : [el.localName, el.getAttribute('type') || '', el.getAttribute('class') || '', parent ? parent.localName + '.' + (parent.getAttribute('class') || '') : '']
    ).join('|');
    out[id] = {signature, offscreen};
  }
  return out;
}
"""

# Focus one stop (scrolling it into view) and give the part of the viewport
# to photograph, in CSS px from the viewport's top left corner (as the
# screenshot clip is read): its box, with its labels when it is tiny (a
# visually hidden checkbox drawn by its label), padded; null when it is off
# screen, {refused: true} when it cannot be focused any more.
FOCUS = r"""
([id, pad]) => {
  const kb = window.__auditorKeyboard;
  const el = kb.elements[id];
  if (!el || !el.isConnected) return {refused: true};
  el.focus();
  if (kb.deepActive() !== el) return {refused: true};  // no longer focusable
  // Scrolled to the edge of the viewport, an element can sit under a sticky
  // header: bring it to the middle so the screenshots show it.
  let outer = el;
  while (outer.getRootNode() instanceof ShadowRoot) outer = outer.getRootNode().host;
  const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  if (hit && !outer.contains(hit) && !hit.contains(outer)) el.scrollIntoView({block: 'center', inline: 'nearest'});
  const rects = [el.getBoundingClientRect()];
  const r0 = rects[0];
  if ((r0.width < 4 || r0.height < 4) && el.labels) for (const l of el.labels) rects.push(l.getBoundingClientRect());
  const shown = rects.filter((r) => r.width > 0 && r.height > 0);
  if (!shown.length) return null;
  const left = Math.min(...shown.map((r) => r.left)) - pad, top = Math.min(...shown.map((r) => r.top)) - pad;
  const right = Math.max(...shown.map((r) => r.right)) + pad, bottom = Math.max(...shown.map((r) => r.bottom)) + pad;
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const x = Math.max(0, Math.floor(left)), y = Math.max(0, Math.floor(top));
  const w = Math.min(vw, Math.ceil(right)) - x, h = Math.min(vh, Math.ceil(bottom)) - y;
  // Less than the element itself on screen: it is out of view.
  if (w <= pad || h <= pad) return null;
  return {x, y, width: w, height: h};
}
"""

BLUR = r"""
(id) => {
  const el = window.__auditorKeyboard.elements[id];
  if (el) el.blur();
  const a = window.__auditorKeyboard.deepActive();
  if (a && a !== document.body && a.blur) a.blur();
}
"""

# Where focus is, with respect to a skip link's target and <main>.
SKIP_STATE = r"""
(id) => {
  const kb = window.__auditorKeyboard;
  const link = kb.elements[id];
  const main = kb.main;
  let frag = (link.getAttribute('href') || '').slice(1);
  try { frag = decodeURIComponent(frag); } catch (e) {}
  const target = frag ? (document.getElementById(frag) || document.getElementsByName(frag)[0] || null) : null;
  const a = kb.deepActive();
  const real = a && a !== document.body && a !== document.documentElement;
  return {
    active: real ? kb.deepSelector(a) : null,
    on_target: !!(real && target && (a === target || target.contains(a))),
    in_main: !!(real && main && main.contains(a)),
    after_target: !!(real && target && (target.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)),
  };
}
"""

# Put back the address as it was before the skip link added its fragment.
RESTORE_URL = "(url) => { if (location.href !== url) history.replaceState(history.state, '', url); }"

# Controls that look operable and are shown but never had focus (with
# limit 0: none looked for), and the document order of the reached stops.
UNREACHABLE = page_script(
    "[reachedIds, limit]",
    r"""
  const kb = window.__auditorKeyboard;
  const reached = reachedIds.map((id) => kb.elements[id]).filter(Boolean);
  const reachedSet = new Set(reached);
  const reachedHrefs = new Set(reached.filter((el) => el.localName === 'a' && el.href).map((el) => el.href));
  const COMPOSITE = '[role="tablist" i], [role="menu" i], [role="menubar" i], [role="radiogroup" i], [role="listbox" i], [role="tree" i], [role="treegrid" i], [role="grid" i], [role="toolbar" i]';
  const CONTROLS = 'a[href], area[href], button, input:not([type="hidden" i]), select, textarea, summary, [onclick], ' +
    '[role="button" i], [role="link" i], [role="checkbox" i], [role="tab" i], [role="menuitem" i], [role="switch" i]';
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  const why = (el) => {
    const t = el.getAttribute('tabindex');
    if (t !== null && Number(t) < 0) return 'it has tabindex="' + t + '"';
    if (el.matches('[role]') && !el.matches('a[href], button, input, select, textarea, summary')) return 'it has role="' + el.getAttribute('role') + '" but no tabindex';
    if (el.hasAttribute('onclick') && !el.matches('a[href], button, input, select, textarea, summary')) return 'it has a click handler but is not a control and has no tabindex';
    return '';
  };
  // The document order of the reached stops, for focus-order jumps.
  const ranked = reachedIds.filter((id) => kb.elements[id] && kb.elements[id].isConnected);
  ranked.sort((a, b) => (kb.elements[a].compareDocumentPosition(kb.elements[b]) & Node.DOCUMENT_POSITION_FOLLOWING) ? -1 : 1);
  const order = {};
  ranked.forEach((id, i) => { order[id] = i; });
  const found = [];
  let count = 0;
  for (const el of limit > 0 ? document.querySelectorAll(CONTROLS) : []) {
    if (el === document.body || el === document.documentElement) continue;
    if (reachedSet.has(el)) continue;
    if (el.disabled || el.getAttribute('aria-disabled') === 'true' || el.closest('[inert]')) continue;
    if (!shown(el)) continue;
    if (reached.some((r) => r.contains(el) || el.contains(r))) continue;
    if (el.localName === 'input' && (el.type || '').toLowerCase() === 'radio' && el.name) {
      const group = (el.form || document).querySelectorAll('input[type="radio" i]');
      if ([...group].some((r) => r.name === el.name && reachedSet.has(r))) continue;
    }
    const composite = el.closest(COMPOSITE);
    if (composite && reached.some((r) => composite.contains(r))) continue;
    if (el.localName === 'a' && el.href && reachedHrefs.has(el.href)) continue;
    count += 1;
    if (found.length >= limit) continue;
    const rect = el.getBoundingClientRect();
    found.push({
      selector: kb.deepSelector(el), snippet: startTag(el), tag: el.localName,
      role: (el.getAttribute('role') || '').trim() || (el.localName === 'a' ? 'link' : el.localName === 'button' ? 'button' : ''),
      name: clip((el.innerText || el.getAttribute('aria-label') || el.getAttribute('title') || el.value || '').replace(/\s+/g, ' ').trim(), 80),
      why: why(el),
      tabbable: el.tabIndex >= 0,
      box: {x: rect.x + scrollX, y: rect.y + scrollY, width: rect.width, height: rect.height},
    });
  }
  return {found, count, order};
""",
)


def walk_end(sequence: list[int | None]) -> tuple[str, int, list[int]]:
    """How a Tab walk ended, from the focus after each press (an element id,
    or None when focus was on no element).

    Returns (end, length, cycle): ``left-page`` when focus left the document
    after at least one stop, ``wrapped`` when it came back to the first stop,
    ``cycle`` when another stop came round again (``cycle`` lists the ids
    going round), ``no-stops`` when the first press found nothing, ``""``
    while none of these has happened. ``length`` is the number of entries
    of the walk proper."""
    seen: dict[int, int] = {}
    first: int | None = None
    for index, entry in enumerate(sequence):
        if entry is None:
            return ("left-page" if first is not None else "no-stops"), index, []
        if first is None:
            first = entry
        elif entry == first:
            return "wrapped", index, []
        elif entry in seen:
            return "cycle", index, sequence[seen[entry]:index]  # type: ignore[return-value]
        seen[entry] = index
    return "", len(sequence), []


class Walk:
    """The state of one page's Tab walk."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.stops: dict[int, dict[str, Any]] = {}
        self.sequence: list[int | None] = []
        self.presses = 0

    async def press(self, key: str, times: int = 1) -> list[int | None]:
        """Press ``key`` ``times`` times; the focus log of those presses."""
        await self.visit.press_many(key, times)
        self.presses += times
        taken = await self.visit.evaluate(TAKE)
        for stop in taken["stops"]:
            self.stops[stop["id"]] = stop
        return taken["log"]

    async def leave_page(self, positive: int) -> None:
        """Move focus out of the page backwards (Shift+Tab from the top of the
        document, past any elements with a positive tabindex), so that the
        first Tab enters the page as it does after loading."""
        for _ in range(positive + 1):
            log = await self.press("Shift+Tab")
            if log and log[-1] is None:
                break
        self.presses = 0

    async def run(self, cap: int, expected: int) -> tuple[str, list[int], dict[str, Any] | None]:
        """Tab until the walk ends or ``cap`` presses; (end, cycle, trap).

        The first batch is the ``expected`` number of stops and one more (to see
        the end), the next ones are short."""
        batch = max(expected + 1, BATCH)
        while self.presses < cap:
            self.sequence.extend(await self.press("Tab", min(batch, cap - self.presses)))
            batch = BATCH
            end, length, cycle = walk_end(self.sequence)
            if end:
                self.sequence = self.sequence[: length + (1 if end in ("left-page", "wrapped") else 0)]
                if end != "cycle":
                    return end, [], None
                trap = await self.confirm_trap(cycle)
                return ("trap" if trap["confirmed"] else "cycle"), cycle, trap
        return "cap", [], None

    async def confirm_trap(self, cycle: list[int]) -> dict[str, Any]:
        """Whether Shift+Tab, or Escape then Tab, gets focus out of ``cycle``
        (starting from its last element). A cycle inside a dialog is not
        called a trap: a dialog may keep focus until one of its buttons
        closes it, and buttons are never pressed here."""
        inside = set(cycle)
        await self.visit.evaluate(FOCUS, [cycle[-1], 0])
        back = await self.press("Shift+Tab", len(inside) + 2)
        shift_exits = any(e not in inside for e in back)
        escape_exits = False
        seen = bool(back)  # key-ups inside a frame are not seen: no verdict
        if not shift_exits:
            await self.visit.press("Escape")
            after = await self.press("Tab", 2)
            escape_exits = any(e not in inside for e in after)
            seen = seen and bool(after)
        in_dialog = bool(await self.visit.evaluate(IN_DIALOG, cycle))
        return {
            "cycle": cycle,
            "shift_tab_exits": shift_exits,
            "escape_exits": escape_exits,
            "in_dialog": in_dialog,
            "confirmed": seen and not (shift_exits or escape_exits or in_dialog),
        }


async def check_focus_visibility(visit: Visit, order: list[int], limit: int) -> list[dict[str, Any]]:
    """For each stop: ``visible`` True or False, or None when not compared;
    ``why``; ``like``: the stop whose screenshots decided (look-alikes share
    one comparison)."""
    if not order:
        return []
    looks: dict[str, dict[str, Any] | None] = await visit.evaluate(SIGNATURES, order)
    verdicts: dict[str, dict[str, Any]] = {}
    results = []
    shots = 0
    for stop in order:
        look = looks.get(str(stop))
        if look is None:
            results.append({"id": stop, "visible": None, "why": "no longer on the page"})
            continue
        if look["offscreen"]:  # where it is, not how it looks: never shared
            results.append({"id": stop, "visible": False, "why": "off-screen"})
            continue
        signature = look["signature"]
        if signature not in verdicts:
            if shots >= limit:
                results.append({"id": stop, "visible": None, "why": "not compared (limit reached)"})
                continue
            clip = await visit.evaluate(FOCUS, [stop, CLIP_PADDING])
            if clip is None:
                results.append({"id": stop, "visible": False, "why": "off-screen"})
                continue
            if clip.get("refused"):
                results.append({"id": stop, "visible": None, "why": "could not be focused again"})
                continue
            shots += 1
            focused = await visit.screenshot(clip=clip)
            await visit.evaluate(BLUR, stop)
            unfocused = await visit.screenshot(clip=clip)
            differ = focused != unfocused
            verdicts[signature] = {"visible": differ, "why": "screenshots differ" if differ else "screenshots identical", "like": stop}
        results.append({"id": stop, **verdicts[signature]})
    await visit.evaluate(BLUR, order[-1])
    return results


async def check_skip_link(walk: Walk, order: list[int]) -> dict[str, Any] | None:
    visit = walk.visit
    candidates = [walk.stops[i] for i in order[:SKIP_LINK_WINDOW] if walk.stops[i].get("skip_like")]
    if not candidates:
        return None
    link = candidates[0]
    result: dict[str, Any] = {
        "id": link["id"],
        "selector": link["selector"],
        "href": link.get("href", ""),
        "target_found": bool(link.get("target_found")),
    }
    start = await visit.current_url()
    focused = await visit.evaluate(FOCUS, [link["id"], 0])
    if focused and focused.get("refused"):
        return {**result, "works": None, "focus_after": None}
    await visit.press("Enter")
    if (await visit.current_url()).split("#")[0] != start.split("#")[0]:
        visit.notes.append("Keyboard: following the skip link loaded another page; later checks saw that page")
        return {**result, "works": None, "focus_after": None}
    first = await visit.evaluate(SKIP_STATE, link["id"])
    works = first["on_target"] or first["in_main"]
    second = None
    if not works:
        await walk.press("Tab")
        second = await visit.evaluate(SKIP_STATE, link["id"])
        main_has_stops = any(walk.stops[i].get("in_main") for i in order)
        works = second["on_target"] or second["in_main"] or (result["target_found"] and not main_has_stops and second["after_target"])
    result["works"] = bool(works)
    result["focus_after"] = (second or first)["active"]
    await visit.evaluate(RESTORE_URL, start)
    return result


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any], options: Any) -> dict[str, Any]:
    """``options``: the keyboard family's options, parsed once for the run
    (``max_tab_stops``, ``max_focus_screenshots``)."""
    started = time.monotonic()
    visit.phase = "pressing Tab through the page"
    installed = await visit.evaluate(INSTALL)
    walk = Walk(visit)
    await walk.leave_page(int(installed.get("positive", 0)))
    end, _, trap = await walk.run(options.max_tab_stops, int(installed.get("tabbable", 0)))
    order = list(dict.fromkeys(e for e in walk.sequence if e is not None))

    visit.phase = "comparing focused and unfocused elements"
    focusable = [i for i in order if not walk.stops[i].get("iframe")]
    focus = await check_focus_visibility(visit, focusable, options.max_focus_screenshots)

    visit.phase = "looking for controls Tab did not reach"
    complete = end in ("left-page", "wrapped", "no-stops")
    unreachable = await visit.evaluate(UNREACHABLE, [order, UNREACHABLE_LIMIT if complete else 0])
    for stop_id, rank in unreachable["order"].items():
        walk.stops[int(stop_id)]["order"] = rank
    if end == "wrapped" and any(item["tabbable"] for item in unreachable["found"]):
        # Focus came round to the first stop, but elements in the tab order
        # were never reached: a cycle that starts at the first stop (a
        # dialog open on arrival, say), not the end of the page.
        visit.phase = "testing whether focus is trapped"
        cycle = order
        trap = await walk.confirm_trap(cycle)
        end = "trap" if trap["confirmed"] else "cycle"
        complete = False

    if end == "cap":
        visit.notes.append(f"Keyboard: the Tab walk stopped after {walk.presses} presses ([keyboard] max_tab_stops) before the end of the page; unreachable controls were not judged")
    elif end == "cycle":
        visit.notes.append("Keyboard: focus went round a group of elements without reaching the end of the page, but Shift+Tab or Escape got out (or it is a dialog), so it is not reported as a trap; unreachable controls were not judged")

    skip = None
    if order:
        visit.phase = "following the skip link"
        skip = await check_skip_link(walk, order)

    return {
        "end": end,
        "presses": walk.presses,
        "sequence": walk.sequence,
        "stops": [walk.stops[i] for i in order],
        "trap": trap,
        "focus": focus,
        "skip_link": skip,
        "main_found": bool(installed.get("main_found")),
        "stops_before_main": sum(1 for i in order if walk.stops[i].get("before_main")),
        "unreachable": unreachable["found"] if complete else [],
        "unreachable_count": unreachable["count"] if complete else None,
        "elapsed_ms": int((time.monotonic() - started) * 1000),
    }


COLLECTORS = (Collector("keyboard", collect, stage=INTERACTS, family="keyboard"),)
