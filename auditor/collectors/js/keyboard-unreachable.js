  const kb = window.__auditorKeyboard;
  const reached = reachedIds.map((id) => kb.elements[id]).filter(Boolean);
  const reachedSet = new Set(reached);
  const reachedHrefs = new Set(reached.filter((el) => el.localName === 'a' && el.href).map((el) => el.href));
  const COMPOSITE = '[role="tablist" i], [role="menu" i], [role="menubar" i], [role="radiogroup" i], [role="listbox" i], [role="tree" i], [role="treegrid" i], [role="grid" i], [role="toolbar" i]';
  const CONTROLS = 'a[href], area[href], button, input:not([type="hidden" i]), select, textarea, summary, [onclick], ' +
    '[role="button" i], [role="link" i], [role="checkbox" i], [role="tab" i], [role="menuitem" i], [role="switch" i]';
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    // Content a closed <details> hides keeps its boxes but is not rendered
    // (content-visibility: hidden); its summary is the stop, not these.
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility()) return false;
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
