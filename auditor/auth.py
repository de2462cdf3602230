"""Signed-in pages: the ``[auth]`` table of the config file.

```toml
[auth]
origin = "https://service.example"        # send headers and credentials only here
username = "inspector"                    # HTTP basic auth
password_env = "SITE_PASSWORD"            # the password is read from this variable
storage_state = "signed-in.json"          # a Playwright storage state file
headers = { "X-Api-Key" = { env = "API_KEY" }, "Accept-Language" = "en-GB" }
cookies = [{ name = "session", value = { env = "SESSION_COOKIE" }, url = "https://service.example" }]
```

A secret is never written in the config: a value is either plain text (for
what is not secret) or ``{ env = "NAME" }``, read from the environment when
the run starts. The run's settings, as stored and reported, hold only the
names; the values live in memory in :class:`~auditor.engines.base.SessionOptions`.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any, Mapping

from .config import ConfigError
from .engines.base import SessionOptions

AUTH_KEYS = ("origin", "username", "password_env", "storage_state", "headers", "cookies")
COOKIE_KEYS = ("name", "value", "url", "domain", "path", "secure", "http_only", "same_site")


def parse_auth(auth: Mapping[str, Any]) -> None:
    """Check the shape of an ``[auth]`` table; ConfigError (one line) if wrong.

    Whether the named variables are set is checked when the run starts
    (:func:`resolve_session`), so settings can be read and stored anywhere."""
    unknown = [k for k in auth if k not in AUTH_KEYS]
    if unknown:
        raise ConfigError(f"[auth]: unknown setting {unknown[0]!r} (choose from {', '.join(AUTH_KEYS)})")
    for key in ("origin", "username", "password_env", "storage_state"):
        if key in auth and not isinstance(auth[key], str):
            raise ConfigError(f"[auth]: {key} must be a string")
    if "password" in auth:
        raise ConfigError("[auth]: give password_env, the name of an environment variable holding the password")
    if bool(auth.get("username")) != bool(auth.get("password_env")):
        raise ConfigError("[auth]: HTTP basic auth needs both username and password_env")
    headers = auth.get("headers", {})
    if not isinstance(headers, Mapping):
        raise ConfigError("[auth]: headers must be a table of header names")
    for name, value in headers.items():
        _check_value(value, f"header {name!r}")
    cookies = auth.get("cookies", [])
    if not isinstance(cookies, list) or not all(isinstance(c, Mapping) for c in cookies):
        raise ConfigError("[auth]: cookies must be a list of tables")
    for cookie in cookies:
        bad = [k for k in cookie if k not in COOKIE_KEYS]
        if bad:
            raise ConfigError(f"[auth]: cookie setting {bad[0]!r} unknown (choose from {', '.join(COOKIE_KEYS)})")
        if not isinstance(cookie.get("name"), str) or "value" not in cookie:
            raise ConfigError("[auth]: each cookie needs a name and a value")
        if not (isinstance(cookie.get("url"), str) or isinstance(cookie.get("domain"), str)):
            raise ConfigError(f"[auth]: cookie {cookie['name']!r} needs a url or a domain")
        _check_value(cookie["value"], f"cookie {cookie['name']!r}")


def _check_value(value: Any, what: str) -> None:
    if isinstance(value, str):
        return
    if isinstance(value, Mapping) and set(value) == {"env"} and isinstance(value["env"], str) and value["env"]:
        return
    raise ConfigError(f"[auth]: {what} must be text or {{ env = \"VARIABLE\" }}")


def _secret(value: Any, what: str, environ: Mapping[str, str]) -> str:
    if isinstance(value, str):
        return value
    name = value["env"]
    if name not in environ:
        raise ConfigError(f"[auth]: {what} is read from the environment variable {name}, which is not set")
    return environ[name]


def resolve_session(auth: Mapping[str, Any], contact: str = "", environ: Mapping[str, str] | None = None) -> SessionOptions:
    """The session every browser context of the run carries, with secrets read
    from the environment now. ConfigError (one line) when a variable is unset
    or the storage state file cannot be read."""
    env = os.environ if environ is None else environ
    parse_auth(auth)
    state = auth.get("storage_state", "")
    if state and not Path(state).is_file():
        raise ConfigError(f"[auth]: storage_state {state!r} is not a readable file")
    password = _secret({"env": auth["password_env"]}, "password", env) if auth.get("password_env") else ""
    cookies = []
    for cookie in auth.get("cookies", []):
        resolved = {k: v for k, v in cookie.items() if k != "value"}
        resolved["value"] = _secret(cookie["value"], f"cookie {cookie['name']!r}", env)
        if "domain" in resolved and "path" not in resolved:
            resolved["path"] = "/"
        cookies.append(resolved)
    return SessionOptions(
        contact=contact,
        origin=auth.get("origin", "").rstrip("/"),
        headers={name: _secret(value, f"header {name!r}", env) for name, value in auth.get("headers", {}).items()},
        cookies=tuple(cookies),
        http_username=auth.get("username", ""),
        http_password=password,
        storage_state=state,
    )


def env_secrets(auth: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """``(variable, value)`` of every ``[auth]`` value read from the environment
    (plain text values are not secrets), and the basic-auth header value made
    from them, for :class:`~auditor.redact.Redactor`. Unset variables are left
    out: :func:`resolve_session` reports them."""
    env = os.environ if environ is None else environ
    named = [auth["password_env"]] if auth.get("password_env") else []
    named += [v["env"] for v in auth.get("headers", {}).values() if isinstance(v, Mapping)]
    named += [c["value"]["env"] for c in auth.get("cookies", []) if isinstance(c.get("value"), Mapping)]
    found = [(name, env[name]) for name in named if name in env]
    if auth.get("username") and auth.get("password_env") in env:
        basic = base64.b64encode(f"{auth['username']}:{env[auth['password_env']]}".encode()).decode("ascii")
        found.append((auth["password_env"], basic))
    return found
