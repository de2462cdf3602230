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

MAX_IMAGES = 300

# `selector` gives the shortest chain of tag names (with :nth-of-type where a
# tag repeats among its siblings) that is unique in the document, starting at
# the nearest ancestor with an id.
PAGE_SCRIPT = """
(maxImages) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const timing = nav ? {
    startTime: nav.startTime,
    responseStart: nav.responseStart,
    domContentLoadedEventEnd: nav.domContentLoadedEventEnd,
    loadEventEnd: nav.loadEventEnd,
  } : null;
  const unique = (sel) => { try { return document.querySelectorAll(sel).length === 1; } catch (e) { return false; } };
  const selector = (el) => {
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id) {
        parts.unshift('#' + CSS.escape(node.id));
        if (unique(parts.join(' > '))) break;
        continue;
      }
      let part = node.localName;
      const parent = node.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === node.localName);
        if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
      }
      parts.unshift(part);
      if (unique(parts.join(' > '))) break;
    }
    return parts.join(' > ');
  };
  const startTag = (el) => {
    const html = el.outerHTML;
    const end = html.indexOf('>');
    return (end >= 0 ? html.slice(0, end + 1) : html).slice(0, 300);
  };
  const images = [...document.images].slice(0, maxImages).map((img) => {
    const box = img.getBoundingClientRect();
    return {
      src: img.currentSrc || img.src || '',
      natural_width: img.naturalWidth,
      natural_height: img.naturalHeight,
      width: box.width,
      height: box.height,
      selector: selector(img),
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
