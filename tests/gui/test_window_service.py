"""Whole services from the window: a crawl and a journey of the fixture service."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from gui_helpers import wait_for_run
from service_server import serving

pytestmark = pytest.mark.integration
service = pytest.fixture(scope="module", name="service")(serving)

FIXTURES = Path(__file__).parent.parent / "fixtures" / "service"


def paths(win) -> list[str]:
    return sorted(urlsplit(r.url).path for r in win.results.results() if r.error is None)


def test_a_crawl_from_the_window_grows_as_pages_are_found(qtbot, window, service):
    service.reset()
    state = window.form.state()
    state.update(urls=[], crawl=[service.url("/")], max_depth=1, exclude=["contact"], profile="quick", checks=[], concurrency=1)
    window.form.set_state(state)
    assert window.start()
    wait_for_run(qtbot, window)
    assert window.message.isHidden(), window.message.text()
    # Depth 1 from the start page, the contact page excluded (robots.txt obeyed by default).
    assert paths(window) == ["/", "/about", "/deep/1", "/rendered"]
    assert window.progress_bar.maximum() == 4 and window.progress_label.text().startswith("Finished: 4 of 4 pages")


def test_a_journey_file_chosen_in_the_form_is_walked(qtbot, window, service, tmp_path):
    journey = tmp_path / "apply.toml"
    journey.write_text((FIXTURES / "apply.toml").read_text(encoding="utf-8").replace("http://SERVICE", service.base), encoding="utf-8")
    state = window.form.state()
    state.update(urls=[], profile="quick", checks=[], concurrency=1)
    window.form.set_state(state)
    window.form.add_journeys([str(journey)])
    assert window.form.state()["journeys"] == [str(journey)]
    assert window.start()
    wait_for_run(qtbot, window, 240)
    assert window.message.isHidden(), window.message.text()
    titles = [r.title for r in window.results.results()]
    assert "Error: What is your name?" in titles  # the checkpoint after the empty submit, in its state
    assert len(titles) == 4


def test_the_window_says_when_a_grid_keeps_pages_to_half_its_slots(qtbot, window, server, spawn, tmp_path_factory):
    """On a Grid 4 of two slots, two pages at once that each need two sessions
    (nojs loads the page again without JavaScript) would wait for each other:
    the run takes one at a time, and the window says why."""
    from grid4 import BROWSER, grid4_jar, standalone

    jar = grid4_jar()
    if jar is None:
        pytest.skip("java is not installed: the Selenium Grid 4 tests need it (the jar is a Java program)")
    grid = standalone(spawn, jar, tmp_path_factory.mktemp("gui-grid"), slots=2, name="gui-grid4")
    state = window.form.state()
    state.update(urls=[server.url("nojs/content.html"), server.url("nojs/content-clean.html")], profile="default", checks=["nojs"],
                 concurrency=2, engine="selenium", webdriver_url=grid.url)
    window.form.set_state(state)
    window.extra = {"browser": BROWSER}  # settings the form does not show, as a project file gives them
    assert window.start(), window.message.text()
    wait_for_run(qtbot, window)
    assert window.message.text() == ("1 page in flight, not 2: each page needs 2 browser sessions at once (the nojs family loads it "
                                     "again without JavaScript) and the Grid has 2 slots.")
    assert window.progress_label.text().startswith("Finished: 2 of 2 pages in ")
