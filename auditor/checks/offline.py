"""Other ways in: whether a public service can be used by people who have no
internet access, no smartphone or no phone of their own (no WCAG criterion:
the duty is the service's, GOV.UK Service Manual, "Helping people to use
your service", https://www.gov.uk/service-manual/helping-people-to-use-your-service,
and its assisted digital guidance).

Reads the ``offline`` artifact (:mod:`auditor.collectors.offline`) and the
page's text (``text``).

Rules:

``no-other-way-in``
    a page that starts or holds a service (a form in the main content with a
    submit control that is not a search form, or a start button or link:
    "Start now", "Apply", "Dechrau nawr") offers no route that is not
    online: no ``tel:`` link, no UK telephone number in its text, no postal
    address (a UK postcode in an ``address`` element or after an address
    word), no "other ways to apply" or "apply by post". The route found is
    the page metric ``other_ways_in``.
``requires-mobile-or-email``
    a required field (``required`` or ``aria-required="true"``) for a phone
    number or an email address (``type=tel|email``, ``autocomplete`` of
    ``tel`` or ``email``, a label such as "mobile number" or "email
    address") with no other path on the page: no "if you do not have one",
    no choice of another way (post, a letter, "I do not have a mobile
    phone"). A field marked only by the GOV.UK convention (required unless
    its label says optional) is not judged: the markup does not say it.
``verification-by-text-or-app-only``
    the page says a code is sent by text message or comes from an
    authenticator app, with no other way (a landline call, post, "if you
    cannot get a code"). A fail when the page also asks for the code (a
    field with ``autocomplete=one-time-code`` or labelled as a code): it is
    the verification step itself. A review when only the words are there (a
    guidance page describing sign-in may link to other ways elsewhere).

Time limits on forms are the ``timing`` family's: a meta refresh that reloads
or leaves a form page is its ``meta-refresh`` (a fail whatever the page
says), and a session limit the page announces is its
``time-limit-announced``. A script that ends the session after N minutes
without a word cannot be seen without waiting it out, so nothing is added.

Settings (``[offline]``), each a list of regular expressions added to the
English and Welsh defaults below: ``start_phrases``, ``other_way_phrases``,
``contact_alternative_phrases``, ``code_phrases``, ``code_alternative_phrases``.

Metrics: ``other_ways_in`` (telephone, post, other-ways, none; or
not-a-service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, Iterable, Mapping, Pattern, Sequence

from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "offline"

HELP_SERVICE = "https://www.gov.uk/service-manual/helping-people-to-use-your-service"
HELP_PHONE = "https://design-system.service.gov.uk/patterns/telephone-numbers/"
HELP_EMAIL = "https://design-system.service.gov.uk/patterns/email-addresses/"
GROUPS = ("no-internet-or-phone",)

RULES = (
    Rule("no-other-way-in", ID, "serious", (), GROUPS, HELP_SERVICE,
         "A service can only be used online: the page gives no telephone number, postal address or other way in.",
         "Say on the page how people can use the service without going online: a telephone number, a postal address, "
         "or a link to “other ways to apply”.", fixed_by="design"),
    Rule("requires-mobile-or-email", ID, "serious", (), GROUPS, HELP_PHONE,
         "A form requires a phone number or an email address, with no way through for people who have neither.",
         "Make the field optional, or offer another way to be contacted (by post), and say what to do “if you do not have one”.",
         fixed_by="design"),
    Rule("verification-by-text-or-app-only", ID, "serious", (), GROUPS, HELP_SERVICE,
         "Signing in or proving who you are needs a code sent to a mobile or an authenticator app, with no other way.",
         "Offer another way to get the code (a call to a landline, a letter) and say what to do “if you cannot get a code”.",
         fixed_by="design"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("other_ways_in", "Other way in than online", "text",
           "The first route off the internet the page offers a service's users: telephone, post, other-ways (a link or "
           "words such as “apply by post”), none; not-a-service when the page starts no service.", shown="if-any"),
)

# Each list: English, then Welsh. Matched without regard to case.
START_PHRASES = (
    r"^(start|start now|begin|begin now|apply|apply now|apply online|continue to application|start (your |an |the )?application)$",
    r"^(dechrau|dechrau nawr|gwneud cais|gwneud cais nawr|gwneud cais ar-lein|dechrau('r| eich)? cais)$",
)
"""The words of a start button or link, the whole of its text (GOV.UK
Design System's start button says "Start now"; Welsh services "Dechrau
nawr"): a link that says "Apply for a permit" in a sentence is not one."""

OTHER_WAY_PHRASES = (
    r"\bother ways to (apply|claim|register|contact us|pay|do this)\b",
    r"\b(apply|claim|register|pay|contact us|write to us|send it to us)\s+(by post|by (tele)?phone|in person|on paper)\b",
    r"\b(paper|printed) (form|application)\b",
    r"\bcall us\b",
    r"\bffyrdd eraill o (wneud cais|hawlio|gysylltu|dalu)\b",
    r"\b(drwy'r|trwy'r|drwy’r|trwy’r) post\b",
    r"\bdros y ff[oô]n\b",
    r"\bffurflen bapur\b",
)
"""Words that point to a way in that is not online (GOV.UK Service Manual,
"Helping people to use your service": offer support by phone, post or in
person)."""

CONTACT_ALTERNATIVE_PHRASES = (
    r"\bif you (do not|don't|don’t) have (one|a (mobile|phone|telephone|mobile phone|smartphone)|an email( address)?|an? e-?mail)\b",
    r"\bi (do not|don't|don’t) have (a (mobile|phone|telephone|mobile phone)|an email( address)?)\b",
    r"\b(by|through the) post\b",
    r"\bby letter\b",
    r"\bos nad oes gennych (un|ff[oô]n|ff[oô]n symudol|e-bost|gyfeiriad e-bost)\b",
    r"\bnid oes gennyf (ff[oô]n|ff[oô]n symudol|e-bost|gyfeiriad e-bost)\b",
    r"\b(drwy'r|trwy'r|drwy’r|trwy’r) post\b",
    r"\bllythyr\b",
)
"""Another path past a required phone or email field (GOV.UK Design System,
"Ask users for telephone numbers" and "Ask users for email addresses": only
ask if you need them, and let people who have none carry on)."""

CODE_PHRASES = (
    r"\b(send|sent|text|texted)\b[^.!?]{0,40}\b(code|security code)\b[^.!?]{0,40}\b(mobile|phone|text message)\b",
    r"\b(code|security code)\b[^.!?]{0,40}\b(sent|send|texted)\b[^.!?]{0,30}\b(your mobile|your phone|by text|text message)\b",
    r"\b(authenticator|authentication) app\b",
    r"\b(anfon|anfonwyd)\b[^.!?]{0,40}\bcod\b[^.!?]{0,40}\b(ff[oô]n symudol|neges destun)\b",
    r"\bap (dilysu|dilysydd)\b",
)
"""Words that say a code comes by text message or from an authenticator app."""

CODE_ALTERNATIVE_PHRASES = (
    r"\bif you (cannot|can't|can’t|do not|don't|don’t) (get|receive|use) (a|the|your) (code|security code|text|mobile)\b",
    r"\blandline\b",
    r"\b(by|through the) post\b",
    r"\bby letter\b",
    r"\bother ways to (sign in|prove|verify)\b",
    r"\bos na (allwch|fedrwch) (gael|dderbyn) (cod|y cod)\b",
    r"\bllinell dir\b",
    r"\b(drwy'r|trwy'r|drwy’r|trwy’r) post\b",
)
"""Other ways to get or skip a code (a call to a landline, a letter)."""

UK_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)[1235789]\d{0,4}\)?(?:[ -]?\d){6,9}(?!\d)")
"""A UK telephone number as written: ``0300 123 4567``, ``01632 960418``,
``020 7946 0000``, ``0800 123456``, ``(01632) 960418``, ``+44 20 7946
0000``, ``+44 (0)300 123 4567``; 04, 06 and 09 (no geographic or freephone
numbers) are left out, after the ranges of Ofcom's National Telephone
Numbering Plan (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbering).
The digit count is checked by :func:`uk_phone`."""

