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
