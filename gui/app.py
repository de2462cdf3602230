"""``inclusion-audit-gui``: the desktop window.

PySide6 is imported here and in the rest of :mod:`auditor.gui`, never by the
core, so the command line and the Python API run without it.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Sequence

from .xcb import startup_problem

APP_NAME = "Inclusion Auditor"
ORGANISATION = "inclusion-auditor"


FOCUS_STYLE = "QAbstractScrollArea:focus { border: 2px solid palette(highlight); }"
"""Fusion marks focus on every control but the scrolling ones (lists, tables,
text boxes); this marks those too, in the palette's highlight colour."""


def configure(app: Any) -> None:
    """Names for QSettings, and the Fusion style: it draws a visible focus
    frame on controls and takes all its colours from the palette, so the
    platform's high-contrast palette is followed."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setStyle("Fusion")
    app.setStyleSheet(FOCUS_STYLE)


GC_INTERVAL_MS = 1000


def collect_garbage_on_gui_thread(app: Any) -> None:
    """Python's cyclic garbage collector runs on whichever thread happens to
    allocate when it is due; an audit's threads allocate a lot, and a Qt
    object freed there instead of on the GUI thread can crash the program.
    So automatic collection is turned off and a timer on the GUI thread
    collects instead (the timer is parented to the application)."""
    import gc

    from PySide6.QtCore import QTimer

    if getattr(app, "_garbage_timer", None) is not None:
        return
    gc.disable()
    timer = QTimer(app)
    timer.setInterval(GC_INTERVAL_MS)
    timer.timeout.connect(gc.collect)
    timer.start()
    app._garbage_timer = timer


def build_window(**kwargs: Any) -> Any:  # -> MainWindow
    from .window import MainWindow

    return MainWindow(**kwargs)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        print("inclusion-audit-gui: error: the desktop app needs PySide6: pip install 'inclusion-auditor[gui]'", file=sys.stderr)
        return 1
    if QApplication.instance() is None:
        # Qt would abort with a long message that may name the wrong library.
        problem = startup_problem(os.environ)
        if problem:
            print(f"inclusion-audit-gui: error: {problem}", file=sys.stderr)
            return 1
    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    configure(app)
    collect_garbage_on_gui_thread(app)
    window = build_window()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
