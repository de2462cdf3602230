"""The set-up form's settings, as plain data: no Qt here.

A project file is an ordinary config file (TOML, settings under ``[audit]``),
so ``inclusion-audit run --config project.toml`` runs the same audit as the
window. Settings the form has no control for (timeouts, family tables) are
kept as they were read and written back unchanged.

Settings are handed to :class:`AuditConfig` only when this build has them:
the form also offers sitemaps, crawling, journeys and remote engines, and a
build without one of those says so in one line instead of ignoring it.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from auditor import AuditConfig, ConfigError, RunSettings, check_url, default_concurrency, load_config_file, run_settings

FORM_DEFAULTS: Mapping[str, Any] = {
    "urls": [],
    "sitemap": [],
    "crawl": [],
    "max_pages": 50,
    "max_depth": 3,
    "include": [],
    "exclude": [],
    "journeys": [],
    "profile": "default",
    "checks": [],
    "throttle": "simulated",
    "throttle_profile": "3G",
    "engine": "playwright",
    "webdriver_url": "",
    "browser_ws": [],
    "concurrency": 0,  # 0: the core's default, one page per CPU core
}
"""Every setting the form shows, with the value that means "not set"."""

PLAIN_NAMES: Mapping[str, str] = {
    "sitemap": "reading a sitemap",
    "crawl": "crawling from a start page",
    "max_pages": "a page limit for crawling",
    "max_depth": "a depth limit for crawling",
    "include": "include patterns",
    "exclude": "exclude patterns",
    "journeys": "journey files",
    "webdriver_url": "a remote WebDriver (Selenium Grid)",
    "browser_ws": "a remote browser (Playwright connect)",
}


def supported_settings() -> frozenset[str]:
    """The settings this build's :class:`AuditConfig` has, read at run time."""
    return frozenset(f.name for f in dataclasses.fields(AuditConfig))


def core_default(name: str) -> Any:
    """The core's default for a setting, or the form's when the core has none."""
    for f in dataclasses.fields(AuditConfig):
        if f.name == name:
            if f.default is not dataclasses.MISSING:
                value = f.default
            elif f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
            else:
                break
            return list(value) if isinstance(value, tuple) else value
    return default_concurrency() if name == "concurrency" else FORM_DEFAULTS[name]


def initial_state() -> dict[str, Any]:
    """The form's settings before anyone has touched it."""
    return {name: core_default(name) for name in FORM_DEFAULTS}


def as_list(value: Any) -> list[str]:
    """A setting that may be one string or several as a list."""
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value or ()]


def split_lines(text: str) -> list[str]:
    """Pasted text to a list: one item per line, blanks and ``#`` comments dropped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def unsupported_in_use(state: Mapping[str, Any], supported: frozenset[str]) -> list[str]:
    """Settings given a value in the form that this build cannot use."""
    return [name for name in FORM_DEFAULTS if name not in supported and state.get(name, FORM_DEFAULTS[name]) != FORM_DEFAULTS[name]]


def build_settings(state: Mapping[str, Any], extra: Mapping[str, Any] | None = None, supported: frozenset[str] | None = None) -> RunSettings:
    """The form's settings checked for a run (:func:`auditor.run_settings`);
    :class:`ConfigError` with a plain sentence when something is wrong or not
    supported here."""
    supported = supported_settings() if supported is None else supported
    missing = unsupported_in_use(state, supported)
    if missing:
        names = ", ".join(PLAIN_NAMES.get(n, n) for n in missing)
        raise ConfigError(f"This version of the auditor cannot use {names}. Clear {'that setting' if len(missing) == 1 else 'those settings'} to run the audit.")
    values: dict[str, Any] = {k: v for k, v in (extra or {}).items() if k != "urls"}
    values.update({name: value for name, value in state.items() if name in supported and name in FORM_DEFAULTS})
    allow_file = bool(values.get("allow_file_urls", False))
    values["urls"] = list(dict.fromkeys(check_url(u, allow_file) for u in state.get("urls", ())))
    for name in ("sitemap", "crawl"):
        if name in values:
            values[name] = [check_url(u, allow_file) for u in as_list(values[name])]
    if not values["urls"] and not any(state.get(n) for n in ("sitemap", "crawl", "journeys")):
        raise ConfigError("There are no pages to audit: paste at least one web address, or give a sitemap, a start page to crawl or a journey file.")
    if not values.get("checks"):
        raise ConfigError("Choose at least one kind of check.")
    if not values.get("concurrency"):
        values.pop("concurrency", None)
    return run_settings(AuditConfig.from_mapping(values, source="settings"))


# Project files


def load_project(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """A project (config) file as (form settings, other settings kept as they
    are); a :class:`ConfigError` if the core would not accept it."""
    flat = load_config_file(path)
    unknown = [k for k in flat if k.replace("-", "_") not in supported_settings() | set(FORM_DEFAULTS)]
    if unknown:
        raise ConfigError(f"{Path(path).name}: unknown setting {unknown[0]!r}")
    supported = supported_settings()
    run_settings(AuditConfig.from_mapping({k: v for k, v in flat.items() if k.replace("-", "_") in supported}, source=Path(path).name))
    state = initial_state()
    extra: dict[str, Any] = {}
    for key, value in flat.items():
        name = key.replace("-", "_")
        if name in FORM_DEFAULTS:
            state[name] = list(value) if isinstance(value, (list, tuple)) else value
        else:
            extra[name] = value
    return state, extra


def save_project(path: str | Path, state: Mapping[str, Any], extra: Mapping[str, Any]) -> None:
    """Write the settings as a config file the command line reads too."""
    audit = {k: v for k, v in {**extra, **state}.items() if k not in ("check_options", "profiles") and v not in ("", [], None)}
    document: dict[str, Any] = {"audit": audit}
    if extra.get("profiles"):
        document["profiles"] = extra["profiles"]
    document.update(extra.get("check_options") or {})
    Path(path).write_text(dump_toml(document), encoding="utf-8")


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE_KEY.match(name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    """A TOML value. JSON's string escapes are all valid in TOML basic strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise ConfigError(f"cannot write {type(value).__name__} to a project file")


def dump_toml(table: Mapping[str, Any], path: tuple[str, ...] = ()) -> str:
    """Tables of scalars and lists as TOML (only what config files hold)."""
    lines = [f"[{'.'.join(_key(p) for p in path)}]"] if path else []
    lines += [f"{_key(k)} = {_value(v)}" for k, v in table.items() if not isinstance(v, Mapping)]
    out = "\n".join(lines) + ("\n" if lines else "")
    for k, v in table.items():
        if isinstance(v, Mapping):
            out += ("\n" if out else "") + dump_toml(v, (*path, k))
    return out
