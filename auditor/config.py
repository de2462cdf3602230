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

from .model import IMPACTS


class ConfigError(ValueError):
    """Bad settings or bad input; the CLI prints it as one line and exits 1."""


FAIL_ON_CHOICES = (*IMPACTS, "none")
FAMILIES = ("axe", "bandwidth", "nojs", "reflow", "keyboard", "reading", "documents")
PROFILES: Mapping[str, tuple[str, ...]] = {
    "quick": ("axe",),
    "default": FAMILIES,
    "low-bandwidth": ("bandwidth", "nojs", "documents"),
}
THROTTLE_MODES = ("simulated", "applied")
FORMATS = ("json", "html", "junit", "sarif", "csv")
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


def default_concurrency() -> int:
    """axe-core is CPU-bound in the page's renderer: about one page in
    analysis per core keeps every core busy without making pages queue on the
    CPU (which only stretches each page toward its deadline)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8))


@dataclass(frozen=True)
class AuditConfig:
    """What to audit and how. Frozen: a run's settings never change under it."""

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
    browser_ws: str = ""
    """playwright engine: a browser server's ws:// address (``playwright run-server``)."""
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
        if self.fail_on not in FAIL_ON_CHOICES:
            problems.append(f"fail_on must be one of {', '.join(FAIL_ON_CHOICES)}, not {self.fail_on!r}")
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown:
            problems.append(f"unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)})")
        elif not self.formats:  # a run that writes no report is a mistake, not a wish
            problems.append(f"formats must name at least one format (choose from {', '.join(FORMATS)})")
        if self.engine not in ENGINES:
            problems.append(f"unknown engine {self.engine!r} (choose from {', '.join(ENGINES)})")
        from .checks import CHECKS  # late: checks import the model, not config
        from .netprofiles import PROFILES as NETWORK_PROFILES

        all_profiles = dict(PROFILES)
        for name, table in self.profiles.items():
            try:
                all_profiles[name] = profile_checks(name, table, CHECKS)
            except ValueError as exc:
                problems.append(str(exc))
        if self.profile not in all_profiles:
            problems.append(f"unknown profile {self.profile!r} (choose from {', '.join(all_profiles)})")
        elif not self.checks:
            object.__setattr__(self, "checks", tuple(all_profiles[self.profile]))
        unknown = [c for c in self.checks if c not in CHECKS]
        if unknown:
            problems.append(f"unknown check {unknown[0]!r} (choose from {', '.join(CHECKS)})")
        unknown = [f for f in self.check_options if f not in FAMILIES]
        if unknown:
            problems.append(f"unknown section [{unknown[0]}] (check families: {', '.join(FAMILIES)})")
        for family, options in self.check_options.items():
            check = CHECKS.get(family)
            if check is not None and check.parse_options is not None:
                try:
                    check.parse_options(options)
                except ValueError as exc:
                    problems.append(str(exc))
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
        problems.extend(self._engine_problems())
        problems.extend(self._service_problems())
        if problems:
            raise ConfigError(problems[0])

    def _service_problems(self) -> list[str]:
        """Whole-service settings: crawl limits, patterns, journeys, sign-in."""
        problems = []
        if self.max_pages < 1 or self.max_depth < 0:
            problems.append("max_pages must be at least 1 and max_depth at least 0")
        if not 1 <= self.per_host <= MAX_CONCURRENCY:
            problems.append(f"per_host must be from 1 to {MAX_CONCURRENCY}")
        if not (math.isfinite(self.min_delay) and 0 <= self.min_delay <= MAX_SECONDS):
            problems.append(f"min_delay must be a number of seconds from 0 to {MAX_SECONDS}")
        from .auth import parse_auth  # late: auth imports this module
        from .journeys import load_journey
        from .targets import compile_patterns

        try:
            compile_patterns((*self.include, *self.exclude))
            parse_auth(self.auth)
            for path in self.journeys:
                load_journey(path)
        except ConfigError as exc:
            problems.append(str(exc))
        return problems

    def _engine_problems(self) -> list[str]:
        """Remote browsers: an address of the right kind, for the engine that uses it."""
        from .engines.remote import endpoint_problem  # late: engines are loaded on demand

        problems = []
        if self.webdriver_url:
            if self.engine != "selenium":
                problems.append("webdriver_url needs the selenium engine (--engine selenium)")
            problems.append(endpoint_problem(self.webdriver_url, ("http", "https"), "webdriver_url"))
        if self.browser_ws:
            if self.engine != "playwright":
                problems.append("browser_ws is for the playwright engine (the selenium engine takes webdriver_url)")
            problems.append(endpoint_problem(self.browser_ws, ("ws", "wss"), "browser_ws"))
        return [p for p in problems if p]

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


def profile_checks(name: str, table: Any, known: Mapping[str, Any]) -> tuple[str, ...]:
    """The check families of the profile ``[profiles.name]``; ValueError (one
    line) when the table is not ``checks = [family, ...]``. Its ``checks`` is
    read as the top-level ``checks`` setting is: a list, or text separated by
    commas (``checks = "axe"`` is the axe family, not the letters a, x, e)."""
    where = f"[profiles.{name}]"
    if not isinstance(table, Mapping):
        raise ValueError(f"{where} must be a table with a list of checks")
    extra = [k for k in table if k != "checks"]
    if extra:
        raise ValueError(f"{where} has no setting {extra[0]!r} (a profile has checks)")
    if "checks" not in table:
        raise ValueError(f"{where} needs checks, a list of check families")
    value = table["checks"]
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} checks must be a list of check families ({', '.join(known)})")
    if not value:
        raise ValueError(f"{where} checks must name at least one check family ({', '.join(known)})")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValueError(f"{where} unknown check {unknown[0]!r} (choose from {', '.join(known)})")
    return tuple(value)


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
    if name in {"urls", "formats", "checks", "browser_args", "sitemap", "crawl", "journeys", "include", "exclude"}:
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


def load_config_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML config file into a flat mapping of settings.

    The file may hold settings at the top level or under an ``[audit]`` table.
    """
    p = Path(path)
    data = read_toml(p, "config file")
    audit = data.pop("audit", {})
    if not isinstance(audit, dict):
        raise ConfigError(f"{p.name}: 'audit' must be a table ([audit])")
    flat = dict(audit)
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("profiles", "auth"):
            flat[key] = value
        elif isinstance(value, dict):
            if key not in FAMILIES:
                raise ConfigError(f"{p.name}: unknown section [{key}] (check families: {', '.join(FAMILIES)})")
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
