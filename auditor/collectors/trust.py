"""What a page does with the trust of the people who use it: the ``trust``
artifact (:mod:`auditor.checks.trust` judges it, with the ``network``
artifact's log for the transport, the headers and the third parties).

Runs with the collectors that only read (stage READS), after the network
log is read: nothing has clicked, typed or scrolled yet, so the cookies
found are those the page set by loading, before anyone could have said yes
to them. Two readings:

- the cookies the browser holds for the visit, read through DevTools
  (:meth:`Visit.cookies`, ``Network.getAllCookies``) rather than from
  ``Set-Cookie`` headers in the log: analytics scripts set most of theirs
  with ``document.cookie``, which no header shows, and Chromium keeps
  ``Set-Cookie`` out of the response headers of the log's
  ``responseReceived`` events. The run's own sign-in cookies (``[auth]
  cookies``) are left out by name;
- in one page evaluation: each ``<script src>`` and stylesheet link with its
  ``integrity``; each form's action and method; and the fields that ask for
  personal data with their ``autocomplete``, label, ``name``, ``id`` and type;
  and the policies a ``<meta>`` may set in place of a header
  (``Content-Security-Policy``, ``referrer``).

With them, how many journey steps were done on the page before it was
audited (:attr:`Visit.steps_taken`): after a step, what was set may have
been agreed to. The facts only: what is a barrier is decided in Python.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

MAX_RESOURCES = 200
"""Scripts and stylesheet links read at most (each is one short record)."""
MAX_FIELDS = 400
"""Fields read at most, as the forms family reads."""
MAX_COOKIES = 200
"""Cookies kept at most: a page that sets more is reported by its count."""

TRUST_SCRIPT = page_script(
    "options",
    r"""
  const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const resource = (el, url) => ({url, integrity: !!squash(el.getAttribute('integrity')),
                                  selector: selectorFor(el), snippet: startTag(el)});
  const scripts = [...document.querySelectorAll('script[src]')].map((el) => resource(el, el.src));
  const sheets = [...document.querySelectorAll('link[href]')]
    .filter((el) => (el.getAttribute('rel') || '').toLowerCase().split(/\s+/).includes('stylesheet'))
    .map((el) => resource(el, el.href));
  const forms = [...document.forms].slice(0, options.max_resources).map((form) => ({
    action: form.action || location.href, method: (form.getAttribute('method') || 'get').toLowerCase(),
    selector: selectorFor(form), snippet: startTag(form)}));
  const FIELDS = 'input, select, textarea';
  const NOT_FIELDS = ['hidden', 'submit', 'button', 'reset', 'image', 'checkbox', 'radio', 'file', 'range', 'color', 'password'];
  const fields = [...document.querySelectorAll(FIELDS)]
    .filter((el) => !NOT_FIELDS.includes((el.type || '').toLowerCase()))
    .filter(isVisible).slice(0, options.max_fields)
    .map((el) => ({
      selector: selectorFor(el), snippet: startTag(el),
      type: el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase() : el.tagName.toLowerCase(),
      name: el.getAttribute('name') || '', id: el.id || '',
      label: clip(squash([...(el.labels || [])].map((l) => l.textContent).join(' ')) || squash(el.getAttribute('aria-label')), 200),
      autocomplete: squash(el.getAttribute('autocomplete')).toLowerCase(),
      has_autocomplete: el.hasAttribute('autocomplete'),
      form_autocomplete: el.form ? squash(el.form.getAttribute('autocomplete')).toLowerCase() : '',
    }));
  const meta = (sel) => [...document.querySelectorAll(sel)].map((m) => squash(m.getAttribute('content')).toLowerCase()).filter(Boolean);
  return {scripts: scripts.slice(0, options.max_resources), stylesheets: sheets.slice(0, options.max_resources), forms, fields,
          meta_csp: meta('meta[http-equiv="content-security-policy" i]'), meta_referrer: meta('meta[name="referrer" i]')};
""",
)

COOKIE_FIELDS = ("name", "domain", "path", "size", "secure", "httpOnly", "sameSite", "session")


def _sign_in_cookies(config: AuditConfig) -> set[str]:
    """The names of the cookies the run itself sets to sign in (``[auth]
    cookies``; a storage state's are not known here)."""
    cookies = (config.auth or {}).get("cookies") or ()
    return {str(c.get("name", "")) for c in cookies if isinstance(c, Mapping)} if isinstance(cookies, (list, tuple)) else set()


def page_cookies(cookies: list[Mapping[str, Any]] | None, own: set[str]) -> list[dict[str, Any]] | None:
    """The cookies as the check reads them (only the fields it uses, no
    values: a cookie's value may be personal data and never reaches a report),
    without the run's own; None when they could not be read."""
    if cookies is None:
        return None
    kept = [c for c in cookies if str(c.get("name", "")) not in own]
    return [{k: c[k] for k in COOKIE_FIELDS if k in c} for c in kept[:MAX_COOKIES]]


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's cookies, scripts and personal-data fields"
    cookies = page_cookies(await visit.cookies(), _sign_in_cookies(config))
    found = await visit.evaluate(TRUST_SCRIPT, {"max_resources": MAX_RESOURCES, "max_fields": MAX_FIELDS})
    found = found if isinstance(found, dict) else {"scripts": [], "stylesheets": [], "forms": [], "fields": []}
    return {**found, "cookies": cookies, "steps_taken": visit.steps_taken}


COLLECTORS = (Collector("trust", collect, stage=READS, after=("network",)),)
