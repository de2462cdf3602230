"""What the window says before there is anything to say, and when the system
browser will not open a report. Runs are written to the store directly (as the
runner writes them), so these tests need no browser."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from auditor.gui.results import ResultsView
from auditor.model import Finding, PageResult, Target, fingerprint

URL = "https://www.council.test/apply"
NOT_RUN = "the low-bandwidth checks did not run on this page"


def barrier(url: str = URL) -> Finding:
    return Finding("axe", "image-alt", "fail", "critical", ("1.1.1",), ("screen-reader",), "Images must have alternative text",
                   "https://dequeuniversity.com/rules/axe/4.10/image-alt", (Target("img", "<img>"),), fingerprint("image-alt", url, "img"))


def store_run(store, pages: list[PageResult]) -> str:
    tool = {"name": "inclusion-auditor", "version": "0.1.0", "axe_version": "4.10.2", "engine": "playwright", "browser": "Chromium"}
    run_id = store.create_run({"fail_on": "serious"}, tool, [p.url for p in pages])
    for page in pages:
        store.save_page(run_id, page)
    store.finish_run(run_id)
    return run_id


def test_before_any_page_is_chosen_the_figures_wait_without_blaming_a_page(qtbot):
    view = ResultsView()
    qtbot.addWidget(view)
    for chart in (view.load_chart, view.weight_chart):
        text = chart.text_alternative()
        assert NOT_RUN not in text and text.startswith("Choose a finding")
        assert chart.accessibleDescription() == text
    assert view.facts.text().startswith("Choose a finding")

    # A page audited without the low-bandwidth checks does say so, once it is shown.
    view.add_page(PageResult(URL, title="Apply", findings=(barrier(),)))
    view.select_first()
    qtbot.waitUntil(lambda: NOT_RUN in view.load_chart.text_alternative())
    assert NOT_RUN in view.weight_chart.text_alternative()

    view.clear()  # and back to waiting when the view is emptied
    assert view.load_chart.text_alternative().startswith("Choose a finding")


def shown_run(window) -> str:
    run_id = store_run(window.store(), [PageResult(URL, title="Apply", findings=(barrier(),))])
    window.open_run(run_id)
    assert window.results.run_id == run_id and window.open_report_action.isEnabled()
    return run_id


def test_a_browser_that_will_not_open_the_report_is_said_so(qtbot, window, monkeypatch):
    from auditor.gui.export import reports_folder

    run_id = shown_run(window)
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    window.open_url = QDesktopServices.openUrl
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    text = window.message.text()
    assert window.message.kind == "error"
    assert "could not open a web browser" in text
    report = reports_folder(window.store(), run_id) / "report.html"
    assert report.is_file() and str(report) in text  # where to find it by hand
    assert window.message.label.accessibleName() == "Error" and window.message.label.hasFocus()  # read out at once


def test_a_report_that_opened_is_said_so_too(qtbot, window):
    shown_run(window)
    report = window.open_report()
    assert [u.toLocalFile() for u in window.opened_urls] == [str(report)]
    assert window.message.kind == "info" and str(report) in window.message.text()


def test_a_report_file_that_is_missing_is_not_handed_to_the_browser(qtbot, window, monkeypatch, tmp_path):
    import auditor.gui.window as window_module

    shown_run(window)
    missing = tmp_path / "gone" / "report.html"
    monkeypatch.setattr(window_module, "html_report", lambda store, run_id: missing)
    assert window.open_report() is None
    assert window.opened_urls == []
    assert window.message.kind == "error" and str(missing) in window.message.text()


def test_the_page_figures_are_listed_from_the_declared_metrics(qtbot):
    """The figures pane lists what the families declare, as report.html
    does: a figure the view never names shows from its declaration."""
    from auditor.gui.results import facts_text

    metrics = {"transfer_bytes": 1_048_577, "requests": 1, "third_party_bytes": 0, "data_cost_gbp": 0.0419, "price_per_gb_gbp": 40.0,
               "reading_age": 11.5, "focus_stops": 14, "nojs_text_ratio": 0.853}
    view = ResultsView()
    qtbot.addWidget(view)
    view.add_page(PageResult(URL, title="Apply", findings=(barrier(),), metrics=metrics))
    view.select_first()
    qtbot.waitUntil(lambda: "Page weight" in view.facts.text())
    assert view.facts.text().splitlines() == [
        "Page: Apply",
        "Page weight: 1 MB in 1 request",
        "Data cost of a visit: £0.04 on pay-as-you-go data at £40 per GB",
        "Text without JavaScript: 85% of the main text",
        "Keyboard focus stops: 14",
        "Reading age: 11.5",
    ]
    table = [{"family": "timing", "name": "refresh_after_ms", "label": "Reloads itself after", "unit": "ms", "description": "",
              "phrase": "{value}", "noun": "", "shown": "always"}]
    assert facts_text(PageResult(URL, title="Apply", metrics={"refresh_after_ms": 20_000}), table) == "Page: Apply\nReloads itself after: 20 seconds"
    assert facts_text(PageResult(URL, title="Apply"), table).endswith("No page figures: the checks that measure them did not run on this page.")
