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
