"""The page's text as a reader meets it: main content, headings, blocks.

Read from the rendered page (``innerText``: what is shown, in reading order),
so text hidden with CSS is left out and text drawn by scripts is included.
The same script (``dom.TEXT_SCRIPT``) reads the page loaded without
JavaScript (see ``nojs``), so the two are compared like for like. Headings,
blocks and the main element carry a CSS ``selector`` and the ``snippet`` of
their start tag, so checks can point at them; a block marked ``container``
holds other blocks (its text is theirs).
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector
from .dom import TEXT_SCRIPT


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading the page's text"
    return await visit.evaluate(TEXT_SCRIPT)


COLLECTORS = (Collector("text", collect, stage=READS),)
