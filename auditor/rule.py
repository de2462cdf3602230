"""A rule is data: what it finds, how bad that is, who it excludes, which
WCAG criteria it fails, where to read more, and how to fix it.

Each family declares its rules in a ``RULES`` table at the top of its module
(as axe-core keeps ``lib/rules/*.json``); the checks build every finding
through :meth:`Rule.finding`, the one way a finding is made, so a rule's
facts are written once. axe-core's own rules are known only when axe runs:
:func:`auditor.checks.axe.axe_rule` builds them from axe's metadata.

The run document carries the rule table of the run (``rules`` in
report.json), and the reporters and the desktop app read a rule's
description from there (:func:`rule_index`, :func:`describe`), never from a
check module. A leaf beside :mod:`auditor.model`: it imports only the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .model import GROUPS, IMPACTS, OUTCOMES, Finding, Target, fingerprint, rule_id


FIXERS: Mapping[str, str] = {
    "hosting": "Hosting and server settings",
    "design": "Design and content",
    "code": "Code",
}
"""Who makes a fix, because different people do: server settings such as
compression and caching; design and content, such as contrast, reading age
and link text; code, such as names, keyboard use and scripts."""


@dataclass(frozen=True)
class Rule:
    """One rule of a family. ``impact``, ``outcome``, ``wcag``, ``groups``
    and ``help_url`` are what its findings carry unless one finding says
    otherwise (a ``review`` where the rule usually fails, a criterion that
    applies to one element only)."""

    id: str
    family: str
    impact: str
    wcag: tuple[str, ...]
    groups: tuple[str, ...]
    help_url: str
    description: str
    """A sentence true of every finding of the rule, for a person who is not
    a specialist: the tables that count a rule over many pages say it (a
    finding's own ``summary`` describes that one instance)."""
    how_to_fix: str = ""
    """What to change, in general; a finding's ``detail`` says it for the
    element found."""
    outcome: str = "fail"
    fixed_by: str = "code"
    """Who makes the fix (:data:`FIXERS`): the people who run the servers,
    those who design and write the pages, or those who code them."""
    technical: str = ""
    """The rule engine's own wording, for the person who makes the fix, kept
    as a detail beside the plain ``description`` (axe-core's ``help`` for
    axe's rules; empty for the project's own, whose description is both)."""

    def __post_init__(self) -> None:
        if self.fixed_by not in FIXERS:
            raise ValueError(f"rule {self.full_id}: fixed_by must be one of {', '.join(FIXERS)}")
        if self.impact not in IMPACTS:
            raise ValueError(f"rule {self.full_id}: unknown impact {self.impact!r}")
        if self.outcome not in OUTCOMES:
            raise ValueError(f"rule {self.full_id}: unknown outcome {self.outcome!r}")
        unknown = [g for g in self.groups if g not in GROUPS]
        if unknown:
            raise ValueError(f"rule {self.full_id}: unknown group {unknown[0]!r}")

    @property
    def full_id(self) -> str:
        """``family/rule``, the rule's identity (:func:`auditor.model.rule_id`)."""
        return rule_id(self.family, self.id)

    def finding(self, page_url: str, targets: Iterable[Target], summary: str, detail: str = "", *,
                key: str | None = None, outcome: str | None = None, impact: str | None = None,
                wcag: tuple[str, ...] | None = None, groups: tuple[str, ...] | None = None,
                help_url: str | None = None, tags: tuple[str, ...] = ()) -> Finding:
        """A finding of this rule on the page at ``page_url``: the one way a
        finding is made. Fingerprinted by the rule, the page and ``key`` (by
        default the first target's selector); the keywords are for a finding
        that legitimately differs from the rule's defaults."""
        targets = tuple(targets)
        return Finding(
            check=self.family,
            rule=self.id,
            outcome=outcome or self.outcome,
            impact=impact or self.impact,
            wcag=self.wcag if wcag is None else wcag,
            groups=self.groups if groups is None else groups,
            summary=summary,
            detail=detail,
            help_url=self.help_url if help_url is None else help_url,
            targets=targets,
            tags=tags,
            fingerprint=fingerprint(self.id, page_url, key if key is not None else (targets[0].selector if targets else "html")),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.full_id, "family": self.family, "rule": self.id, "impact": self.impact, "outcome": self.outcome,
                "wcag": list(self.wcag), "groups": list(self.groups), "help_url": self.help_url,
                "description": self.description, "how_to_fix": self.how_to_fix, "fixed_by": self.fixed_by,
                "technical": self.technical}


def by_id(rules: Iterable[Rule]) -> dict[str, Rule]:
    """A family's rules by their id (the part after ``family/``); two rules
    of one name in a family are a mistake, caught when the module loads."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in found:
            raise ValueError(f"rule {rule.full_id} is declared twice")
        found[rule.id] = rule
    return found


def rule_index(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The rule table a report document carries (``rules``), by ``family/rule``."""
    return {entry["id"]: entry for entry in document.get("rules") or ()}


def describe(index: Mapping[str, Mapping[str, Any]], check: str, rule: str, fallback: str = "") -> str:
    """A sentence true of every finding of ``check/rule``, from a document's
    rule table (:func:`rule_index`); ``fallback`` when the table lacks it (a
    report document written before runs carried one)."""
    entry = index.get(rule_id(check, rule))
    return (entry or {}).get("description") or fallback
