"""Runs an audit off the GUI thread and reports it as Qt signals.

The worker lives on a :class:`QThread`. It creates the run (finding the
browser can take a moment) and consumes :meth:`AuditRun.results`, whose
observer it turns into queued signals, so the window only ever handles
events on its own thread and never waits for a browser.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from auditor import AuditConfig, AuditRun, Event, PageFinished, PageStarted, RunSettings, RunStarted, Store, TargetsFound

from .messages import plain_message


class AuditWorker(QObject):
    """One audit run. Move it to a thread and connect ``run`` to ``QThread.started``."""

    started = Signal(int)
    """The run exists and has this many pages; ``run_id`` is set."""
    total_changed = Signal(int)
    """A crawl found more pages: the run now has this many."""
    page_started = Signal(str)
    page_finished = Signal(object)
    """A :class:`PageResult`, already committed to the store."""
    failed = Signal(str)
    """A plain-language sentence: the run could not start or stopped on a fault."""
    finished = Signal()
    """Always emitted last, whether the run ended, was cancelled or failed."""

    def __init__(self, store: Store, config: AuditConfig, resume: str = "", settings: RunSettings | None = None) -> None:
        """A new run of ``config``, or with ``resume`` the rest of that stored
        run. ``settings``: ``config`` as the form already checked it
        (:func:`auditor.run_settings`), so the run does not check it again."""
        super().__init__()
        self.store = store
        self.config = config
        self.resume = resume
        self.settings = settings
        self.run_id = ""
        self.already_done = 0
        """Pages a resumed run had finished before; set before ``started``."""
        self.note = ""
        """Why the run audits fewer pages at once than asked (a Grid too small
        for that many); set before ``started``."""
        self.audit_thread_ids: set[int] = set()
        """Threads the run's events were observed on (for checking: never the GUI's)."""
        self._run: AuditRun | None = None
        self._lock = threading.Lock()
        self._cancel_requested = False

    @Slot()
    def run(self) -> None:
        try:
            run = AuditRun(self.store, self.resume, self.config) if self.resume else AuditRun.start_new(self.store, self.config, settings=self.settings)
            with self._lock:
                self._run = run
                self.run_id = run.run_id
                if self._cancel_requested:
                    run.cancel()
            for _ in run.results(self._observe):
                pass
        except Exception as exc:  # shown to the person in plain words, never lost
            self.failed.emit(plain_message(exc))
        finally:
            self.finished.emit()

    def _observe(self, event: Event) -> None:
        self.audit_thread_ids.add(threading.get_ident())
        if isinstance(event, RunStarted):
            self.already_done, self.note = event.done, event.note
            self.started.emit(event.total)
        elif isinstance(event, TargetsFound):
            self.total_changed.emit(event.total)
        elif isinstance(event, PageStarted):
            self.page_started.emit(event.url)
        elif isinstance(event, PageFinished):
            self.page_finished.emit(event.result)

    def cancel(self) -> None:
        """Stop the run from any thread: pages in flight are dropped, finished ones stay stored."""
        with self._lock:
            self._cancel_requested = True
            run = self._run
        if run is not None:
            run.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel_requested


def start_worker(worker: AuditWorker, parent: Any = None) -> QThread:
    """Run ``worker`` on a new thread that quits and is deleted when it finishes."""
    thread = QThread(parent)
    thread.setObjectName("audit-worker")
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: QThread.quit is thread-safe, and a window waiting for the thread
    # (closing during a run) cannot also deliver a queued call.
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread
