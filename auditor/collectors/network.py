"""The network log of the visit, the page's navigation timing and its images.

It also hands on how long the page kept the browser's main thread busy
while it loaded, in processor time (``main_thread_cpu_ms``): the engine reads
DevTools' ``Performance`` metrics in thread time as the load ends, before any
collector runs a script (collectors run in an order of their own, axe-core's
may come first, so this collector could not read it itself without counting
the auditor's work). Processor time, not wall-clock time: on a machine busy
with other work the page's thread waits for a core, and that wait is not the
page's work. It also reads the long tasks (50 ms or more) that started before
the load event ended, from the browser's own buffer of ``longtask`` entries
(a ``PerformanceObserver`` with ``buffered: true``, read at once with
``takeRecords``): wall-clock times, for the check to tell how much of the
recorded load the page's work already fills (see the bandwidth check).

The log itself is recorded by the engine from before navigation (CDP
``Network.*`` events, the same format on every engine); this collector only
adds what the page knows: when its load event ended, and for each ``<img>``
the size of the picture against the size it is shown at. The ``bandwidth``
check reduces the events to one record per request (:mod:`auditor.netlog`).

Before it hands the log on, it waits (within the page's deadline) until
every request the log shows has finished or failed, so no response is
counted short; one still loading after the wait is reported as unfinished.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from ..netlog import in_flight
from .base import READS, Collector
from .dom import ELEMENT_JS

MAX_IMAGES = 300
MAX_LONG_TASKS = 200
"""Long tasks handed on one by one (start, duration), for the check to tell
those the load simulation already holds; all of them are in the total. The
browser buffers at most 200 (the W3C timing entry-types registry's buffer
size for ``longtask``)."""

PAGE_SCRIPT = r"""
({maxImages, maxTasks}) => {
""" + ELEMENT_JS + r"""
  const nav = performance.getEntriesByType('navigation')[0];
  const timing = nav ? {
    startTime: nav.startTime,
    responseStart: nav.responseStart,
    domContentLoadedEventEnd: nav.domContentLoadedEventEnd,
    loadEventEnd: nav.loadEventEnd,
  } : null;
  const images = [...document.images].slice(0, maxImages).map((img) => {
    const box = img.getBoundingClientRect();
    return {
      src: img.currentSrc || img.src || '',
      natural_width: img.naturalWidth,
      natural_height: img.naturalHeight,
      width: box.width,
      height: box.height,
      selector: selectorFor(img),
      snippet: startTag(img),
    };
  });
  const mainThread = (() => {
    const types = (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes) || [];
    if (!types.includes('longtask')) return null;
    const observer = new PerformanceObserver(() => {});
    observer.observe({type: 'longtask', buffered: true});
    const entries = observer.takeRecords();
    observer.disconnect();
    const end = timing && timing.loadEventEnd > 0 ? timing.loadEventEnd : Infinity;
    const during = entries.filter((e) => e.startTime < end);
    return {long_tasks: during.length, busy_ms: during.reduce((sum, e) => sum + e.duration, 0), buffered: entries.length,
            tasks: during.slice(0, maxTasks).map((e) => [e.startTime, e.duration])};
  })();
  return {timing, device_pixel_ratio: window.devicePixelRatio || 1, images, main_thread: mainThread, html: startTag(document.documentElement)};
}
"""


PAGE_LIMITS = {"maxImages": MAX_IMAGES, "maxTasks": MAX_LONG_TASKS}
"""The argument of :data:`PAGE_SCRIPT`."""


# How long to wait for responses still in flight when the log is read: at most
# this, and never into the last quarter of the page's time, which is kept for
# the other collectors and the checks.
IN_FLIGHT_WAIT_S = 10.0
RESERVED_SHARE = 0.25


def in_flight_wait(time_left: float, timeout_s: float) -> float:
    return max(0.0, min(IN_FLIGHT_WAIT_S, time_left - RESERVED_SHARE * timeout_s))


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the network log and images"
    page = await visit.evaluate(PAGE_SCRIPT, PAGE_LIMITS)
    visit.phase = "waiting for responses still loading"
    events, pending = await visit.settled_network_events(in_flight_wait(visit.time_left(), config.timeout), in_flight)
    return {"events": events, "in_flight": sorted(pending), "main_thread_cpu_ms": visit.main_thread_cpu_ms, **page}


COLLECTORS = (Collector("network", collect, stage=READS),)
