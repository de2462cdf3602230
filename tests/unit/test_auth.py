"""The [auth] table: its shape is checked when settings are read; secrets are
read from the environment only when a run starts, and never leave memory."""

from __future__ import annotations

import pytest

from auditor.auth import resolve_session
from auditor.config import AuditConfig, ConfigError, load_config_file
from auditor.registry import run_settings

AUTH = {
    "origin": "https://service.example/",
    "username": "inspector",
    "password_env": "SVC_PASSWORD",
    "headers": {"X-Token": {"env": "SVC_TOKEN"}, "Accept-Language": "en-GB"},
    "cookies": [{"name": "session", "value": {"env": "SVC_COOKIE"}, "domain": "service.example"}],
}
ENV = {"SVC_PASSWORD": "p4ss-word", "SVC_TOKEN": "t0ken", "SVC_COOKIE": "c00kie"}


def test_settings_hold_names_and_the_session_holds_values():
    config = AuditConfig(urls=("https://service.example/",), auth=AUTH)
    assert config.to_dict()["auth"] == AUTH
    session = resolve_session(config.auth, "me@example.org", ENV)
    assert (session.origin, session.http_username, session.http_password) == ("https://service.example", "inspector", "p4ss-word")
    assert session.headers == {"X-Token": "t0ken", "Accept-Language": "en-GB"}
    assert session.cookies == ({"name": "session", "domain": "service.example", "path": "/", "value": "c00kie"},)
    assert not any(secret in repr(session) for secret in ENV.values())


def test_a_variable_not_set_stops_the_run_before_it_starts():
    with pytest.raises(ConfigError, match="password is read from the environment variable SVC_PASSWORD, which is not set"):
        resolve_session(AUTH, environ={})


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        ({"password": "x"}, "unknown setting 'password'"),
        ({"username": "u"}, "needs both username and password_env"),
        ({"headers": {"X-Token": 5}}, "header 'X-Token' must be text or { env = \"VARIABLE\" }"),
        ({"headers": {"X-Token": {"env": ""}}}, "header 'X-Token' must be text"),
        ({"cookies": [{"name": "s", "value": "v"}]}, "cookie 's' needs a url or a domain"),
        ({"cookies": [{"name": "s", "value": "v", "url": "https://a.example", "expiry": 1}]}, "cookie setting 'expiry' unknown"),
        ({"cookies": {"name": "s"}}, "cookies must be a list of tables"),
    ],
)
def test_bad_auth_tables_are_one_line_errors(auth, message):
    with pytest.raises(ConfigError) as caught:
        run_settings(AuditConfig(auth=auth))
    assert message in str(caught.value)


