"""What the tool can do, derived from what is registered, and a run's
settings checked once against it.

A check family is registered by one line in :data:`FAMILY_MODULES`; the
families, the built-in profiles and the report formats are all derived from
what is registered, never kept as lists beside it. :func:`run_settings`
does the validation that needs more than one setting or more than the
settings themselves (families, profiles, each family's options, report
formats, remote browser addresses, include and exclude patterns, sign-in,
journeys), once, and hands on what it parsed, so no later step parses it
again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from .auth import parse_auth
from .checks import axe, bandwidth, documents, forms, hears, keyboard, language, links, motion, nojs, offline, order, presentation, reading, reflow, structure, timing, trust, typography, widgets, zoom
from .checks.axe import axe_rule
from .checks.base import Check, family_options
from .config import AuditConfig, ConfigError
from .model import IMPACTS, impact_rank
from .rule import Rule
from .engines.remote import endpoint_problem
from .journeys import Journey, load_journeys
from .targets import Patterns, compile_patterns

FAMILY_MODULES = (axe, bandwidth, nojs, reflow, zoom, keyboard, reading, documents, timing, widgets, hears, language, typography, motion, forms, links, structure, order, presentation, offline, trust)
"""The check families, in the order they appear in reports: adding a family
is adding its module here."""

CHECKS: Mapping[str, Check] = {module.CHECK.id: module.CHECK for module in FAMILY_MODULES}
FAMILIES: tuple[str, ...] = tuple(CHECKS)

def _built_in_profiles() -> dict[str, tuple[str, ...]]:
    named = dict.fromkeys(p for c in CHECKS.values() for p in c.profiles)
    profiles = {name: tuple(c.id for c in CHECKS.values() if name in c.profiles) for name in named}
    profiles["default"] = FAMILIES
    return dict(sorted(profiles.items(), key=lambda item: len(item[1])))


PROFILES: Mapping[str, tuple[str, ...]] = _built_in_profiles()
"""The built-in profiles, smallest first: ``default`` runs every family; the
others gather the families that name them in :attr:`Check.profiles`
(``quick``: axe-core alone; ``low-bandwidth``: what decides a page on a slow
or costly connection)."""


def formats() -> tuple[str, ...]:
    """The report formats, as the reporters register them (imported on first
    use, so that reading the settings does not load the HTML templates)."""
    from .reports import RENDERERS

    return tuple(RENDERERS)


def check_formats(chosen: Iterable[str]) -> None:
    """ConfigError (one line) unless ``chosen`` names one or more formats, all known."""
    chosen, known = tuple(chosen), formats()
    unknown = [f for f in chosen if f not in known]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r} (choose from {', '.join(known)})")
    if not chosen:  # a run that writes no report is a mistake, not a wish
        raise ConfigError(f"formats must name at least one format (choose from {', '.join(known)})")


def metric_table(check_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The page figures the families ``check_ids`` (by default every family)
    declare, in report order, as the run document carries them: the table
    the HTML report and the desktop app list a page's figures from."""
    wanted = set(CHECKS) if check_ids is None else set(check_ids)
    return [metric.to_dict(check.id) for check in CHECKS.values() if check.id in wanted for metric in check.metrics]


def declared_rules(extra: Iterable[Rule] = ()) -> list[Rule]:
    """Every rule the families declare (their ``RULES``), in report order,
    with ``extra`` rules (the journeys') after the rules of their family."""
    extra = list(extra)
    return [rule for check in CHECKS.values() for rule in (*check.rules, *(r for r in extra if r.family == check.id))]


def rule_table(check_ids: Iterable[str] | None = None, findings: Iterable[Mapping[str, Any]] = (),
               extra: Iterable[Rule] = ()) -> list[dict[str, Any]]:
    """The rule table of a run, as the run document carries it: every rule
    the run's families ``check_ids`` declare (and ``extra`` rules of those
    families), whether or not it found anything, so a reader sees what was
    checked; a declared rule of another family when one of ``findings``
    (finding dicts, as stored) is of it; and axe-core's rules that appear
    in ``findings``, built from the metadata the findings keep
    (:func:`~auditor.checks.axe.axe_rule`), since axe's rules are known only
    from its results. In report order; axe's by id."""
    findings = list(findings)
    wanted = set(CHECKS) if check_ids is None else set(check_ids)
    seen = {(f["check"], f["rule"]) for f in findings}
    table = [rule.to_dict() for rule in declared_rules(extra) if rule.family in wanted or (rule.family, rule.id) in seen]
    axe_found: dict[str, list[Mapping[str, Any]]] = {}
    for f in findings:
        if f["check"] == axe.CHECK.id:
            axe_found.setdefault(f["rule"], []).append(f)
    axe_rows = []
    for rule_id, found in sorted(axe_found.items()):
        worst = min((f["impact"] for f in found), key=impact_rank, default=IMPACTS[-1])
        first = found[0]
        meta = {"id": rule_id, "impact": worst, "tags": first.get("tags", ()), "help": first.get("summary", rule_id),
                "helpUrl": first.get("help_url", "")}
        outcome = "fail" if any(f["outcome"] == "fail" for f in found) else "review"
        axe_rows.append(axe_rule(meta, outcome).to_dict())
    return axe_rows + table if axe.CHECK.id in CHECKS else table


