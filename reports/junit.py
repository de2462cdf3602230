"""``report.junit.xml``: one test case per page and rule (named by the
rule's full id, ``family/rule``), so CI dashboards that read JUnit (GitLab,
Jenkins, Azure DevOps, GitHub test reporters) show each barrier where people
already look.

Only what breaches the run's threshold fails: a rule with ``fail`` findings at
or above ``--fail-on`` (with ``--fail-on-new``: new ones) on a page is a
failed test case. A rule whose barriers are all below the threshold (or all
known from the baseline, or there is no threshold) is a *skipped* case whose
message says why, as pytest writes an expected failure (``xfail``):
``<skipped type="pytest.xfail" message="...">``. Skipped, not passed with the
barriers hidden in its output: dashboards count skipped cases and show their
message, so the barriers stay in sight without turning the build red. In a
failed case the barriers below the threshold are listed in its output.
A page that could not be audited is a test case in error; a page the run
left alone on purpose (robots.txt) is a suite of one skipped case whose type
is the reason's id, not an error; findings that need
review are listed in the case's output without failing it; a page with no
barriers is one passing case.

The threshold comes from the stored run (``summary.fail_on`` and
``summary.baseline.fail_on_new`` of the report document), so a run
re-rendered later is judged as it was; whether a finding breaches it is
decided by :func:`auditor.verdict.breaches`, as for the exit code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from auditor.model import impact_rank, rule_id
from auditor.verdict import breaches, threshold
from auditor.words import skipped_why

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


def _worst(findings: list[dict[str, Any]]) -> dict[str, Any]:
    return min(findings, key=lambda f: impact_rank(f["impact"]))


def _case(case: ET.Element, findings: list[dict[str, Any]], fail_on: str, only_new: bool) -> str:
    """Fill one page-and-rule test case; returns ``failure``, ``skipped`` or ``passed``."""
    fails = [f for f in findings if f["outcome"] == "fail"]
    reviews = [f for f in findings if f["outcome"] == "review"]
    breaching = [f for f in fails if breaches(f, fail_on, only_new)]
    below = [f for f in fails if not breaches(f, fail_on)]
    known = [f for f in fails if f not in breaching and f not in below]
    listed = [("Needs review by a person", reviews)]
    state = "passed"
    if breaching:
        worst = _worst(breaching)
        failure = ET.SubElement(case, "failure", type=worst["impact"], message=_text(f"{len(breaching)} × {worst['summary']}"))
        failure.text = _text(_describe(breaching))
        listed = [(f"Below --fail-on {fail_on}", below), ("Known from the baseline", known), *listed]
        state = "failure"
    elif known or below:
        accepted = known + below
        worst = _worst(accepted)
        if fail_on == "none":
            kind, why = "no-threshold", f"{worst['impact']}; --fail-on none"
        elif worst in known:
            kind, why = "baseline", f"{worst['impact']}, known from the baseline"
        else:
            kind, why = "below-threshold", f"{worst['impact']}, below --fail-on {fail_on}"
        skipped = ET.SubElement(case, "skipped", type=kind, message=_text(f"{len(accepted)} × {worst['summary']} ({why})"))
        skipped.text = _text(_describe(accepted))
        state = "skipped"
    listed = [(title, items) for title, items in listed if items]
    if listed:
        out = ET.SubElement(case, "system-out")
        out.text = _text("\n".join(f"{title}:\n{_describe(items)}" for title, items in listed))
    return state


def render(document: dict[str, Any]) -> str:
    fail_on, only_new = threshold(document["summary"])
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
                case = ET.SubElement(suite, "testcase", classname=classname, name=rule_id(check, rule), time="0")
                counts["tests"] += 1
                state = _case(case, findings, fail_on, only_new)
                if state == "failure":
                    counts["failures"] += 1
                elif state == "skipped":
                    counts["skipped"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
        for key in totals:
            totals[key] += counts[key]
    for s in document.get("skipped", ()):
        suite = ET.SubElement(suites, "testsuite", name=_text(s["url"]), tests="1", failures="0", errors="0", skipped="1")
        case = ET.SubElement(suite, "testcase", classname=_text(s["url"]), name="page can be audited", time="0")
        ET.SubElement(case, "skipped", type=_text(s["reason"]), message=_text(skipped_why(s)))
        totals["tests"] += 1
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
