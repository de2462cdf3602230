"""``report.csv``: one row per finding, one per page that could not be
audited, and one per page left alone on purpose (``outcome`` ``skipped``, the
reason's id in ``rule`` and the reason in ``summary``), for spreadsheets and
ad-hoc analysis.

Cells that a spreadsheet would run as a formula (those starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe:
audited pages are hostile input, and a report must not become an attack on
the person who opens it (OWASP, "CSV Injection"). NUL and the other control
characters a page can put in a title or a snippet are dropped first (CSV
quoting carries line breaks and tabs, nothing else): readers choke on them,
and one would otherwise hide a formula from that check.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from auditor.words import skipped_why

COLUMNS = (
    "page_url", "page_title", "check", "rule", "outcome", "impact", "wcag", "groups",
    "summary", "selector", "snippet", "help_url", "fingerprint", "baseline", "error_kind", "error_message",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 controls but tab, line feed and carriage return; DEL; the C1 controls."""


def cell(value: Any) -> str:
    text = _CONTROL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def render(document: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for page in document["pages"]:
        base = {"page_url": page["url"], "page_title": page["title"]}
        if page["error"]:
            writer.writerow([cell({**base, "error_kind": page["error"]["kind"], "error_message": page["error"]["message"]}.get(c, "")) for c in COLUMNS])
            continue
        for f in page["findings"]:
            target = f["targets"][0] if f["targets"] else {"selector": "", "snippet": ""}
            row = {
                **base,
                "check": f["check"], "rule": f["rule"], "outcome": f["outcome"], "impact": f["impact"],
                "wcag": ";".join(f["wcag"]), "groups": ";".join(f["groups"]), "summary": f["summary"],
                "selector": target["selector"], "snippet": target["snippet"], "help_url": f["help_url"],
                "fingerprint": f["fingerprint"], "baseline": f.get("baseline", ""),
            }
            writer.writerow([cell(row.get(c, "")) for c in COLUMNS])
    for s in document.get("skipped", ()):
        row = {"page_url": s["url"], "outcome": "skipped", "rule": s["reason"], "summary": skipped_why(s)}
        writer.writerow([cell(row.get(c, "")) for c in COLUMNS])
    return out.getvalue()
