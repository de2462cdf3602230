"""The [auth] table: its shape is checked when settings are read; secrets are
read from the environment only when a run starts, and never leave memory."""

from __future__ import annotations

import pytest

from auditor.auth import resolve_session
from auditor.config import AuditConfig, ConfigError, load_config_file

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
        AuditConfig(auth=auth)
    assert message in str(caught.value)


def test_auth_table_in_a_config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[audit]\ncrawl = "https://service.example/"\n[auth]\nusername = "u"\npassword_env = "P"\n', encoding="utf-8")
    config = AuditConfig.from_mapping(load_config_file(path))
    assert config.crawl == ("https://service.example/",) and config.auth == {"username": "u", "password_env": "P"}
