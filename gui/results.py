"""The results view: who is excluded, what to fix first, the findings table,
details, and the page's metrics and what a screen reader hears on it.

It shows a run as it arrives (page by page) or as stored; either way the
summary is the report's own (:func:`auditor.verdict.summarise`) and the
plain-English line for each group is the HTML report's (:mod:`auditor.words`).
A stored run also shows the report's priorities (:mod:`.fixfirst`): its
issues ranked, who is excluded by severity, and who makes each fix.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Mapping, Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from auditor import GROUP_LINES, GROUPS, IMPACTS, PageResult, format_bytes, metric_table, page_facts, plural, run_counts, skipped_why, summarise

from .charts import Bar, BarChart
from .detail import DetailPane
from .fixfirst import FixFirstBox, excluded_html
from .hears import HearsPanel
from .a11y import add_row, named
from .models import ANY, ROW_ROLE, FindingsFilter, FindingsModel
from .rows import FindingRow, rows_of_page

Shot = tuple[str, bytes]
SUMMARY_DELAY_MS = 250
METRIC_TABLE = metric_table()
"""Every family's declared page figures: a page lists those it has."""


def _readable_label(name: str) -> QLabel:
    """A label a keyboard user can reach and a screen reader reads."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    named(label, name)
    return label


def headline(summary: Mapping[str, Any]) -> str:
    """The run in one sentence: pages, barriers by impact, things to review
    (the console's line, from :mod:`auditor.words`)."""
    return run_counts(summary)


def who_is_excluded_html(summary: Mapping[str, Any], failed: Sequence[PageResult]) -> str:
    """While a run goes on: who is excluded, worst-hit group first, and the
    pages that failed (a finished run shows the report's list instead)."""
    groups = sorted(((g, c) for g, c in summary["by_group"].items() if c["findings"]), key=lambda gc: -gc[1]["findings"])
    items = [
        f"<li>{html.escape(GROUP_LINES.get(g, g))}: {plural(c['findings'], 'barrier')} on {plural(c['pages'], 'page')}</li>"
        for g, c in groups
    ]
    text = f"<ul>{''.join(items)}</ul>" if items else "<p>No barriers found for any group.</p>"
    return text + failed_html(failed)


def _pages_html(heading: str, lines: Sequence[str]) -> str:
    """A heading and one escaped line a page; nothing when there is no page."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<p>{heading}</p><ul>{items}</ul>" if lines else ""


def failed_html(failed: Sequence[PageResult]) -> str:
    """The pages that could not be audited, and why."""
    return _pages_html("Pages that could not be audited:", [f"{p.url}: {p.error.message if p.error else ''}" for p in failed])


def skipped_html(skipped: Sequence[Mapping[str, str]]) -> str:
    """The pages the run found and left alone on purpose (robots.txt), and why."""
    return _pages_html("Pages skipped on purpose (not an error):", [f"{s['url']}: {skipped_why(s)}" for s in skipped])


def load_bars(metrics: Mapping[str, Any]) -> list[Bar]:
    """Estimated load time on each network profile."""
    return [Bar(name, ms / 1000, f"{ms / 1000:.1f} s") for name, ms in (metrics.get("load_ms") or {}).items()]


def weight_bars(metrics: Mapping[str, Any]) -> list[Bar]:
    """Bytes on the wire by kind of file, heaviest first."""
    by_type = metrics.get("bytes_by_type") or {}
    return [Bar(kind, n, format_bytes(n)) for kind, n in sorted(by_type.items(), key=lambda kv: -kv[1]) if n]


def facts_text(result: PageResult | None, table: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The page's figures as plain sentences, one a line, listed from the
    metrics the families declare (``table``, by default every family's), as
    report.html lists them."""
    if result is None:
        return "Choose a finding to see the figures of its page."
    if result.error is not None:
        return f"{result.url} could not be audited: {result.error.message}"
    rows = page_facts(result.metrics, METRIC_TABLE if table is None else table)
    facts = [f"Page: {result.title or result.url}", *(f"{label}: {text}" for label, text in rows)]
    if not rows:
        facts.append("No page figures: the checks that measure them did not run on this page.")
    return "\n".join(facts)


class ResultsView(QWidget):
    """A run's results, filled as pages finish or from the store."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.run_id = ""
        self._results: list[PageResult] = []
        self._shots: dict[tuple[str, str], Shot] = {}
        self._fail_on = "serious"
        self._allow_unreachable = False
        self._priorities: Mapping[str, Any] | None = None
        self._skipped: Sequence[Mapping[str, str]] = ()
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._refresh)
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)

        self.table = self._findings_table()
        self.detail = DetailPane(self._shot)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.detail)
        # The page's figures first; what a screen reader hears on it one tab over.
        self.hears = HearsPanel()
        self.page_tabs = QTabWidget()
        self.page_tabs.addTab(self._metrics_area(), "P&age figures")
        self.page_tabs.addTab(self.hears, "What a screen reader hea&rs")
        named(self.page_tabs, "About the page", "The chosen finding's page: its figures, and what a screen reader hears on it.")
        named(self.page_tabs.tabBar(), "About the page: figures or what a screen reader hears")
        bottom.addWidget(self.page_tabs)
        bottom.setChildrenCollapsible(False)
        # Wrapped text stays out of the splitter: a splitter sizes its panes
        # without asking how tall wrapped lines get, and would squeeze them.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._summary_box())
        self.fix_first = FixFirstBox()
        self.fix_first.issue_chosen.connect(self.show_rule)
        layout.addWidget(self.fix_first)
        layout.addWidget(self._filter_box())
        layout.addWidget(split, 1)
        self.clear()

    # building

    def _summary_box(self) -> QGroupBox:
        box = QGroupBox("Who is excluded")
        layout = QVBoxLayout(box)
        self.headline = _readable_label("Run summary")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.who = _readable_label("Who is excluded")
        layout.addWidget(self.headline)
        layout.addWidget(self.who)
        return box

    def _filter_box(self) -> QGroupBox:
        box = QGroupBox("Show findings")
        grid = QGridLayout(box)
        self.group_filter = QComboBox()
        self.group_filter.addItem("Everyone", ANY)
        for group in GROUPS:
            self.group_filter.addItem(GROUP_LINES.get(group, group), group)
        self.impact_filter = QComboBox()
        self.impact_filter.addItem("Any impact", ANY)
        for impact in IMPACTS:
            self.impact_filter.addItem(impact, impact)
        self.rule_filter = QComboBox()
        self.page_filter = QComboBox()
        for n, (combo, label) in enumerate((
            (self.group_filter, "&Who:"),
            (self.impact_filter, "I&mpact:"),
            (self.rule_filter, "R&ule:"),
            (self.page_filter, "Pa&ge:"),
        )):
            form = QFormLayout()
            add_row(form, label, combo, f"Show only findings with this {label.replace('&', '').rstrip(':').lower()}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self._apply_filters)
            grid.addLayout(form, n // 2, n % 2)
        self.only_new = named(QCheckBox("&New only"), "Show only new findings", "Findings not in the run compared with.")
        self.only_new.toggled.connect(self._apply_filters)
        grid.addWidget(self.only_new, 0, 2)
        return box

    def _findings_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()  # row numbers would follow sorting and filtering, and mean nothing
        metrics = table.fontMetrics()
        for column, characters in enumerate((9, 9, 16, 28, 22, 9)):
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            room_for_sort_arrow = 2 * metrics.height()
            table.setColumnWidth(column, max(metrics.averageCharWidth() * characters, metrics.horizontalAdvance(heading) + room_for_sort_arrow))
        named(table, "Findings", "Every finding of the run; choose one to read about it. Sort by a column with its header.")
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        return table

    def _metrics_area(self) -> QScrollArea:
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.facts = _readable_label("Page figures")
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.load_chart = BarChart("Estimated load time on each network")
        self.weight_chart = BarChart("Page weight by kind of file")
        load_caption = QLabel("Estimated load time:")
        weight_caption = QLabel("Page weight by kind of file:")
        layout.addWidget(self.facts)
        layout.addWidget(load_caption)
        layout.addWidget(self.load_chart)
        layout.addWidget(weight_caption)
        layout.addWidget(self.weight_chart)
        layout.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    def focus_order(self) -> list[QWidget]:
        return [self.headline, self.who, self.fix_first.table, self.fix_first.fixers, self.group_filter, self.impact_filter, self.rule_filter, self.page_filter, self.only_new,
                self.table, self.detail.text, self.detail.snippet, self.page_tabs.tabBar(), self.facts, self.hears.lines]

    # content

    def clear(self) -> None:
        self._summary_timer.stop()
        self.run_id = ""
        self._results = []
        self._shots = {}
        self._priorities = None
        self._skipped = ()
        self.fix_first.show_priorities(None)
        self.model.set_rows([])
        for combo, first in ((self.rule_filter, "Any rule"), (self.page_filter, "Any page")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, ANY)
            combo.blockSignals(False)
        self._refresh()

    def begin_run(self, run_id: str, fail_on: str = "serious", allow_unreachable: bool = False) -> None:
        """Empty the view for a run about to deliver pages."""
        self.clear()
        self.run_id = run_id
        self._fail_on, self._allow_unreachable = fail_on, allow_unreachable

    def add_page(self, result: PageResult) -> None:
        """One finished page: its findings join the table at once; the
        summary follows within :data:`SUMMARY_DELAY_MS` (once for a burst of
        pages, so a large run does not recount everything on every page)."""
        self._add([(result, result.to_dict())])
        if not self._summary_timer.isActive():
            self._summary_timer.start()

    def show_document(self, document: Mapping[str, Any], shots: Mapping[tuple[str, str], Any] | None = None) -> None:
        """A stored run, as its report document (baseline marks included)."""
        config = document["run"]["config"]
        self.begin_run(document["run"]["id"], config.get("fail_on", "serious"), bool(config.get("allow_unreachable", False)))
        self._shots = {key: (shot.mime, shot.data) for key, shot in (shots or {}).items()}
        self._add([(PageResult.from_dict(page), page) for page in document["pages"]])
        self._priorities = document["priorities"]
        self._skipped = document.get("skipped", ())
        self.fix_first.show_priorities(self._priorities, document["summary"]["audited"])
        self._refresh()

    def _add(self, pages: Sequence[tuple[PageResult, Mapping[str, Any]]]) -> None:
        """Pages (result and its report row) into the table and the filters' choices."""
        rows: list[FindingRow] = []
        for result, page in pages:
            self._results.append(result)
            for shot in getattr(result, "shots", ()):
                self._shots[(result.url, shot.selector)] = (shot.mime, shot.data)
            rows += rows_of_page(page)
        self.model.append_rows(rows)
        self._offer(self.rule_filter, sorted({r.rule_id for r in rows}))
        self._offer(self.page_filter, [result.url for result, _ in pages])

    def results(self) -> list[PageResult]:
        return list(self._results)

    def _shot(self, url: str, selector: str) -> Shot | None:
        return self._shots.get((url, selector))

    def _offer(self, combo: QComboBox, values: Iterable[str]) -> None:
        """Add new choices to a filter without disturbing the one chosen."""
        for value in values:
            if combo.findData(value) < 0:
                combo.addItem(value, value)

    def _apply_filters(self) -> None:
        self.proxy.set_filter(
            group=self.group_filter.currentData() or ANY,
            impact=self.impact_filter.currentData() or ANY,
            rule=self.rule_filter.currentData() or ANY,
            page=self.page_filter.currentData() or ANY,
            only_new=self.only_new.isChecked(),
        )

    def _refresh(self) -> None:
        if not self._results:
            self.headline.setText("No results yet: set up an audit and start it, or open a run from History.")
            self.who.setText("")
        else:
            summary = summarise(self._results, self._fail_on, self._allow_unreachable)
            self.headline.setText(headline(summary))
            failed = [r for r in self._results if r.error is not None]
            if self._priorities is None:  # pages still arriving: counted as they come
                self.who.setText(who_is_excluded_html(summary, failed))
            else:  # the run as stored: the report's own list, by severity
                self.who.setText(excluded_html(self._priorities["excluded"]) + failed_html(failed) + skipped_html(self._skipped))
        if not self.table.selectionModel().hasSelection():
            self._show_page(self._results[0] if self._results else None)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: ARG002
        row: FindingRow | None = current.data(ROW_ROLE) if current.isValid() else None
        self.detail.show_row(row)
        if row is not None:
            self._show_page(next((r for r in self._results if r.url == row.page_url), None))

    def _show_page(self, result: PageResult | None) -> None:
        self.facts.setText(facts_text(result))
        self.hears.show_page(result)
        if result is None:  # no page yet: nothing is missing from one
            self.load_chart.set_bars([], "Choose a finding to see the estimated load time of its page on each network.")
            self.weight_chart.set_bars([], "Choose a finding to see the weight of its page by kind of file.")
            return
        metrics = result.metrics if result.error is None else {}
        self.load_chart.set_bars(load_bars(metrics), "No load-time estimates: the low-bandwidth checks did not run on this page.")
        self.weight_chart.set_bars(weight_bars(metrics), "No page weight: the low-bandwidth checks did not run on this page.")

    def show_rule(self, rule: str) -> None:
        """List only the findings of one rule, ``family/rule`` (an issue chosen
        in Fix first), and read the first."""
        index = self.rule_filter.findData(rule)
        if index >= 0:
            self.rule_filter.setCurrentIndex(index)
            self.select_first()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_first(self) -> None:
        """Choose the first finding in the table (as sorted and filtered)."""
        if self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
