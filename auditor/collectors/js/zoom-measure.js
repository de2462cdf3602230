  // Text-only zoom to 200%, in one evaluation: read every element's font
  // size (a snapshot, so em and % sizes do not compound), measure, set each
  // to twice its size in px (and an absolute line height with it), wait two
  // frames, measure again, then put every style attribute back as it was.
  // Body of a page_script of `options`: {max_elements, max_text, max_controls, limit}.
  return (async () => {
    const body = document.body;
    const empty = {enlarged: 0, elements_capped: false, text_nodes: 0, clipped: [], clipped_count: 0,
                   overlaps: [], overlaps_count: 0, controls: [], controls_count: 0};
    if (!body) return empty;
    const frames = () => new Promise((resolve) => {
      const cap = setTimeout(resolve, 1000);
      requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(cap); resolve(); }));
    });
    const HTML = 'http://www.w3.org/1999/xhtml';
    const SKIP = new Set(['script', 'style', 'noscript', 'template', 'option', 'optgroup', 'textarea', 'select', 'title']);
    const CLIPS = ['hidden', 'clip'];
    const SCROLLS = ['auto', 'scroll'];
    const BUTTON_INPUTS = ['submit', 'button', 'reset'];
    const TEXT_INPUTS = ['text', 'email', 'search', 'tel', 'url', 'number', 'password', ''];

    // The auditor's own style sheets (the layout family's text-spacing
    // overrides, when it ran first) are off while measuring: this measures
    // the page as its authors set it.
    const ours = [...document.querySelectorAll('style[data-inclusion-auditor]')].map((s) => s.sheet).filter(Boolean);
    const wasDisabled = ours.map((s) => s.disabled);
    ours.forEach((s) => { s.disabled = true; });
    const scroll = [scrollX, scrollY];

    // The snapshot: every element's size before any is changed.
    const all = [document.documentElement, ...body.querySelectorAll('*')];
    const chosen = all.filter((el) => el.namespaceURI === HTML && !SKIP.has(el.localName) || el.localName === 'select' || el.localName === 'textarea');
    const capped = chosen.length > options.max_elements;
    const sizes = chosen.slice(0, options.max_elements).map((el) => {
      const style = getComputedStyle(el);
      return [el, parseFloat(style.fontSize), style.lineHeight];
    });

    const ids = new Map();
    const idOf = (el) => { if (!ids.has(el)) ids.set(el, ids.size); return ids.get(el); };
    const styleCache = new Map();
    const css = (el) => { let s = styleCache.get(el); if (!s) { s = getComputedStyle(el); styleCache.set(el, s); } return s; };
    // The control a text node belongs to: a button, or a link drawn as one.
    const looksLikeButton = (a) => {
      const s = css(a);
      if (s.display === 'inline') return false;
      const painted = !/^(transparent|rgba\(.*,\s*0\))$/.test(s.backgroundColor) || s.backgroundImage !== 'none';
      const bordered = ['Top', 'Right', 'Bottom', 'Left'].every((side) => parseFloat(s[`border${side}Width`]) > 0);
      return painted || bordered;
    };
    const controlOf = (el) => {
      const c = el.closest('button, [role="button" i], a[href], input, select');
      if (!c) return null;
      if (c.localName === 'a' && !c.matches('[role="button" i]') && !looksLikeButton(c)) return null;
      return c;
    };
    const labelOf = (c) => {
      if (c.localName === 'select') return c.selectedOptions.length ? c.selectedOptions[0].text : '';
      if (c.localName === 'input') {
        const type = (c.type || '').toLowerCase();
        if (BUTTON_INPUTS.includes(type)) return c.value || {submit: 'Submit', reset: 'Reset'}[type] || '';
        if (TEXT_INPUTS.includes(type)) return c.value || c.placeholder || '';
        return null;
      }
      return textOf(c);
    };
    const canvas = document.createElement('canvas').getContext('2d');
    const box = (r) => ({x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height});

    const measure = () => {
      styleCache.clear();
      const clipperCache = new Map();
      // The nearest box that clips or scrolls its content (the element or an
      // ancestor), with the axes it clips on; null when none does.
      const clipperOf = (el) => {
        if (!el || el === body || el === document.documentElement) return null;
        if (clipperCache.has(el)) return clipperCache.get(el);
        const s = css(el);
        const clipX = CLIPS.includes(s.overflowX), clipY = CLIPS.includes(s.overflowY);
        const scrolls = SCROLLS.includes(s.overflowX) || SCROLLS.includes(s.overflowY);
        const found = clipX || clipY || scrolls ? {el, clipX, clipY, scrolls} : clipperOf(el.parentElement);
        clipperCache.set(el, found);
        return found;
      };
      const padBox = (el) => {
        const r = el.getBoundingClientRect();
        const left = r.left + el.clientLeft, top = r.top + el.clientTop;
        return {left, top, right: left + el.clientWidth, bottom: top + el.clientHeight};
      };
      const blockCache = new Map();
      const blockOf = (el) => {
        let b = blockCache.get(el);
        if (b === undefined) {
          b = el;
          while (b !== body && b.parentElement && ['inline', 'contents'].includes(css(b).display)) b = b.parentElement;
          blockCache.set(el, b);
        }
        return b;
      };
      const clipped = new Map();   // clipper -> {px, text}
      const controlRects = new Map();
      const lines = [];
      const range = document.createRange();
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node && seen < options.max_text; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent.trim() || parent.namespaceURI !== HTML || SKIP.has(parent.localName)) continue;
        seen += 1;
        const s = css(parent);
        if (s.visibility !== 'visible' || parseFloat(s.opacity) === 0) continue;
        // Text in a closed <details> (content-visibility: hidden) still has
        // boxes when asked, laid out where it would be if shown: not drawn.
        if (parent.checkVisibility && !parent.checkVisibility()) continue;
        range.selectNodeContents(node);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (!rects.length) continue;
        const control = controlOf(parent);
        if (control) {
          if (!controlRects.has(control)) controlRects.set(control, []);
          controlRects.get(control).push(...rects);
          continue;
        }
        const clipper = clipperOf(parent);
        let keep = null;
        if (clipper) {
          const c = clipper.el;
          const cs = css(c);
          const hidden = c.clientWidth <= 2 || c.clientHeight <= 2 || cs.clipPath !== 'none' || (cs.clip && cs.clip !== 'auto');
          if (hidden) continue;  // visually hidden text, there for screen readers
          keep = padBox(c);
          if (!clipper.scrolls) {
            let worst = 0;
            for (const r of rects) {
              if (clipper.clipY) worst = Math.max(worst, r.bottom - keep.bottom, keep.top - r.top);
              if (clipper.clipX) worst = Math.max(worst, r.right - keep.right, keep.left - r.left);
            }
            if (worst > 1) {
              const had = clipped.get(c);
              clipped.set(c, Math.max(had || 0, worst));
            }
          }
        }
        const block = blockOf(parent);
        for (const r of rects) {
          const l = keep ? {left: Math.max(r.left, keep.left), top: Math.max(r.top, keep.top), right: Math.min(r.right, keep.right), bottom: Math.min(r.bottom, keep.bottom)}
                         : {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
          if (l.right - l.left > 0 && l.bottom - l.top > 0) lines.push({...l, block, h: r.bottom - r.top});
        }
      }
      // Text of one block drawn over text of another: line boxes of two
      // blocks that cross by more than a sliver (line boxes of tightly set
      // text touch at their edges).
      lines.sort((a, b) => a.top - b.top);
      const pairs = new Map();
      let compared = 0;
      for (let i = 0; i < lines.length && compared < 400000; i += 1) {
        const a = lines[i];
        for (let j = i + 1; j < lines.length && lines[j].top < a.bottom; j += 1) {
          compared += 1;
          const b = lines[j];
          if (a.block === b.block) continue;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > Math.max(3, 0.3 * Math.min(a.h, b.h))) {
            const [x, y] = [idOf(a.block), idOf(b.block)].sort((p, q) => p - q);
            const key = `${x}-${y}`;
            pairs.set(key, Math.max(pairs.get(key) || 0, h));
          }
        }
      }
      // Controls whose label no longer fits in their box.
      const controls = new Map();
      const add = (c) => { if (!controlRects.has(c)) controlRects.set(c, null); };
      for (const c of body.querySelectorAll('input, select')) add(c);
      let n = 0;
      for (const [c, rects] of controlRects) {
        if (n >= options.max_controls) break;
        const s = css(c);
        if (s.visibility !== 'visible' || !c.getClientRects().length || (c.checkVisibility && !c.checkVisibility())) continue;
        n += 1;
        const r = c.getBoundingClientRect();
        if (r.width <= 2 || r.height <= 2) continue;
        let need = 0, room = 0, axis = '';
        if (rects) {
          // The label's lines against the control's border box.
          let overH = 0, overW = 0;
          for (const t of rects) {
            overH = Math.max(overH, t.bottom - r.bottom, r.top - t.top);
            overW = Math.max(overW, t.right - r.right, r.left - t.left);
          }
          [axis, room] = overH >= overW ? ['height', r.height] : ['width', r.width];
          need = room + Math.max(overH, overW);
        } else {
          const label = labelOf(c);
          if (label === null) continue;
          canvas.font = s.font || `${s.fontSize} ${s.fontFamily}`;
          const m = canvas.measureText(label || 'M');
          const tall = (m.fontBoundingBoxAscent || 0) + (m.fontBoundingBoxDescent || 0);
          const innerH = c.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
          // A select's arrow is not counted (its room differs by engine and
          // style): a label is only reported once it does not fit the box.
          const innerW = c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
          const type = (c.type || '').toLowerCase();
          const widthMatters = c.localName === 'select' || BUTTON_INPUTS.includes(type);
          if (tall - innerH > 0) { need = tall; room = innerH; axis = 'height'; }
          if (widthMatters && label && m.width - innerW > need - room) { need = m.width; room = innerW; axis = 'width'; }
        }
        if (need - room > 2) controls.set(c, {need: Math.round(need), room: Math.round(room), axis, label: clip((labelOf(c) || '').replace(/\s+/g, ' ').trim(), 80)});
      }
      return {clipped, pairs, controls, seen};
    };

    const before = measure();
    const saved = sizes.map(([el]) => [el, el.getAttribute('style')]);
    for (const [el, size, lineHeight] of sizes) {
      el.style.setProperty('transition', 'none', 'important');
      el.style.setProperty('font-size', `${2 * size}px`, 'important');
      const lh = parseFloat(lineHeight);
      if (lineHeight !== 'normal' && Number.isFinite(lh)) el.style.setProperty('line-height', `${2 * lh}px`, 'important');
    }
    await frames();
    const after = measure();
    // Put back: first the sizes with transitions still off (so nothing
    // animates back), then each style attribute exactly as it was.
    for (const [el, old] of saved) el.setAttribute('style', `${old || ''};transition:none !important`);
    void document.documentElement.offsetHeight;
    for (const [el, old] of saved) {
      if (old === null) el.removeAttribute('style');
      else el.setAttribute('style', old);
    }
    ours.forEach((s, i) => { s.disabled = wasDisabled[i]; });
    scrollTo(scroll[0], scroll[1]);
    // Boxes as the page shows them (at its own sizes), like every family's.
    const rects = new Map([...after.clipped.keys()].map((el) => [el, box(el.getBoundingClientRect())]));

    const text = (el) => clip((el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim(), 80);
    const newly = [...after.clipped].filter(([el]) => !before.clipped.has(el));
    const innermost = newly.filter(([el]) => !newly.some(([other]) => other !== el && el.contains(other)));
    const clippedOut = innermost.slice(0, options.limit).map(([el, px]) => ({
      selector: selectorFor(el), snippet: startTag(el), text: text(el), overflow_px: Math.round(px),
      line_clamp: (css(el).webkitLineClamp || 'none'), box: rects.get(el),
    }));
    // Overlaps new with the enlarged text, grouped: blocks drawn over one
    // another, transitively, are one finding.
    const byId = new Map([...ids].map(([el, i]) => [i, el]));
    const parent = new Map();
    const find = (x) => { while (parent.has(x) && parent.get(x) !== x) x = parent.get(x); return x; };
    const most = new Map();
    for (const [key, h] of after.pairs) {
      if (before.pairs.has(key)) continue;
      const [x, y] = key.split('-').map(Number);
      if (!parent.has(x)) parent.set(x, x);
      if (!parent.has(y)) parent.set(y, y);
      const [rx, ry] = [find(x), find(y)];
      if (rx !== ry) parent.set(Math.max(rx, ry), Math.min(rx, ry));
      most.set(x, Math.max(most.get(x) || 0, h));
    }
    const groups = new Map();
    for (const x of parent.keys()) {
      const root = find(x);
      if (!groups.has(root)) groups.set(root, []);
      groups.get(root).push(byId.get(x));
    }
    const order = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
    const overlapGroups = [...groups.values()].map((els) => els.sort(order)).sort((a, b) => order(a[0], b[0]));
    const overlaps = overlapGroups.slice(0, options.limit).map((els) => ({
      blocks: els.slice(0, 4).map((el) => ({selector: selectorFor(el), snippet: startTag(el), text: text(el)})),
      count: els.length,
      overlap_px: Math.round(Math.max(...els.map((el) => most.get(ids.get(el)) || 0))),
    }));
    const cut = [...after.controls].filter(([el]) => !before.controls.has(el));
    const controls = cut.slice(0, options.limit).map(([el, m]) => ({
      selector: selectorFor(el), snippet: startTag(el), tag: el.localName, type: el.localName === 'input' ? (el.type || '') : '',
      label: m.label, axis: m.axis, need_px: m.need, room_px: m.room,
    }));
    return {
      enlarged: sizes.length, elements_capped: capped, text_nodes: after.seen,
      clipped: clippedOut, clipped_count: innermost.length,
      overlaps, overlaps_count: overlapGroups.length,
      controls, controls_count: cut.length,
    };
  })();
