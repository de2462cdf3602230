"""The progress line: pages done of the total, failures, the current page, time taken and left."""

from __future__ import annotations

from auditor.gui.window import Progress, clock


def test_progress_says_done_failures_current_elapsed_and_left():
    progress = Progress()
    start = progress.started_at = 1000.0  # a round start: no float error in the figures
    assert progress.text(start + 2) == "Starting the browser… · 0:02 elapsed"
    progress.total, progress.done, progress.failures = 8, 2, 1
    progress.current = ["https://www.example.org/apply"]
    # Two pages in 30 s: the six left take about 90 s more.
    assert progress.text(start + 30) == "2 of 8 pages done · 1 could not be audited · now: https://www.example.org/apply · 0:30 elapsed · about 1:30 left"
    progress.done, progress.current = 8, []
    assert progress.text(start + 3725) == "8 of 8 pages done · 1 could not be audited · 1:02:05 elapsed"


def test_clock():
    assert [clock(s) for s in (0, 59.9, 61, 3600, -3)] == ["0:00", "0:59", "1:01", "1:00:00", "0:00"]
