"""A many-page run that must lose nothing: memory, SIGKILL and --resume, and
how fast the store answers afterwards.

Serves N small generated pages (a few barriers each) from a threaded server
on 127.0.0.1, runs ``inclusion-audit run --urls-file`` on them with
``--concurrency 2``, samples the coordinating process's RSS every few
seconds, SIGKILLs the run (the CLI, its Playwright driver and the browser:
the whole process group) at three random moments and resumes it each time
with ``--resume RUN_ID``. At the end it checks the store: every page exactly
once, none lost, none duplicated, none failed, the run finished. Then it
times ``inclusion-audit runs`` and ``inclusion-audit report RUN_ID`` on it,
and on a store of ``--store-at`` pages (default 10,000) made of its rows
repeated under new addresses, when the run itself was smaller.

    python benchmarks/tenk.py --pages 10000 --profile quick
    python benchmarks/tenk.py --pages 300 --profile default    # then extrapolate

Needs the ``bench`` extra for psutil (without it RSS is read from /proc, for
the CLI process alone). It prints figures and exits 1 if the store is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

try:
    import psutil
except ImportError:  # RSS from /proc instead
    psutil = None

KILLS = 3
MB = 1024 * 1024


def page_html(i: int) -> str:
    """Page ``i``: small, deterministic, with a few barriers (an image without
    alt, an unlabelled field, a vague link, a skipped heading level) that
    vary with ``i`` so the grouped issues are not all one size."""
    image = '<img src="/logo.png">' if i % 2 == 0 else '<img src="/logo.png" alt="Council crest">'
    field = '<input type="text" name="ref">' if i % 3 == 0 else '<label for="ref">Reference</label><input id="ref" name="ref">'
    heading = "<h4>Opening hours</h4>" if i % 5 == 0 else "<h2>Opening hours</h2>"
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service page {i}</title></head>'
        f'<body><header><a href="/p/0">Home</a></header><main><h1>Service page {i}</h1>'
        f"<p>Apply for permit {i} online. It takes about {5 + i % 20} minutes.</p>"
        f'{image}<form action="/p/{i}">{field}<button>Continue</button></form>{heading}'
        f'<p>Monday to Friday, 9am to 5pm. <a href="/p/{(i + 1) % 997}">Click here</a>.</p></main></body></html>'
    )


LOGO = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                     "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        if self.path.startswith("/p/") and self.path[3:].isdigit():
            body, kind = page_html(int(self.path[3:])).encode(), "text/html; charset=utf-8"
        elif self.path == "/logo.png":
            body, kind = LOGO, "image/png"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def rss_mb(pid: int) -> tuple[float, float]:
    """RSS of the CLI process and of its Playwright driver (node), in MB;
    the browsers are not counted: they are relaunched every so many pages."""
    return usage(pid)[:2]


def usage(pid: int) -> tuple[float, float, float]:
    """RSS of the CLI process and of its Playwright driver in MB, and the CLI
    process's own CPU seconds so far (user and system; 0 without psutil)."""
    if psutil is None:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024, 0.0, 0.0
        except OSError:
            pass
        return 0.0, 0.0, 0.0
    try:
        proc = psutil.Process(pid)
        own = proc.memory_info().rss / MB
        driver = sum(c.memory_info().rss for c in proc.children(recursive=True) if "node" in c.name()) / MB
        times = proc.cpu_times()
        return own, driver, times.user + times.system
    except psutil.Error:
        return 0.0, 0.0, 0.0


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy
        return -1


