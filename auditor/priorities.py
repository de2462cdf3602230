"""What to fix first, who is shut out, and who makes each fix: the three
questions a service owner opens a report with, answered once here from the
judged pages and the run's rule table, for the HTML report, the console and
the desktop app alike.

**Issues, not findings.** One barrier repeated on every page is one thing to
fix: findings are grouped by ``family/rule`` into an issue with the pages
and elements it affects, the groups it shuts out, its worst impact and one
example.

**The ranking** (:data:`HOW_RANKED` says it in the report):

    priority = impact weight x (1 + share of audited pages it is on) x task weight

- impact weight: critical 8, serious 4, moderate 2, minor 1 (each step
  doubles, so one critical barrier outranks a minor one found everywhere);
- the share of audited pages, from 0 to 1, so a barrier on every page
  counts up to twice one on a single page;
- task weight 2 when the barrier sits on what a person needs to complete a
  task (a form field, a button, a form; see :func:`blocks_task`), else 1.

Ties go to more pages, then more elements, then the rule's id. These weights
are the tool's own; they are stated so that a reader can disagree with them.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from .model import GROUPS, IMPACTS, impact_rank, rule_id
from .rule import FIXERS

IMPACT_WEIGHT: Mapping[str, int] = {"critical": 8, "serious": 4, "moderate": 2, "minor": 1}
TASK_WEIGHT = 2

HOW_RANKED = (
    "Ranked by impact (critical counts 8, serious 4, moderate 2, minor 1), raised by up to double for the share of pages "
    "it is on, and doubled when it sits on a form field, a button or a form that people need to finish a task."
)

_TASK_TAG = re.compile(r"^\s*<(input|select|textarea|button|form|label|summary)\b", re.IGNORECASE)
_TASK_ROLE = re.compile(r"""\brole\s*=\s*["']?(button|checkbox|combobox|radio|switch|textbox|listbox|spinbutton)\b""", re.IGNORECASE)
_TASK_SELECTOR = re.compile(r"(^|[\s>+~])(form|input|select|textarea|button)\b", re.IGNORECASE)


def blocks_task(finding: Mapping[str, Any]) -> bool:
    """Whether a finding sits on something a person needs to finish a task:
    a form field, a button or a form, by its element's markup (the snippet's
    opening tag or role) or by a selector that runs through a form."""
    for target in finding.get("targets") or ():
        snippet = target.get("snippet") or ""
        if _TASK_TAG.match(snippet) or _TASK_ROLE.search(snippet.split(">", 1)[0]):
            return True
        if _TASK_SELECTOR.search(target.get("selector") or ""):
            return True
    return False


def priority(impact: str, pages: int, audited: int, task: bool) -> float:
    """The ranking figure of an issue (see the module's docstring)."""
    share = min(1.0, pages / audited) if audited else 0.0
    return round(IMPACT_WEIGHT.get(impact, 1) * (1 + share) * (TASK_WEIGHT if task else 1), 3)


def fixer_of(rule: Mapping[str, Any] | None) -> str:
    """Who makes the fix of a rule from the run's rule table (``code`` when it does not say)."""
    fixer = (rule or {}).get("fixed_by") or "code"
    return fixer if fixer in FIXERS else "code"


