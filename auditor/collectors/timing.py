"""Time limits the page sets itself: a meta refresh, and clocks that count.

Reads the page as loaded. A meta refresh is read from the markup. A clock is
an element of short text holding a time (``19:59``, ``0:45``, ``1:02:30``)
or marked ``role="timer"``; the clocks found are read twice,
:data:`WATCH_MS` apart, and those whose text changed are returned with both
readings, so the check can tell a countdown from a clock going up. The watch
is skipped when the page shows no clock, so most pages cost no waiting.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import page_script

WATCH_MS = 1200
"""How long the clocks are watched: over a second, so a clock that counts in
seconds is seen to move once whatever the phase of its tick."""

MAX_CLOCKS = 20
"""Clocks watched at most: a page of many times (a timetable) is not a page
of countdowns, and each is read only twice."""

TIMING_SCRIPT = page_script(
    "options",
    r"""
  const refresh = [...document.querySelectorAll('meta[http-equiv]')]
    .filter((m) => m.httpEquiv.trim().toLowerCase() === 'refresh')
    .map((m) => ({content: m.content || '', selector: selectorFor(m), snippet: startTag(m)}));
  const clock = /(^|[^\d:])\d{1,2}(:[0-5]\d){1,2}(?![\d:])/;
  const short = (el) => (el.textContent || '').trim().length <= 60;
  const leaves = [...document.querySelectorAll('body *')]
    .filter((el) => !['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName))
    .filter((el) => el.matches('[role="timer" i]') || (el.children.length === 0 && short(el) && clock.test(el.textContent || '')));
  const clocks = leaves.filter(isVisible).slice(0, options.max_clocks);
  const before = clocks.map((el) => (el.textContent || '').trim());
  const read = () => clocks
    .map((el, i) => ({selector: selectorFor(el), snippet: startTag(el), role: (el.getAttribute('role') || '').toLowerCase(),
                      before: before[i], after: (el.textContent || '').trim()}))
    .filter((c) => c.before !== c.after);
  if (!clocks.length) return {meta_refresh: refresh, clocks_seen: 0, moving: []};
  return new Promise((resolve) => setTimeout(() => resolve({meta_refresh: refresh, clocks_seen: clocks.length, moving: read()}), options.watch_ms));
""",
)


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "watching the page's clocks"
    found = await visit.evaluate(TIMING_SCRIPT, {"watch_ms": WATCH_MS, "max_clocks": MAX_CLOCKS})
    return found if isinstance(found, dict) else {"meta_refresh": [], "clocks_seen": 0, "moving": []}


COLLECTORS = (Collector("timing", collect, stage=READS),)
