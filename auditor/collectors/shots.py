"""Cropped screenshots of the elements findings are about, each outlined.

Taken after the checks, while the page is still open, so a person reading
``report.html`` sees which element a finding means without opening the page.
They are extras: a shot that cannot be taken (the element is gone, hidden,
inside a frame, or the page crashed) is left out, never an error, and the
whole set is bounded in number, size and time so it cannot slow a run much
or bloat the report.

Each shot is the element's box padded by :data:`PAD`, cut to at most
:data:`MAX_CLIP` CSS pixels, outlined in the image (the page itself is not
touched, so nothing the page does can hide the outline), scaled down to fit
:data:`OUT_SIZE` and encoded as WebP at :data:`QUALITY`: about 3 to 8 kB each.

Elements near one another share a screenshot: they are grouped into bands a
viewport high, and each band costs one scroll and one viewport screenshot,
cut up here. A scroll and a screenshot make the browser draw the page, which
is what a shot costs; ten elements on a page usually take two to four.
"""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING, Sequence

from ..config import AuditConfig
from ..engines.base import Visit
from ..model import ElementShot, Finding, PageFailure, impact_rank

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

PER_PAGE = 10
"""At most this many elements are photographed on a page (worst findings first)."""
PAD = 24
MAX_CLIP = (640, 320)
OUT_SIZE = (360, 180)
QUALITY = 50
TIME_BUDGET_S = 5.0
"""All of a page's shots together; what is done by then is kept."""
OUTLINE = (212, 0, 106)  # magenta: stands out on most page palettes
MIME = "image/webp"
WHOLE_PAGE = frozenset({"", "html", "body", ":root"})

# Undo what the collectors left on the page (the text-spacing style sheet,
# focus) and find each element (" >> " enters a shadow root; elements in
# frames are skipped): its box in CSS px from the top left of the document,
# or null when it is not there or not drawn.
LOCATE = r"""
(selectors) => {
  for (const s of document.querySelectorAll('style[data-inclusion-auditor]')) s.remove();
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  const find = (selector) => {
    if (selector.includes(' >>> ')) return null;
    let el = null;
    try {
      let root = document;
      for (const part of selector.split(' >> ')) {
        el = root ? root.querySelector(part) : null;
        root = el ? el.shadowRoot : null;
      }
    } catch (e) { return null; }
    return el;
  };
  const boxes = selectors.map((selector) => {
    const el = find(selector);
    if (!el || !el.getClientRects().length) return null;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};
  });
  return {boxes, viewport: {width: document.documentElement.clientWidth, height: innerHeight}};
}
"""

# Scroll to the top of a band; where the page really is (it may not scroll that far).
SCROLL = "(top) => { window.scrollTo({left: 0, top, behavior: 'instant'}); return {x: scrollX, y: scrollY}; }"

BAND_MARGIN = 0.2
"""A band starts this share of the viewport above its first element, so a
sticky header does not cover it."""


def wanted(config: AuditConfig) -> bool:
    """Shots are only for ``report.html``: skipped when it is not written."""
    return config.screenshots and "html" in config.formats


def selectors_to_shoot(findings: Sequence[Finding], limit: int = PER_PAGE) -> list[str]:
    """Distinct element selectors, barriers before reviews and worst first;
    the whole page (``html``, ``body``) is never one."""
    ordered = sorted(findings, key=lambda f: (f.outcome != "fail", impact_rank(f.impact)))
    chosen: list[str] = []
    for finding in ordered:
        for target in finding.targets:
            if target.selector.strip() not in WHOLE_PAGE and target.selector not in chosen:
                chosen.append(target.selector)
    return chosen[:limit]


