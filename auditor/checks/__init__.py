"""The check families, by id."""

from __future__ import annotations

from typing import Mapping

from . import axe
from .base import Check, CheckResult, PageContext

CHECKS: Mapping[str, Check] = {
    check.id: check
    for check in (axe.CHECK,)
}

__all__ = ["CHECKS", "Check", "CheckResult", "PageContext"]
