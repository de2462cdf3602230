"""inclusion-auditor: find who public-service web pages exclude.

The public API, used alike by the command line and the desktop app::

    from auditor import AuditConfig, AuditRun, Store

    store = Store()                          # in memory; Store(path) to keep runs
    run = AuditRun.start_new(store, AuditConfig(urls=("https://example.org/",)))
    for page in run.results():
        print(page.url, len(page.findings))

This package never imports Qt.
"""

__version__ = "0.1.0"

from .checks import metric_table  # noqa: E402
from .config import AuditConfig, ConfigError  # noqa: E402
from .model import Finding, PageError, PageResult, Target  # noqa: E402
from .runner import AuditRun, PageFinished, PageStarted, RunStarted  # noqa: E402
from .store import Store, StoreError, default_db_path  # noqa: E402

__all__ = [
    "AuditConfig",
    "AuditRun",
    "ConfigError",
    "Finding",
    "PageError",
    "PageFinished",
    "PageResult",
    "PageStarted",
    "RunStarted",
    "Store",
    "StoreError",
    "Target",
    "__version__",
    "default_db_path",
    "metric_table",
]
