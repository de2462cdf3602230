"""The check families, by id."""

from __future__ import annotations

from typing import Mapping

from . import axe, bandwidth, documents, keyboard, nojs, reading, reflow
from .base import Check, CheckResult, PageContext

# In the order families appear in reports.
CHECKS: Mapping[str, Check] = {
    module.CHECK.id: module.CHECK
    for module in (axe, bandwidth, nojs, reflow, keyboard, reading, documents)
    if module.CHECK is not None
}

__all__ = ["CHECKS", "Check", "CheckResult", "PageContext"]
