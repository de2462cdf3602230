"""The network log of the visit, the page's navigation timing and its images.

The log itself is recorded by the engine from before navigation (CDP
``Network.*`` events, the same format on every engine); this collector only
adds what the page knows: when its load event ended, and for each ``<img>``
the size of the picture against the size it is shown at. The ``bandwidth``
check reduces the events to one record per request (:mod:`auditor.netsim`).
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from . import READS, Collector
from .dom import ELEMENT_JS

MAX_IMAGES = 300

PAGE_SCRIPT = r"""
(maxImages) => {
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
  return {timing, device_pixel_ratio: window.devicePixelRatio || 1, images, html: startTag(document.documentElement)};
}
"""


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the network log and images"
    page = await visit.evaluate(PAGE_SCRIPT, MAX_IMAGES)
    return {"events": visit.network_events(), **page}


COLLECTORS = (Collector("network", collect, stage=READS),)
