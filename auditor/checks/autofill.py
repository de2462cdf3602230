"""Which personal detail a form field asks for, and whether its
``autocomplete`` lets the browser fill it in (WCAG 1.3.5 Identify Input
Purpose): the ``personal-data-autocomplete`` rule of the trust family
(:mod:`auditor.checks.trust`), kept apart because it is a matter of words.

A field's purpose is read from its type (``email``, ``tel``), then from its
label, ``name`` and ``id``, against the patterns of :data:`PURPOSES`
(English; the first that matches wins, so "Email address" is an email and
not an address). Each purpose has the autofill tokens that fit it (HTML's
autofill field names, https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill-field,
the list WCAG 1.3.5 refers to). A field is reported when its
``autocomplete`` has none of them: missing, ``on`` (no purpose),
``off`` (its own or its form's), or a token for another purpose. A token
that is not an autofill field name at all is left to axe-core's
``autocomplete-valid``, which reports it.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

NAME = ("name", "given-name", "family-name", "additional-name", "honorific-prefix", "honorific-suffix", "nickname")
ADDRESS = ("street-address", "address-line1", "address-line2", "address-line3", "address-level1", "address-level2",
           "address-level3", "address-level4", "country", "country-name")
TEL = ("tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix", "tel-local-suffix", "tel-extension")
BDAY = ("bday", "bday-day", "bday-month", "bday-year")
OTHER_TOKENS = ("organization-title", "organization", "username", "new-password", "current-password", "one-time-code",
                "cc-name", "cc-given-name", "cc-additional-name", "cc-family-name", "cc-number", "cc-exp", "cc-exp-month",
                "cc-exp-year", "cc-csc", "cc-type", "transaction-currency", "transaction-amount", "language", "sex", "url",
                "photo", "impp", "email", "postal-code")
KNOWN_TOKENS = frozenset(NAME + ADDRESS + TEL + BDAY + OTHER_TOKENS)

# purpose, what people call it, the tokens that fit, the pattern (on the
# label, then on name and id as words: first_name, dob-day).
PURPOSES: tuple[tuple[str, str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("bday", "date of birth", BDAY, re.compile(r"date of birth|birth ?date|birthday|\bdob\b|\bborn\b", re.I)),
    ("email", "email address", ("email",), re.compile(r"\be-?mail\b", re.I)),
    ("tel", "telephone number", TEL, re.compile(r"\b(tele?phone|phone|mobile|tel)\b", re.I)),
    ("postal-code", "postcode", ("postal-code",), re.compile(r"\b(post ?code|postal ?code|zip ?code|zip)\b", re.I)),
    ("address", "address", ADDRESS,
     re.compile(r"\b(address|street|address line|town or city|town|city)\b", re.I)),
    ("name", "name", NAME,
     re.compile(r"^(your |full |first |last |given |family |middle )?(names?|surname|forenames?|first ?name|last ?name)\b", re.I)),
)
NOT_PERSONAL = re.compile(r"\b(company|business|organi[sz]ation|school|street name|user ?name|file|account|pet|reference|event|"
                          r"product|web ?address|ip address|name of)\b", re.I)
"""Words that make a "name" or an "address" someone else's or something else's."""


def _words(text: str) -> str:
    """``first_name``, ``dobDay``, ``address-line-1`` as words."""
    return re.sub(r"[_\-\[\].]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "")).strip()


def purpose(field: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]] | None:
    """(purpose, its plain name, the tokens that fit it) of a field that asks
    for a personal detail, or None."""
    kind = str(field.get("type", ""))
    if kind in ("email", "tel"):
        return next((p, said, tokens) for p, said, tokens, _ in PURPOSES if p == kind)
    if kind not in ("text", "textarea", "select", "number", "date", "search", ""):
        return None
    for text in (str(field.get("label", "")), _words(str(field.get("name", ""))), _words(str(field.get("id", "")))):
        if not text or NOT_PERSONAL.search(text):
            continue
        for key, said, tokens, pattern in PURPOSES:
            if pattern.search(text):
                return key, said, tokens
    return None


def flaw(field: Mapping[str, Any], tokens: tuple[str, ...]) -> str | None:
    """What is wrong with a personal-data field's ``autocomplete``:
    ``missing``, ``off`` or ``wrong``, or None when it fits (or holds an
    invalid token, axe-core's to report)."""
    value = str(field.get("autocomplete", "")).lower().split()
    if any(t in tokens for t in value):
        return None
    if value == ["off"] or (not value and field.get("form_autocomplete") == "off"):
        return "off"
    if not value or value == ["on"]:
        return "missing"
    return "wrong" if any(t in KNOWN_TOKENS for t in value) else None


def autofill_findings(fields: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str, Mapping[str, Any]]]:
    """(rule, summary, detail, field) for each personal-data field the
    browser cannot fill in."""
    out = []
    for field in fields:
        found = purpose(field)
        if found is None:
            continue
        _, said, tokens = found
        problem = flaw(field, tokens)
        if problem is None:
            continue
        name = str(field.get("label") or field.get("name") or field.get("id") or said)[:80]
        given = str(field.get("autocomplete", ""))[:60]
        summary = {
            "missing": f"The {said} field “{name}” has no autocomplete token, so the browser cannot fill it in.",
            "off": f"The {said} field “{name}” has autocomplete turned off.",
            "wrong": f"The {said} field “{name}” has autocomplete=\"{given}\", a token for something else.",
        }[problem]
        out.append(("personal-data-autocomplete", summary,
                    f"The field asks for the person's {said}; give it autocomplete=\"{tokens[0]}\"" +
                    (f" (or one of {', '.join(tokens[1:4])})." if len(tokens) > 1 else "."), field))
    return out
