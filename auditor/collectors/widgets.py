"""The page's widgets operated as a keyboard user (and, for what appears on
hover, a mouse user) operates them: the ``widgets`` artifact.

One collector on the main visit, after the Tab walk (stage ``INTERACTS``;
``keyboard`` sorts before ``widgets``), before anything changes the layout.

1. **Survey** (one evaluation, :data:`SURVEY`): dialogs shut on arrival and
   the controls that open them; disclosures (``aria-expanded`` controls, and
   elements that look clickable with hidden content after them); menus whose
   sub-items are hidden in a ``nav`` list item; tooltips (``role=tooltip``)
   hidden until hovered; ``role=button`` and ``role=link`` elements Tab
   reaches. A page with none of these costs this one evaluation and nothing
   more. ``<details>`` is left alone: the browser makes it work by keyboard.
2. **Operate** at most ``max_widgets`` of them, each with real key presses
   (``Visit.press``) and pointer moves (``Visit.hover``), reading the page
   after each (:func:`operate`). While they are operated a guard in the
   isolated world refuses what would take the page elsewhere: a capturing
   ``submit`` listener prevents every form from being sent, a capturing
   ``click`` listener prevents links to other addresses, and the Navigation
   API's ``navigate`` event cancels every navigation to another document
   (a script setting ``location``). Keys are pressed only with focus on the
   widget's own trigger (checked first), and only Enter, Space, Escape,
   ArrowDown, Tab and Shift+Tab: nothing is ever typed into a field.
3. **Restore.** When operating left the page different (its body's markup,
   or its address), the page is loaded again, within the page's own
   deadline, so the collectors after this one see it as it loaded.

The deadline: no widget is started with less than :data:`RESERVE_S` seconds
of the page's time left, and the reload gets what is left.
"""

from __future__ import annotations

import time
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import INTERACTS, Collector
from .dom import page_script, script_file

SURVEY = page_script("options", script_file("widgets-survey"))

OP = "([name, args]) => (window.__auditorWidgets && window.__auditorWidgets.ops) ? window.__auditorWidgets.ops[name](...args) : null"

RESERVE_S = 5.0
"""Seconds of the page's deadline kept free: no widget is operated with less
left (what remains goes to restoring the page and the checks)."""

OPEN_WAIT_MS = 400
"""How long a dialog or hover content is given to appear (or go) after a key
press or a pointer move: scripts that animate it in take a moment."""

KEY_WAIT_MS = 120
"""How long a disclosure or a control is given to respond to a key."""


async def op(visit: Visit, name: str, *args: Any) -> Any:
    """Call one of the in-page helpers the survey installed (None when the page lost them)."""
    return await visit.evaluate(OP, [name, list(args)])


async def press_on(visit: Visit, wid: int, key: str) -> bool:
    """Focus the widget's trigger and press ``key`` on it; False (nothing
    pressed) when focus did not land on the trigger, so a key never goes
    to a field the page moved focus to."""
    before = await op(visit, "focus", wid, True)
    if not before or not before["focus_on_trigger"]:
        return False
    await visit.press(key)
    return True


async def disclosure(visit: Visit, w: Mapping[str, Any]) -> dict[str, Any]:
    """Enter and Space, each pressed to open and again to close; the mouse
    click only when no key did anything, to tell a control keys cannot
    work from one that does nothing here at all."""
    wid = w["id"]
    start = await op(visit, "focus", wid, False)
    result: dict[str, Any] = {"start": start, "keys": {}}
    if w["tabbable"]:
        for key in ("Enter", "Space"):
            if not await press_on(visit, wid, key):
                result["keys"][key] = None
                continue
            after = await op(visit, "state", wid, KEY_WAIT_MS, "shown", not start["shown"] if start["shown"] is not None else None)
            result["keys"][key] = {"shown": after["shown"], "expanded": after["expanded"]}
            if after["shown"] != start["shown"] or after["expanded"] != start["expanded"]:
                await press_on(visit, wid, key)  # close it again
                await op(visit, "state", wid, KEY_WAIT_MS, "shown", start["shown"])
    opened_by_key = any(k and (k["shown"] != start["shown"] or k["expanded"] != start["expanded"]) for k in result["keys"].values())
    if not opened_by_key:
        await op(visit, "click", wid)
        clicked = await op(visit, "state", wid, KEY_WAIT_MS, "shown", not start["shown"] if start["shown"] is not None else None)
        result["click"] = {"shown": clicked["shown"], "expanded": clicked["expanded"]}
        if clicked["shown"] != start["shown"] or clicked["expanded"] != start["expanded"]:
            await op(visit, "click", wid)
    return result


