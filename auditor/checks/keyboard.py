"""Keyboard: the page operated with the Tab key only.

Reads the ``keyboard`` artifact (see :mod:`auditor.collectors.keyboard`):
the focus order recorded from real Tab presses, whether focus was trapped,
how each focus stop looks focused and unfocused, the skip link and the
controls that Tab never reached.

Rules:

``keyboard-trap`` (WCAG 2.1.2, critical)
    focus goes round a few elements twice without reaching the end of the
    page, and neither Shift+Tab nor Escape then Tab gets out (the finding
    names the keys tried). A group that one of these keys leaves gets no
    finding, only a note: they are the standard ways out that WCAG 2.1.2
    allows without instructions, and a dialog that Escape closes is built
    right.
``no-visible-focus`` (WCAG 2.4.7, serious; one per element)
    the element looks the same focused and unfocused (the screenshots of it
    and 8 px around it are identical), or it is off screen when focused.
``unreachable-by-keyboard`` (WCAG 2.1.1, serious; one per element)
    a visible control (link, button, form field, ``onclick`` or a control
    role) that the Tab walk never reached. Only judged when the walk reached
    the end of the page; radio buttons and items of composite widgets
    (tabs, menus, ...) count as reached when one of their group was.
``missing-skip-link`` (WCAG 2.4.1, moderate)
    no skip link among the first focus stops although at least
    ``skip_link_min_stops`` stops before the main content sit in repeated
    content: navigation or search, the site header, links in a list. Other
    stops before main (a cookie question, a back link) are not counted, so a
    single-purpose page gets nothing.
``broken-skip-link`` (WCAG 2.4.1, serious)
    a skip link whose target is missing, or after which the next Tab does not
    land in the main content.
``focus-order-jumps`` (WCAG 2.4.3, review)
    focus goes back up the page by more than a screen to an element earlier
    in the source (a positive ``tabindex``, say).

Metrics: ``focus_stops`` (distinct elements reached by Tab), ``focus_order``
(their selectors in order, at most 50), ``focus_not_visible`` (stops with no
visible focus indicator), ``keyboard_trap`` (bool), ``focus_walk_end`` (how
the walk ended: ``left-page``, ``wrapped``, ``trap``, ``cycle``, ``cap``,
``no-stops``), ``focus_checked`` (stops whose focus rendering was compared).

Settings (``[keyboard]`` table of the config file):
``max_tab_stops``, ``max_focus_screenshots``, ``skip_link_min_stops``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..model import Finding, Target
from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, element_target, refuse_unknown, run_setting, table_settings

ID = "keyboard"

KEYBOARD_URL = "https://www.w3.org/WAI/WCAG22/Understanding/keyboard.html"
TRAP_URL = "https://www.w3.org/WAI/WCAG22/Understanding/no-keyboard-trap.html"
FOCUS_VISIBLE_URL = "https://www.w3.org/WAI/WCAG22/Understanding/focus-visible.html"
BYPASS_URL = "https://www.w3.org/WAI/WCAG22/Understanding/bypass-blocks.html"
FOCUS_ORDER_URL = "https://www.w3.org/WAI/WCAG22/Understanding/focus-order.html"

_BOTH = ("keyboard", "screen-reader")

RULES = (
    Rule("keyboard-trap", ID, "critical", ("2.1.2",), _BOTH, TRAP_URL,
         "Keyboard focus gets stuck and cannot leave part of the page.",
         "Do not move focus back from a keydown or blur handler; a dialog that keeps focus must close with Escape."),
    Rule("no-visible-focus", ID, "serious", ("2.4.7",), ("keyboard",), FOCUS_VISIBLE_URL,
         "Controls show no visible sign when they have keyboard focus.",
         "Do not remove the focus outline (outline: none) without a replacement: give :focus-visible a clear outline or "
         "border with 3:1 contrast, and bring an element into view when it has focus."),
    Rule("unreachable-by-keyboard", ID, "serious", ("2.1.1",), _BOTH, KEYBOARD_URL,
         "Controls that cannot be reached with the Tab key.",
         "Use a real <button> or <a href> (or add tabindex=\"0\" and key handlers to a custom control), and do not give "
         "controls tabindex=\"-1\"."),
    Rule("broken-skip-link", ID, "serious", ("2.4.1",), _BOTH, BYPASS_URL,
         "The skip link does not move focus to the main content.",
         "Point the skip link at the id of the <main> element (for example href=\"#main-content\" and "
         "<main id=\"main-content\" tabindex=\"-1\">)."),
    Rule("missing-skip-link", ID, "moderate", ("2.4.1",), _BOTH, BYPASS_URL,
         "No way to skip past repeated navigation to the main content.",
         "Add a \"Skip to main content\" link as the first thing on the page, pointing at the <main> element."),
    Rule("focus-order-jumps", ID, "moderate", ("2.4.3",), _BOTH, FOCUS_ORDER_URL,
         "Keyboard focus jumps around the page out of reading order.",
         "Check for positive tabindex values and scripts that move focus, and order the source as it is read.",
         outcome="review"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("focus_stops", "Keyboard focus stops", "count", "Elements the Tab key stopped on, in order, until the walk ended."),
)

MAX_TAB_STOPS = 150
"""Tab presses before the walk gives up (a page with more stops is walked
only this far, and its unreachable controls are not judged)."""

MAX_FOCUS_SCREENSHOTS = 40
"""Focus stops whose rendering is compared focused and unfocused by
screenshots. Stops that look alike (same element, class and style change on
focus) share one comparison, so this bounds the time, not the coverage."""

SKIP_LINK_MIN_STOPS = 3
"""A skip link is expected when at least this many focus stops come before
the main content (WCAG 2.4.1 technique G1: a link at the top of the page
that goes to the main content)."""

FOCUS_ORDER_LIMIT = 50
"""At most this many selectors in the ``focus_order`` metric."""

FINDINGS_LIMIT = 20
"""At most this many per-element findings of one rule on a page."""

VIEWPORT_HEIGHT = 800
"""The screen height a focus jump is measured against when no run sets it
(the run's ``viewport_height``)."""


@dataclass(frozen=True)
class Options:
    """The ``[keyboard]`` table, and the run's screen height."""

    max_tab_stops: int = MAX_TAB_STOPS
    max_focus_screenshots: int = MAX_FOCUS_SCREENSHOTS
    skip_link_min_stops: int = SKIP_LINK_MIN_STOPS
    viewport_height: int = run_setting(VIEWPORT_HEIGHT)


_LIMITS = {"max_tab_stops": (1, 2000), "max_focus_screenshots": (0, 500), "skip_link_min_stops": (1, 100)}


def parse_options(table: Mapping[str, Any]) -> Options:
    """The family's options: the defaults overridden by ``table`` (the
    ``[keyboard]`` table). Raises ValueError on an unknown name or a bad value."""
    refuse_unknown(ID, table, table_settings(Options))
    for name, value in table.items():
        low, high = _LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"[keyboard] {name} must be a whole number from {low} to {high}, not {value!r}")
    return Options(**table)


