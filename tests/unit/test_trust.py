"""The trust family on hand-made artifacts: the HTTPS rules (which the
integration tests cannot reach, the fixture servers being plain HTTP),
tracking before consent, SRI, headers, cookie flags and autofill."""

from __future__ import annotations

import pytest

from auditor.checks import trust
from auditor.checks.autofill import autofill_findings, flaw, purpose
from auditor.checks.base import PageContext
from auditor.sites import is_loopback, site_of

PAGE = "https://www.riverton.gov.uk/apply"


def response(url, headers, type_="Document", request_id="1"):
    return [
        {"method": "Network.requestWillBeSent", "params": {"requestId": request_id, "request": {"url": url, "method": "GET"},
                                                            "type": type_, "timestamp": 1.0, "initiator": {"type": "parser"}}},
        {"method": "Network.responseReceived", "params": {"requestId": request_id, "type": type_,
                                                           "response": {"url": url, "status": 200, "headers": headers, "encodedDataLength": 100}}},
        {"method": "Network.loadingFinished", "params": {"requestId": request_id, "encodedDataLength": 1100, "timestamp": 1.5}},
    ]


GOOD_HEADERS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains", "Content-Security-Policy": "default-src 'self'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}


def run(url=PAGE, headers=None, extra_events=(), options=None, **found):
    artifact = {"scripts": [], "stylesheets": [], "forms": [], "fields": [], "meta_csp": [], "meta_referrer": [], "cookies": []}
    artifact.update(found)
    events = response(url, GOOD_HEADERS if headers is None else headers) + list(extra_events)
    return trust.evaluate({"trust": artifact, "network": {"events": events}}, PageContext(url, url, options or trust.Options()))


def rules(result):
    return [f.rule for f in result.findings]


def test_a_well_kept_https_page_has_no_findings():
    result = run()
    assert result.findings == ()
    assert result.metrics["cookies_before_consent"] == 0 and result.metrics["third_party_hosts"] == 0


def test_plain_http_page_is_reported_once():
    result = run("http://www.riverton.gov.uk/apply",
                 forms=[{"action": "http://www.riverton.gov.uk/send", "method": "post", "selector": "form", "snippet": "<form>"}])
    assert rules(result) == ["page-not-https"]
    assert result.findings[0].impact == "critical" and result.findings[0].groups == ("privacy",)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost:8000/", "http://app.localhost/", "http://[::1]:8000/"])
def test_loopback_pages_are_not_judged_on_transport_or_headers(url):
    assert run(url, headers={}).findings == ()


def test_form_posting_over_http_from_an_https_page():
    result = run(forms=[{"action": "http://forms.riverton.gov.uk/send", "method": "post", "selector": "#apply", "snippet": "<form>"},
                        {"action": "https://www.riverton.gov.uk/send", "method": "post", "selector": "#ok", "snippet": "<form>"}])
    assert [(f.rule, f.impact, f.targets[0].selector) for f in result.findings] == [("form-posts-over-http", "critical", "#apply")]


def test_mixed_content_lists_the_plain_files():
    result = run(extra_events=response("http://img.riverton.gov.uk/logo.png", {}, "Image", "2"))
    (finding,) = result.findings
    assert (finding.rule, finding.impact) == ("mixed-content", "serious")
    assert "http://img.riverton.gov.uk/logo.png" in finding.summary


@pytest.mark.parametrize("value, reported", [
    (None, True),
    ("max-age=15552000", True),          # 180 days: under the Observatory's six months
    ("max-age=15768000", False),         # exactly six months
    ('max-age="63072000"; preload', False),
    ("includeSubDomains", True),
])
def test_hsts_needs_six_months(value, reported):
    headers = {k: v for k, v in GOOD_HEADERS.items() if k != "Strict-Transport-Security"}
    if value is not None:
        headers["Strict-Transport-Security"] = value
    assert rules(run(headers=headers)) == (["no-hsts"] if reported else [])


def test_hsts_threshold_is_a_setting():
    options = trust.parse_options({"hsts_min_age_s": 100})
    assert rules(run(headers={**GOOD_HEADERS, "Strict-Transport-Security": "max-age=200"}, options=options)) == []


