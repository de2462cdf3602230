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
from .dom import ELEMENT_JS

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


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's text"
    return await visit.evaluate(TEXT_SCRIPT)


COLLECTORS = (Collector("text", collect, stage=READS),)
