"""Audit settings: defaults, a TOML config file, then command-line options.

Every setting has one name, used alike in the config file, on the command line
(with dashes) and in the ``run.config`` block of ``report.json``.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .errors import ConfigError
from .model import IMPACTS
from .netprofiles import PROFILES as NETWORK_PROFILES

FAIL_ON_CHOICES = (*IMPACTS, "none")
THROTTLE_MODES = ("simulated", "applied")
ENGINES = ("playwright", "selenium")

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


# Bounds that catch a typo or a hostile config before any page opens: NaN,
# infinity or 1e308 as a deadline, a viewport no screen has, a browser asked
# for thousands of pages at once.
MAX_SECONDS = 3600
MAX_CONCURRENCY = 64
MAX_RETRIES = 10
MIN_VIEWPORT, MAX_VIEWPORT = 200, 10_000
MAX_THRESHOLD = 10_000_000


def default_concurrency() -> int:
    """axe-core is CPU-bound in the page's renderer: about one page in
    analysis per core keeps every core busy without making pages queue on the
    CPU (which only stretches each page toward its deadline)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8))


@dataclass(frozen=True)
class AuditConfig:
    """What to audit and how. Frozen: a run's settings never change under it.

    Each setting is checked here on its own (types, bounds, choices the
    settings themselves define). What needs more than the settings (the
    registered families, profiles and formats, each family's options,
    journeys, sign-in, patterns) is checked once by
    :func:`auditor.registry.run_settings`, which also fills in ``checks``
    from the profile."""

    urls: tuple[str, ...] = ()
    sitemap: tuple[str, ...] = ()
    """Sitemaps or sitemap indexes (http(s), gzip too) whose pages are audited."""
    crawl: tuple[str, ...] = ()
    """Start pages of a crawl: links found in each rendered page are followed."""
    journeys: tuple[str, ...] = ()
    """Journey files (TOML): steps through a service, audited at each checkpoint."""
    max_pages: int = 100
    """At most this many pages from sitemaps, and as many again from crawling."""
    max_depth: int = 3
    """A crawl follows links at most this many clicks from a start page."""
    include: tuple[str, ...] = ()
    """Regular expressions: a sitemap or crawled page is audited only if one matches."""
    exclude: tuple[str, ...] = ()
    """Regular expressions: a sitemap or crawled page matching one is skipped."""
    obey_robots: bool = True
    """Skip sitemap and crawled pages that robots.txt disallows to ``inclusion-auditor``."""
    contact: str = ""
    """A URL or e-mail address added to the User-Agent, so site owners can reach you."""
    per_host: int = 2
    """At most this many pages load at once from one host."""
    min_delay: float = 0.0
    """At least this many seconds between the starts of two page loads on one host."""
    auth: Mapping[str, Any] = field(default_factory=dict)
    """Signing in: extra headers, cookies, HTTP basic auth, a storage state file.
    Secrets are named by environment variable (``password_env``), never held here."""
    concurrency: int = field(default_factory=default_concurrency)
    timeout: float = 30.0
    """Hard limit in seconds on one visit to one page: loading, collecting and checking."""
    retries: int = 1
    """Further attempts after a transient failure (timeout, dropped connection, crash)."""
    fail_on: str = "serious"
    threshold: int = 0
    """How many barriers at or above ``fail_on`` a run may have and still
    pass (pa11y-ci's ``threshold``): a budget to bring down over time."""
    fail_on_new: bool = False
    """Judge ``fail_on`` on findings that are new against ``baseline`` only."""
    baseline: str = ""
    """An earlier ``report.json`` or run id to compare with."""
    ignore_file: str = ""
    """A TOML file of accepted findings (rule, URL pattern, selector, reason, expiry)."""
    allow_unreachable: bool = False
    allow_file_urls: bool = False
    formats: tuple[str, ...] = ("json", "html")
    out: str = "inclusion-report"
    profile: str = "default"
    """A named set of check families: quick, default, low-bandwidth, or one of ``profiles``."""
    checks: tuple[str, ...] = ()
    """Check families to run; empty means those of ``profile``."""
    profiles: Mapping[str, Any] = field(default_factory=dict)
    """Profiles defined in the config file: name -> {"checks": [...]}."""
    check_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Settings of each check family, from the config file's ``[family]`` tables."""
    throttle: str = "simulated"
    """``simulated``: load times estimated from the recorded requests (no waiting);
    ``applied``: the page is really loaded under ``throttle_profile``."""
    throttle_profile: str = "3G"
    best_practice: bool = False
    """Also run axe-core's best-practice rules (not WCAG requirements)."""
    axe_script: str = ""
    """Path to an axe.min.js to use instead of the bundled one."""
    engine: str = "playwright"
    browser: str = ""
    """Browser executable; empty means find one (``$AUDITOR_BROWSER`` first)."""
    browser_args: tuple[str, ...] = ()
    """Extra command-line switches for the browser (a proxy, host-resolver rules)."""
    webdriver_url: str = ""
    """selenium engine: a remote WebDriver endpoint (Selenium Grid hub or standalone,
    a chromedriver server); empty starts a local chromedriver."""
    browser_ws: tuple[str, ...] = ()
    """playwright engine: the ws:// addresses of browser servers (``playwright
    run-server``); with several, the run's pages are shared out among them."""
    reuse_sessions: bool = False
    """selenium engine: keep one session per worker, cleared between pages,
    instead of a new session per page."""
    viewport_width: int = 1280
    viewport_height: int = 800
    settle_ms: int = 1000
    """After the load event, wait at most this long for the page to stop changing."""
    relaunch_every: int = 250
    """Start a fresh browser after this many pages, to bound its memory."""
    screenshots: bool = True
    """Keep a small cropped image of each finding's element (at most
    ``auditor.collectors.shots.PER_PAGE`` a page) for ``report.html``;
    taken only when the html format is chosen."""
    report_pages_inline: int = 200
    """A run of more audited pages than this gets a summary report.html and
    its pages' details in files beside it (``auditor.reports.html.PAGES_INLINE``
    says why 200); 0 always splits."""

    def __post_init__(self) -> None:
        problems = []
        if self.concurrency < 1:
            problems.append("concurrency must be at least 1")
        elif self.concurrency > MAX_CONCURRENCY:
            problems.append(f"concurrency must be from 1 to {MAX_CONCURRENCY} (pages in flight at once)")
        if not (math.isfinite(self.timeout) and self.timeout > 0):  # nan and inf are never a deadline
            problems.append("timeout must be a positive number of seconds")
        elif self.timeout > MAX_SECONDS:
            problems.append(f"timeout must be at most {MAX_SECONDS} seconds")
        if self.retries < 0:
            problems.append("retries cannot be negative")
        elif self.retries > MAX_RETRIES:
            problems.append(f"retries must be from 0 to {MAX_RETRIES}")
        for name in ("viewport_width", "viewport_height"):
            if not MIN_VIEWPORT <= getattr(self, name) <= MAX_VIEWPORT:
                problems.append(f"{name} must be from {MIN_VIEWPORT} to {MAX_VIEWPORT} pixels, not {getattr(self, name)!r}")
        if not 0 <= self.threshold <= MAX_THRESHOLD:
            problems.append(f"threshold must be a number of barriers from 0 to {MAX_THRESHOLD:,}")
        if self.fail_on not in FAIL_ON_CHOICES:
            problems.append(f"fail_on must be one of {', '.join(FAIL_ON_CHOICES)}, not {self.fail_on!r}")
        if self.engine not in ENGINES:
            problems.append(f"unknown engine {self.engine!r} (choose from {', '.join(ENGINES)})")
        if self.throttle not in THROTTLE_MODES:
            problems.append(f"throttle must be one of {', '.join(THROTTLE_MODES)}, not {self.throttle!r}")
        if self.throttle_profile not in NETWORK_PROFILES:
            problems.append(f"unknown network profile {self.throttle_profile!r} (choose from {', '.join(NETWORK_PROFILES)})")
        if self.axe_script and not Path(self.axe_script).is_file():
            problems.append(f"axe_script {self.axe_script!r} is not a readable file")
        if self.fail_on_new and not self.baseline:
            problems.append("fail_on_new needs a baseline to compare with (--baseline)")
        if self.relaunch_every < 1:
            problems.append("relaunch_every must be at least 1")
        if self.report_pages_inline < 0:
            problems.append("report_pages_inline must be a number of pages, 0 or more")
        problems.extend(self._service_problems())
        if problems:
            raise ConfigError(problems[0])

    def _service_problems(self) -> list[str]:
        """Whole-service settings: crawl limits and politeness."""
        problems = []
        if self.max_pages < 1 or self.max_depth < 0:
            problems.append("max_pages must be at least 1 and max_depth at least 0")
        if not 1 <= self.per_host <= MAX_CONCURRENCY:
            problems.append(f"per_host must be from 1 to {MAX_CONCURRENCY}")
        if not (math.isfinite(self.min_delay) and 0 <= self.min_delay <= MAX_SECONDS):
            problems.append(f"min_delay must be a number of seconds from 0 to {MAX_SECONDS}")
        return problems

    @property
    def axe_tags(self) -> tuple[str, ...]:
        return WCAG_AA_TAGS + (("best-practice",) if self.best_practice else ())

    def replace(self, **changes: Any) -> "AuditConfig":
        return dataclasses.replace(self, **changes)

    def options(self, family: str) -> Mapping[str, Any]:
        """The config file's settings for one check family (may be empty)."""
        return self.check_options.get(family, {})

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, tuple):
                return list(value)
            if isinstance(value, Mapping):
                return {k: plain(v) for k, v in value.items()}
            return value

        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "config") -> "AuditConfig":
        """Build from a mapping such as a parsed config file, checking names and types."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"{source}: unknown setting {key!r}")
            default = cls.__dataclass_fields__[name].default
            values[name] = _coerce(name, value, default, source)
        try:
            return cls(**values)
        except TypeError as exc:  # pragma: no cover - guarded by _coerce
            raise ConfigError(f"{source}: {exc}") from None


def _coerce(name: str, value: Any, default: Any, source: str) -> Any:
    """Check a config-file value against the type of the setting's default."""
    if name == "auth":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{source}: auth must be a table ([auth])")
        return dict(value)
    if name in {"profiles", "check_options"}:
        if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
            raise ConfigError(f"{source}: {name} must be a table of tables")
        return {k: dict(v) for k, v in value.items()}
    if name in {"urls", "formats", "checks", "browser_args", "sitemap", "crawl", "journeys", "include", "exclude", "browser_ws"}:
        if isinstance(value, str) and name == "browser_ws":
            value = [value] if value.strip() else []  # one server (a stored run, the GUI's field); "" for none
        if isinstance(value, str) and name in {"sitemap", "crawl", "journeys", "include", "exclude"}:
            value = [value]  # one address, path or pattern (which may hold a comma)
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: {name} must be a list of strings")
        return tuple(value)
    expected: type
    if name == "concurrency":
        expected = int
    elif isinstance(default, bool):
        expected = bool
    elif isinstance(default, float):
        expected = float
    elif isinstance(default, int):
        expected = int
    else:
        expected = str
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigError(f"{source}: {name} must be {expected.__name__}, not {type(value).__name__}")
    return value


