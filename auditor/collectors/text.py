"""The page's text as a reader meets it: main content, headings, blocks.

Read from the rendered page (``innerText``: what is shown, in reading order),
so text hidden with CSS is left out and text drawn by scripts is included.
The same script reads the page loaded without JavaScript (see ``nojs``), so
the two are compared like for like. Headings, blocks and the main element carry a
CSS ``selector`` and the ``snippet`` of their start tag, so checks can point at
them; a block marked ``container`` holds other blocks (its text is theirs).
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from . import READS, Collector

TEXT_SCRIPT = """
() => {
  const visible = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const main = document.querySelector('main, [role="main"]') || document.querySelector('article') || document.body;
  const clean = (text) => (text || '').replace(/[ \\t\\u00a0]+/g, ' ').replace(/\\n\\s*\\n+/g, '\\n').trim();
  // A CSS selector for an element: from the nearest ancestor with a unique id
  // (or the only <main>, or <body>), then tag:nth-of-type steps down to it.
  const selectorFor = (el) => {
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const tag = node.tagName.toLowerCase();
      if (node.id && document.querySelectorAll('#' + CSS.escape(node.id)).length === 1) return ['#' + CSS.escape(node.id), ...steps].join(' > ');
      if (tag === 'body' || tag === 'html' || (tag === 'main' && document.querySelectorAll('main').length === 1)) return [tag, ...steps].join(' > ');
      const same = node.parentElement ? [...node.parentElement.children].filter((c) => c.tagName === node.tagName) : [node];
      steps.unshift(same.length > 1 ? `${tag}:nth-of-type(${same.indexOf(node) + 1})` : tag);
    }
    return steps.join(' > ');
  };
  const startTag = (el) => {
    const html = el.cloneNode(false).outerHTML;
    const end = html.lastIndexOf('</');
    return (end > 0 ? html.slice(0, end) : html).slice(0, 300);
  };
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


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's text"
    return await visit.evaluate(TEXT_SCRIPT)


COLLECTORS = (Collector("text", collect, stage=READS),)
