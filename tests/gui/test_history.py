"""History: stored runs listed, opened, compared (new and fixed) and followed over time.

Runs are written to the store directly (as the runner writes them), so these
tests need no browser; the window's own audits are tested in test_window_audit.
"""

from __future__ import annotations

from auditor.model import Finding, PageError, PageResult, Target, fingerprint
from auditor.gui.rows import compare_runs, site_of, trend

SITE = "https://www.council.test"


def barrier(rule: str, url: str, selector: str, impact: str = "serious", groups: tuple[str, ...] = ("screen-reader",)) -> Finding:
    return Finding("axe", rule, "fail", impact, ("1.1.1",), groups, f"Fix {rule}", "https://dequeuniversity.com/rules/axe/4.10/" + rule,
                   (Target(selector, f"<{selector}>"),), fingerprint(rule, url, selector), detail="Give it a text alternative.")


def store_run(store, pages: list[PageResult]) -> str:
    run_id = store.create_run({"fail_on": "serious"}, {"name": "inclusion-auditor"}, [p.url for p in pages])
    for page in pages:
        store.save_page(run_id, page)
    store.finish_run(run_id)
    return run_id


def two_runs(store) -> tuple[str, str]:
    home, form = f"{SITE}/", f"{SITE}/apply"
    before = store_run(store, [
        PageResult(home, title="Home", findings=(barrier("image-alt", home, "img.logo"), barrier("color-contrast", home, ".banner", groups=("low-vision",)))),
        PageResult(form, title="Apply", findings=(barrier("label", form, "#name"),)),
    ])
    after = store_run(store, [
        PageResult(home, title="Home", findings=(barrier("color-contrast", home, ".banner", groups=("low-vision",)), barrier("link-name", home, "a.icon", impact="critical"))),
        PageResult(form, error=PageError("timeout", "The page did not finish within 30 s")),
    ])
    return before, after


def test_compare_runs_by_fingerprint(tmp_path):
    from auditor.store import Store

    with Store(tmp_path / "runs.sqlite3") as store:
        before, after = two_runs(store)
        comparison = compare_runs(store, before, after)
    assert [(r.rule, r.change) for r in comparison.new] == [("link-name", "new")]
    # The form page failed in the later run: its label finding is not called fixed.
    assert [(r.rule, r.change) for r in comparison.fixed] == [("image-alt", "fixed")]
    assert comparison.unchanged == 1


def test_trend_lists_the_sites_runs_oldest_first(tmp_path):
    from auditor.store import Store

    with Store(tmp_path / "runs.sqlite3") as store:
        before, after = two_runs(store)
        store_run(store, [PageResult("https://elsewhere.test/", title="Other")])
        records = store.runs()
        assert {site_of(r) for r in records} == {SITE, "https://elsewhere.test"}
        known: dict = {}
        points = trend(store, SITE, known=known)
        assert trend(store, SITE, known=known) == points and set(known) == {before, after}  # finished runs are read once
    assert [(p.run_id, p.barriers, p.pages) for p in points] == [(before, 3, 2), (after, 2, 2)]
    assert points[1].by_impact["critical"] == 1


def test_history_view_opens_compares_and_shows_the_trend(qtbot, window, tmp_path):
    from PySide6.QtCore import QItemSelectionModel, Qt

    before, after = two_runs(window.store())
    window.show_tab(window.history)  # switching to History reads the store
    history = window.history
    assert history.runs_model.rowCount() == 2
    selection = history.runs.selectionModel()
    for row in range(2):
        selection.select(history.runs.model().index(row, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert history.compare_button.isEnabled() and not history.open_button.isEnabled()
    qtbot.mouseClick(history.compare_button, Qt.MouseButton.LeftButton)
    assert history.compare_summary.text() == f"Run {after} against run {before}: 1 new, 1 fixed, 1 unchanged."
    assert sorted(history.compare_model.index(r, 2).data() for r in range(2)) == ["image-alt", "link-name"]
    # Selecting runs shows the site's trend: a chart and its figures as text.
    assert history.trend_model.rowCount() == 2
    shown = [history.trend_table.model().index(r, 6).data() for r in range(2)]
    assert shown == [before, after]  # the table reads oldest first, as the chart does
    assert [b.value for b in history.trend_chart.bars()] == [3, 2]
    assert "3 barriers" in history.trend_chart.accessibleDescription()

    history.open_requested.emit(after)
    assert window.current_page() is window.results
    assert window.results.run_id == after
    rules = sorted(window.results.model.index(r, 2).data() for r in range(window.results.model.rowCount()))
    assert rules == ["color-contrast", "link-name"]
    assert "could not be audited" in window.results.who.text() and "timeout" not in window.results.headline.text()
    assert "People with low vision" in window.results.who.text()
    assert window.export_action.isEnabled()


def test_a_run_opens_from_the_keyboard(qtbot, window):
    from PySide6.QtCore import Qt

    before, after = two_runs(window.store())
    window.show_tab(window.history)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    runs = window.history.runs
    runs.setFocus()
    qtbot.keyClick(runs, Qt.Key.Key_End)
    qtbot.keyClick(runs, Qt.Key.Key_Home)  # moving selects: the newest run
    assert [r.id for r in window.history.selected_runs()] == [after]
    qtbot.keyClick(runs, Qt.Key.Key_Return)
    assert window.current_page() is window.results and window.results.run_id == after


def test_the_window_serves_the_demo_site_once(window):
    """Each "Audit the demo site" would otherwise start another server, on
    another port, though the first still holds its own."""
    window.use_demo_site()
    first = window.form.state()["urls"]
    window.use_demo_site()
    assert window.form.state()["urls"] == first
    assert all("/inclusion-auditor-demo/" in url for url in first)
