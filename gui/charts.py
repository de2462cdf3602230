"""A small horizontal bar chart, drawn with QPainter in the palette's colours.

QtCharts is not part of PySide6-Essentials, and a few labelled bars need no
more. Colours come only from palette roles, so a high-contrast palette is
followed; the same figures are given as text (accessible description and
tooltip) for people who cannot see the bars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    """The value as a person reads it (``3.2 s``, ``12 kB``)."""


class BarChart(QWidget):
    """Labelled horizontal bars; empty when there is nothing to show."""

    def __init__(self, name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._empty_text = "Nothing to show yet."
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.set_bars([])

    def set_bars(self, bars: Sequence[Bar], empty_text: str = "Nothing to show yet.") -> None:
        self._bars = list(bars)
        self._empty_text = empty_text
        description = self.text_alternative()
        self.setAccessibleDescription(description)
        self.setToolTip(description)
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def text_alternative(self) -> str:
        """The chart's figures as one line of text."""
        if not self._bars:
            return self._empty_text
        return "; ".join(f"{b.label}: {b.text}" for b in self._bars)

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._bars))
        return QSize(320, rows * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        rows = max(1, len(self._bars))
        return QSize(160, rows * self._row_height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: ARG002 - Qt's signature
        painter = QPainter(self)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        if not self._bars:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._empty_text)
            return
        metrics = self.fontMetrics()
        label_width = min(self.width() // 3, max(metrics.horizontalAdvance(b.label) for b in self._bars) + 8)
        text_width = max(metrics.horizontalAdvance(b.text) for b in self._bars) + 8
        bar_space = max(1, self.width() - label_width - text_width - 4)
        top_value = max((b.value for b in self._bars), default=0) or 1
        row = self._row_height()
        for i, bar in enumerate(self._bars):
            y = 4 + i * row
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            label_rect = QRectF(0, y, label_width - 4, row)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 4))
            length = bar_space * max(0.0, bar.value) / top_value
            bar_rect = QRectF(label_width, y + 3, max(length, 1.0), row - 6)
            painter.fillRect(bar_rect, palette.color(QPalette.ColorRole.Highlight))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawRect(bar_rect)
            painter.drawText(QRectF(label_width + length + 4, y, text_width, row), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.text)
