"""Text enlarged to 200% with the layout width unchanged (WCAG 1.4.4 Resize
Text), the way a browser's text-only zoom enlarges it.

One collector, ``zoom``, stage ``CHANGES_LAYOUT``: it changes the page's
styles, and puts them back. It never navigates, resizes or types. All in ONE
page evaluation (``js/zoom-measure.js``):

1. reads every element's computed font size and line height first (a
   snapshot, so that sizes in ``em`` and ``%`` do not compound once their
   parents are enlarged), at most :data:`MAX_ELEMENTS` elements in document
   order;
2. measures the text (at most :data:`MAX_TEXT` text nodes): which boxes that
   clip their content (``overflow: hidden`` or ``clip``, and so
   ``-webkit-line-clamp``) cut lines of it off, which blocks' lines of text
   cross another block's, which controls' labels (buttons, links drawn as
   buttons, inputs, selects; at most :data:`MAX_CONTROLS`) do not fit their
   box;
3. sets each element's inline ``font-size`` to twice its size in px with
   ``!important`` (an absolute line height doubled too, transitions off),
   waits two animation frames and measures again;
4. puts every ``style`` attribute back exactly as it was (sizes first, with
   transitions still off, so nothing animates back), and the scroll position.

Only what enlarging broke is returned: an element clipped, overlapping or cut
off before is left out. The ``layout`` collector runs in the same stage;
:func:`auditor.collectors.plan` orders a stage by artifact name, so
``layout`` runs first and leaves its text-spacing style sheet in the page:
the script turns the auditor's own style sheets off while it measures and
back on after, so this measures the page as its authors set it whichever
runs first.

Not measured: text of an absolutely positioned box that escapes an ancestor
that clips (the nearest clipping box is taken as its clip), text in frames,
SVG text.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import CHANGES_LAYOUT, Collector
from .dom import page_script, script_file

MAX_ELEMENTS = 6000
"""Elements enlarged at most, in document order (more than the demo pages'
and a long GOV.UK guide's few thousand; past it, elements keep their size
unless they inherit it)."""

MAX_TEXT = 3000
"""Text nodes measured at most (each is one range and its line boxes), as
the layout family bounds its text walk."""

MAX_CONTROLS = 300
"""Controls measured at most."""

LIMIT = 10
"""At most this many elements are returned for each kind of failure."""

SCRIPT = page_script("options", script_file("zoom-measure"))

EMPTY = {"enlarged": 0, "elements_capped": False, "text_nodes": 0, "clipped": [], "clipped_count": 0,
         "overlaps": [], "overlaps_count": 0, "controls": [], "controls_count": 0}


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "measuring the text enlarged to 200%"
    found = await visit.evaluate(
        SCRIPT, {"max_elements": MAX_ELEMENTS, "max_text": MAX_TEXT, "max_controls": MAX_CONTROLS, "limit": LIMIT}
    )
    if not isinstance(found, dict):
        return dict(EMPTY)
    if found.get("elements_capped"):
        visit.notes.append(f"Text at 200%: only the first {MAX_ELEMENTS} elements of the page were enlarged")
    return found


COLLECTORS = (Collector("zoom", collect, stage=CHANGES_LAYOUT),)