def test_missing_headers_are_one_finding_naming_each():
    result = run(headers={"Strict-Transport-Security": "max-age=31536000", "Referrer-Policy": "unsafe-url"})
    (finding,) = result.findings
    assert finding.rule == "missing-security-headers"
    assert finding.summary == "The page is sent without Content-Security-Policy, X-Content-Type-Options: nosniff or Referrer-Policy."


def test_meta_policies_count_as_headers():
    headers = {"Strict-Transport-Security": "max-age=31536000", "X-Content-Type-Options": "nosniff"}
    assert rules(run(headers=headers, meta_csp=["default-src 'self'"], meta_referrer=["no-referrer"])) == []


def test_other_sites_called_on_load_are_listed_by_registrable_domain_with_their_bytes():
    events = (response("https://www.google-analytics.com/g/collect", {}, "Ping", "2")
              + response("https://region1.google-analytics.com/g/collect", {}, "Ping", "3")
              + response("https://assets.riverton.gov.uk/app.js", {}, "Script", "4")
              + response("https://www.a.service.gov.uk/x.js", {}, "Script", "5"))
    result = run(extra_events=events)
    (finding,) = result.findings
    assert finding.rule == "tracking-before-consent" and finding.impact == "serious"
    assert finding.summary == ("Before anyone did anything, the page called 2 other sites (google-analytics.com: 2 requests, 2.2 kB, "
                               "a.service.gov.uk: 1 request, 1.1 kB).")
    assert result.metrics["third_party_hosts"] == 3
    assert result.metrics["third_parties"][0] == {"site": "google-analytics.com", "hosts": ["www.google-analytics.com", "region1.google-analytics.com"],
                                                  "requests": 2, "bytes": 2200}


def test_own_sites_are_not_third_parties():
    options = trust.parse_options({"own_sites": ["rivertoncdn.net"]})
    result = run(extra_events=response("https://static.rivertoncdn.net/app.js", {}, "Script", "2"), options=options)
    assert result.findings == () and result.metrics["third_party_hosts"] == 0


def cookie(name, domain="www.riverton.gov.uk", **flags):
    return {"name": name, "domain": domain, "path": "/", "secure": True, "httpOnly": True, "sameSite": "Lax", **flags}


def test_tracking_cookies_by_name_or_site_but_not_the_pages_own_session():
    result = run(cookies=[cookie("_ga"), cookie("id", ".doubleclick.net"), cookie("session")])
    (finding,) = result.findings
    assert finding.summary == ("Before anyone did anything, the page set 2 tracking cookies (_ga on www.riverton.gov.uk, "
                               "id on .doubleclick.net).")
    assert result.metrics["cookies_before_consent"] == 3
    assert run(cookies=[cookie("session")]).findings == ()


def test_cookie_flags():
    assert trust.cookie_flaws(cookie("prefs", secure=False, sameSite=None), https=True) == ["Secure", "SameSite"]
    assert trust.cookie_flaws(cookie("prefs", secure=False, httpOnly=False), https=False) == []
    assert trust.cookie_flaws(cookie("PHPSESSID", httpOnly=False), https=True) == ["HttpOnly"]
    (finding,) = run(cookies=[cookie("PHPSESSID", httpOnly=False, secure=False)]).findings
    assert finding.rule == "insecure-cookie"
    assert finding.summary == "1 cookie lacks protective flags: PHPSESSID on www.riverton.gov.uk without Secure or HttpOnly."


def test_unreadable_cookies_are_a_note_not_a_zero():
    result = run(cookies=None)
    assert "cookies_before_consent" not in result.metrics and result.notes


def test_scripts_and_stylesheets_from_other_sites_need_integrity():
    scripts = [{"url": "https://cdn.jsdelivr.net/npm/x.js", "integrity": False, "selector": "#a", "snippet": "<script>"},
               {"url": "https://cdn.jsdelivr.net/npm/y.js", "integrity": True, "selector": "#b", "snippet": "<script>"},
               {"url": "https://assets.riverton.gov.uk/z.js", "integrity": False, "selector": "#c", "snippet": "<script>"}]
    # googleapis.com is a private suffix of the list: each of its hosts is a site of its own.
    sheets = [{"url": "https://fonts.googleapis.com/css", "integrity": False, "selector": "link", "snippet": "<link>"}]
    result = run(scripts=scripts, stylesheets=sheets)
    assert [(f.rule, f.targets[0].selector, f.summary) for f in result.findings] == [
        ("third-party-script-without-sri", "#a", "The script from jsdelivr.net is loaded without an integrity check."),
        ("third-party-script-without-sri", "link", "The stylesheet from fonts.googleapis.com is loaded without an integrity check."),
    ]


