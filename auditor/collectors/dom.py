"""The in-page JavaScript more than one collector runs, in one place.

A collector imports no other collector: what two of them share lives here.

``ELEMENT_JS``
    helpers spliced into a collector's script, so that every family names
    elements the same way: a CSS selector for an element, its start tag as a
    snippet, whether it is rendered, its visible text, the page's main
    element. :func:`page_script` wraps a script body with them in scope.
``FORMS_JS``
    the page's forms and whether each can be sent without script (the
    ``nojs``, ``controls`` and ``documents`` collectors).
``TEXT_SCRIPT``
    the page's text as a reader meets it: the ``text`` artifact, and the
    page loaded without JavaScript (``nojs``) read the same way.

A script only one collector runs stays with that collector: in its module,
or, when long, in a file of ``js/`` that the collector loads with
:func:`script_file` (JavaScript kept as JavaScript, the module kept short).
"""

from importlib import resources

ELEMENT_JS = r"""
  const selectorFor = (el) => {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const tag = node.tagName.toLowerCase();
      if (node.id && document.querySelectorAll('#' + CSS.escape(node.id)).length === 1) {
        parts.unshift('#' + CSS.escape(node.id));
        break;
      }
      if (document.getElementsByTagName(tag).length === 1) {
        parts.unshift(tag);
        break;
      }
      const parent = node.parentElement;
      const same = parent ? [...parent.children].filter((c) => c.tagName === node.tagName) : [node];
      parts.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    }
    return parts.join(' > ');
  };
  // The first n UTF-16 units of s, less half an emoji (a high surrogate) at the cut.
  const clip = (s, n) => {
    if (s.length <= n) return s;
    const code = s.charCodeAt(n - 1);
    return s.slice(0, code >= 0xD800 && code <= 0xDBFF ? n - 1 : n);
  };
  const startTag = (el) => {
    const html = el.cloneNode(false).outerHTML;
    const end = html.lastIndexOf('</');
    return clip(end > 0 ? html.slice(0, end) : html, 300);
  };
  const isVisible = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const textOf = (el) => clip((el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim()
    || el.getAttribute('aria-label') || el.getAttribute('title') || el.getAttribute('value')
    || [...el.querySelectorAll('img[alt]')].map((i) => i.alt).join(' ') || '', 120);
  const mainElement = () => document.querySelector('main, [role="main"]') || document.querySelector('article') || document.body;
  const leadsSomewhere = (a) => !/^\s*(#|javascript:)/i.test(a.getAttribute('href') || '#');
"""


def page_script(params: str, body: str) -> str:
    """An in-page function of ``params`` with the shared element helpers
    (``selectorFor``, ``startTag``, ... from :data:`ELEMENT_JS`) in scope.
    ``body`` runs in a scope of its own, so its names may shadow theirs."""
    return f"({params}) => {{\n{ELEMENT_JS}\n  return (() => {{\n{body}\n  }})();\n}}"


def script_file(name: str) -> str:
    """The in-page script ``js/<name>.js`` shipped with the collectors (package
    data, so it travels in the wheel), as text to pass to ``Visit.evaluate``
    or :func:`page_script`."""
    return resources.files("auditor.collectors").joinpath(f"js/{name}.js").read_text(encoding="utf-8")


# The forms of the page and whether each can be sent without script. A form
# with no submit control can still be sent with Enter when it has exactly one
# text-like field (HTML's "implicit submission").
FORMS_JS = r"""
  const TEXT_LIKE = ['text', 'search', 'url', 'tel', 'email', 'password', 'date', 'month', 'week', 'time', 'datetime-local', 'number'];
  const SUBMITS = 'button:not([type]), button[type="submit" i], input[type="submit" i], input[type="image" i]';
  const readForms = (limit) => [...document.forms].filter(isVisible).slice(0, limit).map((form) => {
    const owned = [...form.elements];
    // An image button is a submit control, though not one of form.elements.
    const submits = [...owned.filter((el) => el.matches(SUBMITS)), ...form.querySelectorAll('input[type="image" i]')];
    const fields = owned.filter((el) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) && !['hidden', 'submit', 'button', 'reset', 'image'].includes((el.type || '').toLowerCase()));
    const textLike = owned.filter((el) => el.tagName === 'INPUT' && TEXT_LIKE.includes((el.type || 'text').toLowerCase()));
    return {
      selector: selectorFor(form),
      snippet: startTag(form),
      id: form.id || '',
      action: form.getAttribute('action'),
      method: (form.getAttribute('method') || 'get').toLowerCase(),
      has_submit: submits.length > 0,
      implicit_submit: submits.length === 0 && textLike.length === 1,
      fields: fields.length,
      search: !!(form.closest('[role="search" i], search') || form.querySelector('input[type="search" i]')),
      in_main: mainElement().contains(form),
    };
  });
"""

# The page's text as a reader meets it (the ``text`` artifact), read the same
# way from the page loaded without JavaScript (``nojs``), so the two compare
# like for like.
TEXT_SCRIPT = r"""
() => {
""" + ELEMENT_JS + r"""
  const visible = isVisible;
  const main = mainElement();
  const clean = (text) => (text || '').replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter(visible)
    .map((h) => ({
      level: Number(h.getAttribute('aria-level')) || Number(h.tagName.slice(1)) || 2,
      text: clean(h.innerText),
      in_main: !!main && main.contains(h),
      selector: selectorFor(h),
      snippet: startTag(h),
    }))
    .filter((h) => h.text);
  const picked = main ? [...main.querySelectorAll('p, li:not(:has(p, li)), dd, blockquote, td, th, figcaption')].filter(visible) : [];
  // Blocks holding other blocks (a blockquote of paragraphs): their text is counted in those.
  const containers = new Set();
  const pickedSet = new Set(picked);
  for (const el of picked) for (let a = el.parentElement; a && a !== main; a = a.parentElement) if (pickedSet.has(a)) containers.add(a);
  const blocks = picked
    .map((el) => ({tag: el.tagName.toLowerCase(), text: clean(el.innerText), selector: selectorFor(el), snippet: startTag(el), container: containers.has(el)}))
    .filter((b) => b.text);
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    main_found: !!main && main !== document.body,
    main_text: main ? clean(main.innerText) : '',
    main_selector: main ? selectorFor(main) : 'html',
    main_snippet: main ? startTag(main) : '',
    body_text: document.body ? clean(document.body.innerText) : '',
    headings,
    blocks,
    noscript: [...document.querySelectorAll('noscript')].map((n) => clean(n.textContent)).filter(Boolean),
  };
}
"""
