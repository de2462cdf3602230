"""``inclusion-audit``: the command line.

Exit codes CI can trust: 0 nothing at or above ``--fail-on``; 2 findings at or
above it (or pages that could not be audited, unless ``--allow-unreachable``);
1 a tool fault or bad input, always with a one-line message and never a
traceback; 130 interrupted (finished pages are kept: ``--resume``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any, Iterator, NoReturn, Sequence

from .version import __version__
from .config import (CONFIG_FILE, ENGINES, FAIL_ON_CHOICES, PYPROJECT_TABLE, THROTTLE_MODES, AuditConfig, check_url as config_check_url,
                     find_config_file, load_config_file)
from .console import baseline_line, fix_first_lines, json_for_terminal, printable, skipped_lines
from .errors import ConfigError
from .registry import FAMILIES, RunSettings, check_formats, formats, run_settings
from .document import build_document
from .netprofiles import PROFILES as NETWORK_PROFILES
from .engines.browsers import BrowserNotFound
from .model import PageResult
from .redact import hide_credentials
from .run.session import AuditRun, Event, PageFinished, PageStarted, RunStarted, TargetsFound
from .store import Store, StoreError, StoreWriteError, default_db_path
from .verdict import judge_run
from .words import format_count, plural, run_counts, verdict

EXIT_OK, EXIT_FAULT, EXIT_FINDINGS, EXIT_INTERRUPTED = 0, 1, 2, 130
PROG = "inclusion-audit"
STDOUT = "-"
"""``--out -``: report.json on standard output, for scripts; every other line goes to standard error."""


class UsageError(Exception):
    """Bad input on the command line."""


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage is a one-line error and exit 1 (as any bad input)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Audit public-service web pages for accessibility and digital inclusion.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="audit pages and write reports", description="Audit pages in a real browser and write reports.")
    run.add_argument("urls", nargs="*", metavar="URL", help="pages to audit (http:// or https://)")
    run.add_argument("--urls-file", metavar="FILE", help="a file with one URL per line (# starts a comment)")
    run.add_argument("--demo", action="store_true", help="audit the built-in demo site, served on 127.0.0.1")
    run.add_argument("--config", metavar="FILE", help=f"a TOML file of settings (command-line options win); without it, ./{CONFIG_FILE} "
                     f"or [tool.{PYPROJECT_TABLE}] in ./pyproject.toml is read when there")
    run.add_argument("--no-config", action="store_true", help="read no config file, not even one found in the working folder")
    run.add_argument("--out", metavar="DIR", help="folder for the reports (default: inclusion-report); '-' writes report.json to standard output")
    run.add_argument("--format", type=_csv, dest="formats", metavar="LIST", help=f"report formats, comma-separated: {','.join(formats())} (default: json,html)")
    run.add_argument("--fail-on", choices=FAIL_ON_CHOICES, help="exit 2 when a barrier of this impact or worse is found (default: serious)")
    run.add_argument("--allow-unreachable", action="store_true", default=None, help="pages that cannot be audited do not fail the run")
    run.add_argument("--baseline", metavar="REPORT_OR_RUN", help="an earlier report.json or run id: mark each finding new or unchanged, and list what was fixed")
    run.add_argument("--threshold", type=int, metavar="N", help="pass while at most N barriers are at or above --fail-on (default: 0)")
    run.add_argument("--fail-on-new", action="store_true", default=None, help="with --baseline: fail only on new findings at or above --fail-on")
    run.add_argument("--ignore-file", metavar="FILE", help="a TOML file of accepted findings, each with a reason (see README)")
    run.add_argument("--profile", metavar="NAME", help="a named set of checks: quick (axe only), default (everything), low-bandwidth, or one from the config file")
    run.add_argument("--checks", type=_csv, metavar="LIST", help=f"check families to run, comma-separated, instead of the profile's: {','.join(FAMILIES)}")
    run.add_argument("--throttle", choices=THROTTLE_MODES, help="simulated (default): estimate load times from the recorded requests; applied: really load the page under --throttle-profile")
    run.add_argument("--throttle-profile", metavar="NAME", help=f"network profile for --throttle applied: {', '.join(NETWORK_PROFILES)} (default: 3G)")
    run.add_argument("--best-practice", action="store_true", default=None, help="also run axe-core's best-practice rules")
    run.add_argument("--no-screenshots", dest="screenshots", action="store_false", default=None, help="no element screenshots in report.html (smaller report, a little faster)")
    run.add_argument("--report-pages-inline", type=int, metavar="N", help="above N pages, report.html is a summary with the pages in files beside it (default: 200)")
    run.add_argument("--axe-script", metavar="FILE", help="use this axe.min.js instead of the bundled one")
    run.add_argument("--concurrency", type=int, metavar="N", help="pages audited at once (default: one per CPU core)")
    run.add_argument("--timeout", type=float, metavar="SECONDS", help="hard limit on one page's whole visit (default: 30)")
    run.add_argument("--retries", type=int, metavar="N", help="further attempts after a transient failure (default: 1)")
    run.add_argument("--browser", metavar="PATH", help="Chrome or Chromium to use (default: $AUDITOR_BROWSER, then one found)")
    run.add_argument("--engine", choices=ENGINES, help="browser automation: playwright (default) or selenium (WebDriver)")
    run.add_argument("--webdriver-url", metavar="URL", help="selenium engine: a remote WebDriver endpoint (Selenium Grid, a chromedriver server)")
    run.add_argument("--browser-ws", metavar="URL", action="append",
                     help="playwright engine: a remote browser server (ws://host:port/ from playwright run-server); give it again for each further server, and the pages are shared out among them")
    run.add_argument("--reuse-sessions", action="store_true", default=None, help="selenium engine: one session per worker, cleared between pages")
    run.add_argument("--allow-file-urls", action="store_true", default=None, help="allow file:// URLs")
    run.add_argument("--resume", metavar="RUN_ID", help="finish an interrupted run (a run id, or 'last')")
    _service_arguments(run)
    _store_options(run)
    run.add_argument("--no-store", action="store_true", help="keep nothing in the store (a throwaway run)")
    run.add_argument("--quiet", "-q", action="store_true", help="print only errors")

    runs = sub.add_parser("runs", help="list stored runs")
    _store_options(runs)

    report = sub.add_parser("report", help="write reports for a stored run again, without a browser")
    report.add_argument("run_id", metavar="RUN_ID", help="a run id from 'inclusion-audit runs', or 'latest' for the newest run")
    report.add_argument("--out", metavar="DIR", default="inclusion-report", help="folder for the reports; '-' writes report.json to standard output")
    report.add_argument("--format", type=_csv, dest="formats", metavar="LIST", help="report formats (default: json,html; json with --out -)")
    report.add_argument("--report-pages-inline", type=int, metavar="N", help="above N pages, report.html is a summary with the pages in files beside it (default: the run's setting)")
    _store_options(report)

    demo = sub.add_parser("demo", help="serve the built-in demo site until interrupted")
    demo.add_argument("--port", type=int, default=None,
                      help="the port to serve on (default 8000, or a free one when 8000 is busy)")
    return parser


def _service_arguments(run: argparse.ArgumentParser) -> None:
    """Whole services: sitemaps, crawling, journeys, and politeness toward live sites."""
    group = run.add_argument_group("whole services")
    group.add_argument("--sitemap", action="append", metavar="URL", help="audit the pages a sitemap or sitemap index lists (gzip too; repeatable)")
    group.add_argument("--crawl", action="append", metavar="URL", help="audit this page and the pages its links lead to on the same host (repeatable)")
    group.add_argument("--max-pages", type=int, metavar="N", help="at most this many pages from sitemaps and crawling (default: 100)")
    group.add_argument("--max-depth", type=int, metavar="N", help="follow links at most this many clicks from a crawl's start page (default: 3)")
    group.add_argument("--include", action="append", metavar="REGEX", help="audit only sitemap and crawled pages whose URL matches (repeatable)")
    group.add_argument("--exclude", action="append", metavar="REGEX", help="skip sitemap and crawled pages whose URL matches (repeatable)")
    group.add_argument("--ignore-robots", dest="obey_robots", action="store_false", default=None, help="do not obey robots.txt (only on sites you are allowed to audit)")
    group.add_argument("--journey", dest="journeys", action="append", metavar="FILE", help="walk the journey in this TOML file, auditing each checkpoint (repeatable)")
    group.add_argument("--contact", metavar="URL_OR_EMAIL", help="added to the User-Agent so site owners can reach you")
    group.add_argument("--per-host", type=int, metavar="N", help="at most N pages loading at once from one host (default: 2)")
    group.add_argument("--delay", dest="min_delay", type=float, metavar="SECONDS", help="at least this long between page loads on one host (default: 0)")


SERVICE_OPTIONS = ("sitemap", "crawl", "max_pages", "max_depth", "include", "exclude", "obey_robots", "journeys", "contact", "per_host", "min_delay")


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help=f"the run store (default: {default_db_path()})")


# input checking


def check_url(url: str, allow_file: bool) -> str:
    """The core's URL check; a bad URL is a usage error here."""
    try:
        return config_check_url(url, allow_file)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def read_urls_file(path: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read URL file {path!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"URL file {path!r} is not UTF-8 text") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def settings_from(args: argparse.Namespace, base: dict[str, Any]) -> RunSettings:
    """Defaults, then the config file (or a resumed run's settings), then
    options given; checked once, before anything is created or started."""
    merged = dict(base)
    path = config_path(args, resuming=bool(base))
    if path:
        merged.update(load_config_file(path))
    if getattr(args, "profile", None) and not getattr(args, "checks", None):
        merged.pop("checks", None)  # a profile chosen now replaces the checks of a resumed run
    given = ("out", "formats", "fail_on", "threshold", "fail_on_new", "baseline", "ignore_file", "allow_unreachable", "profile", "checks", "throttle", "throttle_profile", "best_practice", "screenshots", "report_pages_inline", "axe_script",
             "concurrency", "timeout", "retries", "browser", "allow_file_urls", "engine", "webdriver_url", "browser_ws", "reuse_sessions", *SERVICE_OPTIONS)
    merged.update({name: value for name in given if (value := getattr(args, name, None)) is not None})
    return run_settings(AuditConfig.from_mapping(merged, source=path or "settings"))


def config_path(args: argparse.Namespace, resuming: bool) -> str:
    """The config file a run reads: ``--config``'s; else, for a new run, the
    one found in the working folder (said on stderr, so a CI log shows which
    settings were used), unless ``--no-config``."""
    if getattr(args, "config", None):
        if getattr(args, "no_config", False):
            raise UsageError("--config and --no-config contradict each other: give one")
        return str(args.config)
    if resuming or getattr(args, "no_config", False) or not hasattr(args, "config"):
        return ""
    found = find_config_file()
    if found is None:
        return ""
    if not getattr(args, "quiet", False):
        print(f"Settings from {found}", file=sys.stderr)
    return str(found)


# output


class Progress:
    """A progress bar on a terminal; plain lines otherwise; nothing with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.bar: Any = None
        self.total = 0
        self.done = 0
        self.failures = 0

    def __call__(self, event: Event) -> None:
        if self.quiet:
            return
        if isinstance(event, RunStarted):
            self.total, self.done = event.total, event.done
            if event.note:  # fewer pages at once than asked, and why
                print(f"{PROG}: {event.note}", file=sys.stderr, flush=True)
            if self.tty:
                from tqdm import tqdm

                self.bar = tqdm(total=event.total, initial=event.done, unit="page", file=sys.stderr, dynamic_ncols=True)
            else:
                print(f"Run {event.run_id}: {plural(event.total - event.done, 'page')} to audit", file=sys.stderr, flush=True)
        elif isinstance(event, PageStarted) and self.bar is not None:
            self.bar.set_postfix_str(_short(printable(event.url)), refresh=True)
        elif isinstance(event, TargetsFound):  # a crawl found more pages
            self.total = event.total
            if self.bar is not None:
                self.bar.total = event.total
                self.bar.refresh()
        elif isinstance(event, PageFinished):
            self.done += 1
            result = event.result
            if result.error:
                self.failures += 1
            if self.bar is not None:
                if result.error:  # which page, and why, above the bar
                    self.bar.write(printable(_describe(result)), file=sys.stderr)
                self.bar.set_description(f"{self.failures} failed" if self.failures else "auditing")
                self.bar.update(1)
            else:
                print(f"[{self.done}/{self.total}] {printable(_describe(result))}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _short(url: str, width: int = 60) -> str:
    return url if len(url) <= width else url[: width - 1] + "…"


def _describe(result: PageResult) -> str:
    if result.error:
        return f"could not audit {result.url}: {result.error.kind}: {result.error.message}"
    fails = sum(1 for f in result.findings if f.outcome == "fail")
    reviews = len(result.findings) - fails
    return f"{result.url}: {plural(fails, 'barrier')}, {reviews} to review"


def _fail(message: str) -> int:
    print(f"{PROG}: error: {printable(hide_credentials(message))}", file=sys.stderr)  # an address in it may hold a password
    return EXIT_FAULT


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a run the way Ctrl-C does: finished pages stay stored."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# commands


def check_out(out: str, formats: Sequence[str]) -> None:
    """Reports can be written where asked: standard output takes report.json
    alone (a script reads one document); a folder must be writable."""
    from .reports import check_out_dir

    if out != STDOUT:
        check_out_dir(out)
    elif tuple(formats) != ("json",):
        raise UsageError(f"--out - writes report.json to standard output, so it takes --format json alone, not {','.join(formats)}; "
                         "give a folder for the other formats")


def _stdout_means_json(args: argparse.Namespace) -> None:
    """``--out -`` without ``--format``: JSON, the one format standard output takes."""
    if getattr(args, "out", None) == STDOUT and args.formats is None:
        args.formats = ("json",)


def cmd_run(args: argparse.Namespace) -> int:
    _stdout_means_json(args)
    if args.resume and args.no_store:
        raise UsageError("--resume needs the store; it cannot be combined with --no-store")
    if args.resume and (args.urls or args.urls_file or args.demo):
        raise UsageError("--resume continues a stored run; give no URLs with it")
    with contextlib.ExitStack() as stack:
        if args.resume:
            store = stack.enter_context(Store(args.db or default_db_path()))
            record = store.run(args.resume)
            if record.complete:
                raise UsageError(f"run {record.id} is already finished; use 'inclusion-audit report {record.id}' to write its reports")
            settings = settings_from(args, record.config)
            config = settings.config
            check_out(config.out, config.formats)
            run = AuditRun(store, record.id, config, settings=settings)
        else:
            # Check all input before anything is created or started.
            settings = settings_from(args, {})
            config = settings.config
            urls = list(config.urls) + list(args.urls)
            if args.urls_file:
                urls += read_urls_file(args.urls_file)
            urls = [check_url(u, config.allow_file_urls) for u in urls]
            if args.demo:
                from .demo import serve_demo

                urls += stack.enter_context(serve_demo())
            if not urls and not (config.sitemap or config.crawl or config.journeys):
                raise UsageError("no pages to audit: give URLs, --urls-file, --sitemap, --crawl, --journey, --demo or --resume")
            for url in (*config.sitemap, *config.crawl):
                check_url(url, allow_file=False)
            settings = settings.with_pages(dict.fromkeys(urls))
            config = settings.config
            check_out(config.out, config.formats)
            store = stack.enter_context(Store(":memory:" if args.no_store else (args.db or default_db_path())))
            run = AuditRun.start_new(store, config, settings=settings)

        progress = Progress(args.quiet)
        interrupted = False
        fault = ""
        with _sigterm_as_interrupt():
            try:
                for _ in run.results(progress):
                    pass
            except KeyboardInterrupt:
                interrupted = True
                run.cancel()
            except StoreWriteError as exc:  # a full disk: what is stored stays, and is reported
                fault = str(exc)
            finally:
                progress.close()
        return _finish(store, run.run_id, config, args, interrupted, fault)


def _finish(store: Store, run_id: str, config: AuditConfig, args: argparse.Namespace, interrupted: bool, fault: str = "") -> int:
    """Write the reports of what is stored and say how the run ended. ``fault``:
    why the store could not take more (the run stopped there)."""
    judged = judge_run(store, run_id)
    document = build_document(store, run_id, verdict=judged)
    written, not_written = _write(document, config.out, config.formats)
    summary = judged.summary
    if not args.quiet:
        for line in summary_lines(run_id, document, config, stored=not args.no_store, written=written):
            print(line, file=sys.stderr)
    if fault or not_written:
        _fail(_stopped_line(run_id, document, config, args, fault, not_written))
        return EXIT_INTERRUPTED if interrupted else EXIT_FAULT
    if interrupted:
        where = "" if args.no_store else f"; finish it with: {PROG} run --resume {run_id}"
        print(f"{PROG}: interrupted after {format_count(summary['pages'])} of {plural(document['run']['targets'], 'page')}{where}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_FINDINGS if judged.breached else EXIT_OK


def summary_lines(run_id: str, document: dict[str, Any], config: AuditConfig, stored: bool, written: Sequence[Path | str]) -> list[str]:
    """What a person reads after a run: its id, the counts and the verdict,
    the top issues to fix, what changed since the baseline, the pages left
    alone, and where the reports are. The table fits a terminal's width; in
    a log (not a terminal) its lines are whole."""
    summary = document["summary"]
    width = shutil.get_terminal_size().columns if sys.stderr.isatty() else None
    again = f"; write its reports again with: {PROG} report {run_id}" if stored else " (not stored: --no-store)"
    lines = [f"Run {run_id}{again}", run_counts(summary), verdict(summary, config.allow_unreachable)[1]]
    lines += fix_first_lines(document["priorities"], width)
    lines += [line for line in (baseline_line(summary),) if line]
    lines += skipped_lines(document["skipped"])
    lines += [f"Wrote {path}" for path in written]
    return lines


def _write(document: dict[str, Any], out: str, formats: Sequence[str], pages_inline: int | None = None) -> tuple[list[Path | str], str]:
    """Write the reports; returns those written and, when some could not be
    (no space left, standard output closed), why."""
    from .reports import RENDERERS, ReportsNotWritten, write_reports

    if out == STDOUT:
        try:
            sys.stdout.write(json_for_terminal(RENDERERS["json"][1](document)))
            sys.stdout.flush()
        except OSError as exc:  # a closed pipe (| head): say so once, without a traceback at exit
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - replaces stdout until exit
            return [], f"could not write report.json to standard output ({exc.strerror or exc})"
        return ["report.json to standard output"], ""
    try:
        return list(write_reports(document, out, formats, report_pages_inline=pages_inline)), ""
    except ReportsNotWritten as exc:  # no space for some: the others are written
        return list(exc.written), str(exc)


def _stopped_line(run_id: str, document: dict[str, Any], config: AuditConfig, args: argparse.Namespace, fault: str, not_written: str) -> str:
    """One line for a run that the store or the disk could not take whole:
    what failed, what is kept, and the command that finishes the job."""
    stored = f"{format_count(document['summary']['pages'])} of {plural(document['run']['targets'], 'page')} are stored"
    if args.no_store:
        then = "nothing is kept (--no-store): free some space and run it again"
    elif fault:
        then = f"{stored}{' and reported' if not not_written else ''}; free some space and finish the run with: {PROG} run --resume {run_id}"
    else:
        then = f"the run is stored: free some space and write its reports with: {PROG} report {run_id} --out {config.out}"
    return "; ".join(part for part in (fault, not_written, then) if part)


def cmd_runs(args: argparse.Namespace) -> int:
    with Store(args.db or default_db_path()) as store:
        records = store.runs()
        if not records:
            print("No runs stored yet.")
            return EXIT_OK
        print(f"{'RUN ID':<22} {'STARTED':<26} {'PAGES':>11}  STATE       FIRST URL")
        for r in records:
            state = r.state
            first = r.targets[0] if r.targets else ""
            print(f"{r.id:<22} {r.started:<26} {f'{r.pages_done}/{len(r.targets)}':>11}  {state:<11} {first}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    _stdout_means_json(args)
    if args.formats is None:
        args.formats = ("json", "html")
    check_formats(args.formats)
    check_out(args.out, args.formats)
    if (args.report_pages_inline or 0) < 0:
        raise UsageError("--report-pages-inline must be a number of pages, 0 or more")
    with Store(args.db or default_db_path()) as store:
        run_id = args.run_id
        if run_id == "latest":
            runs = store.runs()
            if not runs:
                raise UsageError(f"no runs stored yet in {store.path}")
            run_id = runs[0].id
        written, not_written = _write(build_document(store, run_id), args.out, args.formats, args.report_pages_inline)
        where = sys.stderr if args.out == STDOUT else sys.stdout  # standard output holds report.json alone
        for path in written:
            print(f"Wrote {path}", file=where)
        if not_written:
            return _fail(not_written)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import serve_demo

    with contextlib.ExitStack() as stack:
        try:
            urls = stack.enter_context(serve_demo(args.port))
        except OSError as exc:  # only a port given with --port is refused; the default falls back to a free one
            raise UsageError(f"cannot serve the demo site on port {args.port}: {exc.strerror or exc}") from None
        print(f"Serving the demo site at {urls[0]} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return EXIT_OK


COMMANDS = {"run": cmd_run, "runs": cmd_runs, "report": cmd_report, "demo": cmd_demo}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(sys.stderr)
            return EXIT_FAULT
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError, StoreError, BrowserNotFound) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
