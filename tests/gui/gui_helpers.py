"""What the window tests share beyond fixtures: filling the form and waiting
for a run (in a module of its own so test files can import it; see
tests/servers.py)."""

from __future__ import annotations

from typing import Any


def set_up(win: Any, urls: list[str], profile: str = "quick", concurrency: int = 1) -> None:
    """Fill in the set-up form as a person would leave it."""
    state = win.form.state()
    state.update(urls=urls, profile=profile, checks=[], concurrency=concurrency)
    win.form.set_state(state)


def wait_for_run(qtbot: Any, win: Any, timeout_s: float = 120) -> None:
    qtbot.waitUntil(lambda: not win.running, timeout=int(timeout_s * 1000))
