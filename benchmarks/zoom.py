"""What the zoom collector costs on each demo page, beside the layout
collector it shares a stage with.

    python benchmarks/zoom.py [--repeat 5] [--engine playwright]

Serves the demo site on 127.0.0.1, loads each page once per repeat, runs
``layout`` then ``zoom`` as a run does, and prints for each page the median
wall milliseconds of each collect call, the elements enlarged and text nodes
measured. Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.collectors import layout, zoom  # noqa: E402
from auditor.config import AuditConfig  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402
from auditor.engines.playwright import PlaywrightEngine  # noqa: E402
from auditor.engines.selenium import SeleniumEngine  # noqa: E402


async def measure(urls: list[str], repeat: int, engine_name: str) -> None:
    engine = PlaywrightEngine() if engine_name == "playwright" else SeleniumEngine(sessions=1)
    await engine.start()
    try:
        print(f"{'page':40} {'layout ms':>10} {'zoom ms':>8} {'enlarged':>9} {'text nodes':>11}")
        for address in urls:
            config = AuditConfig(urls=(address,))
            times: dict[str, list[float]] = {"layout": [], "zoom": []}
            found: dict = {}
            for _ in range(repeat):
                visit = await engine.open(viewport=(config.viewport_width, config.viewport_height))
                try:
                    await visit.navigate(address, 30, 0)
                    for name, module in (("layout", layout), ("zoom", zoom)):
                        start = time.perf_counter()
                        result = await module.collect(visit, config, {})
                        times[name].append((time.perf_counter() - start) * 1000)
                    found = result
                finally:
                    await visit.close()
            name = address.rstrip("/").rsplit("/", 1)[-1] or address
            print(f"{name:40} {statistics.median(times['layout']):10.0f} {statistics.median(times['zoom']):8.0f} "
                  f"{found.get('enlarged', 0):9} {found.get('text_nodes', 0):11}")
    finally:
        await engine.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=("playwright", "selenium"), default="playwright")
    args = parser.parse_args()
    with serve_demo(0) as urls:
        asyncio.run(measure(urls, args.repeat, args.engine))


if __name__ == "__main__":
    main()
