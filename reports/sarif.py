"""``report.sarif``: SARIF 2.1.0, for code-scanning dashboards.

One rule per (check, rule) seen in the run, one result per finding. A page
is an artifact addressed by its URL; the element is a logical location (its
selector) with the snippet as the region's text. Fingerprints carry the
finding's own fingerprint, so dashboards track a finding across runs. A
failure is an ``error`` when it is at or above the run's ``fail_on``
(:func:`auditor.verdict.breaches`), else a ``warning``. A page that could not
be audited is an ``error`` notification of the invocation; a page left alone
on purpose (robots.txt) a ``note`` whose descriptor is the reason's id.
"""

from __future__ import annotations

import json
from typing import Any

from auditor.verdict import breaches
from auditor.rule import describe, rule_index
from auditor.words import skipped_why

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/inclusion-auditor/"


def _level(finding: dict[str, Any], fail_on: str) -> str:
    if finding["outcome"] == "review":
        return "none"  # SARIF 2.1.0 §3.27.10: a result whose kind is not "fail" has level "none"
    return "error" if breaches(finding, fail_on) else "warning"


def render(document: dict[str, Any]) -> str:
    fail_on = document["summary"]["fail_on"]
    rules: dict[str, dict[str, Any]] = {}
    table = rule_index(document)
    results = []
    for page in document["pages"]:
        for f in page["findings"]:
            rule_id = f"{f['check']}/{f['rule']}"
            if rule_id not in rules:
                rules[rule_id] = {
                    "id": rule_id,
                    "name": f["rule"],
                    "shortDescription": {"text": describe(table, f["check"], f["rule"], f["summary"])},
                    **({"help": {"text": fix}} if (fix := (table.get(rule_id) or {}).get("how_to_fix")) else {}),
                    **({"helpUri": f["help_url"]} if f["help_url"] else {}),
                    "properties": {
                        "tags": sorted({*f["tags"], *(f"wcag-{c}" for c in f["wcag"]), *f["groups"]}),
                        "impact": f["impact"],
                    },
                }
            target = f["targets"][0] if f["targets"] else {"selector": "html", "snippet": ""}
            location: dict[str, Any] = {
                "physicalLocation": {
                    "artifactLocation": {"uri": page["final_url"] or page["url"]},
                    # A region needs a start (SARIF §3.30.2) and code scanning wants a
                    # line; a rendered page has no source line for an element, so each
                    # result points at the document's first line, and names the
                    # element by its selector (the logical location).
                    "region": {"startLine": 1, **({"snippet": {"text": target["snippet"]}} if target["snippet"] else {})},
                },
                "logicalLocations": [{"name": target["selector"], "kind": "element"}],
            }
            results.append({
                "ruleId": rule_id,
                "ruleIndex": list(rules).index(rule_id),
                "level": _level(f, fail_on),
                "kind": "review" if f["outcome"] == "review" else "fail",
                "message": {"text": f"{f['summary']} ({target['selector']})"},
                "locations": [location],
                "partialFingerprints": {"inclusionAuditor/v1": f["fingerprint"]},
                "properties": {
                    "impact": f["impact"], "wcag": f["wcag"], "groups": f["groups"],
                    **({"baseline": f["baseline"]} if "baseline" in f else {}),
                },
                **({"baselineState": f["baseline"]} if f.get("baseline") in ("new", "unchanged") else {}),
            })
    notifications = [
        {"level": "error", "message": {"text": f"{p['url']}: {p['error']['kind']}: {p['error']['message']}"}}
        for p in document["pages"] if p["error"]
    ] + [
        {"level": "note", "descriptor": {"id": s["reason"]}, "message": {"text": f"{s['url']}: skipped on purpose: {skipped_why(s)}"}}
        for s in document.get("skipped", ())
    ]
    tool = document["tool"]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": tool["name"],
                "version": tool["version"],
                "informationUri": INFORMATION_URI,
                "rules": list(rules.values()),
                "properties": {"axe_version": tool["axe_version"], "engine": tool["engine"], "browser": tool["browser"]},
            }},
            "invocations": [{
                "executionSuccessful": True,
                "startTimeUtc": document["run"]["started"],
                **({"endTimeUtc": document["run"]["finished"]} if document["run"]["finished"] else {}),
                "toolExecutionNotifications": notifications,
            }],
            "automationDetails": {"id": f"inclusion-audit/{document['run']['id']}"},
            "results": results,
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
