"""The page without JavaScript, and the controls that only work with it.

Two collectors:

``nojs``
    loads the page again in a context of its own with JavaScript disabled (a
    separate visit, run alongside the main one) and reads it with the same
    script as the ``text`` artifact, so the two renders compare like for
    like; it also lists the forms and counts the links that render without
    script, and the text shown by ``<noscript>`` in the main content.
``controls``
    reads the page as loaded (JavaScript on) for the controls that do nothing
    without script: links to ``#`` or ``javascript:``, click handlers on
    elements that are not controls, buttons outside forms, and forms that
    cannot be sent without script.

What page JavaScript can see of click handlers, and so what this finds: the
``onclick`` (and mouse, pointer and touch) handler *properties*, set either
by an HTML attribute or by ``el.onclick = ...``. Listeners added with
``addEventListener`` are invisible from the page (the DevTools protocol's
``DOMDebugger.getEventListeners`` could list them, but it is not part of the
Visit interface), so a ``<div>`` made clickable that way is not reported.

Like every collector's, these scripts run in the audit's isolated world,
where the page's scripts cannot change what they read. A handler property
set by a script is the one thing only the page's own world knows (the
isolated world sees ``onclick`` as null), so one small script lists those
elements there (:meth:`Visit.evaluate_in_page`): a page can hide its own
script-set handlers from this list, and nothing else; handler *attributes*
are read from the DOM in the isolated world.
"""

from __future__ import annotations

import asyncio
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from ..model import PageFailure
from .base import READS, Collector
from .dom import ELEMENT_JS, FORMS_JS, TEXT_SCRIPT

LIMIT = 100
"""At most this many elements of each kind are reported per page."""
MAX_HANDLER_PROPERTIES = 10_000
"""At most this many elements with a handler property are listed from the page's own world."""
NAVIGATION_GRACE_S = 1.0
"""When the page without JavaScript moves on as it loads, wait this long before reading again."""

NOJS_SCRIPT = (
    "(limit) => {\n"
    + ELEMENT_JS
    + FORMS_JS
    + r"""
  const main = mainElement();
  const noscript = [...main.querySelectorAll('noscript')].map((n) => (n.innerText || n.textContent || '').replace(/\s+/g, ' ').trim()).filter(Boolean);
  const links = [...document.querySelectorAll('a[href]')].filter(leadsSomewhere).length;
  return {forms: readForms(limit), links, noscript_main_text: noscript.join(' ')};
}
"""
)

HANDLERS = ("onclick", "onmousedown", "onmouseup", "onpointerdown", "onpointerup", "ontouchstart", "ontouchend")

# In the page's own world: the positions, among the elements of <body> in
# document order, of those with a click-like handler property (the only
# world where a handler a script set is a function).
HANDLER_PROPERTIES = r"""
({handlers, limit}) => {
  const found = [];
  let index = 0;
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    if (found.length >= limit) break;
    if (handlers.some((h) => typeof el[h] === 'function')) found.push(index);
    index += 1;
  }
  return found;
}
"""

CONTROLS_SCRIPT = (
    "(options) => {\n"
    + ELEMENT_JS
    + FORMS_JS
    + r"""
  const limit = options.limit;
  const main = mainElement();
  const INTERACTIVE = 'a[href], area[href], button, input:not([type="hidden" i]), select, textarea, summary, label, option, iframe, embed, object, [contenteditable=""], [contenteditable="true" i], audio[controls], video[controls]';
  const ROLES = ['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'combobox', 'textbox', 'slider', 'spinbutton', 'treeitem', 'gridcell'];
  const SCRIPT_HREF = /^\s*(#\s*$|javascript:)/i;

  const scriptLinks = [...document.querySelectorAll('a[href]')]
    .filter((a) => SCRIPT_HREF.test(a.getAttribute('href')) && isVisible(a))
    .slice(0, limit)
    .map((a) => ({selector: selectorFor(a), snippet: startTag(a), text: textOf(a), href: a.getAttribute('href').trim(), in_main: main.contains(a)}));

  // Elements with a click-like handler (an attribute, or a property a script
  // set: options.with_property, from the page's own world) that are neither
  // controls nor inside one, and hold no control (a container with a handler
  // usually delegates the clicks of the links or buttons inside it).
  const handled = [];
  const withProperty = new Set(options.with_property);
  const hasHandler = (el, index) => withProperty.has(index) || options.handlers.some((h) => el.hasAttribute(h));
  let index = -1;
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    index += 1;
    if (handled.length >= limit) break;
    if (el === main || !hasHandler(el, index) || el.closest(INTERACTIVE)) continue;
    if (el.querySelector(INTERACTIVE) || !isVisible(el)) continue;
    const role = (el.getAttribute('role') || '').trim().toLowerCase();
    handled.push({
      selector: selectorFor(el), snippet: startTag(el), text: textOf(el), tag: el.tagName.toLowerCase(),
      role, interactive_role: ROLES.includes(role), focusable: el.tabIndex >= 0,
      in_main: main.contains(el),
    });
  }

  // Buttons (and elements acting as buttons) in the main content that
  // belong to no form: script is the only thing they can do.
  const buttons = [...main.querySelectorAll('button, input[type="button" i], [role="button"]')]
    .filter((el) => isVisible(el) && !el.form && !el.closest('form') && !(el.tagName === 'A' && el.hasAttribute('href')))
    .slice(0, limit)
    .map((el) => ({selector: selectorFor(el), snippet: startTag(el), text: textOf(el), tag: el.tagName.toLowerCase()}));

  return {
    script_links: scriptLinks,
    handlers: handled,
    buttons,
    forms: readForms(limit),
    links: [...document.querySelectorAll('a[href]')].filter(leadsSomewhere).length,
    main_links: [...main.querySelectorAll('a[href]')].filter((a) => leadsSomewhere(a) && isVisible(a)).length,
  };
}
"""
)


async def collect_nojs(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    """On a visit with JavaScript disabled: load the page, read its text and
    forms. No timer runs without JavaScript, so no script here waits on one."""
    url = artifacts.get("url")
    if not url:
        raise RuntimeError("the nojs collector needs the page address (a separate visit)")
    await visit.navigate(url, config.timeout, 0)
    visit.phase = "reading the page without JavaScript"
    try:
        text = await visit.evaluate(TEXT_SCRIPT)
        extra = await visit.evaluate(NOJS_SCRIPT, LIMIT)
    except PageFailure:
        raise
    except Exception:
        # The page went on to another address as it loaded (a meta refresh in
        # <noscript>, typically): read the page it went to.
        await asyncio.sleep(NAVIGATION_GRACE_S)
        text = await visit.evaluate(TEXT_SCRIPT)
        extra = await visit.evaluate(NOJS_SCRIPT, LIMIT)
    return {"final_url": await visit.current_url(), "text": text, **extra}


async def collect_controls(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "listing controls that need JavaScript"
    listed = await visit.evaluate_in_page(HANDLER_PROPERTIES, {"handlers": list(HANDLERS), "limit": MAX_HANDLER_PROPERTIES})
    # The page's own world answers what the page wants: keep what makes sense.
    with_property = [i for i in listed[:MAX_HANDLER_PROPERTIES] if isinstance(i, int) and not isinstance(i, bool)] if isinstance(listed, list) else []
    return await visit.evaluate(CONTROLS_SCRIPT, {"limit": LIMIT, "handlers": list(HANDLERS), "with_property": with_property})


COLLECTORS = (
    Collector("nojs", collect_nojs, stage=READS, separate_visit=True, javascript=False),
    Collector("controls", collect_controls, stage=READS),
)
