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
