"""Accuracy of the families of issues 16 and 17 on their fixture pages and the demo site.

One CLI run audits every fixture page of the families (their barrier pages,
their ``-clean`` twins and the few other pages their tests use) with
``--checks`` set to those families, served by the test suite's own fixture
server on 127.0.0.1; a second run audits the demo site with the same checks.
For each rule it prints the findings the integration tests expect on the
barrier pages (their EXPECTED tables, imported, so the two never drift) and
how many were found (the detection rate), findings the tests do not expect on
those pages, findings on the clean twins (false alarms: must be 0), and
findings on the demo site. Of the documents family only
``document-link-name-incomplete`` is counted (the rule issue 16 added there).
Then the language detector on the labelled passages of
``language_passages.tsv``, scored by ``language.py``'s own functions.

    python benchmarks/accuracy.py [--engine selenium]

The figures say what the detectors do on pages written to show each barrier
and its absence: a floor on the false alarms to expect, not a measure of
recall on real sites."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from auditor.registry import CHECKS as FAMILY_CHECKS, declared_rules  # noqa: E402
from tests.fixture_server import SITE, FixtureServer  # noqa: E402

FAMILIES = ("language", "typography", "motion", "forms", "links", "structure", "zoom", "order",
            "presentation", "offline", "trust")
DOCUMENT_RULE = "document-link-name-incomplete"
CHECKS = (*FAMILIES, "documents")

# The documents test asserts this page's findings in a test of its own
# (test_document_links_must_say_their_format_and_size), not in its EXPECTED
# table; its clean twin is "document" (the same links, named with format and size).
DOCUMENT_NAME = {"document-name": [(DOCUMENT_RULE, "main > p:nth-of-type(2) > a"),
                                   (DOCUMENT_RULE, "main > p:nth-of-type(3) > a")]}
DOCUMENT_CLEAN = ("document",)
# The trust test audits its tracking page under a host name of its own, so
# that the fixture server's other host names are third parties to it.
TRACKING = "trust/tracking.html"
DEFERS = {(check.id, rule): others for check in FAMILY_CHECKS.values() for rule, others in check.defers_to.items()}
HOST_RULES = 'browser_args = ["--host-resolver-rules=MAP *.test 127.0.0.1"]\n'


@dataclass
class Tally:
    """One rule's counts over the fixture pages and the demo site."""

    expected: int = 0
    found: int = 0
    barrier_pages: set = field(default_factory=set)
    unexpected: int = 0  # on its family's barrier pages, beyond what the tests expect
    deferred: int = 0  # of ``found``, reported by the other family's rule it defers to (one barrier, one finding)
    clean: int = 0  # on clean twins of its own family: false alarms
    clean_pages: list = field(default_factory=list)
    other_pages: list = field(default_factory=list)
    other: int = 0  # on the other families' pages (their barriers may be real barriers of this rule too)
    demo: int = 0
    demo_pages: set = field(default_factory=set)


def expected_tables() -> dict[str, dict[str, list[tuple[str, object]]]]:
    """family -> page -> [(rule, target)], from the integration tests' EXPECTED
    tables; a target is a selector, or a list of them where the test compares
    every target (zoom)."""
    tables = {}
    for family in (*FAMILIES, "documents"):
        module = importlib.import_module(f"tests.integration.test_{family}")
        table = {page: [(row[0], row[-1]) for row in rows] for page, rows in module.EXPECTED.items()}
        if family == "documents":
            table = {page: [r for r in rows if r[0] == DOCUMENT_RULE] for page, rows in {**table, **DOCUMENT_NAME}.items()}
            table = {page: rows for page, rows in table.items() if rows}
        tables[family] = table
    return tables


def fixture_pages() -> dict[str, list[str]]:
    """family -> every HTML page in its fixture folder (as paths under the site)."""
    return {family: sorted(f"{family}/{p.name}" for p in (SITE / family).glob("*.html")) for family in CHECKS}


def target_matches(finding: dict, target: object) -> bool:
    selectors = [t["selector"] for t in finding["targets"]]
    if isinstance(target, list):
        return selectors == target
    return bool(selectors) and selectors[0] == target


