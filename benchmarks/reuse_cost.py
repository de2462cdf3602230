"""What a reused JavaScript-off visit costs and holds, by how many pages its
browser page serves before ``reset`` replaces it.

The ``nojs`` family loads every page again with JavaScript off, in a visit
kept from page to page (a new browser context each time costs more). The
browser page inside it is replaced every ``PAGE_REUSES`` pages, because
Playwright keeps every request and response a page made until that page
closes. This loads generated pages (the ones ``benchmarks/tenk.py`` serves)
into one such visit and prints, for a new page every load, the project's
setting and a page never replaced: the CPU per load and reset (this process,
the Playwright driver and the browser, from psutil) and how many Playwright
network objects this process holds at the end.

    python benchmarks/reuse_cost.py --loads 200

Needs the ``bench`` extra (psutil).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from pathlib import Path

import psutil
from playwright._impl.network import Request, Response

sys.path.insert(0, str(Path(__file__).resolve().parent))
import tenk  # noqa: E402 - its generated pages and server

from auditor.engines import playwright as playwright_engine  # noqa: E402


def cpu_seconds() -> float:
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def network_objects() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) in (Request, Response))


async def measure(base: str, loads: int, reuses: int) -> tuple[float, float, int]:
    playwright_engine.PAGE_REUSES = reuses
    engine = playwright_engine.PlaywrightEngine()
    await engine.start()
    try:
        visit = await engine.open(viewport=(1280, 800), javascript=False)
        for i in range(5):  # warm up
            await visit.navigate(f"{base}/p/{i}", 30, 0)
            await visit.reset()
        cpu, start = cpu_seconds(), time.monotonic()
        for i in range(loads):
            await visit.navigate(f"{base}/p/{i}", 30, 0)
            await visit.reset()
        cpu, wall = cpu_seconds() - cpu, time.monotonic() - start
        held = network_objects()
        await visit.close()
        return cpu / loads * 1000, wall / loads * 1000, held
    finally:
        await engine.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    server, base = tenk.serve()
    setting = playwright_engine.PAGE_REUSES
    cases = [("a new page every load", 1), (f"a new page every {setting} loads (the setting)", setting),
             ("one page, never replaced", args.loads + 10)]
    print(f"{args.loads} loads of generated pages with JavaScript off, each followed by reset; "
          f"load average {psutil.getloadavg()[0]:.1f}")
    for _ in range(args.repeat):  # alternated, so a change in the machine's load falls on all
        for label, reuses in cases:
            cpu_ms, wall_ms, held = asyncio.run(measure(base, args.loads, reuses))
            print(f"  {label}: {cpu_ms:.0f} CPU ms and {wall_ms:.0f} ms a load; "
                  f"Playwright request and response objects held at the end: {held}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