UK_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
"""A UK postcode, in capitals (Royal Mail's formats: area, district, a space,
sector and unit)."""

ADDRESS_WORDS = re.compile(
    r"\b(street|road|lane|avenue|drive|place|square|way|house|building|centre|center|office|hall|po box|freepost|"
    r"stryd|heol|ffordd|lôn|sgwâr|tŷ|swyddfa|neuadd|blwch post|rhadbost)\b", re.IGNORECASE)
"""Words of a postal address: a postcode after one (within
:data:`ADDRESS_REACH` characters) is an address, not a hint such as "For
example, NM4 2QT"."""
ADDRESS_REACH = 150

CODE_FIELD = re.compile(r"\b(code|security code|verification code|cod|cod diogelwch)\b", re.IGNORECASE)
PHONE_LABEL = re.compile(r"\b(mobile|phone|telephone)( number)?\b|\brhif ff[oô]n\b|\bff[oô]n symudol\b", re.IGNORECASE)
EMAIL_LABEL = re.compile(r"\be-?mail( address)?\b|\be-bost\b", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """The ``[offline]`` table: regular expressions added to each default list."""

    start_phrases: tuple[str, ...] = ()
    other_way_phrases: tuple[str, ...] = ()
    contact_alternative_phrases: tuple[str, ...] = ()
    code_phrases: tuple[str, ...] = ()
    code_alternative_phrases: tuple[str, ...] = ()


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[offline]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    parsed: dict[str, tuple[str, ...]] = {}
    for setting in fields(Options):
        phrases = table.get(setting.name, [])
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ValueError(f"[offline] {setting.name} must be a list of regular expressions")
        for phrase in phrases:
            try:
                re.compile(phrase)
            except re.error as exc:
                raise ValueError(f"[offline] {setting.name}: {phrase!r} is not a regular expression: {exc}") from None
        parsed[setting.name] = tuple(phrases)
    return Options(**parsed)


def _compiled(defaults: Sequence[str], extra: Iterable[str]) -> list[Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in (*defaults, *extra)]


def _said(patterns: Iterable[Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(text or ""))), None)


def uk_phone(text: str) -> str | None:
    """The first UK telephone number in the text (10 or 11 digits counting
    the leading 0, or +44 and 9 or 10), or None."""
    for match in UK_PHONE.finditer(text or ""):
        written = match.group(0)
        digits = re.sub(r"\D", "", written.replace("(0)", ""))
        national = "0" + digits[2:] if written.startswith("+") else digits
        if len(national) in (10, 11) and national.startswith("0"):
            return match.group(0).strip()
    return None


def postal_address(text: str, addresses: Iterable[str] = ()) -> str | None:
    """The first UK postcode that ends an address: in an ``address``
    element, or after an address word in the text; None when there is none."""
    for block in addresses:
        if (match := UK_POSTCODE.search(block or "")):
            return match.group(0)
    for match in UK_POSTCODE.finditer(text or ""):
        if ADDRESS_WORDS.search(text[max(0, match.start() - ADDRESS_REACH):match.start()]):
            return match.group(0)
    return None


def other_way_in(found: Mapping[str, Any], text: str, options: Options) -> str:
    """The first route off the internet the page offers: telephone, post,
    other-ways, or none."""
    if found.get("tel_links") or uk_phone(text):
        return "telephone"
    if postal_address(text, found.get("addresses", ())):
        return "post"
    if _said(_compiled(OTHER_WAY_PHRASES, options.other_way_phrases), text):
        return "other-ways"
    return "none"


def service_entry(found: Mapping[str, Any], options: Options) -> Mapping[str, Any] | None:
    """What makes the page a service, to point at: its first start button or
    link, else its first form in the main content that can be sent and is
    not a search form; None for a page that is no service."""
    starts = _compiled(START_PHRASES, options.start_phrases)
    for control in found.get("controls", ()):
        if any(p.search(control.get("text", "").strip()) for p in starts):
            return control
    for form in found.get("forms", ()):
        if form.get("in_main") and not form.get("search") and (form.get("has_submit") or form.get("implicit_submit")):
            return form
    return None


