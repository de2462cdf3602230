"""Collectors gather one artifact each from a page visit.

A collector is the only code that talks to the page. Each runs at most once per
visit, however many checks need its artifact (Lighthouse's gatherers and audits
work the same way). Collectors run in stages so that none disturbs another:
first those that only read the page as loaded, then those that interact with it
(focus, key presses), then those that change its layout (viewport, styles).
A collector marked ``separate_visit`` loads the page again in a context of its
own (JavaScript off, say), concurrently with the main visit.

A collector's in-page scripts go through :meth:`Visit.evaluate`, which runs
them in the audit's isolated world: they read the page's DOM, and nothing the
page's scripts do (a hooked ``window.axe``, a redefined ``innerText``) changes
what they read. State a script keeps on ``window`` there lasts as long as the
document. Only what nothing but the page's own scripts define is read in the
page's world (:meth:`Visit.evaluate_in_page`), and the collector says so.
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


def _registry() -> dict[str, Collector]:
    from . import axe, documents, keyboard, layout, network, nojs, text

    found: dict[str, Collector] = {}
    for module in (axe, network, nojs, layout, keyboard, text, documents):
        for collector in module.COLLECTORS:
            found[collector.id] = collector
    return found


COLLECTORS: Mapping[str, Collector] = _registry()


def plan(needed: set[str]) -> list[Collector]:
    """The collectors to run for ``needed`` artifacts, with what they read
    first, ordered by stage."""
    chosen: dict[str, Collector] = {}

    def add(name: str) -> None:
        if name in chosen:
            return
        collector = COLLECTORS[name]
        for dep in collector.after:
            add(dep)
        chosen[name] = collector

    for name in sorted(needed):
        add(name)
    order = list(chosen)
    return sorted(chosen.values(), key=lambda c: (c.stage, order.index(c.id)))
