"""Pages per minute on each engine with 1, 2 and 4 sessions in flight.

    python benchmarks/engines.py [--copies 4] [--sessions 1,2,4] [--engines playwright,selenium] [--profile default]

Serves the built-in demo site on 127.0.0.1 and audits each of its pages
``--copies`` times (``?copy=N`` makes every address distinct; the server
ignores it), through the public API (``AuditRun`` over an in-memory store),
once per engine and concurrency. The Selenium engine uses a local
chromedriver, with a new session per page (its default) and, as
``selenium-reuse``, with one session per worker cleared between pages. Pages per minute are
counted from the first page start to the last page end, so the one-off
browser or chromedriver start is left out ("wall" includes it).

Prints figures only; it asserts nothing. Timings depend on the machine and on
whatever else runs on it: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor import AuditConfig, AuditRun, PageFinished, PageStarted, Store  # noqa: E402
from auditor.demo import serve_demo  # noqa: E402


def measure(engine: str, sessions: int, urls: list[str], profile: str) -> dict[str, float]:
    """One audit of ``urls``; returns pages/minute, seconds and errors.
    ``selenium-reuse`` is the Selenium engine with ``reuse_sessions``."""
    name, _, reuse = engine.partition("-")
    config = AuditConfig(urls=tuple(urls), engine=name, concurrency=sessions, profile=profile, formats=("json",), reuse_sessions=bool(reuse))
    starts: list[float] = []
    ends: list[float] = []

    def observe(event: object) -> None:
        if isinstance(event, PageStarted):
            starts.append(time.monotonic())
        elif isinstance(event, PageFinished):
            ends.append(time.monotonic())

    wall = time.monotonic()
    with Store(":memory:") as store:
        run = AuditRun.start_new(store, config)
        errors = Counter(r.error.kind for r in run.results(observe) if r.error)
    wall = time.monotonic() - wall
    seconds = max(ends) - min(starts)
    return {"ppm": len(urls) / seconds * 60, "seconds": seconds, "wall": wall, "errors": sum(errors.values())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4, help="audit each demo page this many times (default 4)")
    parser.add_argument("--sessions", default="1,2,4", help="concurrency levels (default 1,2,4)")
    parser.add_argument("--engines", default="playwright,selenium,selenium-reuse", help="engines to time; selenium-reuse: one session per worker")
    parser.add_argument("--profile", default="default", help="check profile (default: every family)")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",")]
    engines = args.engines.split(",")
    with serve_demo() as pages:
        urls = [f"{url}?copy={n}" for n in range(args.copies) for url in pages]
        print(f"{len(urls)} pages ({len(pages)} demo pages x {args.copies}), profile {args.profile}, "
              f"{os.cpu_count()} CPUs, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'engine':<15} {'sessions':>8} {'pages/min':>10} {'s/page':>7} {'seconds':>8} {'wall':>7} {'errors':>6}")
        for engine in engines:
            for sessions in levels:
                r = measure(engine, sessions, urls, args.profile)
                print(f"{engine:<15} {sessions:>8} {r['ppm']:>10.1f} {60 / r['ppm']:>7.2f} {r['seconds']:>8.1f} {r['wall']:>7.1f} {r['errors']:>6.0f}", flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
