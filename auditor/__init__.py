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

__version__ = "0.1.0"

from typing import Any  # noqa: E402

from .baseline import load_baseline, load_ignores  # noqa: E402
from .checks import CHECKS, metric_table  # noqa: E402
from .config import ENGINES, FAMILIES, PROFILES, AuditConfig, ConfigError, check_url, default_concurrency, load_config_file, profile_checks  # noqa: E402
from .demo import serve_demo  # noqa: E402
from .document import ReportDocument, build_document  # noqa: E402
from .engines.base import BrowserNotFound  # noqa: E402
from .model import DEMO_PATH, GROUPS, IMPACTS, Finding, PageError, PageResult, Target, impact_rank, page_key  # noqa: E402
from .netprofiles import PROFILES as NETWORK_PROFILES  # noqa: E402
from .run.session import AuditRun, Event, PageFinished, PageStarted, RunStarted, TargetsFound  # noqa: E402
from .store import RunRecord, Store, StoreError, default_db_path  # noqa: E402
from .verdict import Ignore, Verdict, judge, judge_run, summarise  # noqa: E402
from .words import GROUP_LINES, format_bytes, money, page_facts, plural, run_counts, safe_href, wcag_url  # noqa: E402

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
    "safe_href",
    "serve_demo",
    "summarise",
    "wcag_url",
    "write_reports",
]
