"""The main window: set up, run, read, look back, share.

Three tabs (Set up, Results, History) above a progress panel that stays in
view. Faults appear in a message bar at the top of the window in plain words.
The audit itself runs on a worker thread; this window only reacts to its
signals, so it stays responsive while browsers work.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, Qt, QThread, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from auditor import AuditConfig, ConfigError, PageResult, Store, StoreError, __version__, build_document, default_db_path, format_count, plural

from .export import export_reports, html_report
from .a11y import chain_tab_order, named
from .form import SetupForm
from .history import HistoryView
from .messages import plain_message
from .project import build_settings, load_project, save_project
from .results import ResultsView
from .worker import AuditWorker, start_worker

SETTINGS_STATE = "setup/state"
SETTINGS_EXTRA = "setup/extra"
SETTINGS_GEOMETRY = "window/geometry"


def clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss)."""
    whole = int(max(0, seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Counts of a run in progress, and the sentence that reports them."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.failures = 0
        self.current: list[str] = []
        self.started_at = time.monotonic()

    def text(self, now: float | None = None) -> str:
        elapsed = (now if now is not None else time.monotonic()) - self.started_at
        parts = [f"{format_count(self.done)} of {plural(self.total, 'page')} done" if self.total else "Starting the browser…"]
        if self.failures:
            parts.append(f"{self.failures} could not be audited")
        if self.current:
            parts.append(f"now: {self.current[-1]}")
        parts.append(f"{clock(elapsed)} elapsed")
        if self.done and self.total > self.done:
            parts.append(f"about {clock(elapsed / self.done * (self.total - self.done))} left")
        return " · ".join(parts)


class MessageBar(QWidget):
    """A plain-language message across the top of the window, until dismissed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        named(self.label, "Message")
        self.dismiss = named(QPushButton("Dismiss"), "Dismiss the message")
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.kind = kind
        self.label.setText(("Problem: " if kind == "error" else "") + text)
        named(self.label, "Error" if kind == "error" else "Message")
        self.show()
        if kind == "error":
            self.label.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        """The message shown, or nothing once dismissed."""
        return "" if self.isHidden() else self.label.text()


class MainWindow(QMainWindow):
    """Inclusion Auditor's window. ``store_path`` defaults to the user's store."""

    def __init__(self, store_path: str | Path | None = None, settings: QSettings | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Inclusion Auditor {__version__}")
        self.store_path = str(store_path) if store_path is not None else str(default_db_path())
        self.settings = settings if settings is not None else QSettings("inclusion-auditor", "Inclusion Auditor")
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        """Opens a report in the system browser, True when one started (replaceable, so tests open nothing)."""
        self.extra: dict[str, Any] = {}
        self.project_path = ""
        self._store: Store | None = None
        self._worker: AuditWorker | None = None
        self._thread: QThread | None = None
        self._progress = Progress()
        self._demo = contextlib.ExitStack()
        self._demo_urls: list[str] = []

        self.message = MessageBar()
        self.form = SetupForm()
        self.results = ResultsView()
        self.history = HistoryView()
        self.history.open_requested.connect(self.open_run)
        self.history.resume_requested.connect(self.resume_run)
        self.history.failed.connect(self.show_error)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._scrolling(self.form), "Se&t up")
        self.tabs.addTab(self._scrolling(self.results), "Resu&lts")
        self.tabs.addTab(self._scrolling(self.history), "&History")
        named(self.tabs.tabBar(), "Sections", "Set up an audit, read its results, or look at past runs.")
        self.tabs.currentChanged.connect(self._tab_changed)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._progress_panel())
        self.setCentralWidget(central)
        self._make_actions()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_progress)
        chain_tab_order([self.message.label, self.message.dismiss, self.tabs.tabBar(), *self.form.focus_order(),
                         *self.results.focus_order(), *self.history.focus_order(), self.start_button, self.cancel_button])
        self.restore_settings()
        self._set_running(False)

    # building

    def _scrolling(self, widget: QWidget) -> QScrollArea:
        """A tab's page that scrolls when the window is small or the text large (200% zoom)."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return area

    def _progress_panel(self) -> QWidget:
        panel = QWidget()
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        named(self.progress_bar, "Audit progress")
        self.progress_label = QLabel("Ready.")
        self.progress_label.setWordWrap(True)
        named(self.progress_label, "Audit status")
        self.start_button = named(QPushButton("Start audit"), "Start the audit", "Start auditing the pages set up (Ctrl+R).")
        self.cancel_button = named(QPushButton("Cancel"), "Cancel the audit", "Stop the audit; pages already finished are kept (Escape).")
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        column = QVBoxLayout()
        column.addWidget(self.progress_bar)
        column.addWidget(self.progress_label)
        layout.addLayout(column, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.cancel_button)
        return panel

    def _action(self, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.open_project_action = self._action("&Open project…", self.choose_project_to_open, QKeySequence.StandardKey.Open)
        self.save_project_action = self._action("&Save project…", self.choose_project_to_save, QKeySequence.StandardKey.Save)
        self.demo_action = self._action("Audit the &demo site", self.use_demo_site)
        self.export_action = self._action("&Export reports…", self.choose_export_folder, "Ctrl+E")
        self.open_report_action = self._action("Open report in &browser", self.open_report, "Ctrl+B")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.start_action = self._action("&Start audit", self.start, "Ctrl+R")
        self.cancel_action = self._action("&Cancel audit", self.cancel, QKeySequence.StandardKey.Cancel)
        file_menu = self.menuBar().addMenu("&File")
        for action in (self.open_project_action, self.save_project_action, self.demo_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (self.export_action, self.open_report_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        audit_menu = self.menuBar().addMenu("Au&dit")
        audit_menu.addAction(self.start_action)
        audit_menu.addAction(self.cancel_action)

    # messages

    @Slot(str)
    def show_error(self, text: str) -> None:
        self.message.show_message(text, "error")

    def show_info(self, text: str) -> None:
        self.message.show_message(text, "info")

    # the store

    def store(self) -> Store:
        """The run store, opened on first use (a :class:`StoreError` if it cannot be)."""
        if self._store is None:
            self._store = Store(self.store_path)
        return self._store

    def show_tab(self, page: QWidget) -> None:
        """Bring the tab holding ``page`` to the front."""
        for index in range(self.tabs.count()):
            area = self.tabs.widget(index)
            if area is page or (isinstance(area, QScrollArea) and area.widget() is page):
                self.tabs.setCurrentIndex(index)

    def current_page(self) -> QWidget:
        area = self.tabs.currentWidget()
        return area.widget() if isinstance(area, QScrollArea) else area

    def _tab_changed(self, index: int) -> None:  # noqa: ARG002
        if self.current_page() is self.history:
            self.refresh_history()

    def refresh_history(self) -> None:
        try:
            self.history.set_store(self.store())
        except StoreError as exc:
            self.show_error(plain_message(exc))

    # running

    @property
    def running(self) -> bool:
        return self._worker is not None

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.start_action.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.cancel_action.setEnabled(running)
        self.form.setEnabled(not running)
        has_run = bool(self.results.run_id) and not running
        self.export_action.setEnabled(has_run)
        self.open_report_action.setEnabled(has_run)

    def start(self) -> bool:
        """Check the settings and start the audit; False (with a message) if it cannot start."""
        if self.running:
            return False
        self.message.hide()
        try:
            settings = build_settings(self.form.state(), self.extra)
            store = self.store()
        except (ConfigError, StoreError) as exc:
            self.show_error(plain_message(exc))
            return False
        config = settings.config
        self.results.begin_run("", config.fail_on, config.allow_unreachable)
        self._launch(AuditWorker(store, config, settings=settings))
        return True

    def resume_run(self, run_id: str) -> bool:
        """Audit the pages an unfinished stored run has not done yet, with its own settings."""
        if self.running:
            return False
        self.message.hide()
        try:
            record = self.store().run(run_id)
            if record.complete:
                raise ConfigError(f"Run {run_id} is already finished: open it to read its results.")
            config = AuditConfig.from_mapping(record.config, source=f"run {run_id}")
        except (ConfigError, StoreError) as exc:
            self.show_error(plain_message(exc))
            return False
        self._reload_run(run_id)  # the pages already done, then the rest as they finish
        self._launch(AuditWorker(self.store(), config, resume=run_id))
        return True

    def _launch(self, worker: AuditWorker) -> None:
        """Run ``worker`` on its own thread. Its signals arrive queued on this
        (the GUI) thread: the slots are the window's own, so Qt delivers them
        where the window lives."""
        worker.started.connect(self._run_started)
        worker.total_changed.connect(self._total_changed)
        worker.page_started.connect(self._page_started)
        worker.page_finished.connect(self._page_finished)
        worker.failed.connect(self.show_error)
        worker.finished.connect(self._run_finished)
        self._worker = worker
        self._progress = Progress()
        self.progress_bar.setRange(0, 0)
        self.show_tab(self.results)
        self._set_running(True)
        self._show_progress()
        self._ticker.start()
        self._thread = start_worker(worker)

    def cancel(self) -> None:
        """Stop the run; the pages already finished stay in the store."""
        if self._worker is not None:
            self._worker.cancel()
            self.progress_label.setText("Cancelling: closing the browser…")

    @Slot(int)
    def _run_started(self, total: int) -> None:
        if self._worker is not None:
            self.results.run_id = self._worker.run_id
            self._progress.done = self._worker.already_done
            if self._worker.note:
                self.show_info(self._worker.note[0].upper() + self._worker.note[1:] + ".")
        self._progress.total = total
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(self._progress.done)
        self._show_progress()

    @Slot(int)
    def _total_changed(self, total: int) -> None:
        self._progress.total = total
        self.progress_bar.setMaximum(max(total, 1))
        self._show_progress()

    @Slot(str)
    def _page_started(self, url: str) -> None:
        self._progress.current.append(url)
        self._show_progress()

    @Slot(object)
    def _page_finished(self, result: PageResult) -> None:
        progress = self._progress
        progress.done += 1
        progress.failures += result.error is not None
        if result.url in progress.current:
            progress.current.remove(result.url)
        self.progress_bar.setValue(progress.done)
        self.results.add_page(result)
        self._show_progress()

    def _show_progress(self) -> None:
        if self.running:
            self.progress_label.setText(self._progress.text())

    @Slot()
    def _run_finished(self) -> None:
        if self._worker is None:  # already wound up (the window closed during the run)
            return
        worker, thread = self._worker, self._thread
        self._worker, self._thread = None, None
        self._ticker.stop()
        if thread is not None:
            thread.wait()
        run_id = worker.run_id if worker is not None else ""
        progress = self._progress
        if worker is not None and worker.cancelled:
            self.progress_label.setText(f"Cancelled after {format_count(progress.done)} of {plural(progress.total, 'page')}; the finished pages are kept (run {run_id}).")
        elif run_id:
            self.progress_label.setText(f"Finished: {format_count(progress.done)} of {plural(progress.total, 'page')} in {clock(time.monotonic() - progress.started_at)}.")
            self._reload_run(run_id)
        else:
            self.progress_label.setText("The audit did not start.")
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)
        self._set_running(False)
        if self.history.store is not None:
            self.history.refresh()

    def _reload_run(self, run_id: str) -> None:
        """Show the run as stored, with its baseline and ignores applied, as the reports show it."""
        try:
            store = self.store()
            shots = store.shots(run_id) if hasattr(store, "shots") else {}
            self.results.show_document(build_document(store, run_id), shots)
            self.results.select_first()
        except (StoreError, ConfigError) as exc:
            self.show_error(plain_message(exc))

    def open_run(self, run_id: str) -> None:
        """Show a stored run in Results."""
        if self.running:
            self.show_error("An audit is running; open past runs once it has finished or been cancelled.")
            return
        self._reload_run(run_id)
        self.show_tab(self.results)
        self._set_running(False)

    # sharing

    def open_report(self) -> Path | None:
        """Write the shown run's HTML report and open it in the system browser."""
        if not self.results.run_id:
            self.show_error("There is no run to show yet: run an audit or open one from History.")
            return None
        try:
            path = html_report(self.store(), self.results.run_id)
        except (StoreError, OSError) as exc:
            self.show_error(plain_message(exc))
            return None
        if not path.is_file():
            self.show_error(f"The report should be at {path}, but that file is missing. Try again, or export the reports to a folder (Ctrl+E).")
            return None
        # openUrl says False when no browser could be started; without a word the shortcut would seem to do nothing.
        if self.open_url(QUrl.fromLocalFile(str(path))):
            self.show_info(f"Sent the report to your web browser: {path}")
        else:
            self.show_error(f"The system could not open a web browser to show the report. It is saved at {path}: open that file in a browser yourself.")
        return path

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export reports to a folder")
        if folder:
            self.export_to(folder)

    def export_to(self, folder: str | Path) -> list[Path]:
        """Write every report format of the shown run into ``folder``."""
        if not self.results.run_id:
            self.show_error("There is no run to export yet: run an audit or open one from History.")
            return []
        try:
            written = export_reports(self.store(), self.results.run_id, folder)
        except (StoreError, OSError) as exc:
            self.show_error(plain_message(exc))
            return []
        self.show_info(f"Wrote {len(written)} reports to {folder}: {', '.join(p.name for p in written)}.")
        return written

    # projects and settings

    def choose_project_to_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Project files (*.toml);;All files (*)")
        if path:
            self.open_project(path)

    def choose_project_to_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save project", self.project_path or "audit.toml", "Project files (*.toml)")
        if path:
            self.save_project(path)

    def open_project(self, path: str | Path) -> bool:
        try:
            state, extra = load_project(path)
        except ConfigError as exc:
            self.show_error(plain_message(exc))
            return False
        self.extra = extra
        self.form.add_profiles(extra.get("profiles") or {})
        self.form.set_state(state)
        self.project_path = str(path)
        self.show_info(f"Opened the project {path}.")
        return True

    def save_project(self, path: str | Path) -> bool:
        try:
            save_project(path, self.form.state(), self.extra)
        except (ConfigError, OSError) as exc:
            self.show_error(plain_message(exc))
            return False
        self.project_path = str(path)
        self.show_info(f"Saved the project to {path}; the command line runs it with: inclusion-audit run --config {path}")
        return True

    def use_demo_site(self) -> None:
        """Serve the built-in demo site (once, until the window closes) and set
        it up to audit; every demo run of the window has the same addresses."""
        from auditor import serve_demo

        if not self._demo_urls:
            self._demo_urls = self._demo.enter_context(serve_demo())
        urls = list(self._demo_urls)
        self.form.set_state({**self.form.state(), "urls": urls, "sitemap": "", "crawl": "", "journeys": []})
        self.tabs.setCurrentIndex(0)

    def save_settings(self) -> None:
        self.settings.setValue(SETTINGS_STATE, json.dumps(self.form.state()))
        self.settings.setValue(SETTINGS_EXTRA, json.dumps(self.extra))
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.sync()

    def restore_settings(self) -> None:
        """The form as it was left last time (settings that no longer read are ignored)."""
        try:
            state = json.loads(str(self.settings.value(SETTINGS_STATE, "{}")))
            extra = json.loads(str(self.settings.value(SETTINGS_EXTRA, "{}")))
        except ValueError:
            state, extra = {}, {}
        if isinstance(extra, dict):
            self.extra = extra
            self.form.add_profiles(extra.get("profiles") or {})
        if isinstance(state, dict) and state:
            self.form.set_state(state)
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop a run cleanly (browsers closed, finished pages kept) and remember the form."""
        if self._worker is not None:
            self._worker.cancel()
            self._thread.wait()  # the runner closes its browser before the thread ends
            self._run_finished()
        self.save_settings()
        self._demo.close()
        if self._store is not None:
            self._store.close()
            self._store = None
        super().closeEvent(event)