MAX_TOML_DEPTH = 16
"""Tables and arrays nested deeper than this are refused. The deepest any
file of the tool needs is four (``[profiles.name]`` with a list of checks,
``jargon_extra`` as a list of pairs); a hostile file nests hundreds of levels
to make the parser, or what reads its result, recurse past Python's limit."""


def read_toml(path: str | os.PathLike[str], what: str) -> dict[str, Any]:
    """The parsed TOML file ``path`` (a ``what``: "config file", "journey
    file", "ignore file"): every file the tool reads goes through here, so
    each mistake in any of them is one :class:`ConfigError` line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {str(p)!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {str(p)!r} is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{what} {str(p)!r} is not valid TOML: {exc}") from None
    except RecursionError:  # the parser is recursive: arrays and inline tables hundreds deep
        data = None
    if data is None or _too_deep(data, MAX_TOML_DEPTH):
        raise ConfigError(f"{what} {str(p)!r} has tables or arrays nested more than {MAX_TOML_DEPTH} levels deep")
    return data


def _too_deep(value: Any, levels: int) -> bool:
    """Whether ``value`` nests more than ``levels`` tables or arrays deep
    (stops looking at that depth, so it never recurses far itself)."""
    if not isinstance(value, (dict, list)):
        return False
    if levels == 0:
        return True
    children = value.values() if isinstance(value, dict) else value
    return any(_too_deep(child, levels - 1) for child in children)


CONFIG_FILE = "inclusion-audit.toml"
PYPROJECT_TABLE = "inclusion-audit"
"""Settings in a project's ``pyproject.toml`` live under ``[tool.inclusion-audit]``."""


