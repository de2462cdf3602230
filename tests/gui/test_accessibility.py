"""The app is usable without a mouse, with a screen reader, zoomed and in high contrast."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def focusable(root: QWidget) -> list[QWidget]:
    """Every widget Tab or a click can give focus to (a widget that hands its
    focus to another, such as a spin box's inner editor, is the other's part)."""
    return [w for w in root.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.focusProxy() is None]


def test_every_focusable_control_has_an_accessible_name_or_a_label(window):
    labelled = {id(label.buddy()) for label in window.findChildren(QLabel) if label.buddy() is not None}
    controls = focusable(window)
    assert len(controls) > 40
    unnamed = [f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}" for w in controls if not w.accessibleName() and id(w) not in labelled]
    assert unnamed == []


def test_every_form_field_has_a_visible_label_that_moves_focus_to_it(window):
    labels = {label.buddy(): label.text() for label in window.form.findChildren(QLabel) if label.buddy() is not None}
    fields = [window.form.urls, window.form.sitemap, window.form.crawl, window.form.max_pages, window.form.max_depth, window.form.include,
              window.form.exclude, window.form.journeys, window.form.profile, window.form.network, window.form.engine,
              window.form.webdriver_url, window.form.browser_ws, window.form.concurrency]
    for field in fields:
        assert "&" in labels[field], f"{field.accessibleName()} has no keyboard shortcut"


def test_audits_start_from_the_keyboard_and_errors_are_read_out(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    window.form.urls.setFocus()
    qtbot.keyClick(window.form.urls, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.message.kind == "error"
    assert window.message.text() == "Problem: There are no pages to audit: paste at least one web address, or give a sitemap, a start page to crawl or a journey file."
    assert window.message.label.accessibleName() == "Error"
    assert window.focusWidget() is window.message.label  # focus moves to the message, so it is read out
    qtbot.keyClick(window.message.label, Qt.Key.Key_Tab)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert window.message.isHidden()


def looks_focused(qtbot, control: QWidget) -> bool:
    """Whether the control (and its frame, drawn just outside) looks different with focus."""
    area = control.geometry().adjusted(-4, -4, 4, 4)
    focused = control.parentWidget().grab(area).toImage()
    control.clearFocus()
    qtbot.waitUntil(lambda: not control.hasFocus())
    unfocused = control.parentWidget().grab(area).toImage()
    control.setFocus(Qt.FocusReason.TabFocusReason)
    return focused != unfocused


def test_keyboard_focus_is_visible_on_every_control_of_the_form(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    form = window.form
    form.urls.setFocus(Qt.FocusReason.TabFocusReason)
    reached = [form.urls]
    assert looks_focused(qtbot, form.urls)
    for _ in range(len(form.focus_order()) - 1):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        control = window.focusWidget()
        reached.append(control)
        assert looks_focused(qtbot, control), f"{control.accessibleName()} looks the same with focus"
    assert reached == form.focus_order()  # Tab visits the form top to bottom
    for page, control in ((window.results, window.results.table), (window.history, window.history.runs)):
        window.show_tab(page)
        control.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(lambda: control.hasFocus())
        assert looks_focused(qtbot, control), f"{control.accessibleName()} looks the same with focus"


def test_escape_cancels_a_run_from_the_keyboard(window):
    assert window.cancel_action.shortcut().toString() == "Esc"
    assert window.start_action.shortcut().toString() == "Ctrl+R"


def test_charts_draw_in_the_palettes_colours_and_say_their_figures(qtbot):
    from PySide6.QtGui import QColor, QPalette

    from auditor.gui.charts import Bar, BarChart

    chart = BarChart("Estimated load time on each network")
    qtbot.addWidget(chart)
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#000000"), (QPalette.ColorRole.WindowText, "#ffffff"), (QPalette.ColorRole.Highlight, "#ffff00")):
        palette.setColor(role, QColor(colour))
    chart.setPalette(palette)
    chart.setAutoFillBackground(True)
    chart.set_bars([Bar("2G", 9.5, "9.5 s"), Bar("4G", 1.2, "1.2 s")])
    chart.resize(400, chart.sizeHint().height())
    image = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert {"#000000", "#ffff00", "#ffffff"} <= colours  # background, bars and text all from the palette
    assert chart.accessibleDescription() == "2G: 9.5 s; 4G: 1.2 s"


SCALED = r"""
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget, QAbstractButton, QLabel
app = QApplication(sys.argv)
from auditor.gui.app import build_window, configure
configure(app)
w = build_window(store_path=":memory:", settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))
w.show()
app.processEvents()
w.resize(w.minimumSizeHint())
app.processEvents()
problems = []
for tab in range(w.tabs.count()):
    w.tabs.setCurrentIndex(tab)
    app.processEvents()
    for child in w.findChildren(QWidget):
        parent = child.parentWidget()
        laid_out = parent is not None and parent.layout() is not None and parent.layout().indexOf(child) >= 0
        if not child.isVisible() or not laid_out:  # parts a control places itself (headers, inner editors)
            continue
        hint = child.minimumSizeHint()
        if child.minimumWidth():
            hint.setWidth(child.minimumWidth())
        if child.minimumHeight():
            hint.setHeight(child.minimumHeight())
        squeezed = (hint.width() > 0 and child.width() < hint.width()) or (hint.height() > 0 and child.height() < hint.height())
        text = child.text() if isinstance(child, (QAbstractButton,)) else ""
        cut = bool(text) and child.fontMetrics().horizontalAdvance(text.replace("&", "")) > child.width()
        if squeezed or cut:
            problems.append(f"{type(child).__name__} {child.accessibleName() or text!r}: {child.width()}x{child.height()} < {hint.width()}x{hint.height()}")
size = w.size()
print(json.dumps({"ratio": w.devicePixelRatio(), "size": [size.width(), size.height()], "problems": problems}))
w.close()
"""


def test_the_window_lays_out_without_clipping_at_200_percent(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    out = subprocess.run([sys.executable, "-c", SCALED, str(tmp_path / "gui.ini")], env=env, capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["ratio"] == 2.0
    assert result["problems"] == []
    # At its smallest the window fits a 1366 x 768 screen at 200% (683 x 384 logical pixels).
    assert result["size"][0] <= 683 and result["size"][1] <= 384
