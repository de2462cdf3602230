"""The history view: stored runs, opening one, comparing two, and a trend per site."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor import RunRecord, Store, plural

from .charts import Bar, BarChart
from .a11y import named
from .models import SORT_ROLE, FindingsModel, RunsModel, TrendModel
from .rows import Comparison, TrendPoint, compare_runs, site_of, trend


def table_view(name: str, description: str, model: Any, multi: bool = False) -> QTableView:
    """A read-only, sortable, row-selecting table named for assistive technology."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi else QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.verticalHeader().hide()  # row numbers would follow sorting, and mean nothing
    model.modelReset.connect(table.resizeColumnsToContents)  # few rows: every date and id in full
    named(table, name, description)
    return table


class HistoryView(QWidget):
    """Past runs from the store. ``open_requested`` asks the window to show a run."""

    open_requested = Signal(str)
    resume_requested = Signal(str)
    """Finish an unfinished run (the pages it has not done yet)."""
    compared = Signal(object)
    """A :class:`Comparison`, after two runs were compared."""
    failed = Signal(str)

    def __init__(self, store: Store | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runs_model = RunsModel(self)
        self.compare_model = FindingsModel(self)
        self.trend_model = TrendModel(self)
        self.comparison: Comparison | None = None
        self._trend_points: dict[str, TrendPoint] = {}

        self.runs = table_view("Stored runs", "Runs kept in the store, newest first. Choose one to open, or two to compare.", self.runs_model, multi=True)
        self.runs.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.runs.selectionModel().selectionChanged.connect(self._selection_changed)
        self.runs.activated.connect(lambda index: self.open_selected())  # Enter, or a double click
        self.refresh_button = named(QPushButton("&Refresh"), "Refresh the list of runs")
        self.open_button = named(QPushButton("&Open run"), "Open the chosen run in Results")
        self.compare_button = named(QPushButton("&Compare two runs"), "Compare the two chosen runs: new and fixed findings")
        self.resume_button = named(QPushButton("R&esume run"), "Resume the chosen unfinished run", "Audit the pages the run had not done when it stopped.")
        self.resume_button.clicked.connect(self.resume_selected)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.open_button, self.resume_button, self.compare_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        below = QHBoxLayout()
        below.addWidget(self._compare_box(), 1)
        below.addWidget(self._trend_box(), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.runs, 1)
        layout.addLayout(buttons)
        layout.addLayout(below, 1)
        self._selection_changed()

    def _compare_box(self) -> QGroupBox:
        box = QGroupBox("Compare two runs")
        layout = QVBoxLayout(box)
        self.compare_summary = QLabel("Choose two runs above and press Compare.")
        self.compare_summary.setWordWrap(True)
        self.compare_table = table_view("New and fixed findings", "Findings new in the later run, and those it fixed.", self.compare_model)
        self.compare_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # worst first
        layout.addWidget(self.compare_summary)
        layout.addWidget(self.compare_table, 1)
        return box

    def _trend_box(self) -> QGroupBox:
        box = QGroupBox("Trend for the site")
        layout = QVBoxLayout(box)
        self.trend_summary = QLabel("Choose a run to see how its site has changed over time.")
        self.trend_summary.setWordWrap(True)
        self.trend_chart = BarChart("Barriers found in each run of the site")
        self.trend_table = table_view("Findings in each run of the site", "One row per run of the site, oldest first.", self.trend_model)
        self.trend_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.trend_summary)
        layout.addWidget(self.trend_chart)
        layout.addWidget(self.trend_table, 1)
        return box

    def focus_order(self) -> list[QWidget]:
        return [self.runs, self.refresh_button, self.open_button, self.resume_button, self.compare_button, self.compare_table, self.trend_table]

    # behaviour

    def set_store(self, store: Store) -> None:
        if store is not self.store:
            self._trend_points = {}
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        if self.store is None:
            return
        self.runs_model.set_rows(self.store.runs())
        self._selection_changed()

    def selected_runs(self) -> list[RunRecord]:
        """The chosen runs, oldest first (the store lists them newest first)."""
        proxy = self.runs.model()
        rows = sorted({proxy.mapToSource(i).row() for i in self.runs.selectionModel().selectedRows()}, reverse=True)
        return [self.runs_model.rows()[row] for row in rows]

    def _selection_changed(self, *args: Any) -> None:
        chosen = self.selected_runs()
        self.open_button.setEnabled(len(chosen) == 1)
        self.resume_button.setEnabled(len(chosen) == 1 and chosen[0].resumable)
        self.compare_button.setEnabled(len(chosen) == 2)
        if len(chosen) >= 1 and self.store is not None:
            self.show_trend(site_of(chosen[-1]))

    def open_selected(self) -> None:
        chosen = self.selected_runs()
        if len(chosen) == 1:
            self.open_requested.emit(chosen[0].id)

    def resume_selected(self) -> None:
        chosen = self.selected_runs()
        if len(chosen) == 1 and chosen[0].resumable:
            self.resume_requested.emit(chosen[0].id)

    def compare_selected(self) -> None:
        chosen = self.selected_runs()
        if len(chosen) == 2:
            self.compare(chosen[0].id, chosen[1].id)

    def compare(self, before: str, after: str) -> Comparison | None:
        """New and fixed findings of ``after`` against ``before``, shown in the table."""
        if self.store is None:
            return None
        try:
            comparison = compare_runs(self.store, before, after)
        except Exception as exc:  # a run deleted meanwhile, a broken store
            from .messages import plain_message

            self.failed.emit(plain_message(exc))
            return None
        self.comparison = comparison
        self.compare_model.set_rows(comparison.rows)
        self.compare_summary.setText(
            f"Run {after} against run {before}: {len(comparison.new)} new, {len(comparison.fixed)} fixed, {comparison.unchanged} unchanged."
        )
        self.compared.emit(comparison)
        return comparison

    def show_trend(self, site: str) -> None:
        if self.store is None or not site:
            return
        points = trend(self.store, site, self.runs_model.rows(), self._trend_points)
        self.trend_model.set_rows(points)
        self.trend_chart.set_bars(
            [Bar(p.started.replace("T", " ")[:16], p.barriers, plural(p.barriers, "barrier")) for p in points],
            "No runs of this site yet.",
        )
        self.trend_summary.setText(f"{site}: {plural(len(points), 'run')}, oldest first.")