def _describe(item: Mapping[str, Any]) -> str:
    """'the link "Apply now"' or 'a <div>'."""
    role = item.get("role") or ""
    name = " ".join(str(item.get("name") or "").split())
    noun = role if role and role not in ("iframe", "generic") else f"<{item.get('tag', 'element')}>"
    return f'the {noun} "{name[:60]}"' if name else f"a {noun} with no text"


def trap_findings(artifact: Mapping[str, Any], stops: Mapping[int, Mapping[str, Any]], page: PageContext) -> list[Finding]:
    trap = artifact.get("trap")
    if artifact.get("end") != "trap" or not trap:
        return []
    cycle = [stops[i] for i in trap.get("cycle", ()) if i in stops]
    if not cycle:
        return []
    names = ", ".join(_describe(s) for s in cycle[:3]) + (" ..." if len(cycle) > 3 else "")
    return [
        RULE["keyboard-trap"].finding(
            page.url,
            tuple(element_target(s) for s in cycle[:5]),
            f"Keyboard focus is trapped: Tab goes round {plural(len(cycle), 'element')} and never reaches the rest of the page.",
            f"People who use a keyboard or a screen reader are stuck and cannot go on ({names}). "
            f"Keys tried, none of which got out: {', '.join(trap.get('tried') or ('Tab', 'Shift+Tab', 'Escape then Tab'))}. "
            + RULE["keyboard-trap"].how_to_fix,
        )
    ]


def focus_visibility_findings(artifact: Mapping[str, Any], stops: Mapping[int, Mapping[str, Any]], page: PageContext) -> list[Finding]:
    findings = []
    for result in artifact.get("focus", ()):
        if result.get("visible") is not False or result.get("id") not in stops:
            continue
        stop = stops[result["id"]]
        if result.get("why") == "off-screen":
            summary = f"Keyboard focus disappears: {_describe(stop)} is off screen or has no size when it has focus."
            fix = "Bring the element into view when it has focus (as skip links do), or take it out of the tab order if it is not meant to be used."
        else:
            summary = f"{_describe(stop)[0].upper()}{_describe(stop)[1:]} shows no visible change when it has keyboard focus."
            fix = "Do not remove the focus outline (outline: none) without a replacement: give :focus-visible a clear outline or border with 3:1 contrast."
        findings.append(
            RULE["no-visible-focus"].finding(page.url, (element_target(stop),), summary,
                                             "People who use a keyboard must see where they are on the page. " + fix)
        )
        if len(findings) >= FINDINGS_LIMIT:
            break
    return findings


def unreachable_findings(artifact: Mapping[str, Any], page: PageContext) -> list[Finding]:
    findings = []
    for item in artifact.get("unreachable", ())[:FINDINGS_LIMIT]:
        why = item.get("why") or ""
        findings.append(
            RULE["unreachable-by-keyboard"].finding(
                page.url,
                (element_target(item),),
                f"{_describe(item)[0].upper()}{_describe(item)[1:]} cannot be reached with the Tab key.",
                "People who use a keyboard instead of a mouse cannot use it" + (f" ({why})" if why else "") + ". "
                + RULE["unreachable-by-keyboard"].how_to_fix,
            )
        )
    return findings


