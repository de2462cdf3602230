"""What a Tab walk costs: presses one awaited round trip at a time, against
``Visit.press_many`` (the engine sends a batch at once).

    python benchmarks/keyboard_presses.py [--presses 100] [--repeat 3] [--engine playwright]

One generated benchmark page (the throughput benchmark's site), one visit per
mode and repeat; prints the wall time and the CPU time of this process, the
browser driver and each kind of browser process over the presses, and where
focus ended (both modes must end on the same element). Prints figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from throughput import generate_site  # noqa: E402

from auditor.config import AuditConfig  # noqa: E402
from auditor.demo import serve_directory  # noqa: E402
from auditor.engines.base import Visit  # noqa: E402
from auditor.run.browser import make_engine  # noqa: E402

ACTIVE = "() => { const a = document.activeElement; return a ? a.outerHTML.slice(0, 60) : null; }"


def cpu_by_process_kind() -> dict[str, float]:
    """CPU seconds so far of this process and its descendants, by kind."""
    me = psutil.Process()
    totals: dict[str, float] = {}
    for proc in [me, *me.children(recursive=True)]:
        try:
            command = " ".join(proc.cmdline())
            times = proc.cpu_times()
        except psutil.Error:
            continue
        if proc.pid == me.pid:
            kind = "python"
        elif "--type=" in command:
            kind = command.split("--type=", 1)[1].split()[0]
        elif "chrom" in command:
            kind = "browser"
        else:
            kind = "driver"
        totals[kind] = totals.get(kind, 0.0) + times.user + times.system
    return totals


async def one_at_a_time(visit: Visit, presses: int) -> None:
    for _ in range(presses):
        await visit.press("Tab")


async def batched(visit: Visit, presses: int) -> None:
    await visit.press_many("Tab", presses)


async def measure(url: str, engine_name: str, presses: int, repeat: int) -> None:
    engine = make_engine(AuditConfig(urls=(url,), engine=engine_name))
    await engine.start()
    figures: dict[str, list[tuple[float, float, dict[str, float]]]] = {}
    ends: dict[str, set[str]] = {}
    try:
        for _ in range(repeat):
            for name, press in (("one at a time", one_at_a_time), ("press_many", batched)):
                visit = await engine.open(viewport=(1280, 800))
                try:
                    await visit.navigate(url, 30, 500)
                    before, started = cpu_by_process_kind(), time.monotonic()
                    await press(visit, presses)
                    await visit.evaluate(ACTIVE)  # the page has handled every key
                    wall = time.monotonic() - started
                    after = cpu_by_process_kind()
                    by_kind = {k: after[k] - before.get(k, 0.0) for k in after}
                    figures.setdefault(name, []).append((wall, sum(by_kind.values()), by_kind))
                    ends.setdefault(name, set()).add(await visit.evaluate(ACTIVE))
                finally:
                    await visit.close()
    finally:
        await engine.shutdown()
    print(f"{presses} Tab presses, {engine_name} engine, median of {repeat}:")
    for name, rows in figures.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        kinds = {k: statistics.median(r[2].get(k, 0.0) for r in rows) for k in rows[0][2]}
        detail = ", ".join(f"{k} {v * 1000:.0f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]) if v >= 0.005)
        print(f"  {name:14s} wall {wall * 1000:6.0f} ms   CPU {cpu * 1000:6.0f} ms  ({detail})")
        print(f"  {'':14s} focus ended on {sorted(ends[name])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", default="playwright")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_site(root, 3, 7)
        page = sorted(p.name for p in root.glob("*.html"))[1]
        with serve_directory(root) as base:
            asyncio.run(measure(base + page, args.engine, args.presses, args.repeat))
    print(f"load average {', '.join(f'{x:.1f}' for x in psutil.getloadavg())} on {psutil.cpu_count()} cores")


if __name__ == "__main__":
    main()
