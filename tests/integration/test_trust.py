"""The trust family through the real CLI and Chromium, on both engines.

"Another site" needs host names (registrable domains come from the Public
Suffix List), so the browser's host resolver maps every ``*.test`` name to
127.0.0.1 (``--host-resolver-rules``): the barrier page is audited as
``www.riverton.test`` and calls ``cdn.adnet.test``, ``www.fontstore.test``
and ``pixel.metrics.test`` on load, all the one fixture server. Its clean
twin, on 127.0.0.1 (a loopback page, whose transport and headers are not
judged), calls nobody and sets its cookie only on a click.

The HTTPS rules are tested on the same site served over HTTPS (the
``tls_server`` fixture, with a certificate made for the tests that the
browser is told to accept): the barrier page, as ``www.riverton.test``,
loads a script and posts its form over plain HTTP, sends no HSTS and sets
its session cookie without ``Secure``; its clean twin does none of that.
The script is blocked by the browser, as every browser blocks active mixed
content, and still reported: it breaks the page for everyone, and a browser
that did not block it would fetch it where anyone on the way can change it.
The form is never submitted."""

from __future__ import annotations

import pytest

from .family_harness import ENGINES, Family
from .helpers import run_cli

pytestmark = pytest.mark.integration

PRIVACY = ["privacy"]
AUTOFILL = ["cognitive", "keyboard", "low-vision"]

# page -> the findings it must have, in order: (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    "tracking": [
        ("page-not-https", "fail", "critical", [], PRIVACY, "html"),
        ("missing-security-headers", "fail", "moderate", [], PRIVACY, "html"),
        ("tracking-before-consent", "fail", "serious", [], PRIVACY, "html"),
        ("third-party-script-without-sri", "fail", "moderate", [], PRIVACY, "head > script:nth-of-type(2)"),
        ("third-party-script-without-sri", "fail", "moderate", [], PRIVACY, "link"),
        ("insecure-cookie", "fail", "moderate", [], PRIVACY, "html"),
    ],
    "autofill": [
        ("personal-data-autocomplete", "fail", "serious", ["1.3.5"], AUTOFILL, "#full-name"),
        ("personal-data-autocomplete", "fail", "serious", ["1.3.5"], AUTOFILL, "#email"),
        ("personal-data-autocomplete", "fail", "serious", ["1.3.5"], AUTOFILL, "#phone"),
    ],
}
FAMILY = Family("trust", EXPECTED, hosts={"tracking": "www.riverton.test"},
                config='browser_args = ["--host-resolver-rules=MAP *.test 127.0.0.1"]\n')
url, row = FAMILY.url, FAMILY.row

HTTPS = Family("trust", {"https": [
    ("form-posts-over-http", "fail", "critical", [], PRIVACY, "form"),
    ("mixed-content", "fail", "serious", [], PRIVACY, "html"),
    ("no-hsts", "fail", "moderate", [], PRIVACY, "html"),
    ("insecure-cookie", "fail", "moderate", [], PRIVACY, "html"),
]}, hosts={"https": "www.riverton.test", "https-clean": "www.riverton.test"},
    config='browser_args = ["--host-resolver-rules=MAP *.test 127.0.0.1", "--ignore-certificate-errors"]\n')


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    return FAMILY.audit(tmp_path_factory, server, request.param)


@pytest.mark.parametrize("name", FAMILY.pages)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    FAMILY.assert_exact_findings(audit[1], server, name)


@pytest.mark.parametrize("name", ["tracking-clean", "autofill-clean"])
def test_clean_twin_has_none(audit, server, name):
    result = row(audit[1], server, name)
    assert result["findings"] == []
    assert result["metrics"]["cookies_before_consent"] == 0
    assert result["metrics"]["third_party_hosts"] == 0