def contact_kind(field: Mapping[str, Any]) -> str | None:
    """``phone`` or ``email`` for a field that asks for one, else None."""
    tokens = set(field.get("autocomplete", "").split())
    kind = field.get("type", "")
    label = f"{field.get('label', '')} {field.get('name', '')}"
    if kind == "email" or "email" in tokens or (kind in ("text", "") and EMAIL_LABEL.search(label)):
        return "email"
    if kind == "tel" or tokens & {"tel", "tel-national", "tel-local", "mobile"} or (kind in ("text", "") and PHONE_LABEL.search(label)):
        return "phone"
    return None


def has_contact_alternative(fields_: Iterable[Mapping[str, Any]], text: str, options: Options) -> bool:
    """Whether the page offers a way past a required phone or email field:
    its words ("if you do not have one"), or a choice (a radio button or
    checkbox) whose label names another way."""
    phrases = _compiled(CONTACT_ALTERNATIVE_PHRASES, options.contact_alternative_phrases)
    if _said(phrases, text):
        return True
    return any(f.get("type") in ("radio", "checkbox") and _said(phrases, f.get("label", "")) for f in fields_)


def _what(field: Mapping[str, Any]) -> str:
    return f"“{(field.get('label') or field.get('name') or field.get('type', 'field'))[:80]}”"


def _no_way_in(out: PageFindings, found: Mapping[str, Any], text: str, options: Options) -> str:
    entry = service_entry(found, options)
    if entry is None:
        return "not-a-service"
    route = other_way_in(found, text, options)
    if route == "none":
        what = f"start button “{entry['text'][:80]}”" if "text" in entry else "form"
        out.add("no-other-way-in", f"The page starts a service (its {what}) but offers no way in other than online.",
                "People without internet access, a computer or a smartphone of their own cannot use this service, and the page "
                "does not tell them how else to. " + RULE["no-other-way-in"].how_to_fix,
                entry.get("selector") or "body", entry.get("snippet", ""))
    return route


def _required_contact(out: PageFindings, found: Mapping[str, Any], text: str, options: Options) -> None:
    fields_ = list(found.get("fields", ()))
    required = [(f, kind) for f in fields_ if f.get("required") and (kind := contact_kind(f))]
    if not required or has_contact_alternative(fields_, text, options):
        return
    for field, kind in required:
        thing = "a phone number" if kind == "phone" else "an email address"
        rule = "requires-mobile-or-email"
        out.add(rule, f"The field {_what(field)} requires {thing}, with no other way through.",
                "People with no phone or email address of their own cannot finish this form. " + RULE[rule].how_to_fix,
                field.get("selector") or "input", field.get("snippet", ""),
                **({"help_url": HELP_EMAIL} if kind == "email" else {}))


def _code_only(out: PageFindings, found: Mapping[str, Any], text: Mapping[str, Any], options: Options) -> None:
    body = text.get("body_text") or ""
    phrases = _compiled(CODE_PHRASES, options.code_phrases)
    said = _said(phrases, body)
    if said is None or _said(_compiled(CODE_ALTERNATIVE_PHRASES, options.code_alternative_phrases), body):
        return
    asks = any("one-time-code" in f.get("autocomplete", "") or (f.get("type") in ("text", "number", "tel", "")
               and CODE_FIELD.search(f.get("label", ""))) for f in found.get("fields", ()))
    block = next((b for b in text.get("blocks", ()) if not b.get("container") and _said(phrases, b.get("text", ""))), None)
    out.add("verification-by-text-or-app-only",
            f"The page says a code comes only by text message or an app: “{said.group(0).strip()[:80]}”.",
            ("People with no mobile phone of their own, or no signal, cannot get past this step. " if asks else
             "Check whether people can get the code another way; the page does not say so. ")
            + RULE["verification-by-text-or-app-only"].how_to_fix,
            (block or {}).get("selector") or "body", (block or {}).get("snippet", ""),
            **({} if asks else {"outcome": "review"}))


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["offline"] or {}
    text = artifacts.get("text") or {}
    body = text.get("body_text") or ""
    options = page.options or Options()
    out = PageFindings(page, RULE)
    route = _no_way_in(out, found, body, options)
    _required_contact(out, found, body, options)
    _code_only(out, found, text, options)
    return CheckResult(findings=tuple(out), metrics={"other_ways_in": route})


CHECK = Check(
    id=ID,
    title="Other ways in",
    needs=("offline", "text"),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
)
