  // The page's widgets, found without touching them, and the in-page helpers
  // that operate them (on one non-enumerable global of the isolated world,
  // `window.__auditorWidgets`; elements are known by their index in `el`).
  // Body of a page_script of `options`: {max}.
  const hiddenNow = (el) => !el || !isVisible(el) || el.closest('[hidden]') !== null;
  const tabbable = (el) => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]');
  // What the keyboard family's unreachable-by-keyboard rule judges: a control of
  // these that Tab never reaches is reported there, never here.
  const KEYBOARD_SEES = 'a[href], area[href], button, input, select, textarea, summary, [onclick], [role="button" i], ' +
    '[role="link" i], [role="checkbox" i], [role="tab" i], [role="menuitem" i], [role="switch" i]';
  const DIALOGS = 'dialog, [role="dialog" i], [role="alertdialog" i], [aria-modal="true" i]';
  const NATIVE = 'a[href], button, input, select, textarea, summary, details';
  // Modal as the dialog is when open: a <dialog> opened with showModal()
  // (:modal), aria-modal="true", or an alertdialog. Known only once it is open
  // when a control names no dialog (aria-haspopup="dialog").
  const isModal = (d) => d.matches(':modal') || d.getAttribute('aria-modal') === 'true' || d.getAttribute('role') === 'alertdialog';
  const byId = (id) => (id ? document.getElementById(id) : null);
  const refs = (el) => [
    ...(el.getAttribute('aria-controls') || '').split(/\s+/),
    ...['data-target', 'data-bs-target', 'data-dialog', 'popovertarget', 'href']
      .map((a) => (el.getAttribute(a) || '').trim().replace(/^#/, '')),
  ].filter(Boolean);

  const W = window.__auditorWidgets || (() => {
    const w = {el: [], kinds: {}, guarding: false, mutations: 0, clicked: [], navigations: [], submits: 0, focusLog: []};
    Object.defineProperty(window, '__auditorWidgets', {value: w, enumerable: false, configurable: true});
    const sameDocument = (a) => {
      try { const to = new URL(a.href, location.href); return to.origin === location.origin && to.pathname === location.pathname && to.search === location.search; }
      catch (e) { return false; }
    };
    // The guard: while widgets are operated no form is sent, no link or script
    // takes the page to another document (a fragment link may still move).
    window.addEventListener('submit', (e) => { if (w.guarding) { e.preventDefault(); w.submits += 1; } }, true);
    window.addEventListener('click', (e) => {
      if (!w.guarding) return;
      w.clicked.push(e.target);
      const a = e.target.closest ? e.target.closest('a[href], area[href]') : null;
      if (a && !sameDocument(a)) e.preventDefault();
    }, true);
    if (window.navigation) {
      navigation.addEventListener('navigate', (e) => {
        if (!w.guarding || (e.destination && e.destination.sameDocument && !e.formData)) return;
        w.navigations.push(e.destination ? e.destination.url : '');
        if (e.cancelable) e.preventDefault();
      });
    }
    // Nothing is typed into a field: text a key would put there is refused.
    window.addEventListener('beforeinput', (e) => { if (w.guarding) { e.preventDefault(); w.typed = (w.typed || 0) + 1; } }, true);
    document.addEventListener('focusin', (e) => { if (w.guarding) w.focusLog.push(e.target); }, true);
    const observer = new MutationObserver((records) => { w.mutations += records.length; });
    w.guard = (on) => {
      w.guarding = on;
      if (on) observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
      else { observer.takeRecords(); observer.disconnect(); }
    };
    return w;
  })();


  // What operating a widget needs, defined once a document.
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const kindOf = (id) => W.kinds[id];
  const contentOf = (k) => k.content || (k.kind === 'dialog' ? [...document.querySelectorAll(DIALOGS)].find((d) => !hiddenNow(d)) || null : null);
  const reset = () => { W.mutations = 0; W.clicked = []; W.navigations = []; W.submits = 0; W.focusLog = []; };
  const state = (id) => {
    const k = kindOf(id);
    const el = k.trigger;
    const content = contentOf(k);
    const active = document.activeElement;
    const inside = (t) => el.contains(t) || t.contains(el);
    return {
      expanded: el.getAttribute('aria-expanded'),
      shown: content ? !hiddenNow(content) && (content.localName !== 'dialog' || content.open) : null,
      focus_on_trigger: active === el,
      focus_in_content: !!content && !!active && content.contains(active),
      modal: !!content && isModal(content),
      active: active && active !== document.body ? selectorFor(active) : '',
      responded: W.mutations > 0 || W.clicked.some(inside) || W.navigations.length > 0 || W.submits > 0 || W.focusLog.some((t) => t !== el),
      escaped: !!content && W.focusLog.some((t) => !content.contains(t)),
      moved: W.focusLog.length,
    };
  };
  const centre = (el) => {
    if (!el || hiddenNow(el)) return null;
    const r = el.getBoundingClientRect();
    return r.width && r.height ? {x: Math.round(r.x + r.width / 2), y: Math.round(r.y + Math.min(r.height / 2, 10))} : null;
  };
  const CLOSE = /close|cancel|dismiss|no thanks|done|^\s*[×✕x]\s*$/i;
  if (!W.ops) W.ops = {
    start() { W.startUrl = location.href; W.navTotal = 0; W.submitTotal = 0; W.guard(true); return true; },
    // Scroll the trigger into view, focus it (or only look), count effects from now.
    focus(id, focus) {
      const el = kindOf(id).trigger;
      el.scrollIntoView({block: 'center', inline: 'nearest'});
      if (focus) el.focus({preventScroll: true});
      reset();
      return state(id);
    },
    // The state once the page has drawn twice; with `wait`, as soon as `key`
    // is `value`, or after `wait` ms.
    async state(id, wait, key, value) {
      await frames();
      const until = Date.now() + (wait || 0);
      let now = state(id);
      while (key && now[key] !== value && Date.now() < until) { await pause(25); now = state(id); }
      W.navTotal += W.navigations.length; W.submitTotal += W.submits;
      return now;
    },
    click(id) { reset(); kindOf(id).trigger.click(); return true; },
    // Where the pointer goes to hover the widget's trigger (or host) or its content.
    point(id, part) {
      const k = kindOf(id);
      const el = part === 'content' ? contentOf(k) : (k.host || k.trigger);
      if (part !== 'content' && el) el.scrollIntoView({block: 'center', inline: 'nearest'});
      return centre(el);
    },
    // A place for the pointer over nothing of the widget's.
    away(id) {
      const k = kindOf(id);
      const spots = [[2, innerHeight - 2], [innerWidth - 2, innerHeight - 2], [2, 2], [innerWidth - 2, 2]];
      const mine = (t) => t && ((k.host || k.trigger).contains(t) || (k.content && k.content.contains(t)));
      const spot = spots.find(([x, y]) => !mine(document.elementFromPoint(x, y))) || spots[0];
      return {x: spot[0], y: spot[1]};
    },
    blur() { const a = document.activeElement; if (a && a !== document.body) a.blur(); return true; },
    // Focus the first focusable element in the dialog; how many it has.
    inside(id) {
      const content = contentOf(kindOf(id));
      if (!content) return 0;
      const stops = [...content.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')].filter((e) => tabbable(e) && !hiddenNow(e));
      if (stops.length && !content.contains(document.activeElement)) stops[0].focus();
      reset();
      return stops.length;
    },
    // Close a dialog as its own close button (or the platform) would.
    shut(id) {
      const content = contentOf(kindOf(id));
      if (!content) return true;
      if (content.localName === 'dialog' && content.open) { content.close(); return true; }
      const button = [...content.querySelectorAll('button, [role="button" i], a[href^="#"]')]
        .find((b) => CLOSE.test(b.getAttribute('aria-label') || b.textContent || ''));
      if (button) button.click();
      return true;
    },
    // Stop guarding; whether the page differs from what it was before any widget was operated.
    finish() {
      W.guard(false);
      const moved = location.href !== W.startUrl;
      if (moved && location.href.split('#')[0] === W.startUrl.split('#')[0]) history.replaceState(history.state, '', W.startUrl);
      return {changed: moved || (document.body ? document.body.innerHTML : '') !== W.before, navigations: W.navTotal, submits: W.submitTotal};
    },
  };

  const used = new Set();
  const found = [];
  const add = (kind, trigger, content, extra = {}) => {
    if (!trigger || used.has(trigger)) return;
    used.add(trigger);
    if (content) used.add(content);
    const id = W.el.length;
    W.el.push(trigger);
    W.kinds[id] = {kind, trigger, content, ...extra};
    const role = (trigger.getAttribute('role') || '').toLowerCase();
    found.push({
      id, kind, selector: selectorFor(trigger), snippet: startTag(trigger), tag: trigger.localName, role,
      name: textOf(trigger), tabbable: tabbable(trigger), keyboard_sees: trigger.matches(KEYBOARD_SEES),
      content: content ? selectorFor(content) : '',
      native: trigger.matches(NATIVE),
    });
  };

  // Dialogs shut on arrival, and the controls that name them (or say they open one).
  for (const d of document.querySelectorAll(DIALOGS)) {
    if (!hiddenNow(d) || !d.id) continue;
    const opener = [...document.querySelectorAll('[aria-controls], [data-target], [data-bs-target], [data-dialog], [popovertarget], a[href^="#"]')]
      .find((o) => !hiddenNow(o) && refs(o).includes(d.id));
    if (opener) add('dialog', opener, d);
  }
  for (const o of document.querySelectorAll('[aria-haspopup="dialog" i]')) if (!hiddenNow(o)) add('dialog', o, null);

  // Disclosures: controls that say they expand, and elements that look
  // clickable with hidden content after them (an accordion built on a div).
  const regionOf = (el) => {
    const named = (el.getAttribute('aria-controls') || '').split(/\s+/).map(byId).find(Boolean);
    if (named) return named;
    const holder = el.parentElement && el.parentElement.children.length === 1 && !el.nextElementSibling ? el.parentElement : el;
    return holder.nextElementSibling;
  };
  for (const el of document.querySelectorAll('[aria-expanded]')) {
    if (hiddenNow(el) || el.matches('[role="combobox" i], [aria-haspopup="listbox" i], [role="menuitem" i]') || el.closest('nav li li')) continue;
    add('disclosure', el, regionOf(el));
  }
  const LOOKS = '[tabindex]:not(' + NATIVE + '), [role="button" i]:not(' + NATIVE + '), [onclick]:not(' + NATIVE + '), ' +
    '[class*="accordion" i], [class*="toggle" i], [class*="collaps" i], [class*="expand" i]';
  for (const el of document.querySelectorAll(LOOKS)) {
    if (used.has(el) || el.matches(NATIVE) || el.querySelector(NATIVE) || hiddenNow(el)) continue;
    const region = regionOf(el);
    if (region && hiddenNow(region) && getComputedStyle(el).cursor === 'pointer') add('disclosure', el, region);
  }

  // Menus whose sub-items are hidden until the pointer is over their item.
  for (const sub of document.querySelectorAll('nav li > ul, nav li > div, [role="menubar" i] [role="menu" i]')) {
    const host = sub.parentElement;
    if (!hiddenNow(sub) || hiddenNow(host) || !sub.querySelector('a[href], button, [role="menuitem" i]')) continue;
    const trigger = [...host.querySelectorAll('a[href], button, [tabindex], [role="menuitem" i]')].find((t) => !sub.contains(t)) || host;
    if (trigger.getAttribute('aria-expanded') === null) add('menu', trigger, sub, {host});
  }

  // Tooltips: hidden until their trigger is hovered.
  for (const tip of document.querySelectorAll('[role="tooltip" i], [class~="tooltip" i]')) {
    if (!hiddenNow(tip)) continue;
    const trigger = (tip.id && document.querySelector(`[aria-describedby~="${CSS.escape(tip.id)}"]`)) || tip.parentElement;
    if (trigger && !hiddenNow(trigger)) add('tooltip', trigger, tip, {host: trigger});
  }

  // Custom controls: a role that promises the keys of a button or a link.
  for (const el of document.querySelectorAll('[role="button" i], [role="link" i]')) {
    if (el.matches(NATIVE) || hiddenNow(el) || !tabbable(el)) continue;
    add('control', el, null);
  }

  const all = found.length;
  if (all) W.before = document.body ? document.body.innerHTML : '';
  return {widgets: found.slice(0, options.max), found: all, url: location.href};