def test_auth_table_in_a_config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[audit]\ncrawl = "https://service.example/"\n[auth]\nusername = "u"\npassword_env = "P"\n', encoding="utf-8")
    config = AuditConfig.from_mapping(load_config_file(path))
    assert config.crawl == ("https://service.example/",) and config.auth == {"username": "u", "password_env": "P"}


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        ({"headers": {"X-Token": "a\r\nInjected: 1"}}, "header 'X-Token' holds a line break or another control character"),
        ({"headers": {"X-Token": "a\x00b"}}, "header 'X-Token' holds a line break or another control character"),
        ({"headers": {"X Token:": "v"}}, "header name 'X Token:' is not an HTTP header name"),
        ({"headers": {"": "v"}}, "header name '' is not an HTTP header name"),
        ({"headers": {"Tök": "v"}}, "header name 'Tök' is not an HTTP header name"),
        ({"origin": "service.example"}, "origin must be an http(s) origin like https://service.example"),
        ({"origin": "https://service.example/account"}, "origin must be an http(s) origin like https://service.example"),
        ({"cookies": [{"name": "s", "value": "v", "url": "not a url"}]}, "cookie 's': url must be an http(s) address"),
        ({"cookies": [{"name": "s", "value": "v", "url": "ftp://a.example/"}]}, "cookie 's': url must be an http(s) address"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "https://a.example/"}]}, "cookie 's': domain must be a host name like service.example"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "a example"}]}, "cookie 's': domain must be a host name"),
        ({"cookies": [{"name": "s", "value": "v", "url": "https://a.example/", "domain": "a.example"}]}, "cookie 's': give a url or a domain, not both"),
        ({"cookies": [{"name": "s", "value": "v", "url": "https://a.example/", "path": "/"}]}, "cookie 's': path goes with a domain"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "a.example", "path": "account"}]}, "cookie 's': path must start with /"),
        ({"cookies": [{"name": "a;b", "value": "v", "domain": "a.example"}]}, "cookie name 'a;b' is not a cookie name"),
        ({"cookies": [{"name": "", "value": "v", "domain": "a.example"}]}, "cookie name '' is not a cookie name"),
        ({"cookies": [{"name": "s", "value": "v;\n x", "domain": "a.example"}]}, "cookie 's' holds a ; or a control character"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "a.example", "same_site": "Weird"}]}, "cookie 's': same_site must be Strict, Lax or None"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "a.example", "secure": "yes"}]}, "cookie 's': secure must be true or false"),
        ({"cookies": [{"name": "s", "value": "v", "domain": "a.example", "http_only": 1}]}, "cookie 's': http_only must be true or false"),
    ],
)
def test_malformed_auth_values_are_one_line_errors(auth, message):
    """Each of these once failed every page ("Could not open a browser page:
    Protocol error", "Invalid header name", ...) instead of the run, or (a
    domain written as an address) was silently never sent."""
    with pytest.raises(ConfigError) as caught:
        run_settings(AuditConfig(auth=auth))
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("auth", "env", "message"),
    [
        ({"headers": {"X-Token": {"env": "T"}}}, {"T": "tok\r\nX-Evil: 1"},
         "header 'X-Token' (from the environment variable T) holds a line break or another control character"),
        ({"cookies": [{"name": "s", "value": {"env": "C"}, "domain": "a.example"}]}, {"C": "ck;\x00"},
         "cookie 's' (from the environment variable C) holds a ; or a control character"),
    ],
)
def test_values_from_the_environment_are_checked_when_the_run_starts(auth, env, message):
    with pytest.raises(ConfigError) as caught:
        resolve_session(auth, environ=env)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert not any(value in str(caught.value) for value in env.values())  # the message never shows the secret


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "is not JSON"),
        ("[1, 2]", "must be a JSON object with cookies and origins"),
        ('{"cookies": "x"}', "cookies must be a list"),
        ('{"cookies": [{"name": "s"}]}', "cookie 1 needs a name and a value (text)"),
        ('{"cookies": [{"name": "s", "value": "v"}]}', "cookie 1 needs a url, or a domain and a path"),
        ('{"cookies": [{"name": "s", "value": "v", "domain": "a.example", "path": "/", "sameSite": "Weird"}]}', "cookie 1: sameSite must be Strict, Lax or None"),
        ('{"origins": [{"origin": "https://a.example"}]}', "origin 1 needs an origin (text) and a localStorage list of name and value pairs"),
        ('{"origins": [{"origin": "https://a.example", "localStorage": [{"name": "k", "value": 5}]}]}', "origin 1 needs an origin (text) and a localStorage list"),
    ],
)
def test_a_storage_state_that_is_not_playwrights_format_stops_the_run(tmp_path, text, message):
    state = tmp_path / "state.json"
    state.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        resolve_session({"storage_state": str(state)}, environ={})
    assert message in str(caught.value) and str(state) in str(caught.value) and "\n" not in str(caught.value)


def test_a_good_storage_state_is_taken(tmp_path):
    state = tmp_path / "state.json"
    state.write_text('{"cookies": [{"name": "s", "value": "v", "domain": "a.example", "path": "/", "expires": -1, "httpOnly": true,'
                     ' "secure": false, "sameSite": "Lax"}], "origins": [{"origin": "https://a.example", "localStorage": [{"name": "k", "value": "v"}]}]}',
                     encoding="utf-8")
    assert resolve_session({"storage_state": str(state)}, environ={}).storage_state == str(state)


def test_a_malformed_auth_value_from_the_environment_creates_no_run(tmp_path, capsys, monkeypatch):
    """One line, exit 1, and nothing stored: no page was opened."""
    from auditor.cli import main
    from auditor.store import Store

    monkeypatch.setenv("SVC_TOKEN", "tok\r\nX-Evil: 1")
    config = tmp_path / "auth.toml"
    config.write_text('[auth]\nheaders = { "X-Token" = { env = "SVC_TOKEN" } }\n', encoding="utf-8")
    assert main(["run", "https://example.org/", "--config", str(config), "--db", str(tmp_path / "runs.sqlite3"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("inclusion-audit: error: [auth]: header 'X-Token'") and "X-Evil" not in err
    with Store(tmp_path / "runs.sqlite3") as store:
        assert store.runs() == []