def run_id_of(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id FROM runs").fetchall()
    assert len(rows) == 1, f"expected one run in the store, found {len(rows)}"
    return rows[0][0]


@dataclass
class Sample:
    seconds: float
    done: int  # pages in the store
    segment: int  # which process (0: the first, 1..: resumes)
    mine: int  # pages this process has stored so far
    own_mb: float
    driver_mb: float
    cpu_s: float = 0.0  # the CLI process's own CPU so far


@dataclass
class Segment:
    pages: int
    seconds: float
    killed: bool
    code: int | None


def drive(cmd: list[str], db: Path, segment: int, kill_at: int | None, samples: list[Sample], every: float,
          log: Path, t0: float) -> Segment:
    """Run one CLI process; SIGKILL its process group once the store holds
    ``kill_at`` pages (None: let it finish). Samples RSS every ``every`` s."""
    before = max(stored(db), 0)
    start = time.monotonic()
    with log.open("ab") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    next_sample = 0.0
    killed = False
    try:
        while proc.poll() is None:
            now = time.monotonic()
            done = stored(db)
            if kill_at is not None and done >= kill_at:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                break
            if now >= next_sample and done >= 0:
                own, driver, cpu = usage(proc.pid)
                if own:
                    samples.append(Sample(now - t0, done, segment, done - before, own, driver, cpu))
                next_sample = now + every
            time.sleep(0.25)
    finally:
        if proc.poll() is None and not killed:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return Segment(max(stored(db), 0) - before, time.monotonic() - start, killed, None if killed else proc.returncode)


def check_store(db: Path, urls: list[str]) -> list[str]:
    """What is wrong with the store, if anything: every page exactly once,
    no failed page, the run's targets the pages given, the run finished."""
    problems = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        runs = conn.execute("SELECT id, finished, targets FROM runs").fetchall()
        if len(runs) != 1:
            return [f"{len(runs)} runs in the store, expected 1"]
        run_id, finished, targets = runs[0]
        rows = conn.execute("SELECT url, result FROM pages WHERE run_id = ?", (run_id,)).fetchall()
    got = [r[0] for r in rows]
    if finished is None:
        problems.append("the run is not marked finished")
    if json.loads(targets) != urls:
        problems.append("the run's targets are not the pages given, in order")
    if len(got) != len(set(got)):
        problems.append(f"{len(got) - len(set(got))} pages stored more than once")
    lost = set(urls) - set(got)
    extra = set(got) - set(urls)
    if lost:
        problems.append(f"{len(lost)} pages lost, e.g. {sorted(lost)[0]}")
    if extra:
        problems.append(f"{len(extra)} pages stored that were not given, e.g. {sorted(extra)[0]}")
    errors: dict[str, int] = {}
    for _, result in rows:
        error = json.loads(result).get("error")
        if error:
            errors[error["kind"]] = errors.get(error["kind"], 0) + 1
    if errors:
        problems.append(f"pages that failed: {errors}")
    return problems


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Seconds and peak RSS (MB, sampled every 50 ms) of one command, and its exit code."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, rss_mb(proc.pid)[0])
        time.sleep(0.05)
    seconds = time.monotonic() - start
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode())
    proc.stderr.close()
    return seconds, peak, proc.returncode


def replicate(db: Path, into: Path, pages: int) -> str:
    """A store holding one finished run of ``pages`` pages, made of the
    audited rows of the run in ``db`` (and their element screenshots)
    repeated under new addresses: to time
    ``runs`` and ``report`` at a size the machine cannot audit in the time
    at hand. Returns the run's id."""
    from auditor.store import SCHEMA

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as source:
        (run_id, started, finished, config, tool, targets), = source.execute(
            "SELECT id, started, finished, config, tool, targets FROM runs").fetchall()
        rows = source.execute("SELECT url, finished, result FROM pages").fetchall()
        shots: dict[str, list[tuple[str, str, bytes]]] = {}
        for url, selector, mime, image in source.execute("SELECT url, selector, mime, image FROM shots"):
            shots.setdefault(url, []).append((selector, mime, image))
    base = json.loads(targets)[0].rsplit("/", 1)[0]
    urls = [f"{base}/{i}" for i in range(pages)]
    settings = json.loads(config)
    settings["urls"] = urls
    into.unlink(missing_ok=True)
    with sqlite3.connect(into) as copy:
        copy.executescript(SCHEMA)
        copy.execute("INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?)", (run_id, started, finished, json.dumps(settings), tool, json.dumps(urls)))
        for i, url in enumerate(urls):
            was, done, result = rows[i % len(rows)]
            copy.execute("INSERT INTO pages VALUES (?, ?, ?, ?)", (run_id, url, done, result.replace(json.dumps(was)[1:-1], url)))
            copy.executemany("INSERT INTO shots VALUES (?, ?, ?, ?, ?)", [(run_id, url, *shot) for shot in shots.get(was, ())])
    return run_id


def time_store(cli: list[str], db: Path, run_id: str, out: Path, label: str) -> None:
    seconds, peak, code = timed([*cli, "runs", "--db", str(db)])
    print(f"{label}: inclusion-audit runs: {seconds:.2f} s, peak RSS {peak:.0f} MB (exit {code})")
    seconds, peak, code = timed([*cli, "report", run_id, "--db", str(db), "--out", str(out)])
    sizes = ", ".join(f"{p.name} {p.stat().st_size / MB:.1f} MB" for p in sorted(out.glob("*")) if p.is_file())
    print(f"{label}: inclusion-audit report RUN_ID: {seconds:.2f} s, peak RSS {peak:.0f} MB (exit {code}); {sizes}")


