"""Text enlarged to 200% (WCAG 1.4.4 Resize Text): text sizes doubled and the
layout width unchanged, as a browser's text-only zoom, a phone's larger text
setting or a person's own style sheet enlarges it.

Reads the ``zoom`` artifact (:mod:`auditor.collectors.zoom`). Each rule
reports only what enlarging broke: what was already clipped, overlapping or
cut off at the page's own sizes is left out (a deliberate one-line
truncation, text laid over a picture).

Rules:

``text-clipped-when-enlarged`` (WCAG 1.4.4)
    a box that clips its content (``overflow: hidden`` or ``clip``, a fixed
    ``height`` or ``max-height`` with it, ``-webkit-line-clamp``) cuts lines
    of its text off once the text is twice the size.
``text-overlaps-when-enlarged`` (WCAG 1.4.4)
    text of one block is drawn over text of another once enlarged (a box of
    fixed height whose text spills onto the next, an absolutely positioned
    box): blocks drawn over one another are one finding.
``control-label-cut-off-when-enlarged`` (WCAG 1.4.4)
    a button, a link drawn as a button, a select or an input whose label (or
    value) no longer fits its box. Only ``low-vision``: the barrier comes
    with a person's text setting, not with a device.

Metrics: ``zoom_clipped``, ``zoom_overlaps``, ``zoom_controls_cut`` (how
many of each enlarging broke).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings, element_target, refuse_unknown, table_settings

ID = "zoom"

RESIZE_TEXT_URL = "https://www.w3.org/WAI/WCAG22/Understanding/resize-text.html"
GROUPS = ("low-vision",)
WHY = "People with low vision make text twice the size (browser text zoom, a phone's larger text setting) to read it. "

RULES = (
    Rule("text-clipped-when-enlarged", ID, "serious", ("1.4.4",), GROUPS, RESIZE_TEXT_URL,
         "Text is cut off when people make it larger.",
         "Let the box grow with its text: min-height instead of height or max-height, no overflow: hidden or "
         "line clamp on text people need to read, sizes in em or rem rather than px."),
    Rule("text-overlaps-when-enlarged", ID, "serious", ("1.4.4",), GROUPS, RESIZE_TEXT_URL,
         "Text is drawn over other text when people make it larger.",
         "Let boxes grow with their text (min-height instead of height) and keep text in the normal flow rather than "
         "positioned at fixed offsets."),
    Rule("control-label-cut-off-when-enlarged", ID, "serious", ("1.4.4",), GROUPS, RESIZE_TEXT_URL,
         "A button's or field's words no longer fit in it when people make text larger.",
         "Give buttons and fields a min-height and min-width (or padding) instead of a fixed height and width, so "
         "they grow with their label."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("zoom_clipped", "Text cut off at 200%", "count",
           "Boxes whose text is cut off only once text is enlarged to 200%.", noun="box", shown="if-any"),
    Metric("zoom_overlaps", "Text overlapping at 200%", "count",
           "Groups of text blocks drawn over one another only once text is enlarged to 200%.", noun="group", shown="if-any"),
    Metric("zoom_controls_cut", "Control labels cut off at 200%", "count",
           "Buttons and fields whose label no longer fits once text is enlarged to 200%.", noun="control", shown="if-any"),
)


def _quote(text: Any) -> str:
    """Text of the page in quotes, at most 60 characters, without the full
    stop that ends it (the sentence round it has its own)."""
    text = str(text or "").strip()[:60].rstrip(" .")
    return f"“{text}”" if text else "its text"


def clipped_findings(out: PageFindings, items: Any) -> None:
    for item in items or ():
        clamp = str(item.get("line_clamp") or "none")
        how = f" (it shows at most {clamp} lines)" if clamp not in ("none", "0") else ""
        target = element_target(item)
        out.add("text-clipped-when-enlarged",
                f"Text in a box is cut off when enlarged to 200%: {_quote(item.get('text'))}.",
                WHY + f"This box clips its content{how}, so {item.get('overflow_px', 0)} px of its text is hidden at 200%. "
                + RULE["text-clipped-when-enlarged"].how_to_fix,
                target.selector, target.snippet)


def overlap_findings(out: PageFindings, groups: Any) -> None:
    for group in groups or ():
        blocks = [b for b in group.get("blocks", ()) if isinstance(b, Mapping)]
        if not blocks:
            continue
        count = int(group.get("count") or len(blocks))
        others = ", ".join(_quote(b.get("text")) for b in blocks[1:])
        targets = tuple(element_target(b) for b in blocks)
        out.append(RULE["text-overlaps-when-enlarged"].finding(
            out.page.url, targets,
            f"{plural(count, 'block')} of text are drawn over one another when enlarged to 200%: "
            f"{_quote(blocks[0].get('text'))} and {others}.",
            WHY + f"At 200% their lines cross by {group.get('overlap_px', 0)} px, so neither can be read. "
            + RULE["text-overlaps-when-enlarged"].how_to_fix,
        ))


def control_findings(out: PageFindings, controls: Any) -> None:
    for control in controls or ():
        tag = control.get("tag") or "control"
        kind = f"<{tag} type={control['type']}>" if control.get("type") else f"<{tag}>"
        axis = "tall" if control.get("axis") == "height" else "wide"
        target = element_target(control)
        out.add("control-label-cut-off-when-enlarged",
                f"The label of a {kind}, {_quote(control.get('label'))}, no longer fits it when enlarged to 200%.",
                WHY + f"At 200% the label needs {control.get('need_px', 0)} px but the control is {control.get('room_px', 0)} px "
                f"{axis}, so its words are cut off or spill out. " + RULE["control-label-cut-off-when-enlarged"].how_to_fix,
                target.selector, target.snippet)


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["zoom"]
    out = PageFindings(page, RULE)
    clipped_findings(out, found.get("clipped"))
    overlap_findings(out, found.get("overlaps"))
    control_findings(out, found.get("controls"))
    metrics = {
        "zoom_clipped": int(found.get("clipped_count") or 0),
        "zoom_overlaps": int(found.get("overlaps_count") or 0),
        "zoom_controls_cut": int(found.get("controls_count") or 0),
    }
    return CheckResult(findings=tuple(out), metrics=metrics)


@dataclass(frozen=True)
class Options:
    """``[zoom]`` has no settings yet."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """Any name in ``[zoom]`` is a mistake (ValueError)."""
    refuse_unknown(ID, table, table_settings(Options))
    return Options()


CHECK = Check(id=ID, title="Text enlarged to 200%", needs=("zoom",), evaluate=evaluate, rules=RULES, parse_options=parse_options,
              metrics=METRICS)
