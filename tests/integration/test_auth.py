"""Signed-in pages: basic auth, a cookie and a header token from environment
variables; the secrets reach the site and nowhere else (no report, no store)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from service_server import USERNAME, serving

from .helpers import run_cli

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)

PASSWORD, COOKIE, TOKEN = "pw-Zq81-kestrel", "ck-77-heron", "tok-55-plover"


def auth_config(tmp_path: Path, base: str) -> str:
    path = tmp_path / "signed-in.toml"
    path.write_text(f"""
[auth]
origin = "{base}"
username = "{USERNAME}"
password_env = "BINS_PASSWORD"
headers = {{ "X-Service-Token" = {{ env = "BINS_TOKEN" }} }}
cookies = [{{ name = "session", value = {{ env = "BINS_COOKIE" }}, url = "{base}" }}]
""", encoding="utf-8")
    return str(path)


@pytest.fixture
def secrets(service, monkeypatch):
    service.password, service.cookie, service.token = PASSWORD, COOKIE, TOKEN
    monkeypatch.setenv("BINS_PASSWORD", PASSWORD)
    monkeypatch.setenv("BINS_COOKIE", COOKIE)
    monkeypatch.setenv("BINS_TOKEN", TOKEN)


def test_signed_in_page_is_audited_and_no_secret_is_kept(tmp_path, service, secrets, capsys):
    service.account_views.clear()
    config = auth_config(tmp_path, service.base)
    code, document = run_cli(tmp_path, [service.url("/account/"), "--config", config, "--checks", "axe,bandwidth",
                                         "--format", "json,html,csv,sarif,junit", "--fail-on", "none"], profile=None)
    assert code == 0
    row = document["pages"][0]
    assert (row["error"], row["status"], row["title"]) == (None, 200, "Your account")
    assert service.account_views == ["token accepted"]
    assert document["run"]["config"]["auth"]["password_env"] == "BINS_PASSWORD"  # the name, never the value

    output = capsys.readouterr()
    basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode())
    kept = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "signed-in.toml"]
    assert any(p.name.startswith("runs.sqlite3") for p in kept) and any(p.name == "report.html" for p in kept)
    for secret in (PASSWORD.encode(), COOKIE.encode(), TOKEN.encode(), basic):
        assert secret not in (output.out + output.err).encode()
        for path in kept:  # reports, the store and its write-ahead log
            assert secret not in path.read_bytes(), f"{secret!r} found in {path.name}"


def test_saved_storage_state_and_headers_for_every_origin(tmp_path, service, secrets):
    """The other way to sign in: a storage state file (Playwright's format)
    for the cookie, and, with no origin, the header sent with every request."""
    service.account_views.clear()
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [{"name": "session", "value": COOKIE, "domain": "127.0.0.1", "path": "/", "expires": -1,
                                              "httpOnly": True, "secure": False, "sameSite": "Lax"}], "origins": []}), encoding="utf-8")
    config = tmp_path / "state.toml"
    config.write_text(f"""[auth]
username = "{USERNAME}"
password_env = "BINS_PASSWORD"
storage_state = "{state}"
headers = {{ "X-Service-Token" = {{ env = "BINS_TOKEN" }} }}
""", encoding="utf-8")
    code, document = run_cli(tmp_path, [service.url("/account/"), "--config", str(config), "--fail-on", "none"])
    row = document["pages"][0]
    assert code == 0 and (row["status"], row["title"]) == (200, "Your account")
    assert service.account_views == ["token accepted"]
    assert document["run"]["config"]["auth"]["storage_state"] == str(state)  # the path, not what it holds
    for path in (p for p in tmp_path.rglob("*") if p.is_file() and p != state):
        assert COOKIE.encode() not in path.read_bytes() and TOKEN.encode() not in path.read_bytes(), path.name


def test_without_the_secrets_the_page_is_refused(tmp_path, service, secrets, monkeypatch, capsys):
    monkeypatch.delenv("BINS_TOKEN")
    code, document = run_cli(tmp_path, [service.url("/account/"), "--config", auth_config(tmp_path, service.base)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and document is None
    assert err == "inclusion-audit: error: [auth]: header 'X-Service-Token' is read from the environment variable BINS_TOKEN, which is not set"
