"""Can the desktop app open a window here? Checked before Qt starts.

On Linux, Qt draws windows through its X11 platform plugin (``xcb``), which
needs system libraries a plain Debian machine may lack: libxcb-cursor0,
libxcb-icccm4, libxcb-keysyms1 and others. Without one of them Qt aborts
with a long message that may name the wrong library (it asks for
libxcb-cursor0 even when that one is installed and another is missing).
This module asks ``ldd`` which libraries the plugin cannot find and names
them, with the Debian packages that hold them, in one line;
``scripts/ensure-qt-libs.sh`` uses it to install them. It imports no Qt, so
it works where Qt cannot start.

``python -m auditor.gui.xcb`` prints that line (nothing when all is there);
with ``--packages`` it prints only the package names.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Mapping, Sequence

PLUGIN = Path("plugins", "platforms", "libqxcb.so")
"""Qt's X11 platform plugin, under PySide6's ``Qt`` folder."""

LOADED_AT_RUN_TIME = ("libxcb-cursor.so.0",)
"""Libraries the plugin opens itself rather than links (from Qt 6.5 it will
not start without libxcb-cursor), so ``ldd`` does not see them."""

DEBIAN_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libz.so.1": "zlib1g",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libgcc_s.so.1": "libgcc-s1",
}
"""Libraries the plugin may need whose Debian package is not named by the
usual rule (see :func:`debian_package`)."""

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as ``not found``, once each, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def debian_package(soname: str) -> str:
    """The Debian package that holds a shared library: named after its soname,
    ``libfoo.so.N`` in ``libfooN``, with a hyphen when the name ends in a digit
    (``libfoo2.so.N`` in ``libfoo2-N``), lower-cased (Debian Policy 8.1); a few
    packages are named otherwise (:data:`DEBIAN_EXCEPTIONS`)."""
    if soname in DEBIAN_EXCEPTIONS:
        return DEBIAN_EXCEPTIONS[soname]
    name, _, version = soname.partition(".so.")
    if not version:
        return soname
    name = name.lower()
    major = version.split(".")[0]
    return f"{name}-{major}" if name[-1:].isdigit() else f"{name}{major}"


def qt_folder() -> Path | None:
    """PySide6's ``Qt`` folder, found without importing PySide6 (None without it)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)), "Qt")


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(qt: Path | None = None) -> list[str]:
    """The system libraries Qt's X11 plugin needs and cannot find here
    (empty when nothing is missing, or when there is no plugin to ask about)."""
    qt = qt if qt is not None else qt_folder()
    plugin = qt / PLUGIN if qt is not None else None
    if plugin is None or not plugin.is_file():
        return []
    missing: list[str] = []
    ldd = shutil.which("ldd")
    if ldd:
        try:
            done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30, check=False)
            missing = not_found(done.stdout + done.stderr)
        except (OSError, subprocess.SubprocessError):
            missing = []
    else:  # no ldd: loading the plugin names the first library it lacks
        try:
            ctypes.CDLL(str(plugin))
        except OSError as exc:
            missing = re.findall(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file", str(exc))[:1]
    return missing + [name for name in LOADED_AT_RUN_TIME if name not in missing and not _loadable(name)]


def libraries_line(missing: Sequence[str]) -> str:
    """The missing libraries and the command that installs them, in one line."""
    packages = " ".join(dict.fromkeys(debian_package(name) for name in missing))
    return (f"the desktop app cannot open a window: Qt's X11 plugin needs {', '.join(missing)}, "
            f"missing on this machine (Debian/Ubuntu: sudo apt-get install {packages})")


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will open its windows through X11: on Linux, unless another
    platform is chosen (``QT_QPA_PLATFORM``) or the session is Wayland's, where
    Qt 6 picks its Wayland plugin first."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return not (env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"))


def startup_problem(env: Mapping[str, str], platform: str = sys.platform,
                    missing: Callable[[], Sequence[str]] | None = None) -> str | None:
    """Why Qt could not open a window here, in one line, or None when it
    should: the libraries its X11 plugin lacks (``missing``, by default
    :func:`missing_libraries`), or no X display to draw on."""
    if not uses_xcb(env, platform):
        return None
    lacking = missing() if missing is not None else missing_libraries()
    if lacking:
        return libraries_line(lacking)
    if not env.get("DISPLAY"):
        return ("the desktop app cannot open a window: there is no X display (DISPLAY is not set); "
                "start it from a desktop session, or under xvfb-run")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    missing = missing_libraries() if sys.platform.startswith("linux") else []
    if not missing:
        return 0
    print(" ".join(dict.fromkeys(debian_package(name) for name in missing)) if "--packages" in args else libraries_line(missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
