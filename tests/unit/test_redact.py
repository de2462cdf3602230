"""Values read from the environment are hidden in every form a page or an
address writes them; nothing else is touched."""

from __future__ import annotations

import base64

import pytest

from auditor.auth import env_secrets
from auditor.config import AuditConfig, ConfigError
from auditor.journeys import parse_journey
from auditor.model import ElementShot, Finding, PageError, PageResult, Target
from auditor.redact import REDACTED, Redactor

NAME = Redactor.of([("OWNER", "Sam Jones")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Collection day for Sam Jones", f"Collection day for {REDACTED}"),
        ("/find/results?name=Sam+Jones&page=2", f"/find/results?name={REDACTED}&page=2"),
        ("/bin.png?owner=Sam%20Jones", f"/bin.png?owner={REDACTED}"),
        ("/bin.png?owner=sam%20jones", f"/bin.png?owner={REDACTED}"),  # letter case and hex case
        ("/next?back=%2Ffind%3Fname%3DSam%252BJones", f"/next?back=%2Ffind%3Fname%3D{REDACTED}"),  # encoded twice
        ("/next?back=Sam%2520Jones", f"/next?back={REDACTED}"),
        ('<input value="Sam Jones">', f'<input value="{REDACTED}">'),
        ("<p>Sam&nbsp;Jones</p>", f"<p>{REDACTED}</p>"),
        ("<dd>Sam\n   Jones</dd>", f"<dd>{REDACTED}</dd>"),
        ("S%61m Jones", REDACTED),  # a mix of forms
        ("Samuel Jonestown", "Samuel Jonestown"),
        ("Sam, Jones", "Sam, Jones"),
    ],
)
def test_every_form_of_a_value_is_hidden(text, expected):
    assert NAME.text(text) == expected


def test_characters_html_and_urls_escape():
    redactor = Redactor.of([("COMPANY", "O'Brien & Sons <Ltd>")])
    for form in ("O'Brien & Sons <Ltd>", "O&#39;Brien &amp; Sons &lt;Ltd&gt;", "O%27Brien+%26+Sons+%3CLtd%3E", "O&#x27;Brien%20&amp;%20Sons%20%3cLtd%3e"):
        assert redactor.text(f"[{form}]") == f"[{REDACTED}]", form
    accented = Redactor.of([("NAME", "Zoë Ångström")])
    assert accented.text("?n=Zo%C3%AB+%C3%85ngstr%C3%B6m") == f"?n={REDACTED}"


def test_a_secret_that_contains_another_is_hidden_whole():
    redactor = Redactor.of([("SHORT", "plover"), ("LONG", "tok-55-plover")])
    assert redactor.text("t=tok-55-plover and plover") == f"t={REDACTED} and {REDACTED}"


def test_values_too_short_to_hide_are_refused_and_empty_ones_ignored():
    with pytest.raises(ConfigError, match="^the environment variable PIN holds fewer than 4 characters: too short"):
        Redactor.of([("PIN", "123")])
    assert not Redactor.of([("EMPTY", "")])
    assert Redactor().text("anything") == "anything" and not Redactor()


def _result(value: str) -> PageResult:
    finding = Finding("axe", "label", "fail", "critical", ("4.1.2",), ("screen-reader",), "Form elements must have labels", "",
                      (Target("input", f'<input value="{value}">'),), "f1", detail=f"Typed: {value}")
    other = Finding("axe", "image-alt", "fail", "critical", (), ("screen-reader",), "Images must have alt", "", (Target("img.logo", "<img>"),), "f2")
    return PageResult(
        url="https://a.example/start#journey=Find&checkpoint=Results",
        final_url=f"https://a.example/results?name={value.replace(' ', '+')}",
        status=200,
        title=f"Results for {value}",
        findings=(finding, other),
        notes=(f"A alert dialog was dismissed: Hello {value}",),
        metrics={"requests": 3, "largest": {f"https://a.example/p?n={value}": 10}},
        journey={"name": "Find", "checkpoint": "Results", "step": 3, "nojs": {"completed": False, "step": 2, "described": "step 2", "message": f"no {value}"}},
        shots=(ElementShot("input", "image/webp", b"x"), ElementShot("img.logo", "image/webp", b"y")),
    )


def test_a_result_keeps_nothing_of_the_value_but_its_place():
    clean = NAME.result(_result("Sam Jones"))
    assert "sam" not in repr(clean).lower()
    assert clean.url == "https://a.example/start#journey=Find&checkpoint=Results"  # the run's own key
    assert (clean.final_url, clean.title) == (f"https://a.example/results?name={REDACTED}", f"Results for {REDACTED}")
    assert clean.findings[0].targets[0].snippet == f'<input value="{REDACTED}">' and clean.findings[0].fingerprint == "f1"
    assert clean.metrics == {"requests": 3, "largest": {f"https://a.example/p?n={REDACTED}": 10}}
    # The element that showed the value has no screenshot (an image cannot be redacted); the others keep theirs.
    assert [s.selector for s in clean.shots] == ["img.logo"]


def test_a_result_without_the_value_is_unchanged():
    result = _result("Alex Smith")
    assert NAME.result(result) == result and NAME.result(result).shots == result.shots
    failed = PageResult(url="https://a.example/x", error=PageError("timeout", "stopped while typing Sam Jones"))
    assert NAME.result(failed).error == PageError("timeout", f"stopped while typing {REDACTED}")


