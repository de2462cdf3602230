"""The low-end phone estimate against applied CPU throttling, on each engine.

    python benchmarks/low_end.py [--engines playwright,selenium] [--repeats 3]

Serves a few pages of deterministic script work on 127.0.0.1 (the fixture
``tests/fixtures/site/bandwidth/busy.html`` and pages generated here: one
long task, the same work cut into 2, 4 and 8 scripts, and into 16 tasks
that are shorter than 50 ms unthrottled) and loads each page twice per repeat
in a fresh visit: once as an audit does, reading the main thread's processor
time the engine reads as the load ends (``main_thread_ms``) and the wall-clock
busy time of its long tasks, and once with DevTools'
``Emulation.setCPUThrottlingRate`` at the low-end slowdown (4), reading the
long tasks' wall-clock busy time. Prints, per page, the estimate (slowdown x
processor time) over the busy time measured under throttling, and beside it
the ratio expected on a machine busy with other work, 4 / (c + 3), where c is
how many times its processor time the work took unthrottled (the long tasks'
wall time over the processor time; see tests/integration/test_low_end.py).
The figure per page takes the least of its loads of each kind, as the test
does; each load's own ratio is printed after it.

Prints figures only; it asserts nothing. Timings depend on the machine and on
whatever else runs on it: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from auditor.checks.budgets import LOW_END_CPU_SLOWDOWN  # noqa: E402
from auditor.collectors.network import PAGE_LIMITS, PAGE_SCRIPT  # noqa: E402
from auditor.engines.base import Visit  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "site" / "bandwidth"

# The fixture's work (busy.js: 20,000 rows written out as JSON, read back and
# sorted, 16 rounds), cut into scripts of ``rounds`` rounds each.
WORK = """(function () {{
  var seed = 12345, rows = [], text = '';
  for (var i = 0; i < 20000; i++) {{
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    rows.push({{id: i, postcode: 'NM' + (seed % 97) + ' ' + (seed % 9) + 'QT', day: seed % 7}});
  }}
  for (var round = 0; round < {rounds}; round++) {{
    text = JSON.stringify(rows);
    rows = JSON.parse(text);
    rows.sort(function (a, b) {{ return a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : a.id - b.id; }});
  }}
  window.benchmarkResult = (window.benchmarkResult || 0) + text.length;
}})();
"""


def page(title: str, scripts: list[str]) -> str:
    tags = "\n".join(f'  <script src="{name}"></script>' for name in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="icon" href="data:,"></head>\n<body><h1>{title}</h1>\n{tags}\n</body></html>\n')


def write_site(root: Path) -> list[str]:
    """The benchmark's pages in ``root``; returns their paths."""
    (root / "busy.html").write_text((FIXTURES / "busy.html").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "busy.js").write_text((FIXTURES / "busy.js").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "site.css").write_text((FIXTURES / "site.css").read_text(encoding="utf-8"), encoding="utf-8")
    plans = {
        "one-task": [16],
        "two-scripts": [8] * 2,
        "four-scripts": [4] * 4,
        "eight-scripts": [2] * 8,
        "short-tasks": [1] * 16,
    }
    for name, chunks in plans.items():
        scripts = []
        for i, n in enumerate(chunks):
            (root / f"{name}-{i}.js").write_text(WORK.format(rounds=n), encoding="utf-8")
            scripts.append(f"{name}-{i}.js")
        (root / f"{name}.html").write_text(page(name, scripts), encoding="utf-8")
    return ["busy.html", *(f"{name}.html" for name in plans)]


async def throttle_cpu(visit: Visit, rate: float) -> None:
    """DevTools' CPU throttling on the visit's page, on either engine."""
    params = {"rate": rate}
    if hasattr(visit, "cdp"):  # Playwright: its DevTools session
        await visit.cdp.send("Emulation.setCPUThrottlingRate", params)
    else:  # Selenium: chromedriver's DevTools command
        visit._cdp("Emulation.setCPUThrottlingRate", params)  # type: ignore[attr-defined]


async def busy_ms(engine, url: str, rate: float) -> tuple[float, float]:
    """The processor time and the long tasks' wall time of one load."""
    visit = await engine.open(viewport=(1024, 768))
    try:
        if rate != 1:
            await throttle_cpu(visit, rate)
        await visit.navigate(url, 60, 0)
        found = await visit.evaluate(PAGE_SCRIPT, PAGE_LIMITS)
        return float(visit.main_thread_cpu_ms or 0.0), float(found["main_thread"]["busy_ms"])
    finally:
        await visit.close()


async def measure(engine_name: str, base: str, paths: list[str], repeats: int) -> None:
    if engine_name == "playwright":
        from auditor.engines.playwright import PlaywrightEngine

        engine = PlaywrightEngine()
    else:
        from auditor.engines.selenium import SeleniumEngine

        engine = SeleniumEngine(sessions=1)
    await engine.start()
    try:
        least_ratios, against_expected = [], []
        for path in paths:
            rows = []
            for _ in range(repeats):
                cpu, wall = await busy_ms(engine, base + path, 1)
                _, throttled = await busy_ms(engine, base + path, LOW_END_CPU_SLOWDOWN)
                rows.append((cpu, wall, throttled))
            cpus, walls, throttleds = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
            each = ", ".join(f"{LOW_END_CPU_SLOWDOWN * c / t:.2f}" if t > 0 else "-" for c, _, t in rows)
            # As the test compares them: the least of each (the least disturbed by other work).
            least = LOW_END_CPU_SLOWDOWN * min(cpus) / min(throttleds) if min(throttleds) > 0 else None
            stretch = max(1.0, min(walls) / min(cpus)) if min(cpus) > 0 else 1.0
            expected = LOW_END_CPU_SLOWDOWN / (stretch + LOW_END_CPU_SLOWDOWN - 1)
            if least is not None:
                least_ratios.append(least)
                against_expected.append(least / expected)
            print(f"{engine_name:10} {path:20} cpu {min(cpus):6.0f} ms  wall {min(walls):6.0f} ms  throttled wall {min(throttleds):6.0f} ms  "
                  f"estimate/throttled {'-' if least is None else f'{least:.2f}'} (expected {expected:.2f}, c {stretch:.1f})   each load: {each}")
        if least_ratios:
            print(f"{engine_name:10} {'all pages':20} estimate/throttled median {statistics.median(least_ratios):.2f}, "
                  f"range {min(least_ratios):.2f}-{max(least_ratios):.2f}; over expected median {statistics.median(against_expected):.2f}, "
                  f"range {min(against_expected):.2f}-{max(against_expected):.2f}")
    finally:
        await engine.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="playwright,selenium")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = write_site(root)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *_: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            print(f"load average {os.getloadavg()[0]:.2f}; slowdown {LOW_END_CPU_SLOWDOWN:g}")
            for name in args.engines.split(","):
                asyncio.run(measure(name.strip(), f"http://127.0.0.1:{server.server_port}/", paths, args.repeats))
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
