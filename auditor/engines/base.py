"""The Engine interface: how the runner drives a browser, whichever one.

An :class:`Engine` owns one browser. :meth:`Engine.open` gives a :class:`Visit`:
a fresh isolated context with one page, closed after the page is audited.
Collectors talk only to a Visit, never to the browser library itself.
"""

from __future__ import annotations

import os
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


@dataclass(frozen=True)
class Navigation:
    """What loading the main document gave."""

    status: int | None
    final_url: str
    content_type: str


class Visit(ABC):
    """One page in its own isolated browser context."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.phase = "opening the page"

    @abstractmethod
    async def navigate(self, url: str, timeout_s: float, settle_ms: int) -> Navigation:
        """Load ``url``, wait for ``load`` and a short bounded settle.

        Raises :class:`auditor.model.PageFailure` when the main document is not an
        auditable HTML page (DNS failure, refused, HTTP error, not HTML, ...)."""

    @abstractmethod
    async def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Evaluate JavaScript in the main frame. Has no timeout of its own:
        the runner's per-page deadline bounds it."""

    @abstractmethod
    async def inject_script(self, source: str) -> None:
        """Run a library script (axe-core) in the page and every frame that allows it."""

    @abstractmethod
    async def title(self) -> str: ...

    @abstractmethod
    def network_events(self) -> list[dict[str, Any]]:
        """The Chrome DevTools Protocol ``Network.*`` events seen so far, as
        ``{"method": ..., "params": ...}``: recorded from before navigation
        on every engine (Playwright through a CDP session, Selenium through
        Chrome's performance log), so checks read one format."""

    @abstractmethod
    async def set_viewport(self, width: int, height: int) -> None: ...

    @abstractmethod
    async def press(self, key: str) -> None:
        """Press a key as a person would (``Tab``, ``Shift+Tab``, ``Enter``)."""

    @abstractmethod
    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """A PNG of the viewport, or of ``clip`` ({x, y, width, height} in CSS
        pixels of the page); the text caret is hidden so two shots compare."""

    @abstractmethod
    async def head(self, url: str, timeout_s: float) -> tuple[int, dict[str, str]]:
        """A HEAD request with the page's cookies: (status, lower-cased headers).
        Raises on a network failure."""

    @abstractmethod
    async def throttle(self, rtt_ms: float, down_kbps: float, up_kbps: float) -> None:
        """Apply network conditions to this visit (before navigating)."""

    @abstractmethod
    async def current_url(self) -> str: ...

    @abstractmethod
    async def close(self) -> None:
        """Close the page and its context, whatever state the page is in."""


class Engine(ABC):
    """One browser, opened once, giving out isolated visits."""

    name: str = ""

    def __init__(self) -> None:
        self.pages_since_launch = 0

    @property
    @abstractmethod
    def browser_version(self) -> str: ...

    @property
    @abstractmethod
    def connected(self) -> bool: ...

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def stop(self) -> None: ...

    async def shutdown(self) -> None:
        """Stop the browser and release everything the engine holds."""
        await self.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @abstractmethod
    async def open(self, *, viewport: tuple[int, int], javascript: bool = True) -> Visit:
        """A fresh context and page. Counts toward :attr:`pages_since_launch`."""
