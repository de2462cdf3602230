"""Collectors gather one artifact each from a page visit.

A collector is the only code that talks to the page. Each runs at most once per
visit, however many checks need its artifact (Lighthouse's gatherers and audits
work the same way).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from . import axe

Collector = Callable[[Visit, AuditConfig], Awaitable[Any]]

COLLECTORS: Mapping[str, Collector] = {
    "axe": axe.collect,
}
