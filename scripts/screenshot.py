"""Take docs/screenshot.png: the window after a real audit of the demo site.

Runs offscreen (no display needed): ``python scripts/screenshot.py``.
The store and the window's settings live in a temporary folder, so nothing
of the user's is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from auditor.gui.app import build_window, configure  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"


def wait_until(condition, timeout_s: float) -> None:
    """Run the event loop until ``condition()`` holds (or the time is up)."""
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(100)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    timer.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--profile", default="default")
    parser.add_argument("--size", default="1280x860")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window(store_path=Path(tmp) / "runs.sqlite3", settings=QSettings(str(Path(tmp) / "gui.ini"), QSettings.Format.IniFormat))
        width, height = (int(n) for n in args.size.split("x"))
        window.resize(width, height)
        window.show()
        window.use_demo_site()
        window.form.set_state({**window.form.state(), "profile": args.profile, "checks": []})
        if not window.start():
            print(window.message.text(), file=sys.stderr)
            return 1
        wait_until(lambda: not window.running, 600)
        if window.running:
            print("the audit did not finish in time", file=sys.stderr)
            return 1
        window.results.select_first()
        if not window.results.detail.has_image():  # prefer a finding whose element was photographed
            for row in range(window.results.proxy.rowCount()):
                window.results.table.setCurrentIndex(window.results.proxy.index(row, 0))
                if window.results.detail.has_image():
                    break
        app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        print(f"{window.results.headline.text()}\nWrote {args.out}")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
