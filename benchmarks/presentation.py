"""What the presentation collector costs on each page of the demo site.

    python benchmarks/presentation.py [--repeat 3] [--engine playwright|selenium]

Serves the built-in demo site on 127.0.0.1, loads each of its pages once in
a real Chromium and times the ``presentation`` collector on it ``--repeat``
times (its one evaluation, plus a pointer move and an evaluation for each
link in text that differs by colour alone), beside the ``forms`` collector,
a single evaluation, for scale. Prints the median in milliseconds; asserts
nothing (timings depend on the machine and what else runs on it).
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

from auditor.checks.presentation import Options  # noqa: E402
from auditor.collectors import forms, presentation  # noqa: E402
from auditor.config import AuditConfig  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402


def engine_for(name: str):
    if name == "selenium":
        from auditor.engines.selenium import SeleniumEngine
        return SeleniumEngine()
    from auditor.engines.playwright import PlaywrightEngine
    return PlaywrightEngine()


async def measure(urls: list[str], repeat: int, engine_name: str) -> None:
    config = AuditConfig(urls=tuple(urls))
    engine = engine_for(engine_name)
    await engine.start()
    try:
        print(f"{'page':<28} {'presentation ms':>16} {'forms ms':>9}  links in text, colour-only, generated")
        for url in urls:
            visit = await engine.open(viewport=(1280, 800))
            try:
                await visit.navigate(url, 30, 500)
                times, base = [], []
                for _ in range(repeat):
                    start = time.perf_counter()
                    found = await presentation.collect(visit, config, {}, Options())
                    times.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    await forms.collect(visit, config, {})
                    base.append((time.perf_counter() - start) * 1000)
                hovered = sum(1 for link in found["links"] if presentation.colour_only(link.get("normal")))
                print(f"{url.rsplit('/', 1)[-1]:<28} {statistics.median(times):>16.1f} {statistics.median(base):>9.1f}"
                      f"  {len(found['links'])}, {hovered}, {len(found['generated'])}")
            finally:
                await visit.close()
    finally:
        await engine.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", choices=("playwright", "selenium"), default="playwright")
    args = parser.parse_args()
    with serve_demo(0) as urls:
        asyncio.run(measure(urls, args.repeat, args.engine))
    return 0


if __name__ == "__main__":
    sys.exit(main())
