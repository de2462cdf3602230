"""``report.html``: one self-contained file a person can open, print and forward.

Rendered by Jinja2 with autoescaping on: every string that came from an
audited page (titles, URLs, snippets, dialog text) is escaped. The file loads
nothing from anywhere. Its Content-Security-Policy allows exactly one script
and one style sheet, its own, by their SHA-256 hashes (computed here, from the
text written into the page), and images only as ``data:`` URIs (the element
screenshots). The script adds filters and sorting; without it the report is
the full static list.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import Any, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from auditor.model import ERROR_KINDS, GROUPS, IMPACTS, ElementShot, impact_rank, rule_id
from auditor.rule import describe, rule_index
from auditor.words import GROUP_LINES, GROUP_WHY, format_bytes, money, page_facts, plural, safe_href, verdict, wcag_url

WORST_PAGES_SHOWN = 5


def csp_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _own_asset(name: str) -> Markup:
    """The report's own script or style sheet, inserted verbatim (its hash
    must match the text in the page byte for byte)."""
    text = resources.files("auditor.reports").joinpath(f"templates/{name}").read_text(encoding="utf-8")
    assert "</" not in text, f"{name} must not contain '</'"
    return Markup(text)


SCRIPT = _own_asset("report.js")
STYLE = _own_asset("report.css")
CSP = "; ".join((
    "default-src 'none'",
    f"script-src {csp_hash(SCRIPT)}",
    f"style-src {csp_hash(STYLE)}",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
))


MAX_CHARS = 1000
"""The longest string report.html shows whole. Everything a page sends is
unbounded (a title of a megabyte, an address of thousands of characters) and
the report shows some of it several times over; what the tool writes itself
stays far below this. report.json keeps every value whole."""


def capped(value: Any, limit: int = MAX_CHARS) -> Any:
    """``value`` with every string (in nested dicts and lists, keys too)
    longer than ``limit`` cut to ``limit`` characters, the last an ellipsis."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if isinstance(value, Mapping):
        return {capped(k, limit): capped(v, limit) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [capped(v, limit) for v in value]
    return value


def data_uri(shot: ElementShot) -> str:
    return f"data:{shot.mime};base64,{base64.b64encode(shot.data).decode('ascii')}"


def _finding_order(finding: Mapping[str, Any]) -> tuple[int, int]:
    return (finding["outcome"] != "fail", impact_rank(finding["impact"]))


def page_views(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The audited pages as the report shows them: an anchor id, their
    findings worst first, and the keys the page list is sorted by."""
    views = []
    for index, page in enumerate(document["pages"]):
        if page["error"]:
            continue
        findings = sorted(page["findings"], key=_finding_order)
        fails = [f for f in findings if f["outcome"] == "fail"]
        views.append({
            "id": f"p{index + 1}",
            "order": index,
            "page": page,
            "findings": findings,
            "fails": len(fails),
            "reviews": len(findings) - len(fails),
            "worst": min((impact_rank(f["impact"]) for f in fails), default=len(IMPACTS)),
        })
    # Worst pages first: the worst barrier, then how many, then the order given.
    return sorted(views, key=lambda v: (v["worst"], -v["fails"], v["order"]))


def excluded(document: Mapping[str, Any], views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each group: a plain-English line, counts, and the pages that
    shut them out most (worst first); groups met by most barriers first."""
    audited = document["summary"]["audited"]
    rows = []
    for group in GROUPS:
        counts = document["summary"]["by_group"][group]
        worst = sorted(
            ((sum(1 for f in v["findings"] if f["outcome"] == "fail" and group in f["groups"]), v) for v in views),
            key=lambda pair: (-pair[0], pair[1]["worst"], pair[1]["order"]),
        )
        pages = [{"id": v["id"], "title": v["page"]["title"], "url": v["page"]["url"], "count": n} for n, v in worst if n][:WORST_PAGES_SHOWN]
        reviews = sum(1 for v in views for f in v["findings"] if f["outcome"] == "review" and group in f["groups"])
        if counts["findings"]:
            line = f"{GROUP_LINES[group]} meet {plural(counts['findings'], 'barrier')} on {counts['pages']} of {plural(audited, 'page')}."
        else:
            line = f"No barriers found for {GROUP_LINES[group][0].lower()}{GROUP_LINES[group][1:]}."
        if reviews:
            line += f" {plural(reviews, 'thing')} for a person to check."
        rows.append({"group": group, "line": line, "findings": counts["findings"], "pages": counts["pages"], "worst_pages": pages})
    return sorted(rows, key=lambda r: -r["findings"])


def load_bars(metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Estimated load time per network profile, with each bar's length as a
    percentage of the slowest."""
    load = metrics.get("load_ms") or {}
    slowest = max(load.values(), default=0) or 1
    return [{"profile": name, "seconds": ms / 1000, "percent": round(100 * ms / slowest, 1)} for name, ms in load.items()]


def filter_options(views: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: only those present in the report."""
    findings = [f for v in views for f in v["findings"]]
    groups = {g for f in findings for g in f["groups"]}
    rules = sorted({(rule_id(f["check"], f["rule"]),) * 2 for f in findings})
    return {
        "group": [(g, GROUP_LINES[g]) for g in GROUPS if g in groups],
        "impact": [(i, i.capitalize()) for i in IMPACTS if any(f["impact"] == i for f in findings)],
        "rule": rules,
        "page": [(v["id"], v["page"]["title"] or v["page"]["url"]) for v in sorted(views, key=lambda v: v["order"])],
    }


_env = Environment(
    loader=PackageLoader("auditor.reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["safe_href"] = safe_href
_env.filters["wcag_url"] = wcag_url
_env.filters["size"] = format_bytes  # bytes in SI units, as every output says them (auditor.words)
_env.filters["money"] = money
_env.globals.update(
    GROUPS=GROUPS, GROUP_LINES=GROUP_LINES, GROUP_WHY=GROUP_WHY, IMPACTS=IMPACTS, ERROR_KINDS=ERROR_KINDS,
    SCRIPT=SCRIPT, STYLE=STYLE, CSP=CSP, describe=describe, plural=plural, verdict=verdict, page_facts=page_facts,
)


def render(document: dict[str, Any]) -> str:
    shots: Mapping[tuple[str, str], ElementShot] = getattr(document, "shots", {})
    document = capped(document)  # a view to read: long values end in an ellipsis
    views = page_views(document)
    return _env.get_template("report.html.j2").render(
        doc=document,
        rules=rule_index(document),
        views=views,
        excluded=excluded(document, views),
        options=filter_options(views),
        shots={(capped(url), capped(selector)): data_uri(shot) for (url, selector), shot in shots.items()},
        load_bars=load_bars,
    )
