"""What moves on the page by itself: animated images, ``<marquee>`` and
``<blink>``, CSS animations and transitions, and videos that play by
themselves (the ``motion`` artifact).

Animated images are read from the bytes the page already received: for
each image the page shows, its response in the network log (the
``network`` artifact) is asked of the browser (``Network.getResponseBody``,
:meth:`Visit.response_body`), up to :data:`MAX_IMAGE_BYTES` each and
:data:`MAX_IMAGES` in all; no image is requested again, from this site or
any other. Its frames and their delays are counted with Pillow
(:func:`animation_of`).

CSS animations are read from ``document.getAnimations()``: each running
CSS animation or transition with its timing (iterations, duration). Whether
it heeds ``prefers-reduced-motion`` is read from the page's style sheets,
not by emulating the setting and looking again: an animation heeds it when
the rule that starts it sits inside ``@media (prefers-reduced-motion:
no-preference)``, or when a rule inside ``@media (prefers-reduced-motion:
reduce)`` matches its element and sets an ``animation`` or ``transition``
property. A style sheet the page may not read (another site's, without
CORS) is skipped, and counted.
"""

from __future__ import annotations

import io
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from ..netlog import requests_from_events
from .base import READS, Collector
from .dom import page_script

MAX_IMAGES = 20
"""Animated-looking images read at most per page (GIF, PNG, WebP responses)."""

MAX_IMAGE_BYTES = 2_000_000
"""Bodies over this size are not asked of the browser."""

MAX_ELEMENTS = 50
"""Marquees, animations and videos listed at most per page."""

CHROMIUM_MIN_DELAY_MS = 20
"""Chromium shows a frame whose delay is 10 ms or less for 100 ms instead
(as other browsers do, for GIFs written when 0 meant "as fast as you
can"): delays under this are read as :data:`CHROMIUM_SHORT_DELAY_MS`."""
CHROMIUM_SHORT_DELAY_MS = 100

IMAGE_TYPES = ("image/gif", "image/png", "image/apng", "image/webp")

MOTION_SCRIPT = page_script(
    "options",
    r"""
  const limit = options.max_elements;
  const main = mainElement();
  const pauseWords = /\b(pause|stop|oedi|stopio)\b/i;
  // A control that pauses or stops near the element: in the same figure or parent.
  const canStop = (el) => {
    const around = el.closest('figure') || el.parentElement || document.body;
    return [...around.querySelectorAll('button, [role="button"], a[href], input[type="button" i], input[type="checkbox" i]')]
      .some((c) => pauseWords.test(textOf(c) + ' ' + (c.getAttribute('aria-label') || '')));
  };
  const images = [...document.images].filter(isVisible).slice(0, 200).map((img) => ({
    src: img.currentSrc || img.src || '', selector: selectorFor(img), snippet: startTag(img), can_stop: canStop(img),
  }));
  const old = [...document.querySelectorAll('marquee, blink')].filter((el) => el.tagName === 'BLINK' || isVisible(el)).slice(0, limit)
    .map((el) => ({tag: el.tagName.toLowerCase(), selector: selectorFor(el), snippet: startTag(el), text: textOf(el)}));

  // Style rules of the sheets, with the media conditions around each.
  const motionRules = {reduce: [], noPreference: []};
  let unreadable = 0;
  const walk = (rules, media) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule) walk(rule.cssRules, [...media, rule.conditionText || rule.media.mediaText]);
      else if (rule instanceof CSSSupportsRule || (self.CSSLayerBlockRule && rule instanceof CSSLayerBlockRule)) walk(rule.cssRules, media);
      else if (rule instanceof CSSStyleRule) {
        const said = media.join(' and ').toLowerCase().replace(/\s+/g, '');
        if (said.includes('prefers-reduced-motion:reduce')) motionRules.reduce.push(rule);
        if (said.includes('prefers-reduced-motion:no-preference')) motionRules.noPreference.push(rule);
      }
    }
  };
  for (const sheet of document.styleSheets) {
    let rules = null;
    try { rules = sheet.cssRules; } catch (e) { unreadable += 1; continue; }
    walk(rules, sheet.media && sheet.media.mediaText ? [sheet.media.mediaText] : []);
  }
  const matches = (el, selector) => {
    try { return el.matches(selector.replace(/::?(before|after|marker|first-line|first-letter)\b/g, '')); } catch (e) { return false; }
  };
  const setsMotion = (rule) => [...rule.style].some((p) => p.startsWith('animation') || p.startsWith('transition'));
  const heeds = (el, name) => motionRules.noPreference.some((r) => matches(el, r.selectorText)
      && (name ? (r.style.getPropertyValue('animation-name') || r.style.getPropertyValue('animation')).includes(name) : setsMotion(r)))
    || motionRules.reduce.some((r) => matches(el, r.selectorText) && setsMotion(r));

  const animations = [];
  const seen = new Set();
  for (const animation of document.getAnimations()) {
    const kind = self.CSSAnimation && animation instanceof CSSAnimation ? 'animation'
      : (self.CSSTransition && animation instanceof CSSTransition ? 'transition' : '');
    const el = animation.effect && animation.effect.target;
    if (!kind || !el || animation.playState !== 'running') continue;
    const name = kind === 'animation' ? animation.animationName : animation.transitionProperty;
    const key = selectorFor(el) + '|' + name;
    if (seen.has(key) || animations.length >= limit) continue;
    seen.add(key);
    const timing = animation.effect.getComputedTiming();
    animations.push({
      kind, name, selector: selectorFor(el), snippet: startTag(el), visible: isVisible(el),
      iterations: Number.isFinite(timing.iterations) ? timing.iterations : null,
      duration_ms: Number(timing.duration) || 0,
      active_ms: Number.isFinite(timing.activeDuration) ? timing.activeDuration : null,
      heeds_reduced_motion: heeds(el, kind === 'animation' ? name : ''),
    });
  }
  const videos = [...document.querySelectorAll('video')].slice(0, limit).map((v) => ({
    selector: selectorFor(v), snippet: startTag(v), autoplay: v.autoplay, paused: v.paused, loop: v.loop, muted: v.muted,
    controls: v.controls, duration: Number.isFinite(v.duration) ? v.duration : null, live: v.duration === Infinity, can_stop: v.controls || canStop(v),
  }));
  return {images, old_elements: old, animations, videos, unreadable_sheets: unreadable, in_main: !!main};
""",
)


