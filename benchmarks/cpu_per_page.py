"""CPU seconds per page of the default profile before and after the families of issues 16 and 17.

"Before" is the last commit before the ``language`` family (the parent of the
commit that added ``auditor/checks/language.py``), checked out into a
temporary git worktree with a venv of its own; "after" is this checkout. Each
audits the demo site with the default profile
``--repeat`` times, alternating which goes first (the demo's pages, each
``--copies`` times under ``?copy=N``, served once by this process from this
checkout: the site is the same in both versions, and more pages spread the
start-up over more of them), and the CPU time of the CLI
process and its children (the browser and its renderers, reaped by the CLI)
is read with ``os.times()`` around each subprocess: CPU time, not wall time,
because the machine is shared and CPU time is far less sensitive to load.
The CPU includes the Python start-up and the browser's launch (the same for
both versions), so it is a whole-run cost spread over the pages: with few
pages it dilutes the ratio.

Then, with ``--families``, each family of the issues is timed alone on the
demo site (``--checks FAMILY``, "after" only), beside ``--checks axe`` (the
quick profile) and the cheapest old family for scale, to say whether one
family dominates the increase.

    python benchmarks/cpu_per_page.py --repeat 3 --copies 4 --families

The worktree is kept (``--before-dir``, reused on the next run); remove it
with ``git worktree remove DIR``."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.demo import serve_demo  # noqa: E402

NEW_FAMILIES = ("language", "typography", "motion", "forms", "links", "structure", "zoom", "order",
                "presentation", "offline", "trust")


def git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip().splitlines()[0] if done.stderr.strip() else 'failed'}")
    return done.stdout.strip()


def before_commit() -> str:
    """The parent of the commit that added the language family."""
    added = git("log", "--format=%H", "--diff-filter=A", "--", "auditor/checks/language.py").splitlines()
    if not added:
        raise SystemExit("no commit adds auditor/checks/language.py in this history")
    return git("rev-parse", f"{added[-1]}^")


def prepare(commit: str, folder: Path) -> Path:
    """A worktree of ``commit`` at ``folder`` with its own venv; its python."""
    python = folder / ".venv" / "bin" / "python"
    if not folder.exists():
        print(f"checking out {commit[:10]} into {folder} ...", flush=True)
        git("worktree", "add", "--detach", str(folder), commit)
    if subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() != commit:
        raise SystemExit(f"{folder} is not a checkout of {commit[:10]}: remove it or pass another --before-dir")
    if not python.exists() or subprocess.run([str(python), "-c", "import auditor"], cwd=folder, capture_output=True).returncode:
        print(f"installing it into {folder / '.venv'} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(folder / ".venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", "."], cwd=folder, check=True)
    return python


def audit_demo(python: Path, checkout: Path, urls: list[str], extra: list[str]) -> tuple[float, int]:
    """CPU seconds of one ``run`` of ``urls`` (the CLI and its children) and the pages audited."""
    with tempfile.TemporaryDirectory(prefix="ia-cpu-") as out:
        command = [str(python), "-m", "auditor", "run", *urls, *extra, "--out", out, "--format", "json",
                   "--fail-on", "none", "--no-store", "--no-config", "--quiet", "--concurrency", "2"]
        before = os.times()
        # cwd: python -m auditor imports the package of the folder it starts in first
        done = subprocess.run(command, cwd=checkout, capture_output=True, text=True)
        after = os.times()
        if done.returncode != 0:
            raise SystemExit(f"{checkout}: the audit failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
        document = json.loads((Path(out) / "report.json").read_text(encoding="utf-8"))
    errors = [p["url"] for p in document["pages"] if p["error"] or p["check_errors"]]
    if errors:
        print(f"  note: {checkout.name}: pages with errors: {errors}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, len(document["pages"])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="the commit to compare with (default: the parent of the one that added the language family)")
    parser.add_argument("--before-dir", help="where its worktree goes (default: /tmp/ia-before-<commit>)")
    parser.add_argument("--copies", type=int, default=4, help="each demo page this many times a run (default 4: 24 pages)")
    parser.add_argument("--families", action="store_true", help="also time each family of issues 16 and 17 alone")
    args = parser.parse_args(argv)
    commit = git("rev-parse", args.before) if args.before else before_commit()
    folder = Path(args.before_dir or f"/tmp/ia-before-{commit[:7]}")
    old_python = prepare(commit, folder)
    new_python = Path(sys.executable)
    print(f"before: {git('log', '--oneline', '-1', commit)[:100]}")
    print(f"after:  {git('log', '--oneline', '-1', 'HEAD')[:100]}")
    if git("diff", "--stat", commit, "HEAD", "--", "auditor/demo/site"):
        print("note: the demo site differs between the versions; both audit this checkout's")
    print(f"demo site x{args.copies}, default profile, concurrency 2, {args.repeat} repeats alternating; "
          f"{os.cpu_count()} CPUs; load average at start {load()}")
    with serve_demo(port=0) as demo:
        urls = [f"{u}?copy={n}" for n in range(args.copies) for u in demo]
        return compare(args, {"before": (old_python, folder), "after": (new_python, ROOT)}, urls, list(demo))


def compare(args: argparse.Namespace, versions: dict, urls: list[str], demo: list[str]) -> int:
    new_python = versions["after"][0]
    per_page: dict[str, list[float]] = {"before": [], "after": []}
    audit_demo(new_python, ROOT, demo, ["--checks", "axe"])  # warm the disk caches and the browser once, unmeasured
    for r in range(args.repeat):
        order = ("before", "after") if r % 2 == 0 else ("after", "before")
        for name in order:
            cpu, pages = audit_demo(*versions[name], urls, [])
            per_page[name].append(cpu / pages)
            print(f"  repeat {r + 1} {name:<6}: {cpu:6.1f} CPU s over {pages} pages = {cpu / pages:5.2f} CPU s a page (load {load()})", flush=True)
    before = statistics.median(per_page["before"])
    after = statistics.median(per_page["after"])
    ratios = [a / b for a, b in zip(per_page["after"], per_page["before"])]
    print(f"\nmedian CPU s a page: before {before:.2f}, after {after:.2f}: after/before {after / before:.2f}x "
          f"({100 * (after / before - 1):+.0f}%); per repeat: " + ", ".join(f"{x:.2f}x" for x in ratios))
    print("the issue's aim: at most 1.25x")
    if args.families:
        print("\neach family alone on the demo's 6 pages (after; one run each): CPU s a page")
        alone = {}
        for family in ("axe", "reading", *NEW_FAMILIES):
            cpu, pages = audit_demo(new_python, ROOT, demo, ["--checks", family])
            alone[family] = cpu / pages
            print(f"  {family:<13} {cpu / pages:5.2f}  (load {load()})", flush=True)
        floor = min(alone.values())
        print(f"  the cheapest ({min(alone, key=alone.get)}, {floor:.2f}) is about the cost of loading a page at all; above it:")
        for family in NEW_FAMILIES:
            print(f"  {family:<13} {alone[family] - floor:+5.2f}")
    print(f"\nload average at the end: {load()} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
