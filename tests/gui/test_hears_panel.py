"""The desktop app shows what a screen reader hears on the chosen finding's
page, one tab over from the page's figures, on the stored sample run."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt

from auditor.gui.hears import NOT_RUN, WAITING, HearsPanel, heard_caption, heard_lines
from auditor.model import PageError, PageResult
from sample_report import sample_run, transcript

URL = "https://www.council.test/apply"


def test_the_transcript_is_numbered_plain_lines_and_the_caption_says_why_when_there_are_none():
    assert heard_lines(transcript(2))[:4] == ["1. link, Skip to main content", "2. banner landmark", "3. link, Home", "4. button, Menu, collapsed"]
    assert heard_caption(None) == WAITING
    assert heard_caption(PageResult(URL, title="Apply")) == NOT_RUN
    assert heard_caption(PageResult(URL, title="Apply", screen_reader=())) == "Apply: nothing; the page exposes nothing a screen reader announces."
    assert heard_caption(PageResult(URL, screen_reader=transcript(1))) == f"{URL}: 14 lines, in reading order."
    assert heard_caption(PageResult(URL, error=PageError("dns", "no such host"))) == f"{URL} could not be audited: nothing was heard."


def test_page_text_is_shown_as_plain_text(qtbot):
    """A line came from the page: markup in it is shown as written, never rendered."""
    panel = HearsPanel()
    qtbot.addWidget(panel)
    hostile = '<b>bold</b><img src=x onerror=alert(1)>'
    panel.show_page(PageResult(URL, title=hostile, screen_reader=({"text": "link, " + hostile},)))
    assert panel.texts() == [f"1. link, {hostile}"]
    assert panel.caption.textFormat() == Qt.TextFormat.PlainText and panel.caption.text() == f"{hostile}: 1 line, in reading order."


def test_the_window_shows_what_a_screen_reader_hears_on_the_chosen_findings_page(qtbot, window):
    run_id = sample_run(window.store())
    window.open_run(run_id)
    results = window.results
    assert results.page_tabs.tabText(1) == "What a screen reader hea&rs"
    assert results.page_tabs.currentIndex() == 0  # secondary: the page's figures come first
    # Choose a finding on step 2: its page's transcript, in order.
    results.page_filter.setCurrentIndex(results.page_filter.findData("https://services.example.gov.uk/apply/step-2"))
    results.select_first()
    panel = results.hears
    qtbot.waitUntil(lambda: panel.lines.count() == 14)
    assert panel.texts() == heard_lines(transcript(2))
    assert panel.texts()[5] == "6. heading level 1, Apply for a blue badge: step 2"
    assert panel.caption.text() == "Apply for a blue badge – step 2: 14 lines, in reading order."
    assert panel.lines.accessibleName() == "What a screen reader hears" and panel.caption.buddy() is panel.lines
    # Reached from the keyboard: the tab's mnemonic, then the list.
    results.page_tabs.tabBar().setFocus()
    qtbot.keyClick(results.page_tabs.tabBar(), Qt.Key.Key_Right)
    assert results.page_tabs.currentWidget() is panel and panel.lines.isVisible()
    out = Path(os.environ.get("AUDITOR_GUI_SHOT_DIR", "")) if os.environ.get("AUDITOR_GUI_SHOT_DIR") else None
    if out is not None:  # a picture to look at, when asked for
        results.grab().save(str(out / "app-hears.png"))
