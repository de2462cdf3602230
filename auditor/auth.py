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
import json
import os
import re
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

from .errors import ConfigError
from .engines.base import SessionOptions

AUTH_KEYS = ("origin", "username", "password_env", "storage_state", "headers", "cookies")
COOKIE_KEYS = ("name", "value", "url", "domain", "path", "secure", "http_only", "same_site")
SAME_SITE = ("Strict", "Lax", "None")

# What the browser refuses, checked before any page opens: a value it would
# refuse fails every page of the run instead ("Protocol error", "Invalid
# header name"), and a domain written as an address is never sent at all.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 9110 section 5.6.2: a header name is a token; so is a cookie name (RFC 6265 section 4.1.1)."""
_HEADER_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""RFC 9110 section 5.5: a field value holds no control character but a tab (no CR, LF or NUL)."""
_COOKIE_REFUSED = re.compile(r"[\x00-\x1f\x7f;]")
"""RFC 6265 section 4.1.1: no control character or ';' in a cookie value (Chromium refuses both)."""
_HOST_NAME = re.compile(r"\.?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?")
TOKEN_CHARS = "letters, digits and !#$%&'*+-.^_`|~ only"


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
    if auth.get("origin") and not _is_origin(auth["origin"]):
        raise ConfigError(f"[auth]: origin must be an http(s) origin like https://service.example, not {auth['origin']!r}")
    if "password" in auth:
        raise ConfigError("[auth]: give password_env, the name of an environment variable holding the password")
    if bool(auth.get("username")) != bool(auth.get("password_env")):
        raise ConfigError("[auth]: HTTP basic auth needs both username and password_env")
    headers = auth.get("headers", {})
    if not isinstance(headers, Mapping):
        raise ConfigError("[auth]: headers must be a table of header names")
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name):
            raise ConfigError(f"[auth]: header name {name!r} is not an HTTP header name ({TOKEN_CHARS})")
        _check_value(value, f"header {name!r}")
        if isinstance(value, str):
            _check_header_value(value, name)
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
        _check_cookie(cookie)
        _check_value(cookie["value"], f"cookie {cookie['name']!r}")
        if isinstance(cookie["value"], str):
            _check_cookie_value(cookie["value"], cookie["name"])


def _is_origin(text: str) -> bool:
    """``scheme://host[:port]``, with nothing after the host but a slash."""
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.path in ("", "/") and not (parts.query or parts.fragment or "@" in parts.netloc)


def _check_cookie(cookie: Mapping[str, Any]) -> None:
    """A cookie's fields, as the browser will take them (Playwright's own
    rules: a url, or a domain with an optional path)."""
    name = cookie["name"]
    if not _TOKEN.fullmatch(name):
        raise ConfigError(f"[auth]: cookie name {name!r} is not a cookie name ({TOKEN_CHARS})")
    where = f"[auth]: cookie {name!r}:"
    if "url" in cookie and "domain" in cookie:
        raise ConfigError(f"{where} give a url or a domain, not both")
    if "url" in cookie:
        parts = urlsplit(cookie["url"])
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in cookie["url"]:
            raise ConfigError(f"{where} url must be an http(s) address like https://service.example/, not {cookie['url']!r}")
        if "path" in cookie:
            raise ConfigError(f"{where} path goes with a domain (a url holds its own path)")
    if "domain" in cookie and not (isinstance(cookie["domain"], str) and _HOST_NAME.fullmatch(cookie["domain"])):
        raise ConfigError(f"{where} domain must be a host name like service.example, not {cookie['domain']!r}")
    if "path" in cookie and not (isinstance(cookie["path"], str) and cookie["path"].startswith("/")):
        raise ConfigError(f"{where} path must start with /")
    for key in ("secure", "http_only"):
        if key in cookie and not isinstance(cookie[key], bool):
            raise ConfigError(f"{where} {key} must be true or false")
    if "same_site" in cookie and cookie["same_site"] not in SAME_SITE:
        raise ConfigError(f"{where} same_site must be Strict, Lax or None")


