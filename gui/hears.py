"""What a screen reader hears on a page: its transcript, line by line.

The hears family keeps with each page the lines a screen reader announces,
in reading order (``PageResult.screen_reader``). Read next to a finding, the
transcript shows what its barrier sounds like ("link, Read more", "image,
crest.png"). The lines came from the audited page: they are shown as plain
list items, never rendered as rich text.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QVBoxLayout, QWidget

from auditor import PageResult, plural

from .a11y import named

WAITING = "Choose a finding to hear its page as a screen reader says it."
NOT_RUN = "Not listened to: the checks of what a screen reader hears did not run on this page."


def heard_lines(heard: Sequence[Mapping[str, Any]]) -> list[str]:
    """The transcript as numbered plain lines, in the order heard."""
    return [f"{n}. {line.get('text') or ''}" for n, line in enumerate(heard, 1)]


def heard_caption(result: PageResult | None) -> str:
    """What the panel says above the lines: which page and how many lines,
    or why there are none."""
    if result is None:
        return WAITING
    page = result.title or result.url
    if result.error is not None:
        return f"{page} could not be audited: nothing was heard."
    if result.screen_reader is None:
        return NOT_RUN
    if not result.screen_reader:
        return f"{page}: nothing; the page exposes nothing a screen reader announces."
    return f"{page}: {plural(len(result.screen_reader), 'line')}, in reading order."


class HearsPanel(QWidget):
    """One page's transcript: a caption and the list of lines heard."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.lines = QListWidget()
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setWordWrap(True)
        self.lines.setUniformItemSizes(False)
        named(self.lines, "What a screen reader hears", "The lines a screen reader announces on the page, in reading order.")
        self.caption.setBuddy(self.lines)
        layout.addWidget(self.caption)
        layout.addWidget(self.lines, 1)
        self.show_page(None)

    def show_page(self, result: PageResult | None) -> None:
        self.caption.setText(heard_caption(result))
        self.lines.clear()
        if result is not None and result.error is None and result.screen_reader:
            self.lines.addItems(heard_lines(result.screen_reader))
        self.lines.setAccessibleDescription(self.caption.text())

    def texts(self) -> list[str]:
        return [self.lines.item(i).text() for i in range(self.lines.count())]
