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
:data:`OUT_SIZE` and encoded as WebP at :data:`QUALITY`: about 3 to 8 KB each.
"""

from __future__ import annotations

import asyncio
import io
from typing import Sequence

from ..config import AuditConfig
from ..engines.base import Visit
from ..model import ElementShot, Finding, PageFailure, impact_rank

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
# focus), find the element (" >> " enters a shadow root; elements in frames
# are skipped), bring it to the middle of the viewport, and return the part of
# the viewport to photograph (as the screenshot clip is read: CSS px from the
# viewport's top left corner) and the element's box within it.
LOCATE = r"""
([selector, pad, maxW, maxH]) => {
  for (const s of document.querySelectorAll('style[data-inclusion-auditor]')) s.remove();
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
  if (selector.includes(' >>> ')) return null;
  let el = null;
  try {
    let root = document;
    for (const part of selector.split(' >> ')) {
      el = root ? root.querySelector(part) : null;
      root = el ? el.shadowRoot : null;
    }
  } catch (e) { return null; }
  if (!el || !el.getClientRects().length) return null;
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return null;
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const x = Math.max(0, Math.floor(r.left - pad)), y = Math.max(0, Math.floor(r.top - pad));
  const w = Math.min(vw, Math.ceil(r.right + pad), x + maxW) - x;
  const h = Math.min(vh, Math.ceil(r.bottom + pad), y + maxH) - y;
  if (w < 8 || h < 8) return null;
  return {clip: {x, y, width: w, height: h}, box: {x: r.left - x, y: r.top - y, width: r.width, height: r.height}};
}
"""


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
    from PIL import Image, ImageDraw

    with Image.open(io.BytesIO(png)) as source:
        image = source.convert("RGB")
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


async def _shoot(visit: Visit, selector: str) -> ElementShot | None:
    where = await visit.evaluate(LOCATE, [selector, PAD, *MAX_CLIP])
    if not where:
        return None
    png = await visit.screenshot(clip=where["clip"])
    data = await asyncio.to_thread(outline_and_encode, png, where["box"])
    return ElementShot(selector, MIME, data)


async def take_shots(visit: Visit, config: AuditConfig, findings: Sequence[Finding]) -> tuple[ElementShot, ...]:
    """Screenshots of the findings' elements; never raises, bounded by :data:`TIME_BUDGET_S`."""
    if not wanted(config):
        return ()
    visit.phase = "taking screenshots of the elements found"
    taken: list[ElementShot] = []

    async def shoot_all() -> None:
        for selector in selectors_to_shoot(findings):
            try:
                shot = await _shoot(visit, selector)
            except PageFailure:  # the page crashed: keep what was taken
                return
            except Exception:  # this element could not be photographed
                continue
            if shot is not None:
                taken.append(shot)

    try:
        await asyncio.wait_for(shoot_all(), TIME_BUDGET_S)
    except asyncio.TimeoutError:
        pass
    return tuple(taken)
