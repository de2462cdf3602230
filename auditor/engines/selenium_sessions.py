"""The Selenium engine's sessions: chromedriver, capabilities and the pool.

A :class:`SessionPool` starts WebDriver sessions of Chrome/Chromium behind a
local chromedriver or a remote endpoint (a Selenium Grid), asks a busy Grid
again with backoff, keeps sessions for reuse, and quits them: politely, or
from a thread of its own when a call of theirs was abandoned at the page's
deadline. Every blocking WebDriver call runs on the pool's bounded threads.
Here too are chromedriver's (and a Grid's) words for a session that is gone
or was refused.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, TypeVar

from selenium import webdriver
from selenium.common.exceptions import SessionNotCreatedException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.client_config import ClientConfig

from ..model import PageFailure
from .base import NoSessionYet, SessionOptions
from .browsers import DISABLED_FEATURES, LAUNCH_ARGS, BrowserNotFound
from .selenium_devtools import CDP_COMMAND, LOG_COMMAND

T = TypeVar("T")

# What Playwright's driver does for every headless Chromium, done here too so
# both engines measure the same page: HTTPS upgrades off (an http:// address is
# audited as given) and scrollbars hidden (a 320 px viewport is 320 px of page).
SELENIUM_DISABLED_FEATURES = (*DISABLED_FEATURES, "HttpsUpgrades")
PARITY_ARGS = ("--hide-scrollbars",)

SESSION_WAIT_S = 25.0
"""How long to keep asking a busy Grid for a session (under the runner's 30 s to open a page)."""
SESSION_BACKOFF_S = (0.5, 1.0, 2.0, 4.0)
HTTP_GRACE_S = 30.0
"""WebDriver's own timeouts end a hung command first; the HTTP client waits this much longer."""
QUIT_TIMEOUT_S = 15.0

# Chromedriver's (and a Grid's) words for a session or browser that is gone.
_SESSION_GONE = (
    "tab crashed",
    "page crash",
    "session deleted",
    "invalid session id",
    "disconnected",
    "chrome not reachable",
    "no such window",
    "target window already closed",
    "target frame detached",
    "not connected to devtools",
    "browser has closed",
    "session not found",
    "unable to execute request for an existing session",  # Grid 4: the node holding it is gone
    "unable to find session",
    "max retries exceeded",
    "connection refused",
    "connection reset",
    "remote end closed connection",
    "was terminated due to",  # a Grid whose node lost the browser: "Session [...] was terminated due to BROWSER_TIMEOUT"
)
_SESSION_REFUSED = ("session not created", "could not start a new session", "new session request", "error forwarding the new session", "timed out waiting for a node", "no free slots")

class ChromedriverNotFound(BrowserNotFound):
    """No chromedriver to start sessions with."""


def find_chromedriver(explicit: str = "") -> str:
    """The chromedriver to start: ``$AUDITOR_CHROMEDRIVER``,
    ``/usr/bin/chromedriver``, or one on ``PATH`` (found as the browser is)."""
    configured = explicit or os.environ.get("AUDITOR_CHROMEDRIVER", "")
    if configured:
        resolved = shutil.which(configured) or configured
        if Path(resolved).is_file() and os.access(resolved, os.X_OK):
            return resolved
        raise ChromedriverNotFound(f"$AUDITOR_CHROMEDRIVER names {configured!r}, which is not an executable file")
    if os.access("/usr/bin/chromedriver", os.X_OK):
        return "/usr/bin/chromedriver"
    found = shutil.which("chromedriver")
    if found:
        return found
    raise ChromedriverNotFound(
        "the selenium engine needs chromedriver, matching the browser's version: install it "
        "(Debian/Ubuntu: apt-get install chromium-driver) or set AUDITOR_CHROMEDRIVER to its path"
    )


def session_failure(exc: BaseException) -> PageFailure | None:
    """A :class:`PageFailure` when ``exc`` means the session or its browser is
    gone (a crash, a dead node), else None."""
    text = error_message(exc).lower()
    if "net::err_" in text:  # the page's own network failure, not the session's
        return None
    if isinstance(exc, (ConnectionError, OSError)) or any(word in text for word in _SESSION_GONE):
        return PageFailure("crash", f"The browser session ended while the page was being audited ({error_message(exc)[:160]})")
    return None


def is_refused_session(exc: BaseException) -> bool:
    """A Grid with no free slot (or a node that could not start a browser)."""
    return isinstance(exc, SessionNotCreatedException) or any(word in error_message(exc).lower() for word in _SESSION_REFUSED)


def error_message(exc: BaseException) -> str:
    """The first line of what a WebDriver error says."""
    text = (exc.msg if isinstance(exc, WebDriverException) and exc.msg else str(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class SessionPool:
    """The WebDriver sessions of one engine, and the threads their calls run on."""

    def __init__(self, *, executable: str, extra_args: tuple[str, ...], timeout_s: float, sessions: int, local: bool) -> None:
        self.executable = executable  # empty: the endpoint chooses
        self.extra_args = extra_args
        self.timeout_s = timeout_s
        self.local = local  # the browsers run on this machine (their processes can be killed)
        self.endpoint = ""
        """Where sessions are asked for; set when the engine starts."""
        self._threads = 3 * max(1, sessions) + 2  # a main visit, a JavaScript-off visit and a close per page in flight
        self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="webdriver")
        self._idle: list[webdriver.Remote] = []
        self._live: set[webdriver.Remote] = set()
        self._lock = threading.Lock()
        self.refused = 0
        """Session requests a busy Grid turned down (asked again until :data:`SESSION_WAIT_S` is up)."""

    async def call(self, fn: Callable[[], T]) -> T:
        """Run a blocking WebDriver call on the bounded thread pool."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn)

    def reopen(self) -> None:
        """Threads again after :meth:`shutdown` (an engine started again)."""
        if self._pool._shutdown:
            self._pool = ThreadPoolExecutor(max_workers=self._threads, thread_name_prefix="webdriver")

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def idle(self) -> webdriver.Remote | None:
        """A session given back for reuse, if there is one."""
        with self._lock:
            return self._idle.pop() if self._idle else None

    async def quit_all(self) -> None:
        with self._lock:
            drivers, self._idle, self._live = list(self._live), [], set()
        if drivers:
            await asyncio.gather(*(self.quit(d) for d in drivers), return_exceptions=True)

    async def new_session(self, viewport: tuple[int, int] = (1280, 800)) -> webdriver.Remote:
        """A new session; a Grid with no free slot is asked again with backoff
        for :data:`SESSION_WAIT_S`, then :class:`NoSessionYet` gives the page
        up (the runner retries it later). A session that arrives after the
        page gave up is quit."""
        deadline = time.monotonic() + SESSION_WAIT_S
        for attempt in range(1000):
            creation = asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(self._create, viewport))
            try:
                return await asyncio.shield(creation)
            except asyncio.CancelledError:
                creation.add_done_callback(self._discard_late)
                raise
            except WebDriverException as exc:
                refused = is_refused_session(exc)
                self.refused += refused
                if not refused or time.monotonic() >= deadline:
                    gave_up = NoSessionYet if refused else RuntimeError
                    raise gave_up(f"the WebDriver endpoint did not give a session: {error_message(exc)}") from None
            await asyncio.sleep(SESSION_BACKOFF_S[min(attempt, len(SESSION_BACKOFF_S) - 1)])
        raise RuntimeError("the WebDriver endpoint did not give a session")

    def _discard_late(self, creation: "asyncio.Future[webdriver.Remote]") -> None:
        if not creation.cancelled() and creation.exception() is None:
            self.discard(creation.result())

    def _create(self, viewport: tuple[int, int]) -> webdriver.Remote:
        config = ClientConfig(self.endpoint, timeout=int(self.timeout_s + HTTP_GRACE_S))
        driver = webdriver.Remote(command_executor=self.endpoint, options=self.options(viewport), client_config=config)
        driver.command_executor.add_command(CDP_COMMAND, "POST", "/session/$sessionId/goog/cdp/execute")
        driver.command_executor.add_command(LOG_COMMAND, "POST", "/session/$sessionId/se/log")
        with self._lock:
            self._live.add(driver)
        return driver

    def options(self, viewport: tuple[int, int]) -> Options:
        """The session's capabilities: our launch flags and disabled features
        (chromedriver merges them with its own), the performance log with
        network and page events, dialogs dismissed, downloads refused."""
        options = Options()
        if self.executable:
            options.binary_location = self.executable
        for arg in (*LAUNCH_ARGS, *PARITY_ARGS, f"--window-size={viewport[0]},{viewport[1]}", "--disable-features=" + ",".join(SELENIUM_DISABLED_FEATURES), *self.extra_args):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": True})
        options.add_experimental_option("prefs", {"download_restrictions": 3})
        options.unhandled_prompt_behavior = "dismiss and notify"
        milliseconds = int(self.timeout_s * 1000)
        options.timeouts = {"pageLoad": milliseconds, "script": milliseconds}
        return options

    def give_back(self, driver: webdriver.Remote) -> None:
        with self._lock:
            if driver in self._live:
                self._idle.append(driver)

    async def quit(self, driver: webdriver.Remote) -> None:
        with self._lock:
            self._live.discard(driver)
        try:
            await asyncio.wait_for(self.call(driver.quit), QUIT_TIMEOUT_S)
        except Exception:  # gone already, or stuck: nothing more to do from here
            pass

    def discard(self, driver: webdriver.Remote) -> None:
        """Quit a session from a thread of its own, without waiting: its
        WebDriver may still be busy with a call that was abandoned.

        chromedriver runs a session's commands one after another, so the quit
        would wait for that call (a page in a busy loop holds it until the
        script timeout). A local browser is killed first, which ends the call
        at once; a remote one holds its slot until WebDriver's own timeout."""
        with self._lock:
            self._live.discard(driver)
            if driver in self._idle:
                self._idle.remove(driver)
        threading.Thread(target=_end_session, args=(driver, self.local), name="webdriver-quit", daemon=True).start()


def _end_session(driver: webdriver.Remote, kill_browser: bool) -> None:
    if kill_browser:
        kill_local_browser(driver)
    try:
        driver.quit()
    except Exception:
        pass


def kill_local_browser(driver: webdriver.Remote) -> None:
    """SIGKILL the processes of the session's browser on this machine, known by
    the profile folder chromedriver made for it (``--user-data-dir``)."""
    profile = (driver.capabilities.get("chrome") or {}).get("userDataDir", "")
    if not profile:
        return
    marker = f"--user-data-dir={profile}".encode()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (proc / "cmdline").read_bytes().split(b"\0"):
                os.kill(int(proc.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read


def stop_service(service: Service) -> None:
    """Stop chromedriver, and every browser it started (its process group):
    a browser it could not close must not outlive the run."""
    process = service.process
    try:
        service.stop()
    finally:
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def unsupported_sign_in(session: SessionOptions) -> str:
    """What of the run's sign-in this engine cannot do, and why (empty when
    it can do all of it). WebDriver gives no request interception, so
    credentials cannot be kept to one origin."""
    if session.http_username:
        return "HTTP basic auth"
    if session.headers and session.origin:
        return "headers sent to one origin only"
    if session.storage_state:
        return "a storage state file"
    return ""
