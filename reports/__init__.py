"""Reporters: each renders the report document of one stored run.

The document is built by :func:`auditor.document.build_document`, with the
verdict of :mod:`auditor.verdict`; a reporter only renders what it is given,
so every format says the same of a run, and a stored run can be re-rendered
at any time, without a browser.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from auditor.errors import ConfigError

from . import csv, html, json, junit, sarif

RENDERERS: Mapping[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "json": ("report.json", json.render),
    "html": ("report.html", html.render),
    "junit": ("report.junit.xml", junit.render),
    "sarif": ("report.sarif", sarif.render),
    "csv": ("report.csv", csv.render),
}


def check_out_dir(out_dir: str | Path) -> None:
    """Make sure reports can be written into ``out_dir``: called before a
    run opens any page, so a folder that cannot be written is one line at
    the start, not a run's reports lost at its end. Only trying tells (as
    root every permission check says yes): the folder is created, a file
    written there and removed, and the folders created are removed again
    (the reports create them when they are written)."""
    out = Path(out_dir)
    created = [p for p in (out, *out.parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".inclusion-audit-", suffix=".probe"):
            pass
    except OSError as exc:
        raise ConfigError(f"cannot write reports to {str(out)!r}: {exc.strerror or exc}") from None
    finally:
        for folder in created:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()


class ReportsNotWritten(OSError):
    """Some reports could not be written (a full disk); ``written`` lists
    those that were, ``failed`` each one that was not, with why."""

    def __init__(self, written: list[Path], failed: list[tuple[str, str]]) -> None:
        super().__init__("could not write " + ", ".join(f"{name} ({why})" for name, why in failed))
        self.written = written
        self.failed = failed


def write_reports(document: dict[str, Any], out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """Write each format into ``out_dir``; returns the files written.

    Each file is written to a temporary name and renamed, so a reader never
    sees half a report. A file that cannot be written (no space left) costs
    no other format: the rest are written, what was half written is
    removed, and :class:`ReportsNotWritten` then says which failed."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, failed = [], []
    for fmt in formats:
        name, render = RENDERERS[fmt]
        target = out / name
        partial = out / f".{name}.partial"
        try:
            partial.write_text(render(document), encoding="utf-8")
            partial.replace(target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            failed.append((name, exc.strerror or str(exc)))
            continue
        written.append(target)
    if failed:
        raise ReportsNotWritten(written, failed)
    return written