def window(samples: list[Sample], low: int, high: int) -> str:
    # Only once a process has stored a page of its own: before that it is still starting up.
    steady = [s for s in samples if low <= s.done < high and s.mine >= 1]
    own = [s.own_mb for s in steady]
    driver = [s.driver_mb for s in steady]
    if not own:
        return "no sample"
    return (f"CLI median {statistics.median(own):.0f} MB (min {min(own):.0f}, max {max(own):.0f}, {len(own)} samples); "
            f"Playwright driver median {statistics.median(driver):.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--seed", type=int, default=18, help="where the three SIGKILLs fall")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between RSS samples")
    parser.add_argument("--store-at", type=int, default=10_000, metavar="N",
                        help="also time runs and report on a store of N pages made of this run's rows (when N > --pages)")
    parser.add_argument("--keep", metavar="DIR", help="work here (store, reports, log) and keep it")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tenk-"))
    work.mkdir(parents=True, exist_ok=True)
    db, log = work / "runs.sqlite3", work / "cli.log"
    for stale in (db, work / "runs.sqlite3-wal", work / "runs.sqlite3-shm"):
        stale.unlink(missing_ok=True)
    server, base = serve()
    urls = [f"{base}/p/{i}" for i in range(args.pages)]
    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    cli = [sys.executable, "-m", "auditor"]
    common = ["--db", str(db), "--out", str(work / "out"), "--concurrency", str(args.concurrency), "--quiet"]
    rng = random.Random(args.seed)
    # Three moments spread over the run, each in its own third, never at either end.
    kill_at = [rng.randint(max(1, args.pages * k // KILLS), max(2, args.pages * (k + 1) // KILLS - 1)) for k in range(KILLS)]
    kill_at = [max(1, min(k, args.pages - 1)) for k in kill_at]
    print(f"{args.pages} pages, --profile {args.profile}, --concurrency {args.concurrency}; SIGKILL at {kill_at} stored pages; work in {work}")
    print(f"load average before: {os.getloadavg()[0]:.1f}; psutil: {'yes' if psutil else 'no (/proc, CLI process only)'}")

    samples: list[Sample] = []
    segments: list[Segment] = []
    t0 = time.monotonic()
    first = [*cli, "run", "--urls-file", str(work / "urls.txt"), "--profile", args.profile, *common]
    segments.append(drive(first, db, 0, kill_at[0], samples, args.every, log, t0))
    run_id = run_id_of(db)
    for n in range(1, KILLS + 1):
        target = kill_at[n] if n < KILLS else None
        segments.append(drive([*cli, "run", "--resume", run_id, *common], db, n, target, samples, args.every, log, t0))
    total = time.monotonic() - t0
    server.shutdown()

    for n, seg in enumerate(segments):
        how = "SIGKILLed" if seg.killed else f"exit {seg.code}" + (": barriers found, as the pages have" if seg.code == 2 else "")
        print(f"  process {n}: {seg.pages} pages in {seg.seconds:.0f} s ({how})")
    audited = sum(s.pages for s in segments)
    print(f"total: {audited} pages in {total:.0f} s with {KILLS} kills and resumes: {audited / total * 60:.1f} pages/min; "
          f"load average after: {os.getloadavg()[0]:.1f}")
    k = min(1000, max(1, args.pages // 5))
    print(f"RSS over the first {k} pages: {window(samples, 0, k)}")
    print(f"RSS over the last {k} pages:  {window(samples, args.pages - k, args.pages + 1)}")
    for n in range(KILLS + 1):  # each process on its own: does it grow as it goes?
        own = [s for s in samples if s.segment == n and s.mine >= 1]
        if len(own) >= 2:
            print(f"  process {n}: RSS {own[0].own_mb:.0f} MB at {own[0].done} stored pages, {own[-1].own_mb:.0f} MB at {own[-1].done} "
                  f"(driver {own[0].driver_mb:.0f} -> {own[-1].driver_mb:.0f} MB)")
    # The coordinator's own CPU a page (its driver and browsers apart): what
    # stays on the coordinating machine when the browsers run on a Grid.
    lasts = [max((s for s in samples if s.segment == n and s.mine >= 1), key=lambda s: s.seconds, default=None) for n in range(KILLS + 1)]
    lasts = [s for s in lasts if s is not None and s.cpu_s]
    if lasts:
        cpu, pages = sum(s.cpu_s for s in lasts), sum(s.mine for s in lasts)
        print(f"coordinating process (the CLI alone): {cpu:.0f} CPU s over {pages} pages sampled, {cpu / pages:.3f} CPU s a page "
              f"(start-up included; its Playwright driver and browsers apart)")
    (work / "rss.tsv").write_text("seconds\tstored\tprocess\tits_pages\tcli_mb\tdriver_mb\tcli_cpu_s\n"
                                  + "".join(f"{s.seconds:.1f}\t{s.done}\t{s.segment}\t{s.mine}\t{s.own_mb:.1f}\t{s.driver_mb:.1f}\t{s.cpu_s:.1f}\n" for s in samples))

    problems = check_store(db, urls)
    print("store: " + ("every page exactly once, none failed, run finished" if not problems else "; ".join(problems)))
    size = sum(p.stat().st_size for p in work.glob("runs.sqlite3*"))  # its write-ahead log too
    print(f"store size: {size / MB:.1f} MB")

    time_store(cli, db, run_id, work / "again", f"this store ({args.pages} pages)")
    if args.store_at and args.store_at > args.pages:
        big = work / "big.sqlite3"
        time_store(cli, big, replicate(db, big, args.store_at), work / "big", f"a store of {args.store_at} pages (this run's rows repeated)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
