"""Which browser executable a run uses, and the flags every launch passes:
shared by both engines and by the tools that start a browser of their own
(the report's own tests, the benchmarks)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class BrowserNotFound(Exception):
    """No usable Chrome or Chromium: a tool fault, the run cannot start."""


# Safe, quiet flags for an unattended browser. Without the background-networking
# flags Chromium phones home at start-up, which a closed network refuses.
LAUNCH_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)

# Headless Chromium still builds the omnibox pop-ups of each window's toolbar
# as WebUI pages: two extra renderers per browser context that are never shown.
# Turning them off makes each page's visit about a third cheaper here (1.9 s to
# 1.2 s a page with axe on the demo site, on a loaded 2-core machine).
DISABLED_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxFullPopup", "WebUIOmniboxAimPopup")

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser(explicit: str = "") -> str:
    """The browser executable to use: an explicit path, ``$AUDITOR_BROWSER``,
    ``/usr/bin/chromium``, a Chrome or Chromium on ``PATH``, or Playwright's own."""
    for candidate, origin in ((explicit, "--browser"), (os.environ.get("AUDITOR_BROWSER", ""), "$AUDITOR_BROWSER")):
        if candidate:
            resolved = shutil.which(candidate) or candidate
            if Path(resolved).is_file() and os.access(resolved, os.X_OK):
                return resolved
            raise BrowserNotFound(f"{origin} names {candidate!r}, which is not an executable file")
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    bundled = _playwright_chromium()
    if bundled:
        return bundled
    raise BrowserNotFound(
        "no Chrome or Chromium found: install one (Debian/Ubuntu: apt-get install chromium) "
        "or set AUDITOR_BROWSER to its path"
    )


def _playwright_chromium() -> str:
    """Playwright's downloaded Chromium, if `playwright install chromium` was run."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for exe in sorted(root.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        if os.access(exe, os.X_OK):
            return str(exe)
    return ""
