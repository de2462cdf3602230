"""``report.junit.xml``: one test case per page and rule, so CI dashboards
that read JUnit (GitLab, Jenkins, Azure DevOps, GitHub test reporters) show
each barrier where people already look.

A rule with ``fail`` findings on a page is a failed test case; a page that
could not be audited is a test case in error; findings that need review are
listed in the case's output without failing it; a page with no barriers is one
passing case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from auditor.model import at_or_above

# XML 1.0 cannot carry most control characters, even escaped: drop them.
_ILLEGAL = dict.fromkeys([c for c in range(0x20) if c not in (0x9, 0xA, 0xD)] + [0xFFFE, 0xFFFF])


def _text(value: Any) -> str:
    return str(value or "").translate(_ILLEGAL)


def _describe(findings: list[dict[str, Any]]) -> str:
    lines = []
    for f in findings:
        target = f["targets"][0] if f["targets"] else {"selector": "", "snippet": ""}
        lines.append(f"[{f['impact']}] {f['summary']}\n  element: {target['selector']}\n  {target['snippet']}")
    return "\n".join(lines)


def render(document: dict[str, Any]) -> str:
    fail_on = document["summary"]["fail_on"]
    baseline = document["summary"].get("baseline") or {}
    only_new = bool(baseline.get("fail_on_new"))
    suites = ET.Element("testsuites", name="inclusion-audit", tests="0", failures="0", errors="0")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for page in document["pages"]:
        suite = ET.SubElement(suites, "testsuite", name=_text(page["url"]))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        classname = _text(page["url"])
        if page["error"]:
            case = ET.SubElement(suite, "testcase", classname=classname, name="page can be audited", time="0")
            error = ET.SubElement(case, "error", type=_text(page["error"]["kind"]), message=_text(page["error"]["message"]))
            error.text = _text(page["error"]["message"])
            counts["tests"] += 1
            counts["errors"] += 1
        else:
            by_rule: dict[tuple[str, str], list[dict[str, Any]]] = {}
            for f in page["findings"]:
                by_rule.setdefault((f["check"], f["rule"]), []).append(f)
            if not by_rule:
                ET.SubElement(suite, "testcase", classname=classname, name="no barriers found", time="0")
                counts["tests"] += 1
            for (check, rule), findings in sorted(by_rule.items()):
                case = ET.SubElement(suite, "testcase", classname=classname, name=f"{check}: {rule}", time="0")
                counts["tests"] += 1
                fails = [f for f in findings if f["outcome"] == "fail"]
                reviews = [f for f in findings if f["outcome"] == "review"]
                known = [f for f in fails if only_new and f.get("baseline") == "unchanged"]
                fails = [f for f in fails if f not in known]  # CI fails on new barriers only; known ones are listed
                if fails:
                    worst = min(fails, key=lambda f: ["critical", "serious", "moderate", "minor"].index(f["impact"]))
                    failure = ET.SubElement(
                        case, "failure",
                        type=worst["impact"],
                        message=_text(f"{len(fails)} × {worst['summary']}" + ("" if at_or_above(worst["impact"], fail_on) else f" (below --fail-on {fail_on})")),
                    )
                    failure.text = _text(_describe(fails))
                    counts["failures"] += 1
                listed = [(title, items) for title, items in (("Known from the baseline", known), ("Needs review by a person", reviews)) if items]
                if listed:
                    out = ET.SubElement(case, "system-out")
                    out.text = _text("\n".join(f"{title}:\n{_describe(items)}" for title, items in listed))
        for key, value in counts.items():
            suite.set(key, str(value))
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
