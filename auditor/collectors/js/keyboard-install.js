  if (window.__auditorKeyboard) return {positive: 0, tabbable: 0, main_found: !!window.__auditorKeyboard.main};
  const main = document.querySelector('main, [role="main" i]');
  const elements = [], described = [], log = [], unseen = [];
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
  // Content repeated from page to page, that a skip link lets people pass:
  // navigation and search, the site header (not the header of an article or
  // section), and links in a list (navigation built without <nav>).
  const repeatedBlock = (o) => !!o.closest('nav, [role="navigation" i], [role="search" i]')
    || (!!o.closest('header, [role="banner" i]') && !o.closest('header, [role="banner" i]').parentElement.closest('main, article, section, aside, [role="main" i]'))
    || (o.localName === 'a' && !!o.closest('li'));
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
      repeated: repeatedBlock(o),
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
  // Whether a Tab press moved focus inside a shadow root the page cannot
  // see into (a closed root, or the browser's own inside <video controls>
  // or <input type=date>): the active element is its host before and after.
  // Such a host either cannot hold focus itself, or no focus event reached
  // the document (a move between two elements of one shadow tree is not seen
  // outside it) although the press was not cancelled (a script that keeps
  // focus where it is cancels the key).
  let focusMoves = 0, movesAtKeyUp = 0, tabDown = null;
  const countMove = () => { focusMoves += 1; };
  window.addEventListener('focusin', countMove, true);
  window.addEventListener('focusout', countMove, true);
  window.addEventListener('keydown', (e) => { if (e.key === 'Tab') tabDown = e; }, true);
  const holdsFocus = (el) => el.tabIndex >= 0 || el.hasAttribute('tabindex') || el.isContentEditable;
  const movedUnseen = () => {
    const a = deepActive();
    if (!a || a === document.body || a === document.documentElement || a.shadowRoot) return false;
    return !holdsFocus(a) || (focusMoves === movesAtKeyUp && !(tabDown && tabDown.defaultPrevented));
  };
  window.addEventListener('keyup', (e) => {
    if (e.key !== 'Tab') return;
    const entry = state();
    log.push(entry);
    unseen.push(entry !== null && movedUnseen());
    movesAtKeyUp = focusMoves;
  }, true);
  // Focus going into a frame: key events then go to the frame, not here.
  window.addEventListener('blur', (e) => {
    if (e.target !== window) return;
    const a = document.activeElement;
    if (a && ['IFRAME', 'FRAME'].includes(a.tagName)) { log.push(idOf(a)); unseen.push(false); }
  }, true);
  const api = {
    elements, ids, main, deepActive, idOf, deepSelector,
    take: () => {
      const out = {log: log.slice(sentLog), unseen: unseen.slice(sentLog), stops: described.slice(sentDescribed)};
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
