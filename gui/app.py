"""``inclusion-audit-gui``: the desktop window.

For now a window that says what the app will do and how to run an audit from
the command line; audits from the window arrive with the desktop issue.
"""

from __future__ import annotations

import sys
from typing import Sequence

from auditor import __version__


def build_window():  # -> QMainWindow; PySide6 imported here, never by the core
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QMainWindow

    window = QMainWindow()
    window.setWindowTitle(f"Inclusion Auditor {__version__}")
    label = QLabel(
        "<h1>Inclusion Auditor</h1>"
        "<p>Audits from this window are coming. Until then, run one from a terminal:</p>"
        "<pre>inclusion-audit run https://your-service.example/</pre>"
    )
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAccessibleName("About Inclusion Auditor")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse)
    window.setCentralWidget(label)
    window.resize(720, 420)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        print("inclusion-audit-gui: error: the desktop app needs PySide6: pip install 'inclusion-auditor[gui]'", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(list(argv if argv is not None else sys.argv))
    window = build_window()
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
