"""Motion and distraction: what moves, blinks or scrolls by itself for
more than five seconds with no way to stop it (WCAG 2.2.2 Pause, Stop,
Hide; 2.3.1 Three Flashes).

Reads the ``motion`` artifact (:mod:`auditor.collectors.motion`).

Rules:

``animated-image`` (WCAG 2.2.2, 2.3.1)
    a GIF, APNG or animated WebP that plays for longer than five seconds
    (its frames' delays times its plays, read from the bytes the page
    received) with no pause or stop control beside it. One whose frames
    change faster than three times a second is said to need a check for
    flashes (2.3.1); the flash itself (area and contrast) is not measured.
``marquee-or-blink`` (WCAG 2.2.2)
    a ``<marquee>`` or ``<blink>`` element: text that scrolls or blinks
    with no way to stop it.
``animation-ignores-reduced-motion`` (WCAG 2.2.2, 2.3.3)
    a CSS animation that loops for ever or lasts over five seconds, or a
    transition over five seconds, whose style sheets do nothing for people
    who asked their system for less motion (``prefers-reduced-motion``).
``autoplaying-video`` (WCAG 2.2.2, review)
    a video that starts by itself and plays over five seconds, or loops,
    with no control to pause it. The documents family's
    ``autoplaying-media`` judges the same video for sound (1.4.2) and says
    the 2.2.2 part for silent videos: where it reported one on the page,
    this finding is dropped (``defers_to``), so a video is reported once.

Settings (``[motion]``): ``max_seconds`` (5, WCAG 2.2.2's five seconds),
``max_flashes_per_second`` (3, WCAG 2.3.1).

Metrics: ``animated_images``, ``moving_elements`` (marquees, blinks and
CSS animations that run over the limit).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "motion"
GROUPS = ("cognitive", "low-vision")
UNDERSTANDING_PAUSE = "https://www.w3.org/WAI/WCAG22/Understanding/pause-stop-hide.html"
UNDERSTANDING_ANIMATION = "https://www.w3.org/WAI/WCAG22/Understanding/animation-from-interactions.html"

RULES = (
    Rule("animated-image", ID, "serious", ("2.2.2",), GROUPS, UNDERSTANDING_PAUSE,
         "An animated image plays for more than five seconds and cannot be stopped.",
         "Make it play for five seconds or less, give it a pause button, or use a still image.", fixed_by="design"),
    Rule("marquee-or-blink", ID, "serious", ("2.2.2",), GROUPS, UNDERSTANDING_PAUSE,
         "Text scrolls or blinks by itself (<marquee> or <blink>) and cannot be stopped.",
         "Remove the <marquee> or <blink> element and show the text still."),
    Rule("animation-ignores-reduced-motion", ID, "moderate", ("2.2.2", "2.3.3"), GROUPS, UNDERSTANDING_PAUSE,
         "A CSS animation runs for more than five seconds and does not stop for people who asked for less motion.",
         "Stop the animation after five seconds or give a pause control, and turn it off inside "
         "@media (prefers-reduced-motion: reduce)."),
    Rule("autoplaying-video", ID, "moderate", ("2.2.2",), GROUPS, UNDERSTANDING_PAUSE,
         "A video plays by itself for more than five seconds with no control to pause it.",
         "Do not start videos automatically, or show a pause control with them.", outcome="review"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("animated_images", "Animated images that play too long", "count",
           "Animated images (GIF, APNG, WebP) that play for longer than the limit with no way to stop them.",
           noun="image", shown="if-any"),
    Metric("moving_elements", "Things that move by themselves", "count",
           "Marquees, blinking text and CSS animations that run for longer than the limit.", noun="element", shown="if-any"),
)


@dataclass(frozen=True)
class Options:
    """The ``[motion]`` table."""

    max_seconds: float = 5.0
    """How long something may move by itself: WCAG 2.2.2's five seconds."""
    max_flashes_per_second: float = 3.0
    """Frames changing faster than this are a flash risk to check: WCAG 2.3.1's three flashes in a second."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[motion]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    values = {}
    for name in table_settings(Options):
        if name in table:
            value = table[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"[motion] {name} must be a positive number")
            values[name] = float(value)
    return Options(**values)


def play_ms(animation: Mapping[str, Any]) -> float | None:
    """How long an animated image plays in ms; None when it plays for ever."""
    plays = animation.get("plays")
    return None if plays is None else float(animation.get("cycle_ms") or 0) * int(plays)


def _seconds(ms: float) -> str:
    return plural(round(ms / 1000, 1) if ms % 1000 else int(ms // 1000), "second")


def _images(out: PageFindings, found: Mapping[str, Any], options: Options) -> int:
    limit = options.max_seconds * 1000
    count = 0
    for image in found.get("images", ()):
        animation = image.get("animation")
        if not animation or image.get("can_stop"):
            continue
        length = play_ms(animation)
        if length is not None and length <= limit:
            continue
        count += 1
        frames, cycle = int(animation.get("frames") or 0), float(animation.get("cycle_ms") or 0)
        how_long = "for ever" if length is None else f"for {_seconds(length)}"
        flashes = cycle > 0 and frames / (cycle / 1000) > options.max_flashes_per_second
        wcag = ("2.2.2", "2.3.1") if flashes else ("2.2.2",)
        flash_note = (f" Its frames change {frames / (cycle / 1000):.1f} times a second: check that it does not flash more than "
                      f"{options.max_flashes_per_second:g} times a second, which can cause seizures.") if flashes else ""
        out.add(
            "animated-image",
            f"An animated {animation.get('format', 'image')} ({plural(frames, 'frame')}) plays {how_long} with no way to stop it.",
            "Movement that cannot be stopped pulls the eye away from the text for people with attention or cognitive impairments, "
            f"and makes reading with a magnifier hard. {RULE['animated-image'].how_to_fix}{flash_note}",
            image.get("selector") or "img",
            image.get("snippet", ""),
            wcag=wcag,
        )
    return count


def _old_elements(out: PageFindings, found: Mapping[str, Any]) -> int:
    items = list(found.get("old_elements", ()))
    for item in items:
        tag = item.get("tag", "marquee")
        moves = "scrolls" if tag == "marquee" else "blinks"
        out.add(
            "marquee-or-blink",
            f"Text {moves} by itself (<{tag}>): “{(item.get('text') or '')[:60]}”.",
            f"Text that {moves} is hard or impossible to read for many people with low vision, dyslexia or attention impairments, "
            "and nothing stops it. " + RULE["marquee-or-blink"].how_to_fix,
            item.get("selector") or tag,
            item.get("snippet", ""),
        )
    return len(items)


def too_long(animation: Mapping[str, Any], limit_ms: float) -> bool:
    """Whether a CSS animation or transition runs past the limit: it loops
    for ever, or its active duration is over the limit."""
    if animation.get("kind") == "animation" and animation.get("iterations") is None and float(animation.get("duration_ms") or 0) > 0:
        return True
    active = animation.get("active_ms")
    return active is not None and float(active) > limit_ms


def _animations(out: PageFindings, found: Mapping[str, Any], options: Options) -> int:
    limit = options.max_seconds * 1000
    count = 0
    for animation in found.get("animations", ()):
        if not animation.get("visible") or not too_long(animation, limit):
            continue
        count += 1
        if animation.get("heeds_reduced_motion"):
            continue
        endless = animation.get("iterations") is None
        what = f"CSS {animation.get('kind', 'animation')} “{animation.get('name', '')}”"
        length = "loops for ever" if endless else f"runs for {_seconds(float(animation.get('active_ms') or 0))}"
        out.add(
            "animation-ignores-reduced-motion",
            f"The {what} {length} and does not stop for people who asked for less motion.",
            "People with vestibular disorders can feel sick or dizzy from movement, and movement distracts people with attention "
            "impairments; many turn on their system's 'reduce motion' setting, which this page ignores. "
            + RULE["animation-ignores-reduced-motion"].how_to_fix,
            animation.get("selector") or "html",
            animation.get("snippet", ""),
        )
    return count


def _videos(out: PageFindings, found: Mapping[str, Any], options: Options) -> None:
    for video in found.get("videos", ()):
        started = video.get("autoplay") or not video.get("paused", True)
        duration = video.get("duration")
        endless = video.get("loop") or video.get("live")
        if not started or video.get("can_stop") or not (endless or (duration is not None and duration > options.max_seconds)):
            continue
        length = "plays without end" if endless else f"lasts {_seconds(float(duration) * 1000)}"
        out.add(
            "autoplaying-video",
            f"A video starts by itself and {length}, with no control to pause it.",
            "Moving pictures that start by themselves distract people with attention or cognitive impairments from the task. "
            "Check that a visible control pauses it. " + RULE["autoplaying-video"].how_to_fix,
            video.get("selector") or "video",
            video.get("snippet", ""),
        )


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["motion"]
    options = page.options or Options()
    out = PageFindings(page, RULE)
    images = _images(out, found, options)
    long_animations = _animations(out, found, options)
    moving = _old_elements(out, found) + long_animations
    _videos(out, found, options)
    notes = ()
    if found.get("unreadable_sheets") and long_animations:  # the unread sheets could only have cleared an animation found
        notes = (f"{plural(int(found['unreadable_sheets']), 'style sheet')} from another site could not be read for "
                 "prefers-reduced-motion rules.",)
    seen = sum(1 for i in found.get("images", ()) if i.get("animation"))
    metrics = {"animated_images": images, "animated_images_seen": seen, "moving_elements": moving}
    return CheckResult(findings=tuple(out), metrics=metrics, notes=notes)


CHECK = Check(
    id=ID,
    title="Motion and distraction",
    needs=("motion",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    # The documents family judges videos that play by themselves for sound
    # (1.4.2) and, for silent ones, for 2.2.2: a video it reported is not
    # reported again here.
    defers_to={"autoplaying-video": ("documents/autoplaying-media",)},
    metrics=METRICS,
)