def issues(rows: Sequence[Mapping[str, Any]], rules: Mapping[str, Mapping[str, Any]], outcome: str = "fail") -> list[dict[str, Any]]:
    """The run's findings of ``outcome`` grouped into one issue per rule,
    ranked (highest priority first). ``rows`` are the report's page rows,
    ``rules`` its rule table by ``family/rule``."""
    audited = sum(1 for row in rows if row.get("error") is None) or len(rows)
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        for finding in row.get("findings") or ():
            if finding.get("outcome") != outcome:
                continue
            key = rule_id(finding["check"], finding["rule"])
            issue = grouped.get(key)
            if issue is None:
                rule = rules.get(key) or {}
                issue = grouped[key] = {
                    "id": key, "family": finding["check"], "rule": finding["rule"],
                    "description": rule.get("description") or finding.get("summary", ""),
                    "how_to_fix": rule.get("how_to_fix", ""), "help_url": rule.get("help_url") or finding.get("help_url", ""),
                    "fixed_by": fixer_of(rule), "impact": finding["impact"], "groups": set(), "wcag": set(),
                    "pages": {}, "elements": 0, "findings": 0, "blocks_task": False, "example": None,
                }
            issue["findings"] += 1
            issue["elements"] += max(1, len(finding.get("targets") or ()))
            issue["groups"].update(finding.get("groups") or ())
            issue["wcag"].update(finding.get("wcag") or ())
            issue["pages"][row["url"]] = issue["pages"].get(row["url"], 0) + 1
            task = blocks_task(finding)
            issue["blocks_task"] = issue["blocks_task"] or task
            worse = impact_rank(finding["impact"]) < impact_rank(issue["impact"])
            if worse:
                issue["impact"] = finding["impact"]
            if issue["example"] is None or worse or (task and not issue["example"]["blocks_task"]):
                issue["example"] = _example(row, finding, task)
    ranked = []
    for issue in grouped.values():
        pages = [{"url": url, "findings": n} for url, n in issue["pages"].items()]
        ranked.append({
            **issue,
            "groups": [g for g in GROUPS if g in issue["groups"]],
            "wcag": sorted(issue["wcag"], key=_criterion_order),
            "pages": pages,
            "page_count": len(pages),
            "priority": priority(issue["impact"], len(pages), audited, issue["blocks_task"]),
        })
    ranked.sort(key=lambda i: (-i["priority"], -i["page_count"], -i["elements"], i["id"]))
    return ranked


def _example(row: Mapping[str, Any], finding: Mapping[str, Any], task: bool) -> dict[str, Any]:
    target = (finding.get("targets") or [{}])[0]
    return {"url": row["url"], "summary": finding.get("summary", ""), "selector": target.get("selector", ""),
            "snippet": target.get("snippet", ""), "blocks_task": task}


def _criterion_order(criterion: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in criterion.split("."))
    except ValueError:
        return (99,)


def excluded(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Who is shut out: for each group that meets a barrier, its failing
    findings by impact and the pages they are on, ordered by severity first
    (most critical, then most serious, and so on down), then by pages."""
    found = []
    for group in GROUPS:
        counts = dict.fromkeys(IMPACTS, 0)
        pages = set()
        for row in rows:
            for finding in row.get("findings") or ():
                if finding.get("outcome") == "fail" and group in (finding.get("groups") or ()):
                    counts[finding["impact"]] = counts.get(finding["impact"], 0) + 1
                    pages.add(row["url"])
        if pages:
            found.append({"group": group, **counts, "findings": sum(counts.values()), "pages": len(pages),
                          "only_minor": counts["minor"] == sum(counts.values())})
    found.sort(key=lambda g: (*(-g[i] for i in IMPACTS), -g["pages"], GROUPS.index(g["group"])))
    return found


def by_fixer(ranked: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ranked issues split by who makes the fix, each list in rank order;
    only those who have something to fix."""
    split: dict[str, list[str]] = {fixer: [] for fixer in FIXERS}
    findings = dict.fromkeys(FIXERS, 0)
    for issue in ranked:
        split[issue["fixed_by"]].append(issue["id"])
        findings[issue["fixed_by"]] += issue["findings"]
    return [{"fixer": fixer, "label": FIXERS[fixer], "issues": ids, "findings": findings[fixer]} for fixer, ids in split.items() if ids]


def priorities(rows: Sequence[Mapping[str, Any]], rules: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The report document's ``priorities``: the ranked issues (``fix_first``),
    the things for a person to check grouped the same way, who is excluded,
    and the issues by who fixes them."""
    ranked = issues(rows, rules)
    return {
        "how_ranked": HOW_RANKED,
        "fix_first": ranked,
        "to_check": issues(rows, rules, outcome="review"),
        "excluded": excluded(rows),
        "by_fixer": by_fixer(ranked),
    }
