"""The worker: a real audit off the GUI thread, reported as Qt signals."""

from __future__ import annotations

import threading

import pytest

from auditor import AuditConfig, Store
from auditor.gui.worker import AuditWorker, start_worker

pytestmark = pytest.mark.integration


def test_the_worker_audits_on_another_thread_and_signals_each_page(qtbot, server):
    store = Store()
    url = server.url("image-alt.html")
    worker = AuditWorker(store, AuditConfig(urls=(url,), profile="quick", concurrency=1))
    pages, started, begun = [], [], []
    worker.started.connect(started.append)
    worker.page_started.connect(begun.append)
    worker.page_finished.connect(pages.append)
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        with qtbot.waitSignal(worker.page_finished, timeout=120_000):
            thread = start_worker(worker)
    thread.wait()
    assert started == [1] and begun == [url]
    assert [p.url for p in pages] == [url]
    assert [f.rule for f in pages[0].findings if f.outcome == "fail"] == ["image-alt"]
    # Events were observed on the worker's thread, never on the GUI's.
    assert worker.audit_thread_ids and threading.get_ident() not in worker.audit_thread_ids
    assert store.run(worker.run_id).complete


def test_a_missing_browser_is_a_plain_failed_signal(qtbot, server, tmp_path):
    worker = AuditWorker(Store(), AuditConfig(urls=(server.url("clean.html"),), profile="quick", browser=str(tmp_path / "no-such-chrome")))
    with qtbot.waitSignal(worker.finished, timeout=60_000):
        with qtbot.waitSignal(worker.failed, timeout=60_000) as failed:
            thread = start_worker(worker)
    thread.wait()
    message = failed.args[0]
    assert message.startswith("No web browser was found to run the audit.")
    assert "no-such-chrome" in message and "Traceback" not in message


def test_cancel_stops_the_run_and_keeps_finished_pages(qtbot, server):
    server.slow_delay = 1.0
    try:
        store = Store()
        urls = tuple(server.url(f"slow?n={i}&case=gui-cancel") for i in range(6))
        worker = AuditWorker(store, AuditConfig(urls=urls, profile="quick", concurrency=1))
        with qtbot.waitSignal(worker.finished, timeout=120_000):
            with qtbot.waitSignal(worker.page_finished, timeout=120_000):
                thread = start_worker(worker)
            worker.cancel()
        thread.wait()
    finally:
        server.slow_delay = 0.0
    record = store.run(worker.run_id)
    assert worker.cancelled and not record.complete
    assert 1 <= record.pages_done < len(urls)
    assert len(store.pages(worker.run_id)) == record.pages_done


def test_the_app_collects_garbage_on_its_own_thread(qapp):
    """Automatic collection is off and a timer on the GUI thread collects
    instead, so an audit's thread never frees Qt objects."""
    import gc

    from auditor.gui.app import GC_INTERVAL_MS, collect_garbage_on_gui_thread

    collect_garbage_on_gui_thread(qapp)
    try:
        timer = qapp._garbage_timer
        assert not gc.isenabled() and timer.isActive() and timer.interval() == GC_INTERVAL_MS
        assert timer.thread() is qapp.thread()
    finally:
        qapp._garbage_timer.stop()
        qapp._garbage_timer = None


def test_a_new_run_uses_the_settings_already_checked(qtbot, server, monkeypatch):
    """The form checks its settings once (:func:`run_settings`) and the run
    takes them as they are: journeys and sign-in are not read a second time."""
    from auditor import run_settings
    from auditor.run import session

    checked_again = []
    monkeypatch.setattr(session, "run_settings", lambda config: checked_again.append(config) or run_settings(config))
    url = server.url("image-alt.html")
    settings = run_settings(AuditConfig(urls=(url,), profile="quick", concurrency=1))
    store = Store()
    worker = AuditWorker(store, settings.config, settings=settings)
    pages = []
    worker.page_finished.connect(pages.append)
    with qtbot.waitSignal(worker.finished, timeout=120_000):
        thread = start_worker(worker)
    thread.wait()
    assert [p.url for p in pages] == [url]
    assert checked_again == []