def test_three_other_sites_and_the_cookies_set_on_load(audit, server):
    result = row(audit[1], server, "tracking")
    metrics = result["metrics"]
    assert metrics["cookies_before_consent"] == 2  # _ga and sessionid, both set by the page's script
    assert metrics["third_party_hosts"] == 3
    sites = {s["site"]: s for s in metrics["third_parties"]}
    assert set(sites) == {"adnet.test", "fontstore.test", "metrics.test"}
    assert {s["site"]: s["hosts"] for s in sites.values()} == {
        "adnet.test": ["cdn.adnet.test"], "fontstore.test": ["www.fontstore.test"], "metrics.test": ["pixel.metrics.test"]}
    assert all(s["requests"] == 1 and s["bytes"] > 0 for s in sites.values())
    tracking = next(f for f in result["findings"] if f["rule"] == "tracking-before-consent")
    assert tracking["summary"].startswith("Before anyone did anything, the page called 3 other sites (")
    assert tracking["summary"].endswith("and set 1 tracking cookie (_ga on www.riverton.test).")
    for site in sites.values():
        assert f"{site['site']}: 1 request, {site['bytes']} bytes" in tracking["summary"]
    cookies = next(f for f in result["findings"] if f["rule"] == "insecure-cookie")
    assert cookies["summary"] == ("2 cookies lack protective flags: _ga on www.riverton.test without SameSite, "
                                  "sessionid on www.riverton.test without HttpOnly or SameSite.")


def test_what_the_autofill_findings_say(audit, server):
    summaries = [f["summary"] for f in row(audit[1], server, "autofill")["findings"]]
    assert summaries == [
        "The name field “Full name” has no autocomplete token, so the browser cannot fill it in.",
        "The email address field “Email address” has autocomplete turned off.",
        "The telephone number field “Phone number” has autocomplete=\"email\", a token for something else.",
    ]


def test_a_journey_that_accepts_cookies_is_not_reported_for_them(server, tmp_path):
    """The clean twin sets its analytics cookie when "Accept" is clicked: a
    journey that clicks it, then audits, is past consent (Playwright; the
    step counting is the journey's, the same on both engines)."""
    journey = tmp_path / "accept.toml"
    journey.write_text(f'name = "Accept cookies"\nstart = "{url(server, "tracking-clean")}"\n\n'
                       '[[steps]]\naudit = "Before"\n\n[[steps]]\nclick = "#accept"\n\n[[steps]]\naudit = "After"\n', encoding="utf-8")
    code, document = run_cli(tmp_path, ["--journey", str(journey), "--checks", "trust", "--fail-on", "none"], profile=None)
    before, after = document["pages"]
    assert before["findings"] == [] and before["metrics"]["cookies_before_consent"] == 0
    assert after["findings"] == [] and "cookies_before_consent" not in after["metrics"]
    assert any("after 1 journey step" in note for note in after["notes"])


@pytest.fixture(scope="module", params=ENGINES)
def https_audit(request, tls_server, tmp_path_factory):
    return HTTPS.audit(tmp_path_factory, tls_server, request.param)


def test_a_secure_page_that_posts_and_loads_over_http_has_exactly_its_findings(https_audit, tls_server):
    HTTPS.assert_exact_findings(https_audit[1], tls_server, "https")
    said = {f["rule"]: f["summary"] for f in HTTPS.row(https_audit[1], tls_server, "https")["findings"]}
    assert said == {
        "form-posts-over-http": "A form sends its answers to http://www.riverton.test/permits/apply over plain HTTP.",
        "mixed-content": "The secure page loads 1 file over plain HTTP: http://www.riverton.test/permits/form.js.",
        "no-hsts": "The page sends no Strict-Transport-Security header.",
        "insecure-cookie": "1 cookie lacks protective flags: sessionid on www.riverton.test without Secure.",
    }


def test_its_clean_twin_over_https_has_none(https_audit, tls_server):
    result = HTTPS.row(https_audit[1], tls_server, "https-clean")
    assert result["url"].startswith("https://www.riverton.test:")
    assert result["findings"] == []
