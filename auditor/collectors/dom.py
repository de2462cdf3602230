"""In-page helpers every collector's script shares.

Spliced into a collector's JavaScript (``ELEMENT_JS``), so that every family
names elements the same way: a CSS selector for an element, its start tag as
a snippet, whether it is rendered, its visible text, the page's main element.
"""

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
