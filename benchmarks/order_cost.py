"""What the order family's collector costs on each demo page: the one page
evaluation it makes, timed on a page already loaded.

    python benchmarks/order_cost.py [--repeat 5] [--engine playwright]

Serves the built-in demo site on 127.0.0.1, opens each page once, and runs
the ``order`` collector ``--repeat`` times on it; prints the median wall
time of a run, the blocks and containers it read, and the inversions
the check reports and the pairs drawn against their DOM order with no CSS cause (among containers CSS could reorder). Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor.checks.order import causes, inversions, visual_order  # noqa: E402
from auditor.collectors.order import collect  # noqa: E402
from auditor.config import AuditConfig  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402
from auditor.run.browser import make_engine  # noqa: E402


def uncaused(found: dict) -> int:
    """Pairs drawn against their DOM order with no CSS cause (not reported)."""
    count = 0
    for box in found["containers"]:
        kids = [c for c in box["children"] if c.get("position") != "fixed"]
        for i, first in enumerate(kids):
            for second in kids[i + 1:]:
                if visual_order(first["box"], second["box"], box.get("dir") == "rtl") == 1 and not causes(box, first, second):
                    count += 1
    return count


async def measure(urls: list[str], engine_name: str, repeat: int) -> None:
    config = AuditConfig(urls=tuple(urls), engine=engine_name)
    engine = make_engine(config)
    await engine.start()
    try:
        for url in urls:
            visit = await engine.open(viewport=(1280, 800))
            try:
                await visit.navigate(url, 30, 500)
                times, found = [], {}
                for _ in range(repeat):
                    started = time.monotonic()
                    found = await collect(visit, config, {})
                    times.append(time.monotonic() - started)
                inverted = sum(len(inversions(c)) for c in found["containers"])
                print(f"  {url.rsplit('/', 1)[-1]:28s} {statistics.median(times) * 1000:6.1f} ms  {found['blocks']:4d} blocks "
                      f"{len(found['containers']):4d} containers  {inverted} reported pairs, {uncaused(found)} uncaused")
            finally:
                await visit.close()
    finally:
        await engine.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", default="playwright")
    args = parser.parse_args()
    with serve_demo(0) as urls:
        print(f"order collector, {args.engine} engine, median of {args.repeat}:")
        asyncio.run(measure(urls, args.engine, args.repeat))


if __name__ == "__main__":
    main()
