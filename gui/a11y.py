"""Small helpers that make every control reachable and announced."""

from __future__ import annotations

from typing import Sequence, TypeVar

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Give a control the name (and description) assistive technology reads out."""
    widget.setAccessibleName(name)
    if isinstance(widget, QComboBox):  # the list that pops up is a control of its own
        widget.view().setAccessibleName(f"{name}: choices")
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in the order given."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def add_row(form: QFormLayout, label: str, field: QWidget, description: str = "") -> QLabel:
    """A labelled row; the label is the field's buddy and names it."""
    caption = QLabel(label)
    caption.setBuddy(field)
    named(field, label.replace("&", "").rstrip(":"), description)
    form.addRow(caption, field)
    return caption
