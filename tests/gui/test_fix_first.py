"""The results view shows the report's Fix first list, who is excluded by
severity and the fixes by who makes them, all read from the document's
``priorities`` (ranked once by the core), on the stored sample run."""

from __future__ import annotations

from PySide6.QtCore import Qt

from auditor.document import build_document
from auditor.gui.fixfirst import WAITING
from auditor.gui.results import ResultsView
from auditor.model import PageResult
from sample_report import sample_run

# The sample run's issues as auditor.priorities ranks them (image-alt and
# no-visible-focus tie on priority, pages and elements, and go by id).
EXPECTED = [
    ("1", "critical", "3 of 3", "Screen reader users are not told what an image shows, so they miss what it says.", "screen-reader, low-bandwidth", "axe/image-alt"),
    ("2", "serious", "3 of 3", "Controls show no visible sign when they have keyboard focus.", "keyboard", "keyboard/no-visible-focus"),
    ("3", "serious", "3 of 3", "Text is too faint against its background for many people with low vision to read.", "low-vision", "axe/color-contrast"),
    ("4", "serious", "2 of 3", "At 320 px wide the page scrolls sideways or cuts content off.", "low-vision, older-devices", "reflow/horizontal-scroll-at-320px"),
    ("5", "moderate", "3 of 3", "The main text needs a higher reading age than its audience has.", "cognitive", "reading/reading-age-too-high"),
    ("6", "moderate", "2 of 3", "The page downloads more data than its budget allows.", "low-bandwidth", "bandwidth/page-weight-over-budget"),
]


def sample_document(tmp_path):
    from auditor.store import Store

    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = sample_run(store)
        return build_document(store, run_id), store.shots(run_id)


def shown(view: ResultsView) -> list[tuple[str, ...]]:
    model = view.fix_first.table.model()
    return [tuple(model.index(r, c).data() for c in range(5)) for r in range(model.rowCount())]


def test_fix_first_lists_the_reports_issues_in_its_order(qtbot, tmp_path):
    document, shots = sample_document(tmp_path)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_document(document, shots)

    assert [issue["id"] for issue in document["priorities"]["fix_first"]] == [row[5] for row in EXPECTED]
    assert shown(view) == [row[:5] for row in EXPECTED]
    assert [r.id for r in view.fix_first.model.rows()] == [row[5] for row in EXPECTED]
    assert view.fix_first.how.text() == document["priorities"]["how_ranked"]
    assert view.fix_first.model.rows()[0].example == "https://services.example.gov.uk/apply/step-1"
    assert view.fix_first.model.index(0, 5).data() == "Design and content"  # alt text is written, not coded

    # Who is excluded, by severity first, as the report orders it.
    who = view.who.text()
    lines = ["People on slow or expensive mobile data: 3 critical barriers (5 in all), on 3 pages",
             "People who use a screen reader: 3 critical barriers, on 3 pages",
             "People with low vision who zoom or need strong contrast: 5 serious barriers, on 3 pages",
             "People who use a keyboard instead of a mouse: 3 serious barriers, on 3 pages",
             "People on small or old devices or without working JavaScript: 2 serious barriers, on 2 pages",
             "People with cognitive impairments or low literacy: 3 barriers, none critical or serious, on 3 pages"]
    order = [who.index(line) for line in lines]
    assert order == sorted(order)
    assert "Pages that could not be audited" in who and "down.example" in who

    # Fixes by who makes them, and the things to check.
    assert view.fix_first.fixers.text().splitlines() == [
        "Design and content (3 issues, 9 findings): Screen reader users are not told what an image shows, so they miss what it says; "
        "Text is too faint against its background for many people with low vision to read; "
        "The main text needs a higher reading age than its audience has.",
        "Code (3 issues, 7 findings): Controls show no visible sign when they have keyboard focus; "
        "At 320 px wide the page scrolls sideways or cuts content off; The page downloads more data than its budget allows.",
        "Also 1 thing for a person to check: the tool cannot tell whether they are barriers.",
    ]

def test_choosing_an_issue_lists_its_findings(qtbot, tmp_path):
    document, shots = sample_document(tmp_path)
    view = ResultsView()
    qtbot.addWidget(view)
    view.show()
    view.show_document(document, shots)
    table = view.fix_first.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(2, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    rules = {view.proxy.index(r, 2).data() for r in range(view.proxy.rowCount())}
    assert rules == {"color-contrast"} and view.proxy.rowCount() == 3
    assert "color contrast" in view.detail.text.toPlainText().lower()


def test_a_run_still_going_waits_for_the_ranking_and_clearing_empties_it(qtbot, tmp_path):
    document, shots = sample_document(tmp_path)
    view = ResultsView()
    qtbot.addWidget(view)
    view.begin_run("run", "serious")
    view.add_page(PageResult.from_dict(document["pages"][0]))
    assert view.fix_first.model.rowCount() == 0 and view.fix_first.how.text() == WAITING
    view.show_document(document, shots)
    assert view.fix_first.model.rowCount() == 6
    view.clear()
    assert view.fix_first.model.rowCount() == 0 and view.fix_first.how.text() == WAITING


def test_the_window_shows_fix_first_for_a_stored_run(qtbot, window):
    run_id = sample_run(window.store())
    window.open_run(run_id)
    assert window.current_page() is window.results
    assert shown(window.results) == [row[:5] for row in EXPECTED]


def test_pages_skipped_on_purpose_are_listed_apart_from_pages_that_failed(qtbot, tmp_path):
    document, shots = sample_document(tmp_path)
    document["skipped"] = [{"url": "https://a.example/<b>private</b>", "reason": "robots-disallowed",
                            "message": "robots.txt does not allow this tool to load it", "found_on": "https://a.example/"}]
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_document(document, shots)
    who = view.who.text()
    assert "Pages skipped on purpose (not an error)" in who
    assert "https://a.example/&lt;b&gt;private&lt;/b&gt;: robots.txt does not allow this tool to load it (found on https://a.example/)" in who
    assert who.index("Pages that could not be audited") < who.index("Pages skipped on purpose")
    view.clear()
    assert "skipped" not in view.who.text()