@pytest.mark.parametrize("field, expected", [
    ({"type": "email", "label": "Contact"}, "email"),
    ({"type": "text", "label": "Email address"}, "email"),
    ({"type": "text", "label": "Full name"}, "name"),
    ({"type": "text", "label": "", "name": "first_name"}, "name"),
    ({"type": "text", "label": "Surname"}, "name"),
    ({"type": "text", "label": "Company name"}, None),
    ({"type": "text", "label": "Name of your business"}, None),
    ({"type": "text", "label": "Username"}, None),
    ({"type": "text", "label": "Address line 1"}, "address"),
    ({"type": "text", "label": "Postcode"}, "postal-code"),
    ({"type": "text", "label": "Day", "name": "dob-day", "id": "dob-day"}, "bday"),
    ({"type": "text", "label": "Mobile phone number"}, "tel"),
    ({"type": "text", "label": "Reference number"}, None),
    ({"type": "checkbox", "label": "Email me updates"}, None),
])
def test_what_a_field_asks_for(field, expected):
    found = purpose(field)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("autocomplete, form, problem", [
    ("", "", "missing"), ("on", "", "missing"), ("off", "", "off"), ("", "off", "off"),
    ("email", "", None), ("section-a shipping email", "", None), ("name", "", "wrong"),
    ("e-mail", "", None),   # not an autofill token at all: axe-core's autocomplete-valid reports it
])
def test_what_is_wrong_with_autocomplete(autocomplete, form, problem):
    assert flaw({"autocomplete": autocomplete, "form_autocomplete": form}, ("email",)) == problem


def test_autofill_finding_words():
    ((rule, summary, detail, _),) = autofill_findings([{"type": "tel", "label": "Phone number", "autocomplete": "off", "selector": "#p"}])
    assert rule == "personal-data-autocomplete"
    assert summary == "The telephone number field “Phone number” has autocomplete turned off."
    assert detail.startswith("The field asks for the person's telephone number; give it autocomplete=\"tel\"")
    result = run(fields=[{"type": "text", "label": "Full name", "autocomplete": "", "selector": "#n", "snippet": "<input>"}])
    (finding,) = result.findings
    assert (finding.impact, finding.wcag, finding.groups) == ("serious", ("1.3.5",), ("cognitive", "keyboard", "low-vision"))


def test_sites_and_loopback():
    assert site_of("www.a.service.gov.uk") == "a.service.gov.uk"
    assert site_of("WWW.Riverton.GOV.UK.") == "riverton.gov.uk"
    assert site_of("192.0.2.1") == "192.0.2.1" and site_of("gov.uk") == "gov.uk"
    assert is_loopback("127.0.0.5") and is_loopback("localhost") and not is_loopback("www.riverton.test")


@pytest.mark.parametrize("table, message", [
    ({"hsts_min_age_s": "six months"}, "[trust] hsts_min_age_s must be a whole number of seconds, 0 or more"),
    ({"own_sites": "cdn.net"}, "[trust] own_sites must be a list of strings"),
    ({"trackers": []}, "[trust] has no setting 'trackers'"),
])
def test_bad_settings_say_what_is_wrong(table, message):
    with pytest.raises(ValueError) as caught:
        trust.parse_options(table)
    assert str(caught.value).startswith(message)


def test_a_journey_checkpoint_after_steps_is_not_before_consent():
    """A journey may have clicked "Accept cookies" before the checkpoint: what
    the page set or called then may have been agreed to."""
    events = response("https://www.google-analytics.com/g/collect", {}, "Ping", "2")
    result = run(cookies=[cookie("_ga")], extra_events=events, steps_taken=2)
    assert rules(result) == []
    assert "cookies_before_consent" not in result.metrics and result.metrics["third_party_hosts"] == 1
    assert result.notes == ("Trust: the page was audited after 2 journey steps, so its cookies and calls to other sites "
                            "were not judged as made before consent",)
    assert rules(run(cookies=[cookie("_ga")], steps_taken=0)) == ["tracking-before-consent"]
