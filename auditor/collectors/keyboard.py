"""The page operated with the Tab key: focus order, traps, focus visibility,
the skip link and the controls Tab never reaches.

One collector, ``keyboard``, on the main visit after every collector that
only reads the page (stage ``INTERACTS``). It never clicks and never
navigates. In order:

1. **Start outside the page.** The active element is blurred and a
   temporary ``tabindex=-1`` element at the start of ``<body>`` is focused
   and removed at once, so the browser's focus starting point is the top of
   the document; then Shift+Tab moves focus out of the page backwards (past
   any elements with a positive ``tabindex``, which come first in the tab
   order), so the first Tab enters the page as it does after loading.
2. **Tab walk.** Real Tab presses (``visit.press``), in batches (the first
   sized by the number of elements that look tabbable). A listener in the
   page notes the focused element after each Tab key-up (looking into open
   shadow roots; an ``<iframe>`` counts as one stop, noted when focus enters
   it). Focus inside a closed shadow root reads as its host, so Tab through
   the host's buttons logs the host again and again: those repeats, after
   presses that moved focus where the page cannot see, are one stop
   (:func:`own_stops`), not focus going round. The walk ends when focus leaves the document, when it comes back to
   the first stop, or after ``max_tab_stops`` presses.
3. **Traps.** When a group of elements (not starting at the first stop)
   comes round twice whole and Tab is back at its start a third time (one
   element coming round again is a script moving focus back once, and the
   walk goes on), the cycle is tested from its last element: Shift+Tab, then
   Escape and Tab, each as many times as the group has stops and two more
   (focus that Escape itself puts outside the group is out). It
   is a trap only when none of them gets out and the cycle is not inside a
   dialog (a dialog may keep focus until one of its buttons closes it, and
   buttons are never pressed here). A walk that comes back to the first stop
   while elements in the tab order were never reached (a dialog open on
   arrival) is tested the same way.
4. **Focus visibility.** Each stop is focused and blurred in the page to
   read its style change on focus (outline, border, shadow, colours,
   position, of the element, its ``::before``/``::after`` and its parent).
   Stops whose focus makes the same change (or, with no change, of the same
   tag, class and parent) look alike, so one of them stands for all: it is
   focused (scrolled into view), a screenshot of its box padded by 8 px is
   taken, it is blurred, the same box is shot again, and identical PNGs mean
   no visible focus indicator. A stop that is off screen or has no size when
   focused has no visible focus either. At most ``max_focus_screenshots``
   comparisons.
5. **Unreachable controls.** When the walk reached the end: visible,
   enabled links, buttons, form fields, ``summary``, elements with
   ``onclick`` or a control role that never had focus. Radio buttons whose
   group was reached, items of a composite widget (tab list, menu, ...) one
   of whose items was reached, links to an address another reached link
   goes to, and elements inside or around a reached stop are not counted.
6. **Skip link.** The first in-page link among the first three stops that
   reads like a skip link or points into ``<main>`` is focused and Enter is
   pressed; it works when focus is then on its target or in ``<main>``, or the
   next Tab goes there. The address fragment is put back afterwards.

Timing: see ``elapsed_ms`` in the artifact. A batch of Tab presses goes to
the browser at once (``Visit.press_many``), so the page draws once a batch
rather than once a press; each screenshot is a round trip and a drawing of
its own (35 to 80 ms on a small, busy machine), which is why look-alike
stops share one screenshot comparison.
"""

from __future__ import annotations

import time
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import INTERACTS, Collector
from .dom import page_script, script_file

BATCH = 8
"""Tab presses between two reads of the page's focus log, after a first
batch sized by the number of elements that look tabbable. Presses past the
end of the walk are cheap (sent together) and the log is cut where it ends."""

SKIP_LINK_WINDOW = 3
"""A skip link is looked for among this many first focus stops."""

CLIP_PADDING = 8
"""CSS px around a focused element included in its screenshots, for
outlines drawn outside the box (outline-offset, box-shadow)."""

UNREACHABLE_LIMIT = 50

# The in-page scripts. The long ones are JavaScript files of their own,
# ``js/keyboard-*.js`` (:func:`~auditor.collectors.dom.script_file`); what
# each does is said here. They share one non-enumerable global,
# ``window.__auditorKeyboard``, that INSTALL sets up.

# Installs the focus recorder in the page and puts the focus starting point
# at the top of the document. Everything lives on one non-enumerable global;
# elements are known by their index in `elements` (nothing is written to the DOM).
INSTALL = page_script("", script_file("keyboard-install"))

TAKE = "() => window.__auditorKeyboard.take()"

# The id of the element that has focus now, or null (focus on no element).
FOCUSED = "() => { const kb = window.__auditorKeyboard; const a = kb.deepActive(); return a && a !== document.body && a !== document.documentElement ? kb.idOf(a) : null; }"

