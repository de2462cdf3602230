"""The desktop app on a machine that cannot show it: one line that says why
(the libraries Qt's X11 plugin lacks, or no display), never Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.gui.xcb import PLUGIN, debian_package, libraries_line, missing_libraries, not_found, qt_folder, startup_problem, uses_xcb

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd5a1f3000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f0c1c200000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0c1c1d0000)
\tlibxcb-icccm.so.4 => not found
"""


def test_the_libraries_ldd_cannot_find_are_named_once_each():
    assert not_found(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert not_found("\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libpng16.so.16", "libpng16-16"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libz.so.1", "zlib1g"),
])
def test_each_library_is_named_with_its_debian_package(soname, package):
    assert debian_package(soname) == package


def test_the_line_names_the_libraries_and_the_command_that_installs_them():
    line = libraries_line(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"])
    assert "\n" not in line
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libxcb-cursor.so.0" in line
    assert line.endswith("(Debian/Ubuntu: sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0)")


@pytest.mark.parametrize("env, platform, expected", [
    ({"DISPLAY": ":0"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb:display=:1"}, "linux", True),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"XDG_SESSION_TYPE": "wayland"}, "linux", True),  # no compositor to talk to: Qt falls back to X11
    ({}, "darwin", False),
    ({}, "win32", False),
])
def test_only_x11_windows_are_checked(env, platform, expected):
    assert uses_xcb(env, platform) is expected


def test_what_stops_a_window_is_said_in_one_line():
    lacking = ["libxcb-icccm.so.4"]
    assert "libxcb-icccm.so.4" in startup_problem({"DISPLAY": ":0"}, "linux", lambda: lacking)
    assert "no X display" in startup_problem({}, "linux", lambda: [])
    assert startup_problem({"DISPLAY": ":0"}, "linux", lambda: []) is None
    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda: lacking) is None


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="ldd is a Linux tool")
def test_ldd_is_asked_about_the_real_plugin(tmp_path):
    """The plugin copied away from Qt's own libraries: ldd cannot find them,
    and they are the ones named."""
    qt = qt_folder()
    assert qt is not None and (qt / PLUGIN).is_file()
    assert missing_libraries(qt) == [] or all(name.startswith("libxcb") for name in missing_libraries(qt))
    lonely = tmp_path / "Qt"
    (lonely / PLUGIN).parent.mkdir(parents=True)
    shutil.copy(qt / PLUGIN, lonely / PLUGIN)
    assert "libQt6XcbQpa.so.6" in missing_libraries(lonely)
    assert missing_libraries(tmp_path / "nothing-here") == []


def start_app(tmp_path: Path, env: dict[str, str], before: str = "") -> subprocess.CompletedProcess:
    """``inclusion-audit-gui`` in its own process, with ``before`` run first."""
    code = f"{before}\nfrom auditor.gui.app import main\nraise SystemExit(main([]))"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def bare_environment(tmp_path: Path) -> dict[str, str]:
    """This environment without a display or a chosen Qt platform, and with
    its own settings folder."""
    gone = {"DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM"}
    return {**{k: v for k, v in os.environ.items() if k not in gone}, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is Linux's")
def test_the_app_without_a_display_says_so_in_one_line(tmp_path):
    done = start_app(tmp_path, bare_environment(tmp_path), "import auditor.gui.xcb as x; x.missing_libraries = lambda qt=None: []")
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        "inclusion-audit-gui: error: the desktop app cannot open a window: there is no X display (DISPLAY is not set); "
        "start it from a desktop session, or under xvfb-run"
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's X11 plugin is Linux's")
def test_the_app_without_the_plugins_libraries_names_them_in_one_line(tmp_path):
    """The libraries are present on the machines the tests run on, so their
    absence is what the check reports here, not what it finds."""
    env = {**bare_environment(tmp_path), "DISPLAY": ":99"}
    done = start_app(tmp_path, env, "import auditor.gui.xcb as x; x.missing_libraries = lambda qt=None: ['libxcb-icccm.so.4', 'libxcb-keysyms.so.1']")
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("inclusion-audit-gui: error: the desktop app cannot open a window: Qt's X11 plugin needs libxcb-icccm.so.4, libxcb-keysyms.so.1")
    assert line.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1)")