async def dialog(visit: Visit, w: Mapping[str, Any]) -> dict[str, Any]:
    """Open with Enter on its control (or a click, when Enter does nothing),
    then: where focus is, whether Tab and Shift+Tab keep it inside (a dialog
    modal as it opened: Tab may leave one that is not), whether Escape closes
    it and where focus goes then."""
    wid = w["id"]
    result: dict[str, Any] = {"opened_by": None}
    if w["tabbable"] and await press_on(visit, wid, "Enter"):
        opened = await op(visit, "state", wid, OPEN_WAIT_MS, "shown", True)
        if opened["shown"]:
            result["opened_by"] = "Enter"
    if result["opened_by"] is None:
        await op(visit, "click", wid)
        opened = await op(visit, "state", wid, OPEN_WAIT_MS, "shown", True)
        if not opened["shown"]:
            return result
        result["opened_by"] = "click"
    result["focus_moved_in"] = opened["focus_in_content"]
    result["focus_after_open"] = opened["active"]
    result["modal"] = opened["modal"]
    if opened["modal"]:
        stops = await op(visit, "inside", wid)
        if stops:
            await visit.press_many("Tab", stops + 1)
            forward = await op(visit, "state", wid)
            await op(visit, "inside", wid)
            await visit.press_many("Shift+Tab", stops + 1)
            backward = await op(visit, "state", wid)
            result["tab_escapes"] = bool(forward["escaped"])
            result["shift_tab_escapes"] = bool(backward["escaped"])
            result["focus_outside"] = forward["active"] if forward["escaped"] else backward["active"]
    await op(visit, "inside", wid)
    await visit.press("Escape")
    closed = await op(visit, "state", wid, OPEN_WAIT_MS, "shown", False)
    result["escape_closes"] = not closed["shown"]
    if closed["shown"]:
        await op(visit, "shut", wid)
        await op(visit, "state", wid, OPEN_WAIT_MS, "shown", False)
    else:
        result["focus_returned"] = closed["focus_on_trigger"]
        result["focus_after_close"] = closed["active"]
    return result


async def hover(visit: Visit, w: Mapping[str, Any]) -> dict[str, Any]:
    """A menu's sub-items or a tooltip: shown on hover? Then does it stay with
    the pointer over it, and go with Escape (WCAG 1.4.13)? Then, the pointer
    away, does focus on its trigger (or ArrowDown, or Enter on a button)
    show it too?"""
    wid = w["id"]
    result: dict[str, Any] = {"on_hover": False}
    where = await op(visit, "point", wid, "trigger")
    if not where:
        return result
    await visit.hover(where["x"], where["y"])
    shown = await op(visit, "state", wid, OPEN_WAIT_MS, "shown", True)
    away = await op(visit, "away", wid)
    if not shown["shown"]:
        await visit.hover(away["x"], away["y"])
        return result
    result["on_hover"] = True
    over = await op(visit, "point", wid, "content")
    if over:
        await visit.hover(over["x"], over["y"])
        stays = await op(visit, "state", wid, KEY_WAIT_MS, "shown", False)
        result["stays_when_hovered"] = bool(stays["shown"])
        await visit.hover(where["x"], where["y"])
        await op(visit, "state", wid, OPEN_WAIT_MS, "shown", True)
    await visit.press("Escape")
    dismissed = await op(visit, "state", wid, KEY_WAIT_MS, "shown", False)
    result["escape_dismisses"] = not dismissed["shown"]
    await visit.hover(away["x"], away["y"])
    await op(visit, "state", wid, OPEN_WAIT_MS, "shown", False)
    result["by_keyboard"] = None
    if w["tabbable"]:
        focused = await op(visit, "focus", wid, True)
        got = await op(visit, "state", wid, KEY_WAIT_MS, "shown", True)
        how = "focus" if got["shown"] else None
        keys = ("ArrowDown", "Enter") if w["kind"] == "menu" and w["tag"] == "button" else ("ArrowDown",) if w["kind"] == "menu" else ()
        for key in keys if focused and focused["focus_on_trigger"] and not how else ():
            if await press_on(visit, wid, key) and (await op(visit, "state", wid, KEY_WAIT_MS, "shown", True))["shown"]:
                how = key
                break
        result["by_keyboard"] = how
        await op(visit, "blur")
        await op(visit, "state", wid, KEY_WAIT_MS, "shown", False)
    return result


