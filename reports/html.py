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
from typing import Any, Iterator, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from auditor.model import ERROR_KINDS, GROUPS, IMPACTS, ElementShot, impact_rank, rule_id
from auditor.rule import FIXERS, describe, rule_index
from auditor.words import (GROUP_LINES, GROUP_NAMES, GROUP_WHY, exclusion_counts, format_bytes, format_count, join_and, money, page_facts, plain_span,
                           plural, safe_href, shared_title_suffix, short_title, site_name, verdict, wcag_url)

FIRST_SCREEN_ISSUES = 5
"""How many of the ranked issues the first screen lists: the top five, as
the issue asks; the rest are one scroll away, in the full list."""


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
    longer than ``limit`` cut to ``limit`` characters, the last an ellipsis.
    Numbers and plain dicts are tested for first: a big run's document has
    millions of values, and the abstract Mapping test is slow."""
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 1] + "…"
    if value is None or isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):
        return {capped(k, limit): capped(v, limit) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [capped(v, limit) for v in value]
    if isinstance(value, Mapping):
        return {capped(k, limit): capped(v, limit) for k, v in value.items()}
    return value


def data_uri(shot: ElementShot) -> str:
    return f"data:{shot.mime};base64,{base64.b64encode(shot.data).decode('ascii')}"


def _finding_order(finding: Mapping[str, Any]) -> tuple[int, int]:
    return (finding["outcome"] != "fail", impact_rank(finding["impact"]))


def page_views(document: Mapping[str, Any], suffix: str = "") -> list[dict[str, Any]]:
    """The audited pages as the report shows them: an anchor id, their
    title without the site's shared ending, their findings worst first, and
    the keys the page list is sorted by."""
    views = []
    for index, page in enumerate(document["pages"]):
        if page["error"]:
            continue
        findings = sorted(page["findings"], key=_finding_order)
        fails = [f for f in findings if f["outcome"] == "fail"]
        views.append({
            "id": f"p{index + 1}",
            "href": f"#p{index + 1}",
            "order": index,
            "page": page,
            "title": short_title(page["title"] or "", suffix),
            "findings": findings,
            "fails": len(fails),
            "reviews": len(findings) - len(fails),
            "worst": min((impact_rank(f["impact"]) for f in fails), default=len(IMPACTS)),
        })
    # Worst pages first: the worst barrier, then how many, then the order given.
    ranked = sorted(views, key=lambda v: (v["worst"], -v["fails"], v["order"]))
    for rank, view in enumerate(ranked):
        view["rank"] = rank
    return ranked


def issue_views(issues: list[Mapping[str, Any]], prefix: str, views: list[dict[str, Any]],
                rules: Mapping[str, Mapping[str, Any]], families: Mapping[str, str], shown: int | None = None) -> list[dict[str, Any]]:
    """The document's ranked issues (``priorities.fix_first`` or
    ``to_check``) as the report lists them, in the order given (the ranking
    is the core's, :mod:`auditor.priorities`): each with its rank, an anchor
    inside its collapsed entry (following a link there opens it), its pages
    linked to their sections (the first ``shown`` of them, when given,
    and how many ``more``), its family in words and, for a rule whose own
    text is technical (axe-core's), that text to show as a detail."""
    by_url = {v["page"]["url"]: v for v in views}
    found = []
    for rank, issue in enumerate(issues, 1):
        rule = rules.get(issue["id"]) or {}
        listed = issue["pages"] if shown is None else issue["pages"][:shown]
        pages = [{**({"id": view["id"], "href": view["href"], "title": view["title"]} if (view := by_url.get(p["url"])) else {"id": "", "href": "", "title": ""}),
                  "url": p["url"], "findings": p["findings"]} for p in listed]
        example = issue.get("example") or {}
        found.append({
            **issue, "rank": rank, "anchor": f"{prefix}-{rank}", "pages": pages, "more": len(issue["pages"]) - len(listed),
            "family_title": families.get(issue["family"], issue["family"]),
            "technical": rule.get("technical") or "",
            "example_page": by_url.get(example.get("url", "")),
        })
    return found


def excluded_rows(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Who is excluded, in the core's order (severity first): each group's
    name and what it meets, in words, and its bars for the chart, as
    percentages of the longest bar (the group meeting most barriers)."""
    audited = document["summary"]["audited"]
    rows = document["priorities"]["excluded"]
    longest = max((r["findings"] for r in rows), default=0) or 1
    found = []
    for row in rows:
        x, bars = 0.0, []
        for impact in IMPACTS:
            width = round(100 * row[impact] / longest, 1)
            if width:
                bars.append({"impact": impact, "x": x, "width": width})
            x = round(x + width, 1)
        found.append({**row, "who": GROUP_LINES[row["group"]], "counts": exclusion_counts(row, audited), "bars": bars})
    return found


def not_excluded(document: Mapping[str, Any]) -> list[str]:
    """The groups that meet no barrier, by their short names."""
    met = {r["group"] for r in document["priorities"]["excluded"]}
    return [GROUP_NAMES[g] for g in GROUPS if g not in met]


def fixer_views(document: Mapping[str, Any], issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issues by who makes the fix (``priorities.by_fixer``), each list in rank order."""
    by_id = {i["id"]: i for i in issues}
    return [{**row, "issues": [by_id[i] for i in row["issues"] if i in by_id]} for row in document["priorities"]["by_fixer"]]


def type_bars(metrics: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A page's bytes by type (those it has), each bar's length as a
    percentage of the largest."""
    sizes = {kind: n for kind, n in (metrics.get("bytes_by_type") or {}).items() if n}
    largest = max(sizes.values(), default=0) or 1
    return [{"kind": kind, "bytes": n, "percent": round(100 * n / largest, 1)} for kind, n in sizes.items()]


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
        "page": [(v["id"], v["title"] or v["page"]["url"]) for v in sorted(views, key=lambda v: v["order"])],
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
_env.filters["count"] = format_count  # 1,000, not 1000 (auditor.words)
_env.filters["family_title"] = lambda family, titles: titles.get(family, family)
_env.filters["group_names"] = lambda groups: join_and([GROUP_NAMES[g] for g in groups if g in GROUP_NAMES])
_env.globals.update(
    GROUPS=GROUPS, GROUP_LINES=GROUP_LINES, GROUP_WHY=GROUP_WHY, IMPACTS=IMPACTS, ERROR_KINDS=ERROR_KINDS,
    SCRIPT=SCRIPT, STYLE=STYLE, CSP=CSP, describe=describe, plural=plural, verdict=verdict, page_facts=page_facts,
    GROUP_NAMES=GROUP_NAMES, FIXERS=FIXERS, FIRST_SCREEN_ISSUES=FIRST_SCREEN_ISSUES, plain_span=plain_span,
)


def _context(document: dict[str, Any], shown: int | None = None) -> dict[str, Any]:
    """What the templates are given, shared by the one-file report, the
    summary of a big run and its detail files (``shown``: how many pages
    each issue lists, all when None)."""
    shots: Mapping[tuple[str, str], ElementShot] = getattr(document, "shots", {})
    document = capped(document)  # a view to read: long values end in an ellipsis
    suffix = shared_title_suffix(p["title"] for p in document["pages"] if not p["error"])
    views = page_views(document, suffix)
    return {"doc": document, "suffix": suffix, "views": views, "shots": shots, "shown": shown}


class _Shots(Mapping[tuple[str, str], str]):
    """The run's screenshots as data URIs by (capped) page URL and selector,
    each encoded when a template asks for it: a big run's detail files are
    rendered one at a time, and its shots are not all held encoded at once."""

    def __init__(self, shots: Mapping[tuple[str, str], ElementShot]) -> None:
        self._shots = {(capped(url), capped(selector)): shot for (url, selector), shot in shots.items()}

    def __getitem__(self, key: tuple[str, str]) -> str:
        return data_uri(self._shots[key])

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._shots)

    def __len__(self) -> int:
        return len(self._shots)


def _issue_context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The ranked issues and all that the report's first half shows, for
    the views in ``ctx`` (their ``href`` already set)."""
    document, views, shown = ctx["doc"], ctx["views"], ctx["shown"]
    rules = rule_index(document)
    families = {f["id"]: f["title"] for f in document.get("families") or ()}
    issues = issue_views(document["priorities"]["fix_first"], "fix", views, rules, families, shown)
    to_check = issue_views(document["priorities"]["to_check"], "check", views, rules, families, shown)
    return dict(
        doc=document,
        site=site_name(ctx["suffix"]),
        families=families,
        rules=rules,
        views=views,
        issues=issues,
        to_check=to_check,
        issue_of={**{("fail", i["id"]): i for i in issues}, **{("review", i["id"]): i for i in to_check}},
        excluded=excluded_rows(document),
        not_excluded=not_excluded(document),
        fixers=fixer_views(document, issues),
        shots=_Shots(ctx["shots"]) if ctx["shown"] else {(capped(url), capped(selector)): data_uri(shot) for (url, selector), shot in ctx["shots"].items()},
        load_bars=load_bars,
        type_bars=type_bars,
        home="",
    )


def render(document: dict[str, Any]) -> str:
    """The one-file report: every page's details in it."""
    ctx = _issue_context(_context(document))
    return _env.get_template("report.html.j2").render(**ctx, options=filter_options(ctx["views"]), page_part="_pages.html.j2")


PAGES_INLINE = 200
"""Runs of more pages than this get a summary report.html and detail files
(``report_pages_inline`` in the settings). report.html is budgeted at 10 MB
for 100 pages of the most a page keeps (ten screenshots, 300 lines of what a
screen reader hears: 9.7 MB measured, about 97 kB a page); real pages weigh
about half that (shots average 2.5 kB, transcripts 190 lines), so 200 real
pages are about the same 10 MB, a file a browser still opens and searches
in a second or two. Past that, one file grows without bound."""

PAGES_PER_FILE = 50
"""Pages in one detail file of a big run: at the 97 kB a page of the size
budget's worst case, about 5 MB, within the 10 MB budget of a detail file,
and 200 files for 10,000 pages, not 10,000 (a folder that copies, zips and
mails as one thing, and a file that opens in a moment)."""

ISSUE_PAGES_SHOWN = 20
"""How many pages each issue of a summary report lists; the rest are
counted ("and 980 more pages") and found in the page index."""

DETAILS_FOLDER = "report-pages"
"""The folder, beside report.html, of a big run's detail files."""


def is_big(document: Mapping[str, Any], pages_inline: int = PAGES_INLINE) -> bool:
    """Whether ``document`` is reported as a summary and detail files: more
    audited pages than ``pages_inline``."""
    return sum(1 for page in document["pages"] if not page["error"]) > pages_inline


def detail_name(number: int) -> str:
    """The name of the ``number``-th detail file (from 1), in the details
    folder: zero-padded, so a folder listing is in order."""
    return f"{number:04d}.html"


def _chunks(views: list[dict[str, Any]], per_file: int) -> list[list[dict[str, Any]]]:
    """The views (worst first) cut into detail files, each view's ``href``
    set to its section in its file."""
    chunks = [views[start:start + per_file] for start in range(0, len(views), per_file)]
    for number, chunk in enumerate(chunks, 1):
        for view in chunk:
            view["file"] = number
            view["href"] = f"{DETAILS_FOLDER}/{detail_name(number)}#{view['id']}"
    return chunks


def render_split(document: dict[str, Any], per_file: int = PAGES_PER_FILE) -> tuple[str, Iterator[tuple[str, str]]]:
    """A big run's report: the summary (report.html's text) and, lazily, its
    detail files as (name in the details folder, text), ``per_file`` pages
    each, worst pages first. The detail files are rendered one at a time,
    so a run of any size never holds more than one of them in memory; each
    is as self-contained and as locked down as report.html (the same
    policy, the same style sheet, no script) and links back to it."""
    base = _context(document, ISSUE_PAGES_SHOWN)
    chunks = _chunks(base["views"], per_file)  # before the issues link their pages
    ctx = _issue_context(base)
    for view in ctx["views"]:
        view["worst_impact"] = IMPACTS[view["worst"]] if view["worst"] < len(IMPACTS) else "none"
    summary = _env.get_template("report.html.j2").render(**ctx, page_part="_index.html.j2", per_file=per_file, folder=DETAILS_FOLDER)
    files = [(detail_name(number), chunk[0]["rank"] + 1, chunk[-1]["rank"] + 1) for number, chunk in enumerate(chunks, 1)]

    def details() -> Iterator[tuple[str, str]]:
        template = _env.get_template("detail.html.j2")
        for number, chunk in enumerate(chunks, 1):
            yield files[number - 1][0], template.render(**{**ctx, "home": "../report.html", "views": chunk},
                                                        number=number, files=files, total=len(ctx["views"]))

    return summary, details()

