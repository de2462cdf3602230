"""What report.html costs for big runs: sizes and render times of the
summary report and its detail files, at 1,000 and 10,000 pages.

    python benchmarks/big_report.py [--pages 1000 10000] [--shots 10] [--heard 300]

Stores a synthetic run (tests/sample_report.py ``big_run``: every page at
the size budget's worst case, ten screenshots and 300 lines of what a
screen reader hears) in a store in memory, then times building the report
document, rendering the summary and the detail files, and writing them with
``write_reports``; prints the summary's size, the largest detail file, the
folder's total and the times, with milliseconds per page, so a render that
grows faster than the pages shows, and the process's peak memory (the
store, the document and its screenshots are all in memory). Times are
CPU seconds of this process (``time.process_time``), so a busy machine
does not inflate them. Prints figures only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from auditor.document import build_document  # noqa: E402
from auditor.reports import html, write_reports  # noqa: E402
from auditor.store import Store  # noqa: E402
from sample_report import big_run  # noqa: E402


def measure(pages: int, shots: int, heard: int) -> None:
    with Store() as store:
        started = time.process_time()
        run_id = big_run(store, pages, shots, heard)
        stored = time.process_time() - started
        started = time.process_time()
        document = build_document(store, run_id)
        built = time.process_time() - started
    started = time.process_time()
    summary, details = html.render_split(document)
    summarised = time.process_time() - started
    sizes = [len(text.encode("utf-8")) for _, text in details]
    detailed = time.process_time() - started - summarised
    with tempfile.TemporaryDirectory() as out:
        started = time.process_time()
        write_reports(document, out, ["html"])
        written = time.process_time() - started
    mb = 1e6
    print(f"{pages:>6} pages: summary {len(summary.encode('utf-8')) / mb:.2f} MB; {len(sizes)} detail files, largest {max(sizes) / mb:.2f} MB, "
          f"all {sum(sizes) / mb:.1f} MB")
    print(f"{'':>14}store {stored:.1f} s, document {built:.1f} s, summary {summarised:.2f} s, details {detailed:.1f} s "
          f"({1000 * (summarised + detailed) / pages:.2f} ms a page), write_reports {written:.1f} s; "
          f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--shots", type=int, default=10, help="screenshots a page (default: 10, the most a page keeps)")
    parser.add_argument("--heard", type=int, default=300, help="lines of what a screen reader hears a page (default: 300)")
    args = parser.parse_args()
    for pages in args.pages:
        measure(pages, args.shots, args.heard)


if __name__ == "__main__":
    main()
