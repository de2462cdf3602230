"""Links that open a new window or tab, and the text where abbreviations
are used: the ``links`` artifact (:mod:`auditor.checks.links`).

Read from the rendered page. ``new_window``: each link (``a[href]``,
``area[href]``) that opens a new window or tab, by ``target="_blank"`` or by
``window.open`` in its ``onclick`` attribute, with its accessible name,
worked out as a screen reader does in the common cases (``aria-labelledby``,
then ``aria-label``, then its text and the alternatives of its images, then
its ``title``). ``passages``: the text of the main content's headings,
paragraphs, list items, cells, captions, legends and labels, in document
order, and ``abbrs``: every ``<abbr>`` with its ``title``, so the check can
find each abbreviation's first use.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_LINKS = 200
"""New-window links read at most: enough for any page a person reads."""

MAX_PASSAGES = 400
"""Passages read at most, in document order (the first use of an
abbreviation is near the top)."""

LINKS_SCRIPT = page_script(
    "options",
    r"""
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean)
    .map((el) => squash(el.textContent)).join(' ');
  const nameOf = (el) => {
    const labelledby = squash(el.getAttribute('aria-labelledby') && byIds(el.getAttribute('aria-labelledby')));
    if (labelledby) return labelledby;
    const label = squash(el.getAttribute('aria-label'));
    if (label) return label;
    const own = squash([el.innerText || '', ...[...el.querySelectorAll('img[alt], [role="img"][aria-label]')]
      .map((i) => i.getAttribute('alt') || i.getAttribute('aria-label') || '')].join(' '));
    return own || squash(el.getAttribute('alt')) || squash(el.getAttribute('title'));
  };
  const opensNew = (el) => {
    if ((el.getAttribute('target') || '').trim().toLowerCase() === '_blank') return 'target';
    return /\bwindow\s*\.\s*open\s*\(/.test(el.getAttribute('onclick') || '') ? 'window.open' : '';
  };
  const newWindow = [...document.querySelectorAll('a[href], area[href]')]
    .map((el) => ({el, how: opensNew(el)}))
    .filter((l) => l.how && (l.el.tagName === 'AREA' || isVisible(l.el)))
    .slice(0, options.max_links)
    .map(({el, how}) => ({how, name: nameOf(el), href: el.href, selector: selectorFor(el), snippet: startTag(el)}));
  const main = document.querySelector('main, [role="main"]') || document.querySelector('article') || document.body;
  const passages = [...main.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li:not(:has(p, li)), dd, dt, td, th, caption, figcaption, legend, label, summary')]
    .filter(isVisible)
    .slice(0, options.max_passages)
    .map((el) => ({text: squash(el.innerText), selector: selectorFor(el), snippet: startTag(el)}))
    .filter((p) => p.text);
  const abbrs = [...document.querySelectorAll('abbr')]
    .map((el) => ({text: squash(el.textContent), title: squash(el.getAttribute('title')), selector: selectorFor(el), snippet: startTag(el)}))
    .filter((a) => a.text);
  return {new_window: newWindow, passages, abbrs};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's links and abbreviations"
    found = await visit.evaluate(LINKS_SCRIPT, {"max_links": MAX_LINKS, "max_passages": MAX_PASSAGES})
    return found if isinstance(found, dict) else {"new_window": [], "passages": [], "abbrs": []}


COLLECTORS = (Collector("links", collect, stage=READS),)
