"""Project files, settings handed to the core, and the form restored with QSettings."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import AuditConfig, ConfigError, load_config_file
from auditor.gui.project import build_settings, initial_state, load_project, save_project, supported_settings


def state(**changes):
    values = initial_state()
    values.update(urls=["https://www.example.org/"], checks=["axe"], profile="quick")
    values.update(changes)
    return values


def test_the_form_settings_become_the_cores_config():
    config = build_settings(state(concurrency=3, throttle_profile="2G")).config
    assert config.urls == ("https://www.example.org/",)
    assert config.checks == ("axe",) and config.concurrency == 3 and config.throttle_profile == "2G"


def test_an_option_this_build_lacks_is_refused_in_plain_words():
    without = supported_settings() - {"sitemap", "crawl"}
    with pytest.raises(ConfigError, match="cannot use reading a sitemap. Clear that setting"):
        build_settings(state(sitemap=["https://www.example.org/sitemap.xml"]), supported=without)
    # Left empty, an option the build lacks is no obstacle: it is not passed on.
    assert build_settings(state(), supported=without).config.urls == ("https://www.example.org/",)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"urls": ["www.example.org/apply"]}, "did you mean https://www.example.org/apply"),
        ({"urls": ["ftp://example.org/"]}, "not an http"),
        ({"urls": []}, "no pages to audit"),
        ({"checks": []}, "Choose at least one kind of check"),
    ],
)
def test_bad_input_is_one_plain_sentence(changes, message):
    with pytest.raises(ConfigError, match=message):
        build_settings(state(**changes))


def test_a_project_file_is_a_config_file_the_command_line_reads(tmp_path):
    path = tmp_path / "project.toml"
    extra = {"timeout": 12.5, "check_options": {"reading": {"target_reading_age": 11}}, "profiles": {"forms": {"checks": ["axe", "keyboard"]}}}
    settings = state(urls=["https://www.example.org/a", 'https://www.example.org/b?q="x"'], concurrency=2)
    save_project(path, settings, extra)
    config = AuditConfig.from_mapping(load_config_file(path))
    assert config.urls == ("https://www.example.org/a", 'https://www.example.org/b?q="x"')
    assert config.timeout == 12.5 and config.concurrency == 2 and config.options("reading") == {"target_reading_age": 11}
    loaded, kept = load_project(path)
    assert loaded["urls"] == settings["urls"] and loaded["checks"] == ["axe"]
    assert kept["timeout"] == 12.5 and kept["profiles"] == {"forms": {"checks": ["axe", "keyboard"]}}


def test_a_broken_project_file_is_a_config_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[audit\nurls = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_project(path)


def test_the_form_is_restored_from_qsettings(qtbot, settings):
    from auditor.gui.window import MainWindow

    first = MainWindow(store_path=":memory:", settings=settings)
    qtbot.addWidget(first)
    first.form.set_state({**first.form.state(), "urls": ["https://www.example.org/x"], "profile": "low-bandwidth", "checks": [], "concurrency": 3})
    first.form.family_boxes["reading"].setChecked(True)
    first.close()
    second = MainWindow(store_path=":memory:", settings=settings)
    qtbot.addWidget(second)
    restored = second.form.state()
    assert restored["urls"] == ["https://www.example.org/x"] and restored["profile"] == "low-bandwidth" and restored["concurrency"] == 3
    assert restored["checks"] == ["bandwidth", "nojs", "reading", "documents"]


def test_opening_and_saving_a_project_from_the_window(qtbot, window, tmp_path):
    path = tmp_path / "p.toml"
    window.form.set_state(state(urls=["https://www.example.org/p"]))
    assert window.save_project(path)
    window.form.set_state(initial_state())
    assert window.open_project(path)
    assert window.form.state()["urls"] == ["https://www.example.org/p"]
    (tmp_path / "bad.toml").write_text("timeout = 'soon'\n", encoding="utf-8")
    assert not window.open_project(tmp_path / "bad.toml")
    assert window.message.kind == "error" and "bad.toml: timeout must be float" in window.message.text()
    assert window.form.state()["urls"] == ["https://www.example.org/p"]  # the form is left as it was


def test_whole_service_and_engine_settings_reach_the_core():
    journey = str(Path(__file__).parent.parent / "fixtures" / "service" / "apply.toml")
    config = build_settings(state(
        urls=[], sitemap=["https://www.example.org/sitemap.xml"], crawl=["https://www.example.org/"], max_pages=20, max_depth=2,
        include=["/apply/"], exclude=["/print$"], journeys=[journey], engine="selenium", webdriver_url="http://grid.internal:4444",
    )).config
    assert config.sitemap == ("https://www.example.org/sitemap.xml",) and config.crawl == ("https://www.example.org/",)
    assert (config.max_pages, config.max_depth, config.include, config.exclude) == (20, 2, ("/apply/",), ("/print$",))
    assert config.journeys == (journey,)
    assert (config.engine, config.webdriver_url) == ("selenium", "http://grid.internal:4444")
    with pytest.raises(ConfigError, match="not a URL"):
        build_settings(state(crawl=["www.example.org"]))


ENTRY = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from auditor.gui.app import FOCUS_STYLE, main
from auditor.gui.window import MainWindow

app = QApplication(sys.argv)
seen = []

def close_it():
    for window in [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]:
        seen.append(window.windowTitle())
        window.close()

QTimer.singleShot(200, close_it)
code = main([])
print(code, seen, app.styleSheet() == FOCUS_STYLE)
"""


def test_the_entry_point_opens_the_window_and_returns_when_it_closes(tmp_path):
    import os
    import subprocess
    import sys

    # Nothing of the user's is read or written: the store and the settings go to tmp_path.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "AUDITOR_DB": str(tmp_path / "runs.sqlite3"), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", ENTRY], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 ['Inclusion Auditor 0.1.0'] True"
    assert (tmp_path / "inclusion-auditor" / "Inclusion Auditor.conf").is_file()  # the form remembered for next time
