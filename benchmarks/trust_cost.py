"""What the trust family costs per page: its collector (one DevTools command
for the cookies, one page evaluation) and its check, timed on each demo page.

    python benchmarks/trust_cost.py [--engines playwright,selenium] [--copies 3]

Serves the built-in demo site on 127.0.0.1 and audits its pages with the
``trust`` family alone (which also runs the ``network`` collector it reads;
that one is the bandwidth family's and is not counted here), through the
public API. The trust collector and check are wrapped with a timer in this
process only. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor import AuditConfig, AuditRun, Store  # noqa: E402
from auditor import collectors, registry  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402

COLLECT_MS: list[float] = []
CHECK_MS: list[float] = []


def _timed_collectors() -> None:
    collector = collectors.COLLECTORS["trust"]
    inner = collector.collect

    async def collect(visit, config, artifacts):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return await inner(visit, config, artifacts)
        finally:
            COLLECT_MS.append((time.perf_counter() - start) * 1000)

    collectors.COLLECTORS[collector.id] = dataclasses.replace(collector, collect=collect)  # type: ignore[index]
    check = registry.CHECKS["trust"]
    evaluate = check.evaluate

    def timed(artifacts, page):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return evaluate(artifacts, page)
        finally:
            CHECK_MS.append((time.perf_counter() - start) * 1000)

    registry.CHECKS["trust"] = dataclasses.replace(check, evaluate=timed)  # type: ignore[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="playwright,selenium")
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args()
    _timed_collectors()
    with serve_demo(port=0) as urls:
        pages = [f"{u}?copy={n}" for n in range(args.copies) for u in urls]
        for engine in args.engines.split(","):
            COLLECT_MS.clear()
            CHECK_MS.clear()
            config = AuditConfig(urls=tuple(pages), engine=engine, concurrency=1, checks=("trust",), formats=("json",))
            with Store(":memory:") as store:
                list(AuditRun.start_new(store, config).results())
            print(f"{engine}: {len(COLLECT_MS)} pages; trust collector median {statistics.median(COLLECT_MS):.1f} ms "
                  f"(max {max(COLLECT_MS):.1f}); check median {statistics.median(CHECK_MS):.2f} ms (max {max(CHECK_MS):.2f}); "
                  f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
