"""The offline family on hand-made artifacts: a service with no way in but
online, a form that demands a phone or email, a code sent only by text or an
app; and the small patterns it rests on (UK telephone numbers, postcodes)."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, offline
from auditor.checks.offline import contact_kind, parse_options, postal_address, uk_phone
from auditor.config import AuditConfig
from auditor.registry import CHECKS

URL = "https://council.example/permit/"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["offline"], options, AuditConfig(urls=(URL,))))


def run(body_text="", controls=(), forms=(), fields=(), tel_links=(), addresses=(), blocks=(), **options):
    found = {"controls": list(controls), "forms": list(forms), "fields": list(fields), "tel_links": list(tel_links),
             "addresses": list(addresses)}
    return offline.evaluate({"offline": found, "text": {"body_text": body_text, "blocks": list(blocks)}}, context(**options))


START = {"text": "Start now", "tag": "a", "selector": "main > p > a", "snippet": '<a class="button">'}
FORM = {"selector": "form", "snippet": "<form>", "has_submit": True, "implicit_submit": False, "search": False, "in_main": True}


def field(label, type_="text", autocomplete="", required=True, selector="#f"):
    return {"type": type_, "autocomplete": autocomplete, "required": required, "label": label, "hint": "", "name": "",
            "form": "form", "selector": selector, "snippet": "<input>"}


def rules(result):
    return [(f.rule, f.outcome, f.impact, f.groups, f.targets[0].selector) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 0300 123 4567 today", "0300 123 4567"),
        ("Phone 01632 960418, 9am to 5pm", "01632 960418"),
        ("Tel: 020 7946 0000", "020 7946 0000"),
        ("Freephone 0800 123456.", "0800 123456"),
        ("(01632) 960418", "(01632) 960418"),
        ("From abroad: +44 20 7946 0000", "+44 20 7946 0000"),
        ("+44 (0)300 123 4567", "+44 (0)300 123 4567"),
        ("Telephone: 0300 123 4567\n8am to 6pm", "0300 123 4567"),
        ("07700900123", "07700900123"),
        ("Reference GW-2026-48317", None),
        ("From 01 04 2026 to 31 03 2027", None),
        ("Costs £52 for 12 months", None),
        ("Account 012345678901234", None),
        ("0600 123 4567", None),
    ],
)
def test_uk_phone(text, expected):
    assert uk_phone(text) == expected


def test_postal_address_needs_an_address_not_a_hint():
    assert postal_address("Write to Waste Services, Council Offices, Market Street, Northmoor NM4 2QT") == "NM4 2QT"
    assert postal_address("Enter your postcode. For example, NM4 2QT") is None
    assert postal_address("", ["Tîm Parcio\nHeol y Farchnad\nCaerdydd\nCF10 1AA"]) == "CF10 1AA"
    assert postal_address("Heol y Farchnad, Caerdydd cf10 1aa") is None  # a postcode is written in capitals


def test_a_start_button_with_no_other_way_in_fails():
    result = run("Apply for a permit. Start now", controls=[START])
    assert rules(result) == [("no-other-way-in", "fail", "serious", ("no-internet-or-phone",), "main > p > a")]
    assert result.findings[0].wcag == ()
    assert result.metrics == {"other_ways_in": "none"}


@pytest.mark.parametrize(
    ("kwargs", "route"),
    [
        ({"body_text": "Start now. Or call 0300 123 4567."}, "telephone"),
        ({"tel_links": [{"href": "tel:01632960418", "selector": "a"}]}, "telephone"),
        ({"body_text": "Write to Council Offices, Market Street, Northmoor NM4 2QT"}, "post"),
        ({"addresses": ["Council Offices\nNM4 2QT"]}, "post"),
        ({"body_text": "There are other ways to apply."}, "other-ways"),
        ({"body_text": "You can apply by post."}, "other-ways"),
        ({"body_text": "Gallwch wneud cais drwy’r post."}, "other-ways"),
        ({"body_text": "Gweld ffyrdd eraill o wneud cais."}, "other-ways"),
    ],
)
def test_a_route_off_the_internet_is_the_metric(kwargs, route):
    result = run(controls=[START], **kwargs)
    assert result.findings == ()
    assert result.metrics == {"other_ways_in": route}


@pytest.mark.parametrize("words", ["Start now", "Apply", "apply now", "Dechrau nawr", "Gwneud cais"])
def test_start_words(words):
    assert rules(run(controls=[{**START, "text": words}]))[0][0] == "no-other-way-in"


def test_a_page_that_is_no_service_is_not_judged():
    search = {**FORM, "search": True}
    outside = {**FORM, "in_main": False}  # a cookie banner's form, a footer sign-up
    sentence = {**START, "text": "Apply for a garden waste permit"}
    result = run("Home", controls=[sentence], forms=[search, outside])
    assert result.findings == ()
    assert result.metrics == {"other_ways_in": "not-a-service"}


def test_a_form_in_main_is_a_service():
    assert rules(run("Your details", forms=[FORM])) == [("no-other-way-in", "fail", "serious", ("no-internet-or-phone",), "form")]


def test_a_start_phrase_setting_adds_to_the_defaults():
    assert rules(run(controls=[{**START, "text": "Get started"}])) == []
    assert rules(run(controls=[{**START, "text": "Get started"}], start_phrases=["^get started$"]))[0][0] == "no-other-way-in"


@pytest.mark.parametrize(
    ("f", "kind"),
    [
        (field("Mobile number", "tel"), "phone"),
        (field("Your number", "text", "tel"), "phone"),
        (field("Rhif ffôn symudol"), "phone"),
        (field("Email address", "email"), "email"),
        (field("Contact", "text", "section-x email"), "email"),
        (field("Cyfeiriad e-bost"), "email"),
        (field("Full name", "text", "name"), None),
        (field("Phone", "radio"), None),
    ],
)
def test_contact_kind(f, kind):
    assert contact_kind(f) == kind


def test_a_required_mobile_with_no_other_path_fails():
    result = run("Call 0300 123 4567", fields=[field("Mobile number", "tel", "tel", selector="#mobile")])
    assert rules(result) == [("requires-mobile-or-email", "fail", "serious", ("no-internet-or-phone",), "#mobile")]
    email = run("Call 0300 123 4567", fields=[field("Email address", "email", selector="#email")])
    assert email.findings[0].help_url == "https://design-system.service.gov.uk/patterns/email-addresses/"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"body_text": "If you do not have a mobile phone, leave this blank and we will write to you."},
        {"body_text": "Os nad oes gennych ffôn symudol, gadewch hwn yn wag."},
        {"fields": [field("Mobile number", "tel"), field("I do not have a mobile phone", "checkbox", required=False)]},
        {"fields": [field("Mobile number", "tel"), field("By post", "radio", required=False)]},
        {"fields": [field("Mobile number", "tel", required=False)]},
    ],
)
def test_a_way_past_the_field_passes(kwargs):
    kwargs.setdefault("fields", [field("Mobile number", "tel")])
    assert run(**kwargs).findings == ()


SENT = "We have sent a security code by text message to your mobile phone."


def test_a_code_only_by_text_on_the_code_step_fails():
    blocks = [{"text": SENT, "selector": "main > p", "snippet": "<p>", "container": False}]
    code = field("Security code", "text", "one-time-code")
    result = run(SENT + " Problems? Call 0300 123 4567.", fields=[code], blocks=blocks)
    assert rules(result) == [("verification-by-text-or-app-only", "fail", "serious", ("no-internet-or-phone",), "main > p")]


def test_words_alone_about_an_app_are_a_review():
    result = run("To sign in you need an authenticator app on your phone.")
    assert [(f.rule, f.outcome) for f in result.findings] == [("verification-by-text-or-app-only", "review")]


@pytest.mark.parametrize("other", ["If you cannot get a code, call us.", "We can call your landline instead.",
                                   "Os na allwch gael cod, ffoniwch ni."])
def test_another_way_to_get_the_code_passes(other):
    assert run(f"{SENT} {other}", fields=[field("Security code", "text", "one-time-code")]).findings == ()


def test_a_text_that_is_not_a_code_is_not_judged():
    assert run("We will text you when your permit is ready.").findings == ()


def test_settings_are_checked():
    assert parse_options({"other_way_phrases": ["visit a library"]}).other_way_phrases == ("visit a library",)
    with pytest.raises(ValueError, match=r"\[offline\] has no setting 'phrases'"):
        parse_options({"phrases": []})
    with pytest.raises(ValueError, match="must be a list of regular expressions"):
        parse_options({"code_phrases": "app"})
    with pytest.raises(ValueError, match="is not a regular expression"):
        parse_options({"start_phrases": ["("]})