def audit(urls: list[str], extra: list[str], out: Path, engine: str) -> tuple[dict, float]:
    """Run the CLI once; the report and the CPU seconds of the CLI and its browser."""
    config = out.parent / f"{out.name}.toml"
    config.write_text(HOST_RULES, encoding="utf-8")
    command = [sys.executable, "-m", "auditor", "run", *urls, *extra, "--checks", ",".join(CHECKS),
               "--engine", engine, "--config", str(config), "--out", str(out), "--format", "json",
               "--fail-on", "none", "--no-store", "--quiet"]
    before = os.times()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)  # python -m auditor: this checkout's
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"the audit failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return json.loads((out / "report.json").read_text(encoding="utf-8")), cpu


def in_scope(finding: dict) -> bool:
    return finding["check"] in FAMILIES or finding["rule"] == DOCUMENT_RULE


def tally(fixtures: dict, demo: dict, tables: dict, pages: dict, base: str, tracking: str) -> dict[tuple[str, str], Tally]:
    rules = {(r.family, r.id): Tally() for r in declared_rules() if r.family in FAMILIES or r.id == DOCUMENT_RULE}
    url_of = {path: (tracking if path == TRACKING else f"{base}/{path}") for paths in pages.values() for path in paths}
    rows = {row["url"]: row for row in fixtures["pages"]}
    problems = [f"page error: {row['url']}: {row['error'] or row['check_errors']}" for row in fixtures["pages"] if row["error"] or row["check_errors"]]
    for family, paths in pages.items():
        table = tables[family]
        for path in paths:
            name = path.split("/", 1)[1].removesuffix(".html")
            every = rows[url_of[path]]["findings"]
            findings = [f for f in every if in_scope(f)]
            clean = name.endswith("-clean") or (family == "documents" and name in DOCUMENT_CLEAN)
            wanted = list(table.get(name, []))
            left = list(findings)
            for rule, target in wanted:
                t = rules[(family, rule)]
                t.expected += 1
                t.barrier_pages.add(name)
                hit = next((f for f in left if f["rule"] == rule and target_matches(f, target)), None)
                if hit is not None:
                    t.found += 1
                    left.remove(hit)
                    continue
                # A family's rule that defers to another family's (Check.defers_to) is
                # dropped where that one fired: the barrier is found, once, by the other.
                others = DEFERS.get((family, rule), ())
                instead = next((f for f in every if f"{f['check']}/{f['rule']}" in others and target_matches(f, target)), None)
                if instead is not None:
                    t.found += 1
                    t.deferred += 1
                    problems.append(f"{rule} on {path} reported as {instead['check']}/{instead['rule']} (it defers to it)")
                else:
                    had = [(f["rule"], [t["selector"] for t in f["targets"]]) for f in findings]
                    problems.append(f"missed {rule} at {target} on {path}; the page had {had or 'no finding'}")
            for f in left:
                t = rules[(f["check"], f["rule"])]
                own = f["check"] == family or (f["rule"] == DOCUMENT_RULE and family == "documents")
                if own and clean:
                    t.clean += 1
                    t.clean_pages.append(name)
                elif own and name in table:
                    t.unexpected += 1
                else:  # another family's page, or one its tests judge elsewhere (axe-tables, link-axe, restore)
                    t.other += 1
                    t.other_pages.append(path.removesuffix(".html"))
    for row in demo["pages"]:
        if row["error"] or row["check_errors"]:
            problems.append(f"page error: demo {row['url']}: {row['error'] or row['check_errors']}")
        for f in row["findings"]:
            if in_scope(f):
                rules[(f["check"], f["rule"])].demo += 1
                rules[(f["check"], f["rule"])].demo_pages.add(row["url"].rstrip("/").rsplit("/", 1)[-1] or "/")
    for p in problems:
        print(f"  {p}")
    return rules