TRIED_KEYS = ("Tab", "Shift+Tab", "Escape then Tab")
"""The keys a cycle is tested with before it is called a trap, in the order
they are pressed (the standard ways out of a group: WCAG 2.1.2 asks for no
more than these unless the page says how)."""

# Whether every one of the stops is inside a dialog.
IN_DIALOG = script_file("keyboard-in-dialog")

# The style of each stop focused and unfocused, as a signature: stops with the
# same signature render their focus alike, so one screenshot comparison
# stands for all of them (all the links of a page styled by one `a:focus`
# rule, say).
SIGNATURES = script_file("keyboard-signatures")

# Focus one stop (scrolling it into view) and give the part of the viewport
# to photograph, in CSS px from the viewport's top left corner (as the
# screenshot clip is read): its box, with its labels when it is tiny (a
# visually hidden checkbox drawn by its label), padded; null when it is off
# screen, {refused: true} when it cannot be focused any more.
FOCUS = script_file("keyboard-focus")

# Take focus off one stop, and off whatever else holds it.
BLUR = script_file("keyboard-blur")

# Where focus is, with respect to a skip link's target and <main>.
SKIP_STATE = script_file("keyboard-skip-state")

# Put back the address as it was before the skip link added its fragment.
RESTORE_URL = "(url) => { if (location.href !== url) history.replaceState(history.state, '', url); }"

# Controls that look operable and are shown but never had focus (with
# limit 0: none looked for), and the document order of the reached stops.
UNREACHABLE = page_script("[reachedIds, limit]", script_file("keyboard-unreachable"))


def own_stops(sequence: list[int | None], unseen: list[bool]) -> list[int]:
    """The positions in ``sequence`` of the entries that are stops of their
    own. Focus inside a closed shadow root reads as its host, so Tab through
    the host's buttons logs the host once a press; an entry that repeats the
    one before it, after a press that moved focus where the page cannot see
    (``unseen``), is the same stop as far as the walk can tell, and is left
    out rather than read as focus going round the host."""
    return [
        index for index, entry in enumerate(sequence)
        if not (index and entry is not None and entry == sequence[index - 1] and index < len(unseen) and unseen[index])
    ]


def walk_end(sequence: list[int | None], unseen: list[bool] | None = None) -> tuple[str, int, list[int]]:
    """How a Tab walk ended, from the focus after each press (an element id,
    or None when focus was on no element) and, for each press, whether it
    moved focus inside a shadow root the page cannot see into (``unseen``;
    see :func:`own_stops`: such a run of one host is one stop).

    Returns (end, length, cycle): ``left-page`` when focus left the document
    after at least one stop, ``wrapped`` when it came back to the first stop,
    ``cycle`` when focus went round the same group of stops twice and came
    back to its start a third time (``cycle`` lists the ids going round),
    ``no-stops`` when the first press found nothing, ``""`` while none of
    these has happened (or a repeat is not yet told from a loop). ``length``
    is the number of entries of the walk proper.

    One stop coming round again is not a loop: a script that moves focus
    back once (when a control first has focus, or on a timer) makes Tab go
    over the same stops a second time and then on past them, as a person
    sees. Only a group that repeats whole, twice, is one that Tab cannot
    leave.

    ``length`` counts entries of ``sequence`` itself, the left-out repeats
    included."""
    kept = own_stops(sequence, unseen or [])
    end, length, cycle = _walk_end([sequence[i] for i in kept])
    return end, (kept[length] if length < len(kept) else len(sequence)), cycle


def _walk_end(sequence: list[int | None]) -> tuple[str, int, list[int]]:
    """:func:`walk_end` on a sequence of stops of their own."""
    seen: dict[int, int] = {}
    first: int | None = None
    for index, entry in enumerate(sequence):
        if entry is None:
            return ("left-page" if first is not None else "no-stops"), index, []
        if first is None:
            first = entry
        elif entry == first:
            return "wrapped", index, []
        elif entry in seen:
            start = seen[entry]
            period = index - start
            # Until there are presses enough to tell a loop from a detour, go on.
            if index + period < len(sequence) and sequence[index:index + period + 1] == sequence[start:index + 1]:
                return "cycle", index + period, sequence[start:index]  # type: ignore[return-value]
        seen[entry] = index
    return "", len(sequence), []


