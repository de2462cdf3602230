"""What the ``offline`` family costs per page: its collector's one page
evaluation, and its check, on each page of the demo site.

    python benchmarks/offline_cost.py [--repeat 20]

Serves auditor/demo/site on 127.0.0.1 (a free port), opens each page once in
headless Chromium (Playwright) and times the collector's script
(``OFFLINE_SCRIPT``, run with the collector's limits) ``--repeat`` times,
then the check's ``evaluate`` on what it read and the page's text. Prints the
median and the slowest of each, in milliseconds. Figures only: no test
reads them.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from auditor.checks import PageContext, offline
from auditor.collectors import offline as collector
from auditor.collectors.dom import TEXT_SCRIPT

SITE = Path(__file__).resolve().parent.parent / "auditor" / "demo" / "site"
LIMITS = {"max_forms": collector.MAX_FORMS, "max_controls": collector.MAX_CONTROLS, "max_fields": collector.MAX_FIELDS,
          "max_tel_links": collector.MAX_TEL_LINKS, "max_addresses": collector.MAX_ADDRESSES}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """No line per request."""


def timed(call, repeat: int) -> tuple[float, float, object]:
    """(median ms, slowest ms, last result) of ``repeat`` calls."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    handler = functools.partial(Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless=new", "--no-sandbox"])
        page = browser.new_page()
        print(f"{'page':<22} {'collect ms (median / max)':>26} {'check ms (median / max)':>25}")
        for html in sorted(SITE.glob("*.html")):
            url = base + html.name
            page.goto(url)
            c_med, c_max, found = timed(lambda: page.evaluate(collector.OFFLINE_SCRIPT, LIMITS), args.repeat)
            text = page.evaluate(TEXT_SCRIPT)
            context = PageContext(url, url, offline.Options())
            e_med, e_max, _ = timed(lambda: offline.evaluate({"offline": found, "text": text}, context), args.repeat)
            print(f"{html.name:<22} {c_med:>14.2f} / {c_max:<9.2f} {e_med:>13.2f} / {e_max:<9.2f}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