async def control(visit: Visit, w: Mapping[str, Any]) -> dict[str, Any]:
    """A ``role=button`` (Enter and Space) or ``role=link`` (Enter): does the
    key do what a click does? Judged only for one a click is seen to work
    (the page changes, a click lands on it, it asks to go somewhere)."""
    wid = w["id"]
    await op(visit, "focus", wid, False)
    await op(visit, "click", wid)
    clicked = await op(visit, "state", wid, KEY_WAIT_MS, "responded", True)
    result: dict[str, Any] = {"click_works": bool(clicked["responded"]), "keys": {}}
    if not clicked["responded"]:
        return result
    for key in ("Enter", "Space") if w["role"] == "button" else ("Enter",):
        if await press_on(visit, wid, key):
            result["keys"][key] = bool((await op(visit, "state", wid, KEY_WAIT_MS, "responded", True))["responded"])
    return result


OPERATE = {"disclosure": disclosure, "dialog": dialog, "menu": hover, "tooltip": hover, "control": control}


async def operate(visit: Visit, widgets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], bool]:
    """Each widget operated in turn while the page's time allows; (the
    widgets with what happened, whether the deadline cut the list short)."""
    done = []
    await op(visit, "start")
    for w in widgets:
        if visit.time_left() < RESERVE_S:
            return done, True
        visit.phase = f"operating a {w['kind']} with the keyboard"
        done.append({**w, "result": await OPERATE[w["kind"]](visit, w)})
    return done, False


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any], options: Any) -> dict[str, Any]:
    """``options``: the widgets family's options (``max_widgets``)."""
    started = time.monotonic()
    visit.phase = "looking for widgets to operate"
    survey = await visit.evaluate(SURVEY, {"max": options.max_widgets})
    artifact: dict[str, Any] = {"found": survey["found"], "widgets": [], "cut_short": False, "restored": False}
    if not survey["widgets"]:
        return artifact
    widgets, artifact["cut_short"] = await operate(visit, survey["widgets"])
    artifact["widgets"] = widgets
    finish = await op(visit, "finish") or {"changed": True}
    artifact["blocked"] = {"navigations": finish.get("navigations", 0), "submits": finish.get("submits", 0)}
    if finish["changed"]:
        left = visit.time_left()
        if left > 2:
            visit.phase = "loading the page again after operating its widgets"
            await visit.navigate(survey["url"], min(config.timeout, left - 1), config.settle_ms)
            artifact["restored"] = True
            visit.notes.append("Widgets: the page was loaded again after its widgets were operated, to undo what they changed")
        else:
            visit.notes.append("Widgets: operating the widgets changed the page and there was no time left to load it again")
    if artifact["cut_short"]:
        visit.notes.append(f"Widgets: the page's time ran out after {len(widgets)} of {len(survey['widgets'])} widgets")
    if survey["found"] > len(survey["widgets"]):
        visit.notes.append(f"Widgets: {len(survey['widgets'])} of the page's {survey['found']} widgets were operated ([widgets] max_widgets)")
    artifact["elapsed_ms"] = int((time.monotonic() - started) * 1000)
    return artifact


COLLECTORS = (Collector("widgets", collect, stage=INTERACTS, family="widgets"),)
