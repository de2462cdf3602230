"""What the ``structure`` collector costs on each demo page: the wall time and
CPU time (this process, the driver and the browser) of its one page
evaluation, median of a few calls on a loaded page.

    python benchmarks/structure_collector.py [--repeat 5] [--engine playwright]

Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from keyboard_presses import cpu_by_process_kind  # noqa: E402

from auditor.collectors import structure  # noqa: E402
from auditor.config import AuditConfig  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402
from auditor.run.browser import make_engine  # noqa: E402


async def measure(urls: list[str], engine_name: str, repeat: int) -> None:
    config = AuditConfig(urls=tuple(urls), engine=engine_name)
    engine = make_engine(config)
    await engine.start()
    walls_all, cpus_all = [], []
    try:
        for url in urls:
            visit = await engine.open(viewport=(1280, 800))
            try:
                await visit.navigate(url, 30, 500)
                walls, cpus = [], []
                for _ in range(repeat):
                    before, started = cpu_by_process_kind(), time.monotonic()
                    found = await structure.collect(visit, config, {})
                    walls.append(time.monotonic() - started)
                    after = cpu_by_process_kind()
                    cpus.append(sum(after[k] - before.get(k, 0.0) for k in after))
                wall, cpu = statistics.median(walls), statistics.median(cpus)
                walls_all.append(wall)
                cpus_all.append(cpu)
                print(f"  {url.rsplit('/', 1)[-1] or 'index':28s} wall {wall * 1000:5.1f} ms  CPU {cpu * 1000:5.1f} ms  "
                      f"({len(found['tables'])} tables, {len(found['images'])} titled images, {len(found['coloured'])} coloured)")
            finally:
                await visit.close()
    finally:
        await engine.shutdown()
    print(f"{engine_name}: median over {len(urls)} pages wall {statistics.median(walls_all) * 1000:.1f} ms, "
          f"CPU {statistics.median(cpus_all) * 1000:.1f} ms; most wall {max(walls_all) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", default="playwright")
    args = parser.parse_args()
    with serve_demo(port=0) as urls:
        asyncio.run(measure(list(urls), args.engine, args.repeat))


if __name__ == "__main__":
    main()
