"""Fixtures of the desktop app's tests: a window on a throwaway store and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest


@pytest.fixture(autouse=True)
def garbage_collected_on_this_thread() -> Iterator[None]:
    """As the app does (``collect_garbage_on_gui_thread``): no automatic
    garbage collection during a test, whose audit threads could otherwise
    free the Qt objects of earlier tests off the GUI thread; collected here,
    on the GUI thread, before and after."""
    import gc

    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


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
    win.open_url = lambda url: win.opened_urls.append(url) or True  # as QDesktopServices.openUrl: True, a browser started
    qtbot.addWidget(win)
    win.resize(1100, 760)
    win.show()
    yield win
    if win.running:  # a test that failed mid-run: stop it before the next one
        win.cancel()
        qtbot.waitUntil(lambda: not win.running, timeout=60_000)
