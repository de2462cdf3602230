"""Pages per minute on Selenium Grid 4, one node against two with the same
total slots, and what the coordinating process (this one: the runner, the
checks' Python side, the store) spends per page.

    python benchmarks/grid.py [--pages 12] [--slots 2] [--profile quick]

For each shape a Grid 4 hub starts on 127.0.0.1 (tests/grid4.py, the jar from
``scripts/ensure-grid.sh --grid4``): first one node of ``--slots`` slots, then
two nodes of half as many each, so both shapes have the same slots on this
machine. The fixture site (tests/fixtures/site) is served on 127.0.0.1 and
the same ``--pages`` URLs are audited through the public API
(``AuditRun`` over an in-memory store) with concurrency equal to the slots
(on the default profile, half as many pages in flight: each holds two
sessions, its JavaScript-off visit beside its own).

Figures per shape: pages per minute (first page start to last page end, the
Grid's start not counted); CPU seconds per page of this process, from
``resource.getrusage(RUSAGE_SELF)`` around the run; and CPU per page of the
Grid's processes (hub, nodes, chromedrivers, browsers), summed with psutil
over their process groups, since ``RUSAGE_CHILDREN`` counts only children
that have been waited for (the Grid is still running when the run ends).

On one machine two nodes share its cores, so they cannot be faster than one:
the figures show that the coordinator's share per page is small, which is
what lets K real machines multiply the throughput. Prints figures only;
asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from auditor import AuditConfig, AuditRun, Store  # noqa: E402
from auditor.registry import run_settings  # noqa: E402
from auditor.run.plan import pages_in_flight  # noqa: E402
from fixture_server import FixtureServer  # noqa: E402
from grid4 import BROWSER, grid4_jar, hub_and_nodes  # noqa: E402
from servers import ServerProcess  # noqa: E402

PAGES = ("image-alt.html", "label.html", "link-name.html", "button-name.html", "clean.html", "color-contrast.html")


def grid_cpu_s(servers: list[ServerProcess]) -> float:
    """CPU seconds (user + system) of the Grid's processes and their descendants, now."""
    total = 0.0
    for server in servers:
        try:
            root = psutil.Process(server.process.pid)
            for proc in [root, *root.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
        except psutil.Error:
            continue
    return total


def self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(jar: str, server: FixtureServer, nodes: int, slots: int, pages: int, profile: str) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="grid-bench-"))
    started: list[ServerProcess] = []

    def spawn(name: str, args: list[str], ready, env=None) -> ServerProcess:
        process = ServerProcess(args, folder / f"{name}.log", env)
        started.append(process)
        return process.wait_until(ready)

    try:
        grid = hub_and_nodes(spawn, jar, folder, nodes=nodes, slots=slots // nodes)
        urls = [server.url(f"{path}?copy={n}") for n, path in zip(range(pages), itertools.cycle(PAGES))]
        config = AuditConfig(urls=tuple(urls), engine="selenium", webdriver_url=grid.url, browser=BROWSER, profile=profile, concurrency=slots)
        run = AuditRun.start_new(Store(":memory:"), config)
        cpu_self, cpu_grid = self_cpu_s(), grid_cpu_s(started)
        first = last = 0.0
        done = errors = 0
        for result in run.results():
            now = time.monotonic()
            first = first or now - result.duration_ms / 1000
            last, done, errors = now, done + 1, errors + (result.error is not None)
        cpu_self, cpu_grid = self_cpu_s() - cpu_self, grid_cpu_s(started) - cpu_grid
        minutes = (last - first) / 60
        return {"pages": done, "errors": errors, "per_minute": done / minutes if minutes else 0.0,
                "in_flight": pages_in_flight(run_settings(config), slots)[0],
                "self_cpu_per_page": cpu_self / done, "grid_cpu_per_page": cpu_grid / done}
    finally:
        for process in reversed(started):
            process.stop()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--slots", type=int, default=2, help="total slots, split over two nodes in the second shape (even)")
    parser.add_argument("--profile", default="quick")
    args = parser.parse_args()
    if args.slots < 2 or args.slots % 2:
        parser.error("--slots must be an even number, 2 or more")
    jar = grid4_jar()
    if jar is None:
        print("java is not installed: Selenium Grid 4 cannot run here", file=sys.stderr)
        return 1
    server = FixtureServer().start()
    try:
        print(f"{args.pages} pages, profile {args.profile}, {args.slots} slots in all, concurrency {args.slots}")
        print(f"{'shape':<22} {'in flight':>9} {'pages/min':>9} {'errors':>6} {'coordinator CPU s/page':>23} {'Grid CPU s/page':>16}")
        for nodes in (1, 2):
            figures = measure(jar, server, nodes, args.slots, args.pages, args.profile)
            shape = f"{nodes} node{'s' if nodes > 1 else ''} x {args.slots // nodes} slot{'s' if args.slots // nodes > 1 else ''}"
            print(f"{shape:<22} {figures['in_flight']:>9} {figures['per_minute']:>9.1f} {figures['errors']:>6} {figures['self_cpu_per_page']:>23.3f} {figures['grid_cpu_per_page']:>16.3f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
