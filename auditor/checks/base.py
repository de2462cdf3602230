"""What a check is: a declaration of the artifacts it needs and a pure
function from those artifacts to findings and metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..config import AuditConfig
from ..model import Box, Finding, Target, fingerprint

SNIPPET_LIMIT = 300


@dataclass(frozen=True)
class PageContext:
    """What a check may know about the page besides its artifacts."""

    url: str
    final_url: str
    config: AuditConfig


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What a reader of the page's row should know about how it was judged
    (a limit that left part of the page out, say); added to the page's notes."""


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
    settings: Callable[[Mapping[str, Any]], Any] | None = None
    """Checks the family's ``[id]`` table of the config file, raising
    ValueError with a one-line message; called once when the run's settings
    are built, so a mistake stops the run before any page is opened."""
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


def make_finding(check: str, page: PageContext, rule: str, outcome: str, impact: str, wcag: tuple[str, ...],
                 groups: tuple[str, ...], summary: str, detail: str, help_url: str, targets: tuple[Target, ...],
                 key: str = "") -> Finding:
    """A finding of ``check`` on ``page``, fingerprinted by its rule, the page
    and ``key`` (by default the first target's selector)."""
    return Finding(
        check=check,
        rule=rule,
        outcome=outcome,
        impact=impact,
        wcag=wcag,
        groups=groups,
        summary=summary,
        detail=detail,
        help_url=help_url,
        targets=targets,
        fingerprint=fingerprint(rule, page.url, key or (targets[0].selector if targets else "html")),
    )


class FindingList:
    """Findings of one family on one page, added one element at a time."""

    def __init__(self, check: str, page: PageContext) -> None:
        self.check = check
        self.page = page
        self.items: list[Finding] = []

    def add(self, rule: str, outcome: str, impact: str, wcag: tuple[str, ...], groups: tuple[str, ...], summary: str,
            detail: str, help_url: str, selector: str, snippet: str = "") -> None:
        target = Target(selector, snippet[:SNIPPET_LIMIT])
        self.items.append(make_finding(self.check, self.page, rule, outcome, impact, wcag, groups, summary, detail, help_url, (target,)))
