"""Widgets: disclosures, dialogs, menus, tooltips and custom controls
operated with the keyboard (and, for what appears on hover, the pointer).

Reads the ``widgets`` artifact (:mod:`auditor.collectors.widgets`): each
widget the survey found, with what happened when it was operated.

Rules:

``disclosure-keys`` (WCAG 2.1.1)
    a control that shows and hides content (an accordion, a "show more") does
    not work with Enter or with Space, or Tab never reaches it. One that Tab
    never reaches and that the keyboard family judges (a control, a role or
    an ``onclick``) is left to its ``unreachable-by-keyboard``: reported once.
``disclosure-state`` (WCAG 4.1.2)
    it opens, but does not say so: no ``aria-expanded``, or one that does not
    change.
``disclosure-content-hidden`` (WCAG 4.1.2)
    its ``aria-expanded`` turns true but the content it controls stays hidden.
``dialog-focus-not-moved`` (WCAG 2.4.3)
    a dialog opens and focus stays behind it.
``dialog-focus-escapes`` (WCAG 2.4.3)
    Tab or Shift+Tab takes focus out of an open modal dialog to the page
    behind it. Modal as it is once open (a ``<dialog>`` opened with
    ``showModal()``, ``aria-modal="true"``, an ``alertdialog``): Tab may
    leave a dialog that is not modal.
``dialog-escape`` (WCAG 2.1.2, review)
    Escape does not close the dialog.
``dialog-focus-not-returned`` (WCAG 2.4.3)
    once the dialog is closed, focus is not back on the control that opened it.
``hover-only-menu`` (WCAG 2.1.1)
    a menu's sub-items appear when the pointer is over their item, but
    neither focus nor ArrowDown (nor Enter, on a button) shows them.
``tooltip-hover-only`` (WCAG 2.1.1)
    a tooltip appears on hover but not when its trigger has keyboard focus
    (or its trigger cannot have focus).
``hover-content-not-dismissable`` (WCAG 1.4.13)
    content shown on hover does not go when Escape is pressed.
``hover-content-not-hoverable`` (WCAG 1.4.13)
    content shown on hover goes when the pointer moves over it.
``control-keys`` (WCAG 2.1.1)
    a ``role=button`` a click works does not work with Enter or Space, a
    ``role=link`` not with Enter; a dialog that opens on a click but not
    with Enter on its control.

Settings (``[widgets]``): ``max_widgets`` (20).

Metrics: ``widgets_found`` (widgets the survey found), ``widgets_operated``.

Not covered: an overlay that is not marked as a dialog, and controls with a
click handler set by script that have no role and show no hidden content
(no handler is visible from outside the page's scripts).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "widgets"

KEYBOARD_URL = "https://www.w3.org/WAI/WCAG22/Understanding/keyboard.html"
NAME_ROLE_URL = "https://www.w3.org/WAI/WCAG22/Understanding/name-role-value.html"
FOCUS_ORDER_URL = "https://www.w3.org/WAI/WCAG22/Understanding/focus-order.html"
TRAP_URL = "https://www.w3.org/WAI/WCAG22/Understanding/no-keyboard-trap.html"
HOVER_URL = "https://www.w3.org/WAI/WCAG22/Understanding/content-on-hover-or-focus.html"

KEYS = ("keyboard", "screen-reader")
HOVER = ("low-vision", "keyboard")

RULES = (
    Rule("disclosure-keys", ID, "serious", ("2.1.1",), KEYS, KEYBOARD_URL,
         "A control that shows or hides content does not work with the keyboard.",
         "Use a <button type=\"button\"> (Enter and Space then work by themselves), or give the element tabindex=\"0\" and "
         "handle both keys."),
    Rule("disclosure-state", ID, "serious", ("4.1.2",), ("screen-reader",), NAME_ROLE_URL,
         "A control that shows or hides content does not say whether it is open.",
         "Give the control aria-expanded=\"false\" and set it to \"true\" when the content is shown."),
    Rule("disclosure-content-hidden", ID, "serious", ("4.1.2",), KEYS, NAME_ROLE_URL,
         "A control says its content is open, but the content stays hidden.",
         "Show the content (remove hidden or display: none) when aria-expanded becomes \"true\"."),
    Rule("dialog-focus-not-moved", ID, "serious", ("2.4.3",), KEYS, FOCUS_ORDER_URL,
         "A dialog opens but keyboard focus stays on the page behind it.",
         "Move focus into the dialog when it opens (its heading or first control), or use <dialog> and showModal()."),
    Rule("dialog-focus-escapes", ID, "serious", ("2.4.3",), KEYS, FOCUS_ORDER_URL,
         "Tab takes focus out of an open modal dialog to the page hidden behind it.",
         "Keep focus inside a modal dialog while it is open: use <dialog> and showModal(), or make the page behind it inert."),
    Rule("dialog-escape", ID, "moderate", ("2.1.2",), KEYS, TRAP_URL,
         "The Escape key does not close a dialog.",
         "Close the dialog when Escape is pressed (a <dialog> opened with showModal() does this by itself).",
         outcome="review"),
    Rule("dialog-focus-not-returned", ID, "moderate", ("2.4.3",), KEYS, FOCUS_ORDER_URL,
         "When a dialog closes, keyboard focus does not go back to the control that opened it.",
         "When the dialog closes, move focus back to the control that opened it."),
    Rule("hover-only-menu", ID, "serious", ("2.1.1",), KEYS, KEYBOARD_URL,
         "Menu items appear only when the mouse is over the menu: the keyboard cannot reach them.",
         "Show the sub-menu when its item has focus (:focus-within), or give the item a button with aria-expanded that "
         "opens it with Enter and Space."),
    Rule("tooltip-hover-only", ID, "serious", ("2.1.1",), KEYS, KEYBOARD_URL,
         "A tooltip appears on mouse hover but not on keyboard focus.",
         "Make the tooltip's trigger focusable and show the tooltip on focus as well as on hover."),
    Rule("hover-content-not-dismissable", ID, "moderate", ("1.4.13",), HOVER, HOVER_URL,
         "Content that appears on hover cannot be dismissed with the Escape key.",
         "Hide content shown on hover or focus when Escape is pressed, without moving the pointer or focus."),
    Rule("hover-content-not-hoverable", ID, "moderate", ("1.4.13",), ("low-vision",), HOVER_URL,
         "Content that appears on hover disappears when the pointer moves onto it.",
         "Keep hover content shown while the pointer is over the content itself (show it on :hover of an element that "
         "contains both the trigger and the content)."),
    Rule("control-keys", ID, "serious", ("2.1.1",), KEYS, KEYBOARD_URL,
         "A custom control works with a mouse click but not with the keys of the control it claims to be.",
         "Use a real <button> or <a href>; a custom role=\"button\" must act on Enter and Space, a role=\"link\" on Enter."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("widgets_operated", "Widgets operated with the keyboard", "count",
           "Disclosures, dialogs, menus, tooltips and custom controls the audit operated with the keyboard.", noun="widget",
           shown="if-any"),
)

MAX_WIDGETS = 20
"""Widgets operated at most on a page, in the survey's order (dialogs,
disclosures, menus, tooltips, custom controls)."""


@dataclass(frozen=True)
class Options:
    """The ``[widgets]`` table."""

    max_widgets: int = MAX_WIDGETS


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[widgets]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    value = table.get("max_widgets", MAX_WIDGETS)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 200:
        raise ValueError(f"[widgets] max_widgets must be a whole number from 0 to 200, not {value!r}")
    return Options(value)


def describe(w: Mapping[str, Any]) -> str:
    """'the button "Opening hours"' or 'a <div>'."""
    noun = w.get("role") or w.get("tag") or "element"
    noun = noun if w.get("role") else f"<{noun}>"
    name = " ".join(str(w.get("name") or "").split())[:60]
    return f'the {noun} "{name}"' if name else f"a {noun} with no text"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _changed(state: Mapping[str, Any] | None, start: Mapping[str, Any]) -> bool:
    return bool(state) and (state["shown"] != start["shown"] or state["expanded"] != start["expanded"])


def disclosure_findings(out: PageFindings, w: Mapping[str, Any]) -> None:
    r = w["result"]
    start, keys, click = r["start"], r.get("keys", {}), r.get("click")
    opened = [k for k, s in keys.items() if _changed(s, start)]
    if not opened and not _changed(click, start):
        return  # does nothing here that can be seen: not judged
    where = (w["selector"], w.get("snippet", ""))
    if not w["tabbable"]:
        if not w.get("keyboard_sees"):
            out.add("disclosure-keys", f"{_cap(describe(w))} shows and hides content when clicked, but the Tab key never reaches it.",
                    "People who use a keyboard cannot open it. " + RULE["disclosure-keys"].how_to_fix, *where)
    elif failed := [k for k in ("Enter", "Space") if k not in opened]:
        out.add("disclosure-keys", f"{_cap(describe(w))} shows and hides content, but not with {' or '.join(failed)}.",
                "People who use a keyboard expect both Enter and Space to work a button. " + RULE["disclosure-keys"].how_to_fix, *where)
    states = [s for s in (*keys.values(), click) if _changed(s, start)]
    content_changed = any(s["shown"] != start["shown"] for s in states if start["shown"] is not None)
    if start["expanded"] is None:
        out.add("disclosure-state", f"{_cap(describe(w))} shows and hides content but has no aria-expanded.",
                "Screen reader users are not told whether the content is open or closed. " + RULE["disclosure-state"].how_to_fix, *where)
    elif content_changed and all(s["expanded"] == start["expanded"] for s in states):
        out.add("disclosure-state", f"{_cap(describe(w))} shows and hides content but its aria-expanded stays \"{start['expanded']}\".",
                "Screen reader users are told the wrong state. " + RULE["disclosure-state"].how_to_fix, *where)
    if w.get("content") and any(s["expanded"] == "true" and s["shown"] is False for s in states):
        out.add("disclosure-content-hidden", f"{_cap(describe(w))} says it is expanded, but {w['content']} stays hidden.",
                "Screen reader users are told the content is there and cannot find it. " + RULE["disclosure-content-hidden"].how_to_fix, *where)


def dialog_findings(out: PageFindings, w: Mapping[str, Any]) -> None:
    r = w["result"]
    if not r.get("opened_by"):
        return
    where = (w["selector"], w.get("snippet", ""))
    what = f"the dialog {w['content']}" if w.get("content") else "the dialog"
    if r["opened_by"] == "click" and w["tabbable"]:
        out.add("control-keys", f"{_cap(describe(w))} opens {what} when clicked, but not with Enter.",
                "People who use a keyboard cannot open it. " + RULE["control-keys"].how_to_fix, *where)
    if not r.get("focus_moved_in"):
        out.add("dialog-focus-not-moved", f"When {describe(w)} opens {what}, keyboard focus stays outside it"
                + (f" (on {r['focus_after_open']})." if r.get("focus_after_open") else "."),
                "Keyboard and screen reader users do not know the dialog opened and go on behind it. " + RULE["dialog-focus-not-moved"].how_to_fix, *where)
    if r.get("tab_escapes") or r.get("shift_tab_escapes"):
        keys = " and ".join(k for k, e in (("Tab", r.get("tab_escapes")), ("Shift+Tab", r.get("shift_tab_escapes"))) if e)
        out.add("dialog-focus-escapes", f"{keys} {'take' if ' and ' in keys else 'takes'} focus out of the open modal {what[4:]} to the page behind it"
                + (f" ({r['focus_outside']})." if r.get("focus_outside") else "."),
                "Keyboard users lose their place in a page they cannot see. " + RULE["dialog-focus-escapes"].how_to_fix, *where)
    if r.get("escape_closes") is False:
        out.add("dialog-escape", f"Escape does not close {what} opened by {describe(w)}.",
                "Keyboard users expect Escape to close a dialog; check that its close button is easy to reach. " + RULE["dialog-escape"].how_to_fix, *where)
    elif r.get("focus_returned") is False:
        out.add("dialog-focus-not-returned", f"When {what} closes, focus does not go back to {describe(w)}"
                + (f" but to {r['focus_after_close']}." if r.get("focus_after_close") else " but to the top of the page."),
                "Keyboard and screen reader users lose their place. " + RULE["dialog-focus-not-returned"].how_to_fix, *where)


def hover_findings(out: PageFindings, w: Mapping[str, Any]) -> None:
    r = w["result"]
    if not r.get("on_hover"):
        return
    where = (w["selector"], w.get("snippet", ""))
    what = "the sub-menu" if w["kind"] == "menu" else "the tooltip"
    if w["kind"] == "menu" and not r.get("by_keyboard"):
        out.add("hover-only-menu", f"The menu items under {describe(w)} appear only when the mouse is over it.",
                "People who use a keyboard cannot reach them (neither focus nor ArrowDown shows them). " + RULE["hover-only-menu"].how_to_fix, *where)
    elif w["kind"] == "tooltip" and not r.get("by_keyboard"):
        why = "it does not appear when its trigger has focus" if w["tabbable"] else "its trigger cannot have keyboard focus"
        out.add("tooltip-hover-only", f"The tooltip of {describe(w)} appears on mouse hover only: {why}.",
                "People who use a keyboard never read it. " + RULE["tooltip-hover-only"].how_to_fix, *where)
    if r.get("escape_dismisses") is False:
        out.add("hover-content-not-dismissable", f"{_cap(what)} shown when the pointer is over {describe(w)} does not go with Escape.",
                "People who magnify the screen cannot move it out of the way without losing their place. " + RULE["hover-content-not-dismissable"].how_to_fix, *where)
    if r.get("stays_when_hovered") is False:
        out.add("hover-content-not-hoverable", f"{_cap(what)} shown when the pointer is over {describe(w)} disappears when the pointer moves onto it.",
                "People who magnify the screen must move the pointer to read it. " + RULE["hover-content-not-hoverable"].how_to_fix, *where)


def control_findings(out: PageFindings, w: Mapping[str, Any]) -> None:
    r = w["result"]
    failed = [k for k, worked in r.get("keys", {}).items() if worked is False]
    if r.get("click_works") and failed:
        out.add("control-keys", f"{_cap(describe(w))} works when clicked, but not with {' or '.join(failed)}.",
                f"People who use a keyboard expect a {w.get('role') or 'control'} to work with "
                + ("Enter and Space. " if w.get("role") == "button" else "Enter. ") + RULE["control-keys"].how_to_fix,
                w["selector"], w.get("snippet", ""))


JUDGE = {"disclosure": disclosure_findings, "dialog": dialog_findings, "menu": hover_findings, "tooltip": hover_findings,
         "control": control_findings}


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["widgets"]
    out = PageFindings(page, RULE)
    for w in found.get("widgets", ()):
        JUDGE[w["kind"]](out, w)
    metrics = {"widgets_found": int(found.get("found") or 0), "widgets_operated": len(found.get("widgets", ())),
               "widgets_restored": bool(found.get("restored"))}
    return CheckResult(findings=tuple(out), metrics=metrics)


CHECK = Check(
    id=ID,
    title="Widgets",
    needs=("widgets",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
)