def find_config_file(folder: str | os.PathLike[str] = ".") -> Path | None:
    """The config file a run in ``folder`` reads when given no ``--config``:
    ``inclusion-audit.toml`` there, else its ``pyproject.toml`` when that has
    a ``[tool.inclusion-audit]`` table, else none (as pytest and ruff find
    theirs, but in that one folder only, so what a run reads is plain)."""
    here = Path(folder)
    if (here / CONFIG_FILE).is_file():
        return here / CONFIG_FILE
    pyproject = here / "pyproject.toml"
    if pyproject.is_file():
        tool = read_toml(pyproject, "project file").get("tool")
        if isinstance(tool, dict) and PYPROJECT_TABLE in tool:
            return pyproject
    return None


def load_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML config file into a flat mapping of settings.

    The file may hold settings at the top level or under an ``[audit]``
    table; a ``pyproject.toml`` holds them under ``[tool.inclusion-audit]``.
    """
    p = Path(path)
    data = read_toml(p, "config file")
    if p.name == "pyproject.toml":
        table = data.get("tool", {}).get(PYPROJECT_TABLE) if isinstance(data.get("tool"), dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{p.name} has no [tool.{PYPROJECT_TABLE}] table of settings")
        data, where = dict(table), f"[tool.{PYPROJECT_TABLE}.audit]"
    else:
        where = "[audit]"
    audit = data.pop("audit", {})
    if not isinstance(audit, dict):
        raise ConfigError(f"{p.name}: 'audit' must be a table ({where})")
    flat = dict(audit)
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("profiles", "auth"):
            flat[key] = value
        elif isinstance(value, dict):  # a family's table: the registry knows the families
            options[key] = value
        else:
            flat[key] = value
    if options:
        flat["check_options"] = options
    return flat


def check_url(url: str, allow_file: bool) -> str:
    """A page address fit to audit, stripped; a :class:`ConfigError` saying
    what is wrong otherwise. Shared by the command line and the desktop app."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https"):
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            raise ConfigError(f"not a valid URL: {url!r} (bad port)") from None
        if not parts.hostname:
            raise ConfigError(f"not a valid URL: {url!r} (no host)")
        return url.strip()
    if parts.scheme == "file":
        if not allow_file:
            raise ConfigError(f"file:// URLs are only audited with --allow-file-urls: {url!r}")
        return url.strip()
    if not parts.scheme and "." in url:
        raise ConfigError(f"not a URL: {url!r} (did you mean https://{url.strip()}?)")
    raise ConfigError(f"not an http(s) URL: {url!r}")