def _check_header_value(value: str, name: str, variable: str = "") -> None:
    if _HEADER_CONTROL.search(value):
        source = f" (from the environment variable {variable})" if variable else ""
        raise ConfigError(f"[auth]: header {name!r}{source} holds a line break or another control character, which no HTTP header can carry")


def _check_cookie_value(value: str, name: str, variable: str = "") -> None:
    if _COOKIE_REFUSED.search(value):
        source = f" (from the environment variable {variable})" if variable else ""
        raise ConfigError(f"[auth]: cookie {name!r}{source} holds a ; or a control character, which no cookie can carry")


def check_storage_state(path: str) -> None:
    """A storage state file in Playwright's format (``{"cookies": [...],
    "origins": [...]}``, as ``context.storage_state()`` writes it);
    ConfigError (one line) otherwise, before any page opens."""
    where = f"[auth]: storage_state {path!r}"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(f"{where} is not a readable file") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(f"{where} is not JSON (a storage state saved by Playwright)") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a JSON object with cookies and origins (a storage state saved by Playwright)")
    cookies, origins = data.get("cookies", []), data.get("origins", [])
    if not isinstance(cookies, list):
        raise ConfigError(f"{where}: cookies must be a list")
    if not isinstance(origins, list):
        raise ConfigError(f"{where}: origins must be a list")
    for n, cookie in enumerate(cookies, 1):
        if not (isinstance(cookie, dict) and isinstance(cookie.get("name"), str) and isinstance(cookie.get("value"), str)):
            raise ConfigError(f"{where}: cookie {n} needs a name and a value (text)")
        if not (isinstance(cookie.get("url"), str) or (isinstance(cookie.get("domain"), str) and isinstance(cookie.get("path"), str))):
            raise ConfigError(f"{where}: cookie {n} needs a url, or a domain and a path")
        if "sameSite" in cookie and cookie["sameSite"] not in SAME_SITE:
            raise ConfigError(f"{where}: cookie {n}: sameSite must be Strict, Lax or None")
        if any(k in cookie and not isinstance(cookie[k], bool) for k in ("httpOnly", "secure")):
            raise ConfigError(f"{where}: cookie {n}: httpOnly and secure must be true or false")
        if "expires" in cookie and (isinstance(cookie["expires"], bool) or not isinstance(cookie["expires"], (int, float))):
            raise ConfigError(f"{where}: cookie {n}: expires must be a number")
    for n, entry in enumerate(origins, 1):
        storage = entry.get("localStorage") if isinstance(entry, dict) else None
        if not (isinstance(entry, dict) and isinstance(entry.get("origin"), str) and isinstance(storage, list)
                and all(isinstance(i, dict) and isinstance(i.get("name"), str) and isinstance(i.get("value"), str) for i in storage)):
            raise ConfigError(f"{where}: origin {n} needs an origin (text) and a localStorage list of name and value pairs")


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
    if state:
        check_storage_state(state)
    password = _secret({"env": auth["password_env"]}, "password", env) if auth.get("password_env") else ""
    cookies = []
    for cookie in auth.get("cookies", []):
        resolved = {k: v for k, v in cookie.items() if k != "value"}
        resolved["value"] = _secret(cookie["value"], f"cookie {cookie['name']!r}", env)
        if isinstance(cookie["value"], Mapping):
            _check_cookie_value(resolved["value"], cookie["name"], cookie["value"]["env"])
        if "domain" in resolved and "path" not in resolved:
            resolved["path"] = "/"
        cookies.append(resolved)
    headers = {}
    for name, value in auth.get("headers", {}).items():
        headers[name] = _secret(value, f"header {name!r}", env)
        if isinstance(value, Mapping):
            _check_header_value(headers[name], name, value["env"])
    return SessionOptions(
        contact=contact,
        origin=auth.get("origin", "").rstrip("/"),
        headers=headers,
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
