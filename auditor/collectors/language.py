"""The page's passages with the language and direction each is marked in.

A passage is a block of text (a paragraph, a list item, a heading, a table
cell, a quotation, a caption) or an element inside one that carries its own
``lang`` (a French sentence in a ``<span lang="fr">``). Each comes with the
``lang`` it is in (the value of its nearest ancestor's ``lang``, and whether
that ancestor is the root element, so an inherited page language is told
from one the passage was given), its computed text direction and its text
less the text of descendants in another ``lang`` (those are passages of
their own). The document's ``lang`` and direction come with them, and the
main element's passages are marked ``in_main``.

Kept apart from ``dom.TEXT_SCRIPT`` (the ``text`` artifact, which the
reading and JavaScript-off families compare like for like) so that neither
changes the other.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_PASSAGES = 400
"""Passages read at most: enough for the longest guidance page, and a page
of thousands of table cells is judged on its first ones."""

MAX_CHARS = 1000
"""Characters kept of a passage: more adds nothing to a language guess."""

LANGUAGE_SCRIPT = page_script(
    "options",
    r"""
  const root = document.documentElement;
  const main = mainElement();
  const clean = (text) => (text || '').replace(/\s+/g, ' ').trim();
  const holderOf = (el) => el.closest('[lang]');
  const BLOCKS = 'p, li:not(:has(p, li)), dd, dt, blockquote, td, th, figcaption, caption, h1, h2, h3, h4, h5, h6, [role="heading"]';
  const skip = (el) => el.closest('script, style, noscript, template, svg');
  const blocks = [...(document.body ? document.body.querySelectorAll(BLOCKS) : [])];
  const blockSet = new Set(blocks);
  const marked = [...(document.body ? document.body.querySelectorAll('[lang]') : [])]
    .filter((el) => !el.querySelector(BLOCKS) && !blockSet.has(el));
  const picked = [...new Set([...blocks, ...marked])].filter((el) => !skip(el) && isVisible(el));
  const pickedSet = new Set(picked);
  // Text of a passage in its own language: the text nodes whose nearest
  // lang is the passage's, outside blocks nested in it (they are passages too).
  const ownText = (el) => {
    const holder = holderOf(el);
    const inner = el.querySelector('[lang]');
    if (!inner && ![...el.querySelectorAll(BLOCKS)].some((p) => pickedSet.has(p))) return clean(el.innerText);
    const parts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || skip(parent) || holderOf(parent) !== holder) continue;
      let nested = false;
      for (let a = parent; a && a !== el; a = a.parentElement) if (pickedSet.has(a)) { nested = true; break; }
      if (!nested) parts.push(node.nodeValue);
    }
    return clean(parts.join(' '));
  };
  const passages = [];
  for (const el of picked) {
    if (passages.length >= options.max_passages) break;
    const text = ownText(el);
    if (!text) continue;
    const holder = holderOf(el);
    passages.push({
      tag: el.tagName.toLowerCase(),
      text: clip(text, options.max_chars),
      lang: holder ? clip(holder.getAttribute('lang'), 80) : '',
      lang_own: !!holder && holder !== root,
      dir: getComputedStyle(el).direction,
      in_main: !!main && main !== document.body && main.contains(el),
      selector: selectorFor(el),
      snippet: startTag(el),
    });
  }
  return {
    lang: clip(root.getAttribute('lang') || '', 80),
    dir: document.body ? getComputedStyle(document.body).direction : getComputedStyle(root).direction,
    main_found: !!main && main !== document.body,
    passages,
  };
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's languages"
    found = await visit.evaluate(LANGUAGE_SCRIPT, {"max_passages": MAX_PASSAGES, "max_chars": MAX_CHARS})
    return found if isinstance(found, dict) else {"lang": "", "dir": "ltr", "main_found": False, "passages": []}


COLLECTORS = (Collector("language", collect, stage=READS),)
