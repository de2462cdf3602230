"""What the command line prints after a run, as plain text: the run's top
issues as a short table, the comparison with a baseline, and every string
from an audited page made safe for a terminal.

The issues are the report document's ``priorities.fix_first``, ranked once
by :mod:`auditor.priorities`; nothing here ranks again, so the console, the
HTML report and the desktop app list the same issues in the same order.

A page's title, its address, a server's status line or a finding's text
are the page's to choose. Printed raw, an escape sequence among them would
be obeyed by the terminal (move the cursor, rewrite the title bar, hide the
lines before it, or on some terminals worse), so each is passed through
:func:`printable` first. Kept free of anything but plain data in and text
out, so it can be tested without a browser.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping, Sequence

from .words import format_count, plural, skipped_why

TOP_ISSUES = 10
"""Issues listed on the console; the reports list them all."""

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder how the text after them is shown, so a line could
read as something else than it says ("Trojan Source")."""

_SPACES = frozenset("\t\n\v\f\r")
_C1_OR_DEL = re.compile("[\u007f-\u009f]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: Any) -> str:
    """``text`` on one line, with every other control character (C0, DEL
    and C1, which take ESC's place on some terminals) and every
    bidirectional control written out as a visible escape (``\\x1b``), so
    the terminal shows it and obeys nothing. Tabs and line breaks become
    spaces: a console line is one line."""
    return "".join(" " if c in _SPACES else _escape(c) if unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS else c
                   for c in str(text))


def json_for_terminal(text: str) -> str:
    """JSON text (as :mod:`json` writes it with ``ensure_ascii=False``) with
    DEL and the C1 controls written as ``\\u`` escapes. :mod:`json` escapes
    only the C0 controls; C1 controls (U+009B is a one-character escape
    sequence on some terminals) would otherwise reach a terminal raw. They
    only occur inside strings, where the escape means the same character,
    so the JSON is unchanged for any reader."""
    return _C1_OR_DEL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis where cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _fit_middle(text: str, width: int) -> str:
    """``text`` cut in the middle, so an address keeps its host and its last path segment."""
    if len(text) <= width:
        return text
    head = max(0, (width - 1) // 2)
    return text[:head] + "…" + text[len(text) - max(0, width - 1 - head):]


HEADINGS = ("#", "IMPACT", "PAGES", "ISSUE", "EXAMPLE")
_IMPACT_WIDTH = len("critical")
_ISSUE_WIDTH = 60
"""Widest the issue column gets; a longer description is cut (the reports have it whole)."""


def fix_first_lines(priorities: Mapping[str, Any], width: int | None = None, top: int = TOP_ISSUES) -> list[str]:
    """The run's top issues as a table: rank, worst impact, pages affected,
    the rule's plain description (its id when it has none) and one page it
    is on. One line an issue; on a terminal (``width``) too narrow for
    that, the example goes on a line of its own under the issue, each cut
    to fit, so no line wraps. Without ``width`` (a log, a pipe) the example
    address is always whole."""
    ranked: Sequence[Mapping[str, Any]] = priorities.get("fix_first") or ()
    if not ranked:
        return ["Fix first: nothing; no barriers were found."]
    shown = ranked[:top]
    rows = [(str(n), printable(issue["impact"]), str(issue["page_count"]), printable(issue.get("description") or issue["id"]),
             printable((issue.get("example") or {}).get("url", ""))) for n, issue in enumerate(shown, 1)]
    number = max(len(HEADINGS[0]), *(len(r[0]) for r in rows))
    pages = max(len(HEADINGS[2]), *(len(r[2]) for r in rows))
    # On a terminal an issue is cut to a column; in a log (no width) it is whole.
    issue_width = min(_ISSUE_WIDTH if width is not None else 10_000, max(len(HEADINGS[3]), *(len(r[3]) for r in rows)))
    indent = 2 + number + 2 + _IMPACT_WIDTH + 2 + pages + 2  # where the issue column starts
    longest = indent + issue_width + 2 + max(len(HEADINGS[4]), *(len(r[4]) for r in rows))
    room = None if width is None else width - 1  # the terminal's last column stays free: a full line would wrap
    stacked = room is not None and longest > room
    if stacked:
        issue_width = min(issue_width, max(len(HEADINGS[3]), room - indent))
    heading = f"Fix first: the top {len(shown)} of {plural(len(ranked), 'issue')}" if len(ranked) > len(shown) else f"Fix first: {plural(len(ranked), 'issue')}"
    lines = [heading + ", most urgent first:"]
    for n, impact, count, issue, url in (HEADINGS, *rows):
        start = f"  {n:>{number}}  {impact:<{_IMPACT_WIDTH}}  {count:>{pages}}  "
        if stacked:
            lines.append((start + _fit(issue, issue_width)).rstrip())
            lines.append(" " * indent + _fit_middle(url, max(8, room - indent)))
        else:
            lines.append(f"{start}{_fit(issue, issue_width):<{issue_width}}  {url}".rstrip())
    return lines


SKIPPED_SHOWN = 20
"""Skipped pages listed on the console; report.json and report.html list them all."""


def skipped_lines(skipped: Sequence[dict[str, str]], shown: int = SKIPPED_SHOWN) -> list[str]:
    """One line per page the run left alone on purpose (not an error)."""
    lines = [printable(f"Skipped {s['url']}: {skipped_why(s)}") for s in skipped[:shown]]
    if len(skipped) > shown:
        lines.append(f"... and {format_count(len(skipped) - shown)} more skipped pages, listed in the reports")
    return lines


def baseline_line(summary: Mapping[str, Any]) -> str:
    """New and fixed findings against the baseline, or nothing without one."""
    baseline = summary.get("baseline")
    if not baseline:
        return ""
    return (f"Compared with {printable(baseline['source'])}: {baseline['new']} new, {baseline['fixed']} fixed, "
            f"{baseline['unchanged']} unchanged.")
