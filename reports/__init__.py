"""Reporters: each renders the report document of one stored run.

The document is built by :func:`auditor.document.build_document`, with the
verdict of :mod:`auditor.verdict`; a reporter only renders what it is given,
so every format says the same of a run, and a stored run can be re-rendered
at any time, without a browser.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

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


def pages_inline(document: Mapping[str, Any]) -> int:
    """The run's ``report_pages_inline`` setting (the default for a run
    stored before it existed): above it, report.html is a summary."""
    value = (document.get("run") or {}).get("config", {}).get("report_pages_inline", html.PAGES_INLINE)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else html.PAGES_INLINE


def write_reports(document: dict[str, Any], out_dir: str | Path, formats: Sequence[str], *,
                  report_pages_inline: int | None = None) -> list[Path]:
    """Write each format into ``out_dir``; returns the files written.

    Each file is written to a temporary name and renamed, so a reader never
    sees half a report. A file that cannot be written (no space left) costs
    no other format: the rest are written, what was half written is
    removed, and :class:`ReportsNotWritten` then says which failed.

    A run of more audited pages than ``report_pages_inline`` (by default
    the run's own setting) gets a summary report.html and its details in
    the folder :data:`html.DETAILS_FOLDER` beside it (see
    :func:`_write_split`); that folder is then listed after report.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, failed = [], []
    limit = pages_inline(document) if report_pages_inline is None else report_pages_inline
    for fmt in formats:
        try:
            written.extend(WRITERS.get(fmt, _write_rendered)(fmt, document, out, limit))
        except OSError as exc:
            failed.append((RENDERERS[fmt][0], exc.strerror or str(exc)))
    if failed:
        raise ReportsNotWritten(written, failed)
    return written


def _write_file(target: Path, pieces: Iterable[str]) -> Path:
    """``pieces`` written one after another to a hidden name beside
    ``target``, then renamed to it; what was half written is removed."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as out_file:
            for piece in pieces:
                out_file.write(piece)
        partial.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target


def _write_rendered(fmt: str, document: dict[str, Any], out: Path, limit: int) -> list[Path]:
    name, render = RENDERERS[fmt]
    return [_write_file(out / name, (render(document),))]


def _write_json(fmt: str, document: dict[str, Any], out: Path, limit: int) -> list[Path]:
    """Streamed: a big run's report.json is never one string."""
    return [_write_file(out / RENDERERS[fmt][0], json.chunks(document))]


def _write_html(fmt: str, document: dict[str, Any], out: Path, limit: int) -> list[Path]:
    """One report.html, or above ``limit`` pages a summary and its details
    folder; a details folder an earlier big run left belongs to no report
    once a one-file report.html replaces it, and goes."""
    if html.is_big(document, limit):
        return _write_split(document, out)
    written = _write_rendered(fmt, document, out, limit)
    for folder in (html.DETAILS_FOLDER, f".{html.DETAILS_FOLDER}.partial", f".{html.DETAILS_FOLDER}.old"):
        _remove_tree(out / folder)
    return written


WRITERS: Mapping[str, Callable[[str, dict[str, Any], Path, int], list[Path]]] = {"json": _write_json, "html": _write_html}
"""The formats not written as :data:`RENDERERS` renders them, as one string."""


def _write_split(document: dict[str, Any], out: Path) -> list[Path]:
    """A big run's report.html and its details folder, written so that a
    run killed at any moment never leaves a report.html that links to
    files which are not there: the details are written first, into a
    hidden folder, then the summary to a hidden file; only then is the
    earlier report (if it had a details folder) moved aside, the new folder
    and the new summary renamed into place, in that order, and the earlier
    ones removed. A failure before the renames removes what was half
    written and leaves the earlier report as it was."""
    target, folder = out / "report.html", out / html.DETAILS_FOLDER
    partial, partial_folder = out / ".report.html.partial", out / f".{html.DETAILS_FOLDER}.partial"
    old, old_folder = out / ".report.html.old", out / f".{html.DETAILS_FOLDER}.old"
    for leftover in (partial_folder, old_folder):  # from a run killed before
        _remove_tree(leftover)
    try:
        partial_folder.mkdir()
        summary, details = html.render_split(document)
        for name, text in details:
            (partial_folder / name).write_text(text, encoding="utf-8")
        partial.write_text(summary, encoding="utf-8")
    except OSError:
        _remove_tree(partial_folder)
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    if folder.exists():  # the earlier report links into it: both go aside together
        if target.exists():
            target.replace(old)
        folder.replace(old_folder)
    partial_folder.replace(folder)
    partial.replace(target)
    _remove_tree(old_folder)
    with contextlib.suppress(OSError):
        old.unlink()
    return [target, folder]


def _remove_tree(folder: Path) -> None:
    """Remove a folder of reports and what it holds, if it is there."""
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
