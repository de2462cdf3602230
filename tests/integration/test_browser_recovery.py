"""The browser is relaunched after a crash and every N pages; no page is lost."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from auditor import AuditConfig, AuditRun, PageFinished, PageStarted, Store
from auditor.engines.playwright import PlaywrightEngine

pytestmark = pytest.mark.integration


class CountingEngine(PlaywrightEngine):
    """The real engine, counting its launches."""

    def __init__(self) -> None:
        super().__init__()
        self.launches = 0

    async def start(self) -> None:
        await super().start()
        self.launches += 1


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _browser_processes(kind: str) -> list[int]:
    """Our Chromium's main process (kind 'browser') or its page renderers."""
    pids = []
    for pid in _descendants(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if kind == "browser" and b"--remote-debugging-pipe" in cmdline and b"--type=" not in cmdline:
            pids.append(pid)
        elif kind == "renderer" and b"--type=renderer" in cmdline and b"--top-chrome-webui" not in cmdline:
            pids.append(pid)
    return pids


def _run(server, urls, kill_after: int | None = None, kill_on_start: str = "", kind: str = "browser", **settings):
    """Audit ``urls`` with the real engine; kill our browser (or its renderers)
    after ``kill_after`` pages, or a second after ``kill_on_start`` starts."""
    engine = CountingEngine()
    store = Store()
    run = AuditRun.start_new(store, AuditConfig(urls=tuple(urls), concurrency=1, retries=1, profile="quick", **settings), engine)
    finished = 0
    killed: list[int] = []

    def kill() -> None:
        for pid in _browser_processes(kind):
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    def observe(event):
        nonlocal finished
        if isinstance(event, PageFinished):
            finished += 1
            if finished == kill_after:
                kill()
        elif isinstance(event, PageStarted) and event.url == kill_on_start:
            threading.Timer(1.0, kill).start()

    results = list(run.results(observe))
    return results, engine, killed


def test_browser_killed_mid_run_is_relaunched_and_no_page_is_lost(server):
    server.slow_delay = 0.3  # the kill lands while the next page loads
    urls = [server.url(f"slow?n={i}&case=crash") for i in range(5)]
    results, engine, killed = _run(server, urls, kill_after=2)
    server.slow_delay = 0.0
    assert killed, "found no browser process to kill"
    assert sorted(r.url for r in results) == sorted(urls)
    assert [r.error for r in results] == [None] * 5
    assert engine.launches == 2
    assert max(r.attempts for r in results) == 2  # the page in flight was retried


def test_renderer_crash_is_retried(server):
    # The page spins in a busy loop on its first visit; its renderer is killed there.
    urls = [server.url("clean.html"), server.url("busy-once.html"), server.url("image-alt.html")]
    results, engine, killed = _run(server, urls, kill_on_start=urls[1], kind="renderer", timeout=20)
    assert killed, "found no renderer to kill"
    assert sorted(r.url for r in results) == sorted(urls)
    assert all(r.error is None for r in results), [r.error for r in results]
    assert max(r.attempts for r in results) == 2  # the page whose renderer died was retried
    assert engine.launches == 1  # the browser itself survived


def test_browser_is_relaunched_every_n_pages(server):
    urls = [server.url(f"slow?n={i}&case=recycle") for i in range(5)]
    results, engine, _ = _run(server, urls, kill_after=None, relaunch_every=2)
    assert [r.error for r in results] == [None] * 5
    assert engine.launches == 3  # pages 1-2, 3-4, 5


class FailingRestartEngine(CountingEngine):
    """The real engine, whose first relaunch fails (a browser that will not
    start again at once: no memory, a Grid with no free slot)."""

    def __init__(self) -> None:
        super().__init__()
        self.failed_restarts = 0

    async def restart(self) -> None:
        if self.failed_restarts == 0:
            self.failed_restarts += 1
            await self.stop()
            raise RuntimeError("the browser would not start again")
        await super().restart()


@pytest.mark.timeout(240)
def test_a_relaunch_that_fails_costs_an_attempt_not_the_run(server):
    """Killing the browser makes the next page relaunch it; that relaunch
    fails once. The page is retried (the relaunch is tried again) and the
    run ends with every page, instead of a worker dying and the run waiting
    for it for ever."""
    engine = FailingRestartEngine()
    urls = [server.url(f"slow?n={i}&case=restart-fails") for i in range(4)]
    run = AuditRun.start_new(Store(), AuditConfig(urls=tuple(urls), concurrency=1, retries=2, profile="quick"), engine)
    finished = 0

    def observe(event):
        nonlocal finished
        if isinstance(event, PageFinished):
            finished += 1
            if finished == 1:
                for pid in _browser_processes("browser"):
                    os.kill(pid, signal.SIGKILL)

    results = list(run.results(observe))
    assert engine.failed_restarts == 1
    assert sorted(r.url for r in results) == sorted(urls)
    assert [r.error for r in results] == [None] * 4
    assert max(r.attempts for r in results) >= 2
