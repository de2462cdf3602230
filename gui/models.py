"""Qt item models: findings, runs and a trend, each a thin table over plain rows."""

from __future__ import annotations

from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from auditor import RunRecord, format_count, impact_rank

from .rows import FindingRow, TrendPoint, site_of

ROW_ROLE = Qt.ItemDataRole.UserRole
"""The row object behind an index."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""What a column sorts by (impact by severity, numbers as numbers)."""

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


class Column(Generic[T]):
    """One column: a heading, the text of a row, and what it sorts by."""

    def __init__(self, heading: str, text: Callable[[T], str], sort: Callable[[T], Any] | None = None) -> None:
        self.heading = heading
        self.text = text
        self.sort = sort or text


class RowTableModel(QAbstractTableModel):
    """A read-only table of row objects, described by its columns."""

    columns: Sequence[Column[Any]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row, column = self._rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.sort(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].heading
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, index: Index) -> Any:
        return self._rows[index.row()]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        """Add rows at the end (results arriving while a run goes on)."""
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()


def _change_text(row: FindingRow) -> str:
    return row.change


class FindingsModel(RowTableModel):
    """Findings, one row each: impact, outcome, rule, page, who, change, summary
    (last, so the longest text has the room left over)."""

    columns: Sequence[Column[FindingRow]] = (
        Column("Impact", lambda r: r.impact, lambda r: impact_rank(r.impact)),
        Column("Outcome", lambda r: "barrier" if r.outcome == "fail" else "to review"),
        Column("Rule", lambda r: r.rule),
        Column("Page", lambda r: r.page_url),
        Column("Who is excluded", lambda r: ", ".join(r.groups)),
        Column("Change", _change_text),
        Column("Summary", lambda r: r.summary),
    )


class RunsModel(RowTableModel):
    """Stored runs, newest first."""

    columns: Sequence[Column[RunRecord]] = (
        Column("Started", lambda r: r.started.replace("T", " ").split("+")[0]),
        Column("Site", site_of),
        Column("Pages", lambda r: f"{format_count(r.pages_done)} of {format_count(len(r.targets))}", lambda r: r.pages_done),
        Column("State", lambda r: r.state),
        Column("Run id", lambda r: r.id),
    )


class TrendModel(RowTableModel):
    """Findings per run of one site, oldest first."""

    columns: Sequence[Column[TrendPoint]] = (
        Column("Started", lambda p: p.started.replace("T", " ").split("+")[0]),
        Column("Pages", lambda p: str(p.pages), lambda p: p.pages),
        Column("Barriers", lambda p: str(p.barriers), lambda p: p.barriers),
        Column("To review", lambda p: str(p.review), lambda p: p.review),
        Column("Critical", lambda p: str(p.by_impact.get("critical", 0)), lambda p: p.by_impact.get("critical", 0)),
        Column("Serious", lambda p: str(p.by_impact.get("serious", 0)), lambda p: p.by_impact.get("serious", 0)),
        Column("Run id", lambda p: p.run_id),
    )


ANY = ""
"""A filter that lets every value through."""


class FindingsFilter(QSortFilterProxyModel):
    """Narrows findings by who is excluded, impact, rule, page and change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.group = ANY
        self.impact = ANY
        self.rule = ANY
        self.page = ANY
        self.only_new = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, **values: Any) -> None:
        """Change any of ``group``, ``impact``, ``rule``, ``page``, ``only_new``."""
        unknown = set(values) - {"group", "impact", "rule", "page", "only_new"}
        if unknown:
            raise TypeError(f"unknown filter {sorted(unknown)[0]!r}")
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self.__dict__.update(values)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.__dict__.update(values)
            self.invalidateRowsFilter()

    def accepts(self, row: FindingRow) -> bool:
        return (
            (self.group == ANY or self.group in row.groups)
            and (self.impact == ANY or row.impact == self.impact)
            and (self.rule == ANY or row.rule_id == self.rule)
            and (self.page == ANY or row.page_url == self.page)
            and (not self.only_new or row.change == "new")
        )

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
        return row is not None and self.accepts(row)
