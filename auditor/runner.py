"""The runner's former home, kept so that ``from auditor.runner import ...``
goes on working: the runner now lives in :mod:`auditor.run`, one module per
job (see its docstring). New code imports from there."""

from .model import worth_retry
from .run.browser import BrowserGate, SpareVisits, make_engine
from .run.journey_walk import JourneyRows, JourneyWalker
from .run.pipeline import Checked, Pipeline, now_iso, run_checks
from .run.plan import CRAWL_DEPTHS, CRAWL_LINKS, checked_journeys, given_addresses, redacted_skip, run_redactor, stored_settings
from .run.scheduler import PageLinks, Runner, is_transient
from .run.session import AuditRun, Event, Observer, PageFinished, PageStarted, RunStarted, TargetsFound, tool_info

__all__ = [
    "AuditRun", "BrowserGate", "CRAWL_DEPTHS", "CRAWL_LINKS", "Checked", "Event", "JourneyRows", "JourneyWalker", "Observer",
    "PageFinished", "PageLinks", "PageStarted", "Pipeline", "RunStarted", "Runner", "SpareVisits", "TargetsFound",
    "checked_journeys", "given_addresses", "is_transient", "make_engine", "now_iso", "redacted_skip", "run_checks",
    "run_redactor", "stored_settings", "tool_info", "worth_retry",
]
