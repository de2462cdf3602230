"""What a page offers people who cannot go online or have no phone of their
own: the ``offline`` artifact (:mod:`auditor.checks.offline` judges it).

One page evaluation reads: the page's forms (the shared ``FORMS_JS``: each
form's submit controls, whether it is a search form, whether it is in the
main content), the visible links and buttons with their text (a start
button is found among them by its words, in Python), the ``tel:`` links,
the text of ``address`` elements, and each visible form field with its
type, ``autocomplete`` token, whether it is required, and its label.

The page's text is the ``text`` artifact, read once for every family. The
facts only: which words make a start button, a telephone number, a postal
address or "another way" is decided in Python, where the phrases are
settings and can be tested on hand-made data.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import FORMS_JS, page_script

MAX_FORMS = 40
"""Forms read at most (the ``nojs`` family's limit is of the same order)."""

MAX_CONTROLS = 300
"""Links and buttons read at most: a start button is near the top of a
service's start page, and a page of more links is an index, not a service."""

MAX_FIELDS = 400
"""Fields read at most, as the ``forms`` family reads."""

MAX_TEL_LINKS = 20
MAX_ADDRESSES = 10

EMPTY: dict[str, Any] = {"forms": [], "controls": [], "tel_links": [], "addresses": [], "fields": []}

OFFLINE_SCRIPT = page_script(
    "options",
    FORMS_JS + r"""
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const CONTROL = 'a[href], button, input[type="submit" i], input[type="button" i], [role="button" i], [role="link" i]';
  const controls = [...document.querySelectorAll(CONTROL)].filter(isVisible).slice(0, options.max_controls)
    .map((el) => ({text: textOf(el), tag: el.tagName.toLowerCase(), selector: selectorFor(el), snippet: startTag(el)}))
    .filter((c) => c.text && c.text.length <= 80);
  const telLinks = [...document.querySelectorAll('a[href^="tel:" i]')].slice(0, options.max_tel_links)
    .map((a) => ({href: clip(a.getAttribute('href') || '', 80), selector: selectorFor(a)}));
  const addresses = [...document.querySelectorAll('address')].filter(isVisible).slice(0, options.max_addresses)
    .map((a) => clip(squash(a.innerText), 400));
  const NOT_FIELDS = ['hidden', 'submit', 'button', 'reset', 'image'];
  const byIds = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).filter(Boolean);
  const fields = [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !NOT_FIELDS.includes((el.type || '').toLowerCase())).filter(isVisible).slice(0, options.max_fields)
    .map((el) => ({
      type: el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase(),
      autocomplete: (el.getAttribute('autocomplete') || '').trim().toLowerCase(),
      required: el.required || (el.getAttribute('aria-required') || '').toLowerCase() === 'true',
      label: clip(squash([...(el.labels || [])].map((l) => l.innerText).join(' ') || el.getAttribute('aria-label')
        || byIds(el, 'aria-labelledby').map((l) => l.innerText).join(' ')), 200),
      hint: clip(squash(byIds(el, 'aria-describedby').map((h) => h.innerText).join(' ')), 200),
      name: el.getAttribute('name') || '',
      form: el.form ? selectorFor(el.form) : '',
      selector: selectorFor(el),
      snippet: startTag(el),
    }));
  return {forms: readForms(options.max_forms), controls, tel_links: telLinks, addresses, fields};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "looking for other ways in than online"
    found = await visit.evaluate(OFFLINE_SCRIPT, {"max_forms": MAX_FORMS, "max_controls": MAX_CONTROLS, "max_fields": MAX_FIELDS,
                                                  "max_tel_links": MAX_TEL_LINKS, "max_addresses": MAX_ADDRESSES})
    return found if isinstance(found, dict) else dict(EMPTY)


COLLECTORS = (Collector("offline", collect, stage=READS),)
