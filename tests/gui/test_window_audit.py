"""Audits from the window: a real browser on fixture pages served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from gui_helpers import set_up, wait_for_run

from auditor.gui.models import ROW_ROLE

pytestmark = pytest.mark.integration


def rules_shown(win) -> list[str]:
    proxy = win.results.proxy
    return sorted({proxy.index(r, 2).data() for r in range(proxy.rowCount())})


def test_an_audit_from_the_window_shows_results_as_pages_finish(qtbot, window, server, tmp_path):
    urls = [server.url("image-alt.html"), server.url("label.html"), server.url("clean.html")]
    set_up(window, urls)
    arrivals: list[int] = []
    window.results.model.rowsInserted.connect(lambda *a: arrivals.append(window.results.model.rowCount()))
    assert window.start()
    assert window.running and window.current_page() is window.results
    assert not window.start_button.isEnabled() and window.cancel_button.isEnabled() and not window.form.isEnabled()
    wait_for_run(qtbot, window)

    assert len(arrivals) >= 2  # findings joined the table page by page, not all at the end
    assert window.progress_label.text().startswith("Finished: 3 of 3 pages in ")
    assert window.progress_bar.value() == 3 and window.progress_bar.maximum() == 3
    assert {"image-alt", "label"} <= set(rules_shown(window))
    assert window.results.headline.text().startswith("3 pages: 3 audited, 0 could not be audited.")
    assert "People who use a screen reader" in window.results.who.text()

    # The filters narrow the table; the detail pane explains the chosen finding.
    window.results.rule_filter.setCurrentIndex(window.results.rule_filter.findData("axe/image-alt"))
    assert rules_shown(window) == ["image-alt"]
    window.results.select_first()
    detail = window.results.detail
    assert "Why it matters: who it excludes" in detail.text.toHtml() and "WCAG 1.1.1" in detail.text.toPlainText()
    assert "<img" in detail.snippet.toPlainText()
    chosen = window.results.table.currentIndex().data(ROW_ROLE)
    shots = window.store().shots(window.results.run_id)  # element screenshots kept with the run
    assert (chosen.page_url, chosen.finding["targets"][0]["selector"]) in shots
    assert detail.has_image() and detail.image.accessibleDescription().startswith("A cropped picture of the page")

    # Sharing: every format into a folder, and the HTML report handed to the system browser.
    written = window.export_to(tmp_path / "export")
    assert sorted(p.name for p in written) == ["report.csv", "report.html", "report.json", "report.junit.xml", "report.sarif"]
    assert all(p.stat().st_size > 0 for p in written)
    report = window.open_report()
    assert report is not None and report.name == "report.html" and report.is_file()
    assert [u.toLocalFile() for u in window.opened_urls] == [str(report)]

    # The run is in History.
    window.show_tab(window.history)
    assert [r.id for r in window.history.runs_model.rows()] == [window.results.run_id]


def test_cancel_from_the_window_keeps_finished_pages(qtbot, window, server):
    server.slow_delay = 1.0
    try:
        urls = [server.url(f"slow?n={i}&case=window-cancel") for i in range(6)]
        set_up(window, urls)
        assert window.start()
        qtbot.waitUntil(lambda: bool(window.results.results()), timeout=120_000)
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        wait_for_run(qtbot, window)
    finally:
        server.slow_delay = 0.0
    assert window.progress_label.text().startswith("Cancelled after ")
    record = window.store().runs()[0]
    assert not record.complete and 1 <= record.pages_done < 6
    assert len(window.results.results()) == record.pages_done  # what was shown is what was kept
    assert window.start_button.isEnabled() and window.form.isEnabled()

    # History offers to finish it: only the pages not done are audited.
    window.show_tab(window.history)
    window.history.runs.selectRow(0)
    assert window.history.resume_button.isEnabled()
    done_before = record.pages_done
    qtbot.mouseClick(window.history.resume_button, Qt.MouseButton.LeftButton)
    assert window.running and window.current_page() is window.results
    assert len(window.results.results()) == done_before  # the finished pages are shown at once
    wait_for_run(qtbot, window)
    record = window.store().run(record.id)
    assert record.complete and record.pages_done == 6
    assert window.progress_label.text().startswith("Finished: 6 of 6 pages")
    assert sorted(r.url for r in window.results.results()) == sorted(urls)


def test_closing_the_window_during_a_run_stops_it_cleanly(qtbot, window, server):
    server.slow_delay = 1.0
    try:
        set_up(window, [server.url(f"slow?n={i}&case=window-close") for i in range(6)])
        assert window.start()
        qtbot.waitUntil(lambda: bool(window.results.results()), timeout=120_000)
        store = window.store()
        thread = window._thread
        run_id = window.results.run_id
        window.close()
    finally:
        server.slow_delay = 0.0
    assert thread.isFinished() and not window.running
    from auditor.store import Store

    with Store(store.path) as reopened:  # the window closed its handle; the pages are on disk
        record = reopened.run(run_id)
        assert not record.complete and 1 <= record.pages_done < 6


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"urls": ["www.gov.uk/apply"]},
         "Problem: The settings need a change before the audit can run: not a URL: 'www.gov.uk/apply' (did you mean https://www.gov.uk/apply?)."),
        ({"checks": []}, "Problem: Choose at least one kind of check."),
    ],
)
def test_bad_settings_are_shown_in_the_window_and_nothing_starts(window, changes, expected):
    window.form.set_state({**window.form.state(), "urls": ["https://www.example.org/"], **changes})
    if "checks" in changes:
        for box in window.form.family_boxes.values():
            box.setChecked(False)
    assert not window.start()
    assert not window.running
    assert window.message.kind == "error"
    assert window.message.text() == expected


def test_a_missing_browser_is_shown_in_plain_words(qtbot, window, server, tmp_path):
    window.extra = {"browser": str(tmp_path / "chrome-that-is-not-there")}
    set_up(window, [server.url("clean.html")])
    assert window.start()
    wait_for_run(qtbot, window, 60)
    assert window.message.kind == "error"
    assert window.message.text().startswith("Problem: No web browser was found to run the audit. Install Chrome or Chromium")
    assert window.progress_label.text() == "The audit did not start."


def test_a_run_that_fails_says_so_and_keeps_the_window_usable(qtbot, window, server):
    window.extra = {"browser": "/bin/false"}  # an executable that is not a browser: the launch fails
    set_up(window, [server.url("clean.html")])
    assert window.start()
    wait_for_run(qtbot, window, 60)
    assert window.message.text().startswith("Problem: The run stopped because of a fault: ")
    assert window.message.text().endswith("Pages finished before it are kept.")
    assert "Traceback" not in window.message.text()
    assert window.start_button.isEnabled()


def test_a_store_that_cannot_be_opened_is_shown_in_plain_words(qtbot, qapp, settings, tmp_path, server):
    from auditor.gui.window import MainWindow

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    win = MainWindow(store_path=blocker / "runs.sqlite3", settings=settings)
    qtbot.addWidget(win)
    set_up(win, [server.url("clean.html")])
    assert not win.start()
    assert win.message.text().startswith("Problem: The record of past runs could not be used: cannot create the folder for the store")
    win.show_tab(win.history)
    assert "could not be used" in win.message.text()
    assert Path(blocker).read_text(encoding="utf-8") == "not a folder"
