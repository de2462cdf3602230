"""How long the desktop window's event loop stalls during a real audit.

    python benchmarks/gui_stall.py [--profile default] [--concurrency 2] [--repeat 1] [--idle 10] [--control]

Opens the main window offscreen, audits the built-in demo site (six pages,
served on 127.0.0.1) from it as a person would (Start), and meanwhile a
QTimer asks to fire every 10 ms on the GUI thread. The gap between two
firings beyond those 10 ms is time the event loop could not handle input or
repaint: a stall. Prints the longest stall, the 99th percentile and how many
gaps exceeded 50 and 100 ms; the aim is a longest stall under 100 ms
(the point at which a response stops feeling instant).

Two controls tell the window's own stalls from the machine's. The meter
runs for ``--idle`` seconds with the window open and no audit (the machine's
noise), and, with ``--control``, with the window idle while the same audit
runs from the command line in another process: stalls seen then come from
the browsers competing for the CPU, not from anything in this process.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from auditor.gui.app import build_window, configure  # noqa: E402

TICK_MS = 10


class StallMeter:
    """A 10 ms precise timer on the GUI thread, recording the gaps between firings."""

    def __init__(self) -> None:
        self.gaps_ms: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps_ms.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


def audit_once(app: QApplication, profile: str, concurrency: int) -> tuple[StallMeter, float, int, int]:
    """One audit of the demo site from the window; returns the meter, seconds, pages and findings."""
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window(store_path=Path(tmp) / "runs.sqlite3", settings=QSettings(str(Path(tmp) / "gui.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 860)
        window.show()
        window.use_demo_site()
        window.form.set_state({**window.form.state(), "profile": profile, "checks": [], "concurrency": concurrency})
        meter = StallMeter()
        loop = QEventLoop()
        watch = QTimer()
        watch.timeout.connect(lambda: None if window.running else loop.quit())
        meter.start()
        started = time.perf_counter()
        if not window.start():
            raise SystemExit(f"the audit did not start: {window.message.text()}")
        watch.start(50)
        loop.exec()
        elapsed = time.perf_counter() - started
        meter.stop()
        watch.stop()
        pages = len(window.results.results())
        findings = window.results.model.rowCount()
        window.close()
    return meter, elapsed, pages, findings


def idle(seconds: float) -> StallMeter:
    """The meter with the window open and nothing running: the machine's own noise."""
    with tempfile.TemporaryDirectory() as tmp:
        window = build_window(store_path=Path(tmp) / "runs.sqlite3", settings=QSettings(str(Path(tmp) / "gui.ini"), QSettings.Format.IniFormat))
        window.show()
        meter = StallMeter()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        meter.start()
        loop.exec()
        meter.stop()
        window.close()
    return meter


def control(profile: str, concurrency: int) -> tuple[StallMeter, float]:
    """The window idle while the CLI audits the demo site in another process."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "auditor", "run", "--demo", "--no-store", "--quiet", "--out", tmp, "--profile", profile, "--concurrency", str(concurrency)]
        started = time.perf_counter()
        process = subprocess.Popen(command)
        window = build_window(store_path=Path(tmp) / "runs.sqlite3", settings=QSettings(str(Path(tmp) / "gui.ini"), QSettings.Format.IniFormat))
        window.show()
        meter = StallMeter()
        loop = QEventLoop()
        watch = QTimer()
        watch.timeout.connect(lambda: None if process.poll() is None else loop.quit())
        meter.start()
        watch.start(50)
        loop.exec()
        meter.stop()
        watch.stop()
        window.close()
    return meter, time.perf_counter() - started


def figures(meter: StallMeter) -> str:
    stalls = sorted(max(0.0, gap - TICK_MS) for gap in meter.gaps_ms) or [0.0]
    p99 = stalls[max(0, int(len(stalls) * 0.99) - 1)]
    return (
        f"{len(stalls)} ticks; stall longest {stalls[-1]:.1f} ms, p99 {p99:.1f} ms, median {statistics.median(stalls):.1f} ms; "
        f"{sum(s > 50 for s in stalls)} over 50 ms, {sum(s > 100 for s in stalls)} over 100 ms"
    )


def load_average() -> str:
    try:
        return "load average %.1f %.1f %.1f" % os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "load average unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="default", help="check profile (default: every family)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of the idle baseline (0: none)")
    parser.add_argument("--control", action="store_true", help="after each audit, the window idle while the CLI runs it in another process")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    configure(app)
    print(f"{os.cpu_count()} CPUs, {load_average()}")
    if args.idle > 0:
        print(f"idle {args.idle:g} s, no audit: {figures(idle(args.idle))}")
    for n in range(1, args.repeat + 1):
        meter, elapsed, pages, findings = audit_once(app, args.profile, args.concurrency)
        print(f"audit {n}: {pages} pages, {findings} findings in {elapsed:.1f} s (profile {args.profile}, concurrency {args.concurrency}): {figures(meter)}")
        if args.control:
            meter, elapsed = control(args.profile, args.concurrency)
            print(f"control {n}: window idle, the same audit in another process, {elapsed:.1f} s: {figures(meter)}")
    print(load_average())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
