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
