"""Servers the remote-browser tests start on 127.0.0.1: chromedriver as a
WebDriver server, a Selenium Grid hub and node, a Playwright browser server.

A module of its own (not conftest.py) so test files can import it: each
test folder's conftest.py is a module named ``conftest``, and which one an
import finds depends on the order pytest collects them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any



def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    """Whether anything answers HTTP at ``url`` (any status counts)."""
    import urllib.error
    import urllib.request

    try:
        urllib.request.urlopen(url, timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class ServerProcess:
    """A server in a process group of its own, so that stopping it also stops
    everything it started (browsers, a driver's node process)."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        import subprocess

        self.args, self.log = args, log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(args, stdout=self._log_file, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, start_new_session=True)

    def wait_until(self, ready: Any, timeout_s: float = 90) -> "ServerProcess":
        import time

        deadline = time.monotonic() + timeout_s
        while not ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                self.stop()
                raise RuntimeError(f"{self.args[0]} did not become ready; its log ends:\n{tail}")
            time.sleep(0.3)
        return self

    def stop(self) -> None:
        import signal
        import subprocess

        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
                self.process.wait(timeout=10)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        self._log_file.close()
