"""What a collector is: an artifact's id, the function that gathers it from a
page visit, and when it runs (its stage, what it reads first).

Apart from the package itself (:mod:`auditor.collectors`, which lists every
collector), so that each collector module imports this and ``dom`` and no
other module of its package: no import goes round in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping

from ..config import AuditConfig
from ..engines.base import Visit

READS, INTERACTS, CHANGES_LAYOUT = 0, 1, 2

CollectFn = Callable[[Visit, AuditConfig, Mapping[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Collector:
    id: str
    collect: CollectFn
    """``collect(visit, config, artifacts)``: ``artifacts`` holds those already
    collected on this visit that this collector declared in ``after``."""
    stage: int = READS
    after: tuple[str, ...] = ()
    """Artifacts this collector reads (they are collected first, and needed)."""
    separate_visit: bool = False
    javascript: bool = True
    """For a separate visit: whether the page runs with JavaScript."""
    family: str = ""
    """The check family whose options this collector reads: it is handed
    them, parsed once for the run, as ``collect(visit, config, artifacts,
    options)`` (a collector never imports a check module)."""

    def run(self, visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any], options: Mapping[str, Any]) -> Awaitable[Any]:
        """Collect, with the family's options (``options``: each family's,
        by family) when the collector reads them."""
        if self.family:
            return self.collect(visit, config, artifacts, options.get(self.family))  # type: ignore[call-arg]
        return self.collect(visit, config, artifacts)