def frame_delay_ms(delay: Any) -> int:
    """How long Chromium shows a frame given its stored delay (see
    :data:`CHROMIUM_MIN_DELAY_MS`)."""
    try:
        ms = int(delay or 0)
    except (TypeError, ValueError):
        ms = 0
    return CHROMIUM_SHORT_DELAY_MS if ms < CHROMIUM_MIN_DELAY_MS else ms


def animation_of(data: bytes) -> dict[str, Any] | None:
    """An animated image's figures from its bytes: ``{format, frames,
    cycle_ms, plays}`` (``plays`` None for endless), or None for a still
    image or bytes that are not an image.

    Plays: a GIF's loop count counts the repeats after the first showing (0
    is for ever, none is once), an APNG's ``num_plays`` and an animated
    WebP's loop count the showings (0 is for ever)."""
    from PIL import Image, UnidentifiedImageError  # Pillow is slow to import; only pages with images pay

    try:
        with Image.open(io.BytesIO(data)) as image:
            frames = int(getattr(image, "n_frames", 1))
            if frames < 2:
                return None
            kind = (image.format or "").upper()
            cycle = 0
            for index in range(frames):
                image.seek(index)
                image.load()  # a WebP frame's delay is known once it is decoded
                cycle += frame_delay_ms(image.info.get("duration"))
            loop = image.info.get("loop")
    except (UnidentifiedImageError, OSError, ValueError, EOFError):
        return None
    if kind == "GIF":
        plays = 1 if loop is None else (None if loop == 0 else int(loop) + 1)
    else:
        plays = None if not loop else int(loop)
    return {"format": {"PNG": "APNG", "WEBP": "WebP"}.get(kind, kind), "frames": frames, "cycle_ms": cycle, "plays": plays}


def image_responses(events: list[Mapping[str, Any]]) -> dict[str, tuple[str, int]]:
    """Image responses of the network log that may be animated, by address:
    (request id, body size)."""
    found: dict[str, tuple[str, int]] = {}
    for record in requests_from_events(events):
        mime = (record.mime or "").split(";")[0].strip().lower()
        if record.failed or record.status != 200 or mime not in IMAGE_TYPES or "#" in record.key:
            continue
        found.setdefault(record.url, (record.key, max(record.decoded_bytes, record.body_bytes)))
    return found


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "looking for what moves on the page"
    found = await visit.evaluate(MOTION_SCRIPT, {"max_elements": MAX_ELEMENTS})
    if not isinstance(found, dict):
        return {"images": [], "old_elements": [], "animations": [], "videos": [], "unreadable_sheets": 0}
    responses = image_responses(list((artifacts.get("network") or {}).get("events", ())))
    read = 0
    for image in found.get("images", ()):
        response = responses.get(image.get("src", ""))
        if response is None or read >= MAX_IMAGES:
            continue
        key, size = response
        if size > MAX_IMAGE_BYTES:
            image["too_large"] = True
            continue
        read += 1
        body = await visit.response_body(key)
        image["animation"] = animation_of(body) if body else None
    found["images"] = [i for i in found.get("images", ()) if i.get("animation") or i.get("too_large")]
    return found


COLLECTORS = (Collector("motion", collect, stage=READS, after=("network",)),)
