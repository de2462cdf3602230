(id) => {
  const el = window.__auditorKeyboard.elements[id];
  if (el) el.blur();
  const a = window.__auditorKeyboard.deepActive();
  if (a && a !== document.body && a.blur) a.blur();
}
