"""What a check is: a declaration of the artifacts it needs and a pure
function from those artifacts to findings and metrics."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from ..model import Box, Finding, Target
from ..rule import Rule

SNIPPET_LIMIT = 300


@dataclass(frozen=True)
class PageContext:
    """What a check may know about the page besides its artifacts: its
    address and the family's own options, parsed once for the run
    (:func:`family_options`). A check never sees the whole config."""

    url: str
    final_url: str
    options: Any = None
    """The family's ``Options`` (None for a family that has none)."""


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What a reader of the page's row should know about how it was judged
    (a limit that left part of the page out, say); added to the page's notes."""
    screen_reader: tuple[Mapping[str, Any], ...] | None = None
    """What a screen reader hears on the page, line by line, for the page's
    row (:attr:`auditor.model.PageResult.screen_reader`); None from every
    family but the one that reads it."""


METRIC_UNITS = ("bytes", "count", "ms", "ratio", "age", "gbp", "px", "bool", "text", "urls")
"""How a figure is said (:func:`auditor.words.format_metric`): bytes in SI
units, a count (with its noun), milliseconds in seconds, a ratio as a
percentage, an age in years, pounds sterling, CSS pixels, yes or no, text
as it is, a list of addresses."""

METRIC_SHOWN = ("always", "if-any", "in-phrase")
"""When a figure gets a row of its own: whenever the page has it; only when
it is not zero or empty (something went wrong worth saying); never, being
read only within another figure's ``phrase``."""


@dataclass(frozen=True)
class Metric:
    """A page figure a family measures that a person should see. Declared
    in the family's ``METRICS``; the run document carries the table of the
    run's families, and the HTML report and the desktop app list a page's
    figures from it (:func:`auditor.words.page_facts`), so a new family's
    figure shows without either naming it."""

    name: str
    """Its key in the page's ``metrics``."""
    label: str
    unit: str
    description: str
    """What it measures, in one sentence, for a reader of report.json."""
    phrase: str = "{value}"
    """How its row reads: ``{value}`` is this figure in its unit, ``{name}``
    another figure of the same table, in that one's unit."""
    noun: str = ""
    """For a count: what is counted, ``request`` for "3 requests"."""
    shown: str = "always"

    def __post_init__(self) -> None:
        if self.unit not in METRIC_UNITS:
            raise ValueError(f"metric {self.name!r}: unknown unit {self.unit!r}")
        if self.shown not in METRIC_SHOWN:
            raise ValueError(f"metric {self.name!r}: shown must be one of {', '.join(METRIC_SHOWN)}")

    def to_dict(self, family: str) -> dict[str, str]:
        return {"family": family, "name": self.name, "label": self.label, "unit": self.unit, "description": self.description,
                "phrase": self.phrase, "noun": self.noun, "shown": self.shown}


@dataclass(frozen=True)
class Check:
    """A check family. ``evaluate`` never touches the browser: it gets the
    artifacts named in ``needs`` (and only those) and returns findings."""

    id: str
    title: str
    needs: tuple[str, ...]
    evaluate: Callable[[Mapping[str, Any], PageContext], CheckResult]
    rules: tuple[Rule, ...] = ()
    """The family's rules (its ``RULES``): every finding it makes is of one."""
    parse_options: Callable[[Mapping[str, Any]], Any] | None = None
    """Parses and checks the family's ``[id]`` table of the config file into
    its ``Options``, raising ValueError with a one-line message; called once
    when the run's settings are built, so a mistake stops the run before any
    page is opened (:func:`family_options`)."""
    defers_to: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Rules of this family that another family's rule also reports, by the
    other rule's full id (``family/rule``): where that rule failed on the
    page, this family's finding is dropped, so one barrier is reported once
    (see :func:`auditor.checks.one_per_barrier`)."""
    profiles: tuple[str, ...] = ()
    """The built-in profiles, besides ``default`` (which has every family),
    that run this family (see :data:`auditor.registry.PROFILES`)."""
    metrics: tuple[Metric, ...] = ()
    """The page figures of ``evaluate``'s metrics that a person should see,
    in the order they are listed (the family's ``METRICS``)."""


def element_target(item: Mapping[str, Any]) -> Target:
    """A :class:`Target` from an element as the in-page helpers describe it:
    ``{selector, snippet, box}`` (box optional)."""
    box = item.get("box")
    try:
        where = Box(float(box["x"]), float(box["y"]), float(box["width"]), float(box["height"])) if isinstance(box, Mapping) else None
    except (KeyError, TypeError, ValueError):
        where = None
    return Target(item.get("selector") or "html", (item.get("snippet") or "")[:SNIPPET_LIMIT], where)


class PageFindings(list):  # type: ignore[type-arg]
    """The findings of one family on one page, each about one element and
    each made by its rule (:meth:`~auditor.rule.Rule.finding`, the one
    builder): this only remembers the page and the family's rules."""

    def __init__(self, page: PageContext, rules: Mapping[str, Rule]) -> None:
        super().__init__()
        self.page = page
        self.rules = rules

    def add(self, rule: str, summary: str, detail: str, selector: str, snippet: str = "", **differs: Any) -> None:
        """A finding of ``rule`` about the element at ``selector``;
        ``differs``: what this finding has that the rule's defaults do not."""
        target = Target(selector, snippet[:SNIPPET_LIMIT])
        self.append(self.rules[rule].finding(self.page.url, (target,), summary, detail, **differs))


RUN_SETTING = "run"
"""Metadata key of an ``Options`` field that is a run setting, not a setting
of the family's table: :func:`family_options` copies it from the run's
config (the keyboard family's ``viewport_height``, say)."""


def run_setting(default: Any) -> Any:
    """An ``Options`` field filled from the run setting of the same name."""
    return field(default=default, metadata={RUN_SETTING: True})


def table_settings(options_type: type) -> tuple[str, ...]:
    """The names a family's config table may hold: its ``Options`` fields
    that are not run settings."""
    return tuple(f.name for f in dataclasses.fields(options_type) if not f.metadata.get(RUN_SETTING))


def refuse_unknown(family: str, table: Mapping[str, Any], known: Iterable[str]) -> None:
    """ValueError naming the first setting of ``[family]`` that is not ``known``."""
    known = tuple(known)
    unknown = sorted(set(table) - set(known))
    if unknown:
        listed = f"settings: {', '.join(known)}" if known else "it has no settings"
        raise ValueError(f"[{family}] has no setting {unknown[0]!r} ({listed})")


def family_options(check: Check, table: Mapping[str, Any], run: Any = None) -> Any:
    """The family's ``Options``: its config table parsed (ValueError on a
    mistake), with the run settings it declares (:func:`run_setting`) taken
    from ``run`` (the run's config) when given. None for a family without
    options."""
    if check.parse_options is None:
        return None
    options = check.parse_options(table)
    if run is None:
        return options
    taken = {f.name: getattr(run, f.name) for f in dataclasses.fields(options) if f.metadata.get(RUN_SETTING)}
    return dataclasses.replace(options, **taken) if taken else options
