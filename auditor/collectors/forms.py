"""The structure of a page's form fields as assistive technology gets it:
the ``forms`` artifact (:mod:`auditor.checks.forms` judges it).

For each visible field (an input people fill or choose, a select, a text
area): its type and ``name``, the form it belongs to, the names it takes from
each source (its labels, ``aria-labelledby``, ``aria-label``, ``title``,
``placeholder``), the nearest ``fieldset`` or ``role=group|radiogroup`` round
it and that group's name, and the hints and error messages in its form group
with whether each is tied to it. A form group is the largest ancestor that
holds no other field (radio buttons and checkboxes of the same name count as
one field), so a hint beside one field is never taken for another's. Also
the fieldsets whose legend is empty.

The facts only: what is a barrier is decided in Python, where it can be
tested on hand-made data.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_FIELDS = 400
"""Fields read at most: a page of more is a data grid, not a form to fill."""

FORMS_SCRIPT = page_script(
    "options",
    r"""
  const FIELD = 'input, select, textarea';
  const NOT_FIELDS = ['hidden', 'submit', 'button', 'reset', 'image'];
  const HINT = '[class*="hint" i], [id*="hint" i], [class*="error" i], [id*="error" i]';
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const isField = (el) => el.matches(FIELD) && !NOT_FIELDS.includes((el.type || '').toLowerCase());
  const fields = [...document.querySelectorAll(FIELD)].filter(isField).filter(isVisible).slice(0, options.max_fields);
  const byIds = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)).filter(Boolean);
  const textOfIds = (el, attr) => squash(byIds(el, attr).map((r) => r.textContent).join(' '));
  const choice = (el) => ['radio', 'checkbox'].includes((el.type || '').toLowerCase());
  const sameQuestion = (a, b) => a === b || (choice(a) && choice(b) && a.name && a.name === b.name && a.form === b.form);
  const groupOf = (el) => {
    const group = el.closest('fieldset, [role="group" i], [role="radiogroup" i]');
    if (!group) return null;
    if (group.tagName === 'FIELDSET') {
      const legend = [...group.children].find((c) => c.tagName === 'LEGEND');
      const name = squash(legend ? legend.textContent : '') || squash(group.getAttribute('aria-label')) || textOfIds(group, 'aria-labelledby');
      return {selector: selectorFor(group), kind: 'fieldset', name, has_legend: !!legend, described: byIds(group, 'aria-describedby')};
    }
    const name = squash(group.getAttribute('aria-label')) || textOfIds(group, 'aria-labelledby');
    return {selector: selectorFor(group), kind: 'role', name, has_legend: false, described: byIds(group, 'aria-describedby')};
  };
  // The form group: the largest ancestor, below the form, that holds no other field.
  const formGroup = (el) => {
    let group = null;
    for (let node = el.parentElement; node && node !== document.body && node.tagName !== 'FORM'; node = node.parentElement) {
      if ([...node.querySelectorAll(FIELD)].some((f) => isField(f) && !sameQuestion(f, el))) break;
      group = node;
    }
    return group;
  };
  const read = (el) => {
    const labels = [...(el.labels || [])];
    const group = groupOf(el);
    const around = formGroup(el);
    const ties = [...byIds(el, 'aria-describedby'), ...byIds(el, 'aria-errormessage'), ...byIds(el, 'aria-labelledby'),
                  ...labels, ...(group ? group.described : [])];
    const hints = around ? [...around.querySelectorAll(HINT)]
      .filter((h) => !h.querySelector(FIELD) && isVisible(h) && squash(h.textContent))
      .filter((h, _, all) => !all.some((o) => o !== h && o.contains(h)))
      .map((h) => ({selector: selectorFor(h), snippet: startTag(h), text: clip(squash(h.textContent), 120),
                    tied: ties.some((t) => t.contains(h) || h.contains(t))})) : [];
    return {
      selector: selectorFor(el),
      snippet: startTag(el),
      type: el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase(),
      name: el.getAttribute('name') || '',
      form: el.form ? selectorFor(el.form) : '',
      label: clip(squash(labels.map((l) => l.textContent).join(' ')), 200),
      labelledby: clip(textOfIds(el, 'aria-labelledby'), 200),
      aria_label: clip(squash(el.getAttribute('aria-label')), 200),
      title: clip(squash(el.getAttribute('title')), 200),
      placeholder: clip(squash(el.getAttribute('placeholder')), 200),
      group: group ? {selector: group.selector, kind: group.kind, name: clip(group.name, 200), has_legend: group.has_legend} : null,
      hints,
    };
  };
  const emptyLegends = [...document.querySelectorAll('fieldset > legend')]
    .filter((l) => !squash(l.textContent) && isVisible(l.parentElement))
    .map((l) => ({selector: selectorFor(l.parentElement), snippet: startTag(l.parentElement)}));
  return {fields: fields.map(read), empty_legends: emptyLegends};
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's form fields"
    found = await visit.evaluate(FORMS_SCRIPT, {"max_fields": MAX_FIELDS})
    return found if isinstance(found, dict) else {"fields": [], "empty_legends": []}


COLLECTORS = (Collector("forms", collect, stage=READS),)