class Walk:
    """The state of one page's Tab walk."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.stops: dict[int, dict[str, Any]] = {}
        self.sequence: list[int | None] = []
        self.unseen: list[bool] = []
        self.last_unseen: list[bool] = []
        self.presses = 0

    async def press(self, key: str, times: int = 1) -> list[int | None]:
        """Press ``key`` ``times`` times; the focus log of those presses
        (``last_unseen``: for each, whether focus moved where the page cannot
        see, inside a closed shadow root)."""
        await self.visit.press_many(key, times)
        self.presses += times
        taken = await self.visit.evaluate(TAKE)
        for stop in taken["stops"]:
            self.stops[stop["id"]] = stop
        log = taken["log"]
        self.last_unseen = [bool(u) for u in taken.get("unseen", ())][: len(log)]
        self.last_unseen += [False] * (len(log) - len(self.last_unseen))
        return log

    async def leave_page(self, positive: int) -> None:
        """Move focus out of the page backwards (Shift+Tab from the top of the
        document, past any elements with a positive tabindex), so that the
        first Tab enters the page as it does after loading."""
        for _ in range(positive + 1):
            log = await self.press("Shift+Tab")
            if log and log[-1] is None:
                break
        self.presses = 0

    async def run(self, cap: int, expected: int) -> tuple[str, list[int], dict[str, Any] | None]:
        """Tab until the walk ends or ``cap`` presses; (end, cycle, trap).

        The first batch is the ``expected`` number of stops and one more (to see
        the end), the next ones are short."""
        batch = max(expected + 1, BATCH)
        while self.presses < cap:
            self.sequence.extend(await self.press("Tab", min(batch, cap - self.presses)))
            self.unseen.extend(self.last_unseen)
            batch = BATCH
            end, length, cycle = walk_end(self.sequence, self.unseen)
            if end:
                length += 1 if end in ("left-page", "wrapped") else 0
                self.sequence, self.unseen = self.sequence[:length], self.unseen[:length]
                if end != "cycle":
                    return end, [], None
                trap = await self.confirm_trap(cycle)
                return ("trap" if trap["confirmed"] else "cycle"), cycle, trap
        return "cap", [], None

    async def confirm_trap(self, cycle: list[int]) -> dict[str, Any]:
        """Whether Shift+Tab, or Escape then Tab, gets focus out of ``cycle``
        (starting from its last element); Tab itself went round it twice.
        Each key is pressed as many times as the cycle has stops, and two
        more, so a way out past the whole group is seen; focus put outside
        the group by Escape itself (back on the control that opened it, say)
        is out. A cycle inside a dialog is not called a trap: a dialog may
        keep focus until one of its buttons closes it, and buttons are never
        pressed here."""
        inside = set(cycle)
        presses = len(inside) + 2
        await self.visit.evaluate(FOCUS, [cycle[-1], 0])
        back = await self.press("Shift+Tab", presses)
        shift_exits = any(e not in inside for e in back)
        escape_exits = False
        seen = bool(back)  # key-ups inside a frame are not seen: no verdict
        if not shift_exits:
            await self.visit.press("Escape")
            focused = await self.visit.evaluate(FOCUSED)
            after = await self.press("Tab", presses)
            escape_exits = (focused is not None and focused not in inside) or any(e not in inside for e in after)
            seen = seen and (bool(after) or escape_exits)
        in_dialog = bool(await self.visit.evaluate(IN_DIALOG, cycle))
        return {
            "cycle": cycle,
            "tried": list(TRIED_KEYS),
            "shift_tab_exits": shift_exits,
            "escape_exits": escape_exits,
            "in_dialog": in_dialog,
            "confirmed": seen and not (shift_exits or escape_exits or in_dialog),
        }


async def check_focus_visibility(visit: Visit, order: list[int], limit: int) -> list[dict[str, Any]]:
    """For each stop: ``visible`` True or False, or None when not compared;
    ``why``; ``like``: the stop whose screenshots decided (look-alikes share
    one comparison)."""
    if not order:
        return []
    looks: dict[str, dict[str, Any] | None] = await visit.evaluate(SIGNATURES, order)
    verdicts: dict[str, dict[str, Any]] = {}
    results = []
    shots = 0
    for stop in order:
        look = looks.get(str(stop))
        if look is None:
            results.append({"id": stop, "visible": None, "why": "no longer on the page"})
            continue
        if look["offscreen"]:  # where it is, not how it looks: never shared
            results.append({"id": stop, "visible": False, "why": "off-screen"})
            continue
        signature = look["signature"]
        if signature not in verdicts:
            if shots >= limit:
                results.append({"id": stop, "visible": None, "why": "not compared (limit reached)"})
                continue
            clip = await visit.evaluate(FOCUS, [stop, CLIP_PADDING])
            if clip is None:
                results.append({"id": stop, "visible": False, "why": "off-screen"})
                continue
            if clip.get("refused"):
                results.append({"id": stop, "visible": None, "why": "could not be focused again"})
                continue
            shots += 1
            focused = await visit.screenshot(clip=clip)
            await visit.evaluate(BLUR, stop)
            unfocused = await visit.screenshot(clip=clip)
            differ = focused != unfocused
            verdicts[signature] = {"visible": differ, "why": "screenshots differ" if differ else "screenshots identical", "like": stop}
        results.append({"id": stop, **verdicts[signature]})
    await visit.evaluate(BLUR, order[-1])
    return results


async def check_skip_link(walk: Walk, order: list[int]) -> dict[str, Any] | None:
    visit = walk.visit
    candidates = [walk.stops[i] for i in order[:SKIP_LINK_WINDOW] if walk.stops[i].get("skip_like")]
    if not candidates:
        return None
    link = candidates[0]
    result: dict[str, Any] = {
        "id": link["id"],
        "selector": link["selector"],
        "href": link.get("href", ""),
        "target_found": bool(link.get("target_found")),
    }
    start = await visit.current_url()
    focused = await visit.evaluate(FOCUS, [link["id"], 0])
    if focused and focused.get("refused"):
        return {**result, "works": None, "focus_after": None}
    await visit.press("Enter")
    if (await visit.current_url()).split("#")[0] != start.split("#")[0]:
        visit.notes.append("Keyboard: following the skip link loaded another page; later checks saw that page")
        return {**result, "works": None, "focus_after": None}
    first = await visit.evaluate(SKIP_STATE, link["id"])
    works = first["on_target"] or first["in_main"]
    second = None
    if not works:
        await walk.press("Tab")
        second = await visit.evaluate(SKIP_STATE, link["id"])
        main_has_stops = any(walk.stops[i].get("in_main") for i in order)
        works = second["on_target"] or second["in_main"] or (result["target_found"] and not main_has_stops and second["after_target"])
    result["works"] = bool(works)
    result["focus_after"] = (second or first)["active"]
    await visit.evaluate(RESTORE_URL, start)
    return result


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any], options: Any) -> dict[str, Any]:
    """``options``: the keyboard family's options, parsed once for the run
    (``max_tab_stops``, ``max_focus_screenshots``)."""
    started = time.monotonic()
    visit.phase = "pressing Tab through the page"
    installed = await visit.evaluate(INSTALL)
    walk = Walk(visit)
    await walk.leave_page(int(installed.get("positive", 0)))
    end, _, trap = await walk.run(options.max_tab_stops, int(installed.get("tabbable", 0)))
    order = list(dict.fromkeys(e for e in walk.sequence if e is not None))

    visit.phase = "comparing focused and unfocused elements"
    focusable = [i for i in order if not walk.stops[i].get("iframe")]
    focus = await check_focus_visibility(visit, focusable, options.max_focus_screenshots)

    visit.phase = "looking for controls Tab did not reach"
    complete = end in ("left-page", "wrapped", "no-stops")
    unreachable = await visit.evaluate(UNREACHABLE, [order, UNREACHABLE_LIMIT if complete else 0])
    for stop_id, rank in unreachable["order"].items():
        walk.stops[int(stop_id)]["order"] = rank
    if end == "wrapped" and any(item["tabbable"] for item in unreachable["found"]):
        # Focus came round to the first stop, but elements in the tab order
        # were never reached: a cycle that starts at the first stop (a
        # dialog open on arrival, say), not the end of the page.
        visit.phase = "testing whether focus is trapped"
        cycle = order
        trap = await walk.confirm_trap(cycle)
        end = "trap" if trap["confirmed"] else "cycle"
        complete = False

    if end == "cap":
        visit.notes.append(f"Keyboard: the Tab walk stopped after {walk.presses} presses ([keyboard] max_tab_stops) before the end of the page; unreachable controls were not judged")
    elif end == "cycle":
        visit.notes.append("Keyboard: focus went round a group of elements without reaching the end of the page, but Shift+Tab or Escape got out (or it is a dialog), so it is not reported as a trap; unreachable controls were not judged")

    skip = None
    if order:
        visit.phase = "following the skip link"
        skip = await check_skip_link(walk, order)

    return {
        "end": end,
        "presses": walk.presses,
        "sequence": walk.sequence,
        "stops": [walk.stops[i] for i in order],
        "trap": trap,
        "focus": focus,
        "skip_link": skip,
        "main_found": bool(installed.get("main_found")),
        "stops_before_main": sum(1 for i in order if walk.stops[i].get("before_main")),
        "repeated_before_main": sum(1 for i in order if walk.stops[i].get("before_main") and walk.stops[i].get("repeated")),
        "unreachable": unreachable["found"] if complete else [],
        "unreachable_count": unreachable["count"] if complete else None,
        "elapsed_ms": int((time.monotonic() - started) * 1000),
    }


COLLECTORS = (Collector("keyboard", collect, stage=INTERACTS, family="keyboard"),)