def profile_checks(name: str, table: Any) -> tuple[str, ...]:
    """The check families of the profile ``[profiles.name]``; ConfigError (one
    line) when the table is not ``checks = [family, ...]``. Its ``checks`` is
    read as the top-level ``checks`` setting is: a list, or text separated by
    commas (``checks = "axe"`` is the axe family, not the letters a, x, e)."""
    where = f"[profiles.{name}]"
    families = ", ".join(FAMILIES)
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table with a list of checks")
    extra = [k for k in table if k != "checks"]
    if extra:
        raise ConfigError(f"{where} has no setting {extra[0]!r} (a profile has checks)")
    if "checks" not in table:
        raise ConfigError(f"{where} needs checks, a list of check families")
    value = table["checks"]
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} checks must be a list of check families ({families})")
    if not value:
        raise ConfigError(f"{where} checks must name at least one check family ({families})")
    unknown = [v for v in value if v not in CHECKS]
    if unknown:
        raise ConfigError(f"{where} unknown check {unknown[0]!r} (choose from {families})")
    return tuple(value)


@dataclass(frozen=True)
class RunSettings:
    """A run's settings, checked, with what checking them parsed: what every
    later step of the run reads instead of parsing the settings again."""

    config: AuditConfig
    """The settings, with ``checks`` filled in from the profile."""
    checks: tuple[Check, ...]
    """The families the run uses, in report order."""
    options: Mapping[str, Any]
    """Each family's ``Options`` by family: its config-file table parsed,
    with the run settings it reads; a check and its collectors get these,
    never the whole config."""
    journeys: tuple[Journey, ...]
    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]

    @property
    def patterns(self) -> Patterns:
        """The include and exclude patterns, compiled once, for the crawl and the sitemaps."""
        return self.include, self.exclude

    def with_pages(self, urls: Iterable[str]) -> "RunSettings":
        """The same settings auditing the pages ``urls`` (given once checked,
        the demo site's started): nothing else is checked again."""
        return replace(self, config=self.config.replace(urls=tuple(urls)))


def run_settings(config: AuditConfig) -> RunSettings:
    """``config`` checked against what is registered; the first problem as
    one :class:`ConfigError` line, before any page is opened."""
    profiles = dict(PROFILES)
    for name, table in config.profiles.items():
        profiles[name] = profile_checks(name, table)
    if config.profile not in profiles:
        raise ConfigError(f"unknown profile {config.profile!r} (choose from {', '.join(profiles)})")
    chosen = config.checks or profiles[config.profile]
    unknown = [c for c in chosen if c not in CHECKS]
    if unknown:
        raise ConfigError(f"unknown check {unknown[0]!r} (choose from {', '.join(CHECKS)})")
    unknown = [f for f in config.check_options if f not in CHECKS]
    if unknown:
        raise ConfigError(f"unknown section [{unknown[0]}] (check families: {', '.join(FAMILIES)})")
    options = {family: _family_options(CHECKS[family], config) for family in CHECKS}
    check_formats(config.formats)
    _check_endpoints(config)
    include, exclude = compile_patterns(config.include), compile_patterns(config.exclude)
    parse_auth(config.auth)
    journeys = tuple(load_journeys(config.journeys))
    return RunSettings(config.replace(checks=tuple(chosen)), tuple(CHECKS[c] for c in chosen), options, journeys, include, exclude)


def _family_options(check: Check, config: AuditConfig) -> Any:
    """A family's options: its config-file table parsed by the family, with
    the run settings it reads (:func:`~auditor.checks.base.family_options`);
    a ValueError it raises becomes one ConfigError line."""
    try:
        return family_options(check, config.options(check.id), config)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def repeated(values: Iterable[str]) -> list[str]:
    """The values given more than once, each once, in order."""
    seen: set[str] = set()
    twice = [v for v in values if v in seen or seen.add(v)]
    return list(dict.fromkeys(twice))


def _check_endpoints(config: AuditConfig) -> None:
    """Remote browsers: an address of the right kind, for the engine that uses it."""
    problems = []
    if config.webdriver_url:
        if config.engine != "selenium":
            problems.append("webdriver_url needs the selenium engine (--engine selenium)")
        problems.append(endpoint_problem(config.webdriver_url, ("http", "https"), "webdriver_url"))
    if config.browser_ws:
        if config.engine != "playwright":
            problems.append("browser_ws is for the playwright engine (the selenium engine takes webdriver_url)")
        problems += [endpoint_problem(ws, ("ws", "wss"), "browser_ws") for ws in config.browser_ws]
        problems += [f"browser_ws {ws!r} is given twice" for ws in repeated(config.browser_ws)]
    problems = [p for p in problems if p]
    if problems:
        raise ConfigError(problems[0])
