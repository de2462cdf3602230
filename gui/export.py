"""Sharing a run: every report format written by the core's own renderers."""

from __future__ import annotations

import tempfile
from pathlib import Path

from auditor import RENDERERS, Store, build_document, write_reports


def export_reports(store: Store, run_id: str, folder: str | Path) -> list[Path]:
    """Write HTML, JSON, JUnit, SARIF and CSV of a stored run into ``folder``."""
    return write_reports(build_document(store, run_id), folder, list(RENDERERS))


def reports_folder(store: Store, run_id: str) -> Path:
    """Where the window keeps a run's HTML report for the browser: beside the
    store (the system's temporary folder for a store kept in memory)."""
    base = Path(tempfile.gettempdir()) / "inclusion-auditor" if store.path == ":memory:" else Path(store.path).parent
    return base / "reports" / run_id


def html_report(store: Store, run_id: str, folder: str | Path | None = None) -> Path:
    """Write (or rewrite) a run's ``report.html``; returns its path."""
    return write_reports(build_document(store, run_id), folder or reports_folder(store, run_id), ["html"])[0]