def skip_link_findings(artifact: Mapping[str, Any], stops: Mapping[int, Mapping[str, Any]], page: PageContext, options: Options) -> list[Finding]:
    skip = artifact.get("skip_link")
    if skip:
        if skip.get("works") is not False:  # works, or could not be tried
            return []
        stop = stops.get(skip.get("id"), skip)
        if not skip.get("target_found"):
            why = f"its target {skip.get('href', '')} does not exist on the page"
        else:
            after = skip.get("focus_after") or "somewhere else"
            why = f"after following it, the next Tab goes to {after}, not the main content"
        return [
            RULE["broken-skip-link"].finding(
                page.url,
                (element_target(stop),),
                f"The skip link does not move keyboard focus to the main content: {why}.",
                "Keyboard users rely on the skip link to pass the header and navigation on every page. Point it at "
                "the id of the <main> element (for example href=\"#main-content\" and <main id=\"main-content\" tabindex=\"-1\">).",
            )
        ]
    before = artifact.get("stops_before_main")
    # Only repeated content needs bypassing (WCAG 2.4.1 is about blocks repeated
    # on many pages): a cookie question, a back link or a form before <main>
    # on a single-purpose page is passed once, and its headings and main
    # landmark already lead to the content. Artifacts from before this count
    # was kept are judged on all stops before main, as they were.
    repeated = artifact.get("repeated_before_main", before)
    if not artifact.get("main_found") or before is None or repeated is None or repeated < options.skip_link_min_stops:
        return []
    return [
        RULE["missing-skip-link"].finding(
            page.url,
            (Target("body", "<body>"),),
            f"There is no skip link, and keyboard users must press Tab {before} times to pass the links before the main content.",
            "Add a \"Skip to main content\" link as the first thing on the page, pointing at the <main> element, "
            "so people who use a keyboard do not tab through the header and navigation on every page.",
        )
    ]


def order_jump_findings(artifact: Mapping[str, Any], stops: Mapping[int, Mapping[str, Any]], page: PageContext) -> list[Finding]:
    """Focus moving to an element earlier in the source and more than a
    screen higher up the page."""
    screen = (page.options or Options()).viewport_height
    sequence = [i for i in walk_ids(artifact) if i in stops]
    jumps = []
    for a, b in zip(sequence, sequence[1:]):
        first, second = stops[a], stops[b]
        box_a, box_b = first.get("box") or {}, second.get("box") or {}
        if (
            second.get("order", 0) < first.get("order", 0)
            and box_a.get("y") is not None
            and box_b.get("y") is not None
            and box_a["y"] - box_b["y"] > screen
        ):
            jumps.append((first, second, int(box_a["y"] - box_b["y"])))
    if not jumps:
        return []
    first, second, up = jumps[0]
    return [
        RULE["focus-order-jumps"].finding(
            page.url,
            tuple(element_target(s) for _, s, _ in jumps[:5]),
            f"Keyboard focus jumps back {up} px up the page, from {_describe(first)} to {_describe(second)}"
            + (f" ({len(jumps)} such jumps)." if len(jumps) > 1 else "."),
            "Focus should follow the order of the content, or people lose their place. Check for positive tabindex "
            "values and scripts that move focus, and order the source as it is read.",
        )
    ]


def walk_ids(artifact: Mapping[str, Any]) -> list[int]:
    """The ids of the distinct focus stops, in the order Tab first reached them."""
    seen: dict[int, None] = {}
    for entry in artifact.get("sequence", ()):
        if entry is not None:
            seen.setdefault(entry, None)
    return list(seen)


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    options = page.options or Options()
    artifact = artifacts["keyboard"]
    stops = {s["id"]: s for s in artifact.get("stops", ())}
    order = [stops[i] for i in walk_ids(artifact) if i in stops]
    findings = [
        *trap_findings(artifact, stops, page),
        *skip_link_findings(artifact, stops, page, options),
        *focus_visibility_findings(artifact, stops, page),
        *unreachable_findings(artifact, page),
        *order_jump_findings(artifact, stops, page),
    ]
    focus = artifact.get("focus", ())
    metrics = {
        "focus_stops": len(order),
        "focus_order": [s.get("selector", "") for s in order[:FOCUS_ORDER_LIMIT]],
        "focus_not_visible": sum(1 for r in focus if r.get("visible") is False),
        "focus_checked": sum(1 for r in focus if r.get("visible") is not None),
        "keyboard_trap": artifact.get("end") == "trap",
        "focus_walk_end": artifact.get("end", ""),
    }
    return CheckResult(findings=tuple(findings), metrics=metrics)


CHECK = Check(id=ID, title="Keyboard", needs=("keyboard",), evaluate=evaluate, rules=RULES, parse_options=parse_options, metrics=METRICS)
