"""Faults in plain language: what went wrong and what to do, never a traceback."""

from __future__ import annotations

from auditor import BrowserNotFound, ConfigError, StoreError


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def plain_message(exc: BaseException) -> str:
    """One or two sentences for a person reading the window."""
    detail = _one_line(exc)
    if isinstance(exc, BrowserNotFound):
        return f"No web browser was found to run the audit. Install Chrome or Chromium, or name one in the settings. ({detail})"
    if isinstance(exc, ConfigError):
        return detail if detail[:1].isupper() else f"The settings need a change before the audit can run: {detail}."
    if isinstance(exc, StoreError):
        return f"The record of past runs could not be used: {detail}"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"A file could not be read or written{where}: {exc.strerror or detail}"
    return f"The run stopped because of a fault: {detail}. Pages finished before it are kept."
