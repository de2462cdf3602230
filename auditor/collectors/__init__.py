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

import importlib
import pkgutil
from typing import Mapping

from .base import CHANGES_LAYOUT, INTERACTS, READS, CollectFn, Collector

__all__ = ["CHANGES_LAYOUT", "COLLECTORS", "INTERACTS", "READS", "CollectFn", "Collector", "plan"]


def _registry() -> dict[str, Collector]:
    """Every collector of the package: a module of it that declares
    ``COLLECTORS`` is registered by being there, so a new artifact is one new
    module and nothing else. Two collectors of one artifact are a mistake."""
    found: dict[str, Collector] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for collector in getattr(module, "COLLECTORS", ()):
            if collector.id in found:
                raise ValueError(f"two collectors of the {collector.id!r} artifact")
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
