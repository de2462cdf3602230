"""Fixtures of the desktop app's tests: a window on a throwaway store and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, qapp, tmp_path: Path, settings) -> Iterator[Any]:
    """The main window on a store in ``tmp_path``; opening a browser is recorded, not done."""
    from auditor.gui.app import build_window, configure

    configure(qapp)
    win = build_window(store_path=tmp_path / "runs.sqlite3", settings=settings)
    win.opened_urls = []
    win.open_url = win.opened_urls.append
    qtbot.addWidget(win)
    win.resize(1100, 760)
    win.show()
    yield win
    if win.running:  # a test that failed mid-run: stop it before the next one
        win.cancel()
        qtbot.waitUntil(lambda: not win.running, timeout=60_000)


def set_up(win: Any, urls: list[str], profile: str = "quick", concurrency: int = 1) -> None:
    """Fill in the set-up form as a person would leave it."""
    state = win.form.state()
    state.update(urls=urls, profile=profile, checks=[], concurrency=concurrency)
    win.form.set_state(state)


def wait_for_run(qtbot: Any, win: Any, timeout_s: float = 120) -> None:
    qtbot.waitUntil(lambda: not win.running, timeout=int(timeout_s * 1000))