def print_table(rules: dict[tuple[str, str], Tally], demo_pages: int) -> None:
    header = f"{'family':<13} {'rule':<40} {'expected':>8} {'found':>5} {'rate':>6} {'extra':>5} {'clean':>5} {'other':>5} {'demo':>5}"
    print(header)
    print("-" * len(header))
    total = Tally()
    for (family, rule), t in rules.items():
        rate = f"{100 * t.found / t.expected:.0f}%" if t.expected else "-"
        print(f"{family:<13} {rule:<40} {t.expected:>8} {t.found:>5} {rate:>6} {t.unexpected:>5} {t.clean:>5} {t.other:>5} {t.demo:>5}"
              + (f"  ({t.deferred} found as the rule it defers to)" if t.deferred else "")
              + (f"  clean: {', '.join(t.clean_pages)}" if t.clean_pages else "")
              + (f"  demo: {', '.join(sorted(t.demo_pages))}" if t.demo else ""))
        for name in ("expected", "found", "unexpected", "clean", "other", "demo"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
    print("-" * len(header))
    rate = f"{100 * total.found / total.expected:.0f}%" if total.expected else "-"
    print(f"{'total':<13} {f'{len(rules)} rules':<40} {total.expected:>8} {total.found:>5} {rate:>6} {total.unexpected:>5} "
          f"{total.clean:>5} {total.other:>5} {total.demo:>5}")
    for (family, rule), t in rules.items():
        if t.other:
            pages = Counter(t.other_pages)
            print(f"  {rule} on other pages: " + ", ".join(f"{p}" + (f" x{n}" if n > 1 else "") for p, n in sorted(pages.items())))
    untested = [rule for (_, rule), t in rules.items() if not t.expected]
    if untested:
        print(f"rules with no barrier page among these fixtures: {', '.join(untested)}")
    print(f"columns: expected = findings the integration tests expect on the barrier pages; found = of those, found "
          f"(same rule, same element); extra = other findings of the rule on its family's barrier pages; clean = on its "
          f"family's clean twins (false alarms); other = on pages of the other families or pages the tests judge elsewhere; "
          f"demo = on the demo site's {demo_pages} pages")


def language_passages() -> None:
    import language

    rows = language.load()
    print(f"\nlanguage detector on {language.PASSAGES.name}: {len(rows)} passages, {len({r[0] for r in rows})} languages")
    language.score("py3langid as the language family calls it (raw guess, no limits)", language.py3langid_detector(), rows)
    language.shipped_limits(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("playwright", "selenium"), default="playwright")
    args = parser.parse_args(argv)
    tables = expected_tables()
    pages = fixture_pages()
    count = sum(len(p) for p in pages.values())
    print(f"families: {', '.join(FAMILIES)}, and documents' {DOCUMENT_RULE}; engine {args.engine}")
    print(f"fixture pages: {count} (" + ", ".join(f"{f} {len(p)}" for f, p in pages.items()) + ")")
    server = FixtureServer().start()
    try:
        base = server.base
        tracking = f"http://www.riverton.test:{server.server_address[1]}/{TRACKING}"
        urls = [tracking if path == TRACKING else f"{base}/{path}" for paths in pages.values() for path in paths]
        with tempfile.TemporaryDirectory(prefix="ia-accuracy-") as tmp:
            start = time.perf_counter()
            fixtures, cpu_f = audit(urls, [], Path(tmp) / "fixtures", args.engine)
            wall_f = time.perf_counter() - start
            start = time.perf_counter()
            demo, cpu_d = audit([], ["--demo"], Path(tmp) / "demo", args.engine)
            wall_d = time.perf_counter() - start
    finally:
        server.stop()
    print(f"fixture run: {len(fixtures['pages'])} pages, {wall_f:.0f} s wall, {cpu_f:.0f} CPU s; "
          f"demo run: {len(demo['pages'])} pages, {wall_d:.0f} s wall, {cpu_d:.0f} CPU s\n")
    rules = tally(fixtures, demo, tables, pages, base, tracking)
    print_table(rules, len(demo["pages"]))
    language_passages()
    load = os.getloadavg()
    print(f"\nload average after the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
