"""Fix first: the run's issues, most urgent first, who is shut out, and who
makes each fix, as the report shows them.

Everything here is read from the report document's ``priorities``, ranked
once by the core for the report, the console and this window alike; the
window never ranks or counts again. Issue text comes from the run's rule
table, and examples are addresses of audited pages, so both are escaped
wherever they are shown as rich text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QLabel, QTableView, QVBoxLayout

from auditor import GROUP_LINES, format_count, plural

from .a11y import named
from .models import Column, RowTableModel

WAITING = "The issues to fix first are listed when the run has finished."
ISSUE_CHARACTERS = 70
"""Widest the issue column grows to fit its text (a longer one is cut, and whole in its tooltip)."""
SHOWN_ROWS = 6
"""Rows the table shows before it scrolls: the top issues at a glance."""


@dataclass(frozen=True)
class IssueRow:
    """One issue (a rule's findings on every page) as the Fix first table shows it."""

    rank: int
    id: str
    rule: str
    description: str
    impact: str
    pages: int
    audited: int
    elements: int
    groups: tuple[str, ...]
    fixer: str
    example: str
    how_to_fix: str = ""


def issue_rows(priorities: Mapping[str, Any], audited: int) -> list[IssueRow]:
    """The ranked issues of a report document's ``priorities``, in its order."""
    fixers = {entry["fixer"]: entry["label"] for entry in priorities.get("by_fixer") or ()}
    return [
        IssueRow(rank, issue["id"], issue["rule"], issue.get("description") or issue["id"], issue["impact"], issue["page_count"], audited,
                 issue.get("elements", 0), tuple(issue.get("groups") or ()), fixers.get(issue.get("fixed_by", ""), issue.get("fixed_by", "")),
                 (issue.get("example") or {}).get("url", ""), issue.get("how_to_fix", ""))
        for rank, issue in enumerate(priorities.get("fix_first") or (), 1)
    ]


def excluded_html(excluded: Sequence[Mapping[str, Any]]) -> str:
    """Who is shut out, worst first (the order the core gives): each group's
    critical and serious barriers and the pages they are on, and a group
    that meets only minor ones said to."""
    items = []
    for entry in excluded:
        who = html.escape(GROUP_LINES.get(entry["group"], entry["group"]))
        severe = [f"{entry[i]} {i}" for i in ("critical", "serious") if entry.get(i)]
        if entry.get("only_minor"):
            what = f"only minor barriers ({entry['findings']})"
        elif severe:
            counted = sum(entry.get(i, 0) for i in ("critical", "serious"))
            what = " and ".join(severe) + (" barrier" if counted == 1 else " barriers")
            what += f" ({entry['findings']} in all)" if entry["findings"] > counted else ""
        else:
            what = plural(entry["findings"], "barrier") + ", none critical or serious"
        items.append(f"<li>{who}: {what}, on {plural(entry['pages'], 'page')}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p>No barriers found for any group.</p>"


NAMED_PER_FIXER = 3
"""Issues named on each fixer's line; the table has them all."""


def by_fixer_text(priorities: Mapping[str, Any]) -> str:
    """The issues by who makes the fix, each list in rank order, as plain text."""
    names = {issue["id"]: (issue.get("description") or issue["id"]).rstrip(".") for issue in priorities.get("fix_first") or ()}
    lines = []
    for entry in priorities.get("by_fixer") or ():
        ids = entry["issues"]
        named_ = "; ".join(names.get(i, i) for i in ids[:NAMED_PER_FIXER]) + (f"; and {len(ids) - NAMED_PER_FIXER} more" if len(ids) > NAMED_PER_FIXER else "")
        lines.append(f"{entry['label']} ({plural(len(ids), 'issue')}, {plural(entry['findings'], 'finding')}): {named_}.")
    to_check = len(priorities.get("to_check") or ())
    if to_check:
        lines.append(f"Also {plural(to_check, 'thing')} for a person to check: the tool cannot tell whether they are barriers.")
    return "\n".join(lines)


class IssuesModel(RowTableModel):
    """The ranked issues, one row each, in the core's order."""

    columns: Sequence[Column[IssueRow]] = (
        Column("#", lambda r: str(r.rank)),
        Column("Impact", lambda r: r.impact),
        Column("Pages", lambda r: f"{format_count(r.pages)} of {format_count(r.audited)}"),
        Column("Issue", lambda r: r.description),
        Column("Who is excluded", lambda r: ", ".join(r.groups)),
        Column("Who fixes it", lambda r: r.fixer),
        Column("Example page", lambda r: r.example),
    )


class FixFirstBox(QGroupBox):
    """The Fix first table with how it is ranked, and the fixes by who makes
    them. Choosing an issue (Enter or a double click) asks for its findings."""

    issue_chosen = Signal(str)
    """The issue chosen, by its rule's identity (``axe/image-alt``), to show its findings."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__("Fix first", parent)
        self.model = IssuesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()  # the rank is a column of its own
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        for column, characters in enumerate((3, 10, 7, 55, 26, 20)):
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, max(metrics.averageCharWidth() * characters, metrics.horizontalAdvance(heading) + metrics.height()))
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header.sizeHint().height() + row_height * SHOWN_ROWS + 2 * self.table.frameWidth())
        named(self.table, "Issues to fix first", "One row per issue, most urgent first. Press Enter on an issue to list its findings below.")
        self.table.activated.connect(lambda index: self.issue_chosen.emit(self.model.row_at(index).id))
        self.how = QLabel()
        self.how.setWordWrap(True)
        self.how.setTextFormat(Qt.TextFormat.PlainText)
        self.fixers = QLabel()
        self.fixers.setWordWrap(True)
        self.fixers.setTextFormat(Qt.TextFormat.PlainText)
        self.fixers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fixers.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        named(self.fixers, "Fixes by who makes them")
        layout = QVBoxLayout(self)
        layout.addWidget(self.how)
        layout.addWidget(self.table)
        layout.addWidget(self.fixers)
        self.show_priorities(None)

    def show_priorities(self, priorities: Mapping[str, Any] | None, audited: int = 0) -> None:
        """The document's priorities; ``None`` while a run is going (the core ranks a finished run)."""
        if priorities is None:
            self.model.set_rows([])
            self.how.setText(WAITING)
            self.fixers.setText("")
            return
        rows = issue_rows(priorities, audited)
        self.model.set_rows(rows)
        self._fit_columns()
        self.how.setText(priorities.get("how_ranked", "") if rows else "No barriers found: nothing to fix.")
        self.fixers.setText(by_fixer_text(priorities))

    def _fit_columns(self) -> None:
        """Short columns as wide as their text; the issue up to :data:`ISSUE_CHARACTERS`; the example takes the rest."""
        for column in (0, 1, 2, 4, 5):
            self.table.resizeColumnToContents(column)
        self.table.resizeColumnToContents(3)
        widest = self.table.fontMetrics().averageCharWidth() * ISSUE_CHARACTERS
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), widest))