def test_secrets_are_the_values_read_from_the_environment_only():
    auth = {"username": "inspector", "password_env": "PW", "headers": {"X-Token": {"env": "TOKEN"}, "Accept-Language": "en-GB"},
            "cookies": [{"name": "s", "value": {"env": "COOKIE"}, "url": "https://a.example"}, {"name": "c", "value": "yes", "url": "https://a.example"}]}
    env = {"PW": "pw-Zq81", "TOKEN": "tok-55", "COOKIE": "ck-77"}
    assert env_secrets(auth, env) == [("PW", "pw-Zq81"), ("TOKEN", "tok-55"), ("COOKIE", "ck-77"),
                                      ("PW", base64.b64encode(b"inspector:pw-Zq81").decode())]
    journey = parse_journey({"name": "J", "start": "https://a.example/", "steps": [
        {"fill": "#a", "value_env": "OWNER"}, {"fill": "#b", "value": "plain"}, {"audit": "End"}]})
    assert journey.env_values({"OWNER": "Sam Jones"}) == [("OWNER", "Sam Jones")]


def test_a_skipped_address_is_stored_redacted():
    from auditor.model import SkippedPage
    from auditor.run.plan import redacted_skip

    skipped = redacted_skip(NAME, SkippedPage("https://a.example/find?name=Sam+Jones", "secret-in-address", "https://a.example/?q=Sam%20Jones"))
    assert skipped == SkippedPage(f"https://a.example/find?name={REDACTED}", "secret-in-address", f"https://a.example/?q={REDACTED}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://user:pass@host/", "http://***@host/"),
        ("Could not load HTTPS://u%40x:p%3Aw@h.example:8080/a?b=c@d", "Could not load HTTPS://***@h.example:8080/a?b=c@d"),
        ('<a href="ws://grid:s3cret@grid.internal:4444/wd/hub">', '<a href="ws://***@grid.internal:4444/wd/hub">'),
        ("http://only-user@host/ and http://host/path@x", "http://***@host/ and http://host/path@x"),
        ("write to a@b.example, or see http://host/?mail=a@b.example", "write to a@b.example, or see http://host/?mail=a@b.example"),
    ],
)
def test_credentials_in_any_address_are_hidden(text, expected):
    from auditor.redact import hide_credentials

    assert hide_credentials(text) == expected
    assert Redactor().text(text) == expected  # a run with no secret from the environment hides them too


def test_a_password_written_in_an_address_is_a_secret_of_the_run():
    from auditor.redact import address_secrets

    found = address_secrets(["http://inspector:p%40ss-word@host/", "http://a:b@host/", "http://host/"])
    assert found == [("in the address http://***@host/", "p@ss-word"),
                     ("in the address http://***@host/", base64.b64encode(b"inspector:p@ss-word").decode())]
    result = Redactor.of(found).result(PageResult("http://***@host/", final_url="http://inspector:p%40ss-word@host/", title="Hello p@ss-word"))
    assert (result.final_url, result.title) == ("http://***@host/", f"Hello {REDACTED}")


def test_a_resumed_run_cannot_load_an_address_whose_credentials_were_not_stored(tmp_path):
    """The address given is kept in memory only; a resumed run says so in one
    line instead of loading the page without its credentials."""
    from auditor.run.plan import given_addresses, stored_settings
    from auditor.run.session import AuditRun
    from auditor.store import Store

    config = AuditConfig(urls=("HTTP://inspector:pw-Zq81@Host.example/account#top", "https://host.example/"), profile="quick")
    addresses = given_addresses(config.urls)
    assert addresses == {"http://***@host.example/account": "http://inspector:pw-Zq81@host.example/account", "https://host.example/": "https://host.example/"}
    stored = stored_settings(config.replace(webdriver_url="http://user:key@hub.example:4444/wd/hub", engine="selenium"), addresses)
    assert (stored.urls, stored.webdriver_url) == (tuple(addresses), "http://***@hub.example:4444/wd/hub")
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(stored.to_dict(), {}, list(addresses))
        with pytest.raises(ConfigError, match=r"loads http://\*\*\*@host.example/account with the credentials written in its address, which are never stored"):
            AuditRun(store, run_id, config)
        with pytest.raises(ConfigError, match="give --webdriver-url again"):
            AuditRun(store, run_id, stored, addresses={"http://***@host.example/account": "http://inspector:pw-Zq81@host.example/account"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<a data-note="xx tok-93-a', f'<a data-note="xx {REDACTED}'),  # a start tag cut at 300 characters
        ("the link “Renew tok-93…”", f"the link “Renew {REDACTED}…”"),  # a summary's cut
        ('the field "tok-93-avo"', f'the field "{REDACTED}"'),
        ("/pixel.png?t=tok%2D93-avo…", f"/pixel.png?t={REDACTED}…"),  # encoded, then cut
        ("tok-93-avocet", REDACTED),  # whole, as before
        ("tok-93-avocets are birds", f"{REDACTED}s are birds"),
        ("a tok-93 in the middle of a sentence", "a tok-93 in the middle of a sentence"),  # not at a cut: not the secret
        ("tok…", "tok…"),  # too little of it to tell
    ],
)
def test_the_start_of_a_secret_where_a_text_was_cut_is_hidden(text, expected):
    """Snippets, names and quoted texts are cut short (300, 120, 80
    characters...): a cut inside a secret once kept its first part."""
    assert Redactor.of([("TOKEN", "tok-93-avocet")]).text(text) == expected
