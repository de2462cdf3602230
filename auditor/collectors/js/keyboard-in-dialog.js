(ids) => ids.every((id) => {
  const el = window.__auditorKeyboard.elements[id];
  return !!(el && el.closest('dialog, [role="dialog" i], [role="alertdialog" i], [aria-modal="true" i]'));
})