def outline_and_encode(png: bytes, box: dict[str, float]) -> bytes:
    """Draw the element's outline on the screenshot, shrink it and encode it small."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as source:
        return _outline_and_encode(source.convert("RGB"), box)


def _outline_and_encode(image: "PILImage", box: dict[str, float]) -> bytes:
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    left, top = box["x"], box["y"]
    right, bottom = left + box["width"], top + box["height"]
    # A 3 px magenta ring with a white line inside it shows on dark and light pages.
    draw.rectangle((left - 3, top - 3, right + 2, bottom + 2), outline=OUTLINE, width=3)
    draw.rectangle((left, top, right - 1, bottom - 1), outline=(255, 255, 255), width=1)
    image.thumbnail(OUT_SIZE)
    out = io.BytesIO()
    image.save(out, "WEBP", quality=QUALITY, method=4)
    return out.getvalue()


def bands(boxes: Sequence[dict[str, float] | None], viewport: dict[str, float]) -> list[tuple[float, list[int]]]:
    """Group the elements into as few viewport-high bands as fit them (each
    element with its padding, cut to :data:`MAX_CLIP`): (band top, indexes
    of its elements). One scroll and one screenshot then serve a band."""
    height = viewport["height"]
    order = sorted((i for i, b in enumerate(boxes) if b), key=lambda i: boxes[i]["y"])  # type: ignore[index]
    out: list[tuple[float, list[int]]] = []
    for i in order:
        box = boxes[i]
        assert box is not None
        bottom = box["y"] + min(box["height"], MAX_CLIP[1]) + PAD
        if out and bottom <= out[-1][0] + height:
            out[-1][1].append(i)
        else:
            out.append((max(0.0, box["y"] - PAD - height * BAND_MARGIN), [i]))
    return out


def crop_box(box: dict[str, float], scroll: dict[str, float], viewport: dict[str, float]) -> tuple[dict[str, int], dict[str, float]] | None:
    """The part of the viewport screenshot to keep (the element padded, cut
    to :data:`MAX_CLIP` and to the viewport) and the element's box within it;
    None when too little of it is on screen."""
    left, top = box["x"] - scroll["x"], box["y"] - scroll["y"]
    x, y = max(0, int(left - PAD)), max(0, int(top - PAD))
    width = min(viewport["width"], int(left + box["width"] + PAD + 1), x + MAX_CLIP[0]) - x
    height = min(viewport["height"], int(top + box["height"] + PAD + 1), y + MAX_CLIP[1]) - y
    if width < 8 or height < 8:
        return None
    return {"x": x, "y": y, "width": width, "height": height}, {"x": left - x, "y": top - y, "width": box["width"], "height": box["height"]}


def crop_outline_encode(png: bytes, crops: Sequence[tuple[dict[str, int], dict[str, float]]], viewport_width: float) -> list[bytes]:
    """Cut each element out of one viewport screenshot, outline and encode it."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as source:
        image = source.convert("RGB")
    scale = image.width / viewport_width  # device pixels per CSS pixel
    return [
        _outline_and_encode(
            image.crop(tuple(round(v * scale) for v in (clip["x"], clip["y"], clip["x"] + clip["width"], clip["y"] + clip["height"]))),
            {k: v * scale for k, v in box.items()},
        )
        for clip, box in crops
    ]


async def _shoot_band(visit: Visit, top: float, members: list[tuple[str, dict[str, float]]], viewport: dict[str, float]) -> list[ElementShot]:
    scroll = await visit.evaluate(SCROLL, top)
    crops = [(selector, crop_box(box, scroll, viewport)) for selector, box in members]
    kept = [(selector, crop) for selector, crop in crops if crop is not None]
    if not kept:
        return []
    png = await visit.screenshot(clip={"x": 0, "y": 0, "width": viewport["width"], "height": viewport["height"]})
    images = await asyncio.to_thread(crop_outline_encode, png, [crop for _, crop in kept], viewport["width"])
    return [ElementShot(selector, MIME, data) for (selector, _), data in zip(kept, images)]


async def take_shots(visit: Visit, config: AuditConfig, findings: Sequence[Finding]) -> tuple[ElementShot, ...]:
    """Screenshots of the findings' elements; never raises, bounded by :data:`TIME_BUDGET_S`."""
    if not wanted(config):
        return ()
    visit.phase = "taking screenshots of the elements found"
    taken: list[ElementShot] = []

    async def shoot_all() -> None:
        selectors = selectors_to_shoot(findings)
        if not selectors:
            return
        try:
            located = await visit.evaluate(LOCATE, selectors)
        except Exception:  # the page crashed or went away: no shots
            return
        viewport = located["viewport"]
        for top, indexes in bands(located["boxes"], viewport):
            members = [(selectors[i], located["boxes"][i]) for i in indexes]
            try:
                taken.extend(await _shoot_band(visit, top, members, viewport))
            except PageFailure:  # the page crashed: keep what was taken
                return
            except Exception:  # this band could not be photographed
                continue

    try:
        await asyncio.wait_for(shoot_all(), TIME_BUDGET_S)
    except asyncio.TimeoutError:
        pass
    return tuple(taken)
