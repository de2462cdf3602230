"""inclusion-auditor: find who public-service web pages exclude.

The public API, used alike by the command line and the desktop app::

    from auditor import AuditConfig, AuditRun, Store

    store = Store()                          # in memory; Store(path) to keep runs
    run = AuditRun.start_new(store, AuditConfig(urls=("https://example.org/",)))
    for page in run.results():
        print(page.url, len(page.findings))

    document = build_document(store, run.run_id)   # what report.json holds
    write_reports(document, "inclusion-report", list(RENDERERS))

The desktop app imports nothing else of the core (a test keeps it so):
what it needs is named in ``__all__``. The reporters are loaded when first
asked for, so importing the package does not load the HTML templates.

This package never imports Qt.
"""

from typing import Any

from .version import __version__

from .baseline import load_baseline, load_ignores
from .config import ENGINES, AuditConfig, check_url, default_concurrency, load_config_file
from .demo import serve_demo
from .document import ReportDocument, build_document
from .engines.browsers import BrowserNotFound
from .errors import ConfigError
from .model import DEMO_PATH, GROUPS, IMPACTS, Finding, PageError, PageResult, Target, impact_rank, page_key
from .netprofiles import PROFILES as NETWORK_PROFILES
from .registry import CHECKS, FAMILIES, PROFILES, RunSettings, metric_table, profile_checks, run_settings
from .run.session import AuditRun, Event, PageFinished, PageStarted, RunStarted, TargetsFound
from .store import RunRecord, Store, StoreError, default_db_path
from .verdict import Ignore, Verdict, judge, judge_run, summarise
from .words import GROUP_LINES, format_bytes, format_count, money, page_facts, plural, run_counts, safe_href, skipped_why, wcag_url

_FROM_REPORTS = ("RENDERERS", "write_reports")


def __getattr__(name: str) -> Any:
    """The reporters' names, imported on first use (PEP 562)."""
    if name in _FROM_REPORTS:
        from . import reports

        return getattr(reports, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AuditConfig",
    "AuditRun",
    "BrowserNotFound",
    "CHECKS",
    "ConfigError",
    "DEMO_PATH",
    "ENGINES",
    "Event",
    "FAMILIES",
    "Finding",
    "GROUPS",
    "GROUP_LINES",
    "IMPACTS",
    "Ignore",
    "NETWORK_PROFILES",
    "PROFILES",
    "PageError",
    "PageFinished",
    "PageResult",
    "PageStarted",
    "RENDERERS",
    "ReportDocument",
    "RunSettings",
    "RunRecord",
    "RunStarted",
    "Store",
    "StoreError",
    "Target",
    "TargetsFound",
    "Verdict",
    "__version__",
    "build_document",
    "check_url",
    "default_concurrency",
    "default_db_path",
    "format_bytes",
    "format_count",
    "impact_rank",
    "judge",
    "judge_run",
    "load_baseline",
    "load_config_file",
    "load_ignores",
    "metric_table",
    "money",
    "page_facts",
    "page_key",
    "plural",
    "profile_checks",
    "run_counts",
    "run_settings",
    "safe_href",
    "skipped_why",
    "serve_demo",
    "summarise",
    "wcag_url",
    "write_reports",
]
