"""The zoom family through the real CLI and Chromium, on both engines: the
fixture pages under tests/fixtures/site/zoom/ (a box that clips its text and
a line-clamped paragraph, a paragraph of fixed height whose text spills over
the next, a label positioned at a fixed offset over a title, a button, a select and a submit input of fixed size), their exact
findings, clean twins with none; and the page put back as it was after the
measurement, so later collectors and the screenshots see the page as before."""

from __future__ import annotations

import asyncio

import pytest

from auditor.collectors import layout, zoom
from auditor.config import AuditConfig
from auditor.engines.playwright import PlaywrightEngine
from auditor.engines.selenium import SeleniumEngine

from .family_harness import ENGINES, Family

pytestmark = pytest.mark.integration

GROUPS = ["low-vision"]
CLIPPED = ("text-clipped-when-enlarged", "fail", "serious", ["1.4.4"], GROUPS)
OVERLAPS = ("text-overlaps-when-enlarged", "fail", "serious", ["1.4.4"], GROUPS)
CONTROL = ("control-label-cut-off-when-enlarged", "fail", "serious", ["1.4.4"], GROUPS)

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selectors)
EXPECTED = {
    "clipped": [(*CLIPPED, ["div"]), (*CLIPPED, ["main > p:nth-of-type(3)"])],
    "overlaps": [(*OVERLAPS, ["main > p:nth-of-type(2)", "main > p:nth-of-type(3)"]),
                 (*OVERLAPS, ["div > p:nth-of-type(1)", "div > p:nth-of-type(2)"])],
    "control": [(*CONTROL, ["button"]), (*CONTROL, ["#day"]), (*CONTROL, ["form > input"])],
}
FAMILY = Family("zoom", EXPECTED, every_target=True)
PAGES = FAMILY.pages
url, row = FAMILY.url, FAMILY.row


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    return FAMILY.audit(tmp_path_factory, server, request.param)


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    FAMILY.assert_exact_findings(audit[1], server, name)


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audit, server, name):
    result = row(audit[1], server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"] == {"zoom_clipped": 0, "zoom_overlaps": 0, "zoom_controls_cut": 0}


def test_what_the_findings_say(audit, server):
    document = audit[1]
    clamped = row(document, server, "clipped")["findings"][1]
    assert clamped["summary"].startswith("Text in a box is cut off when enlarged to 200%: “Garden waste goes out")
    assert "(it shows at most 2 lines)" in clamped["detail"]
    assert row(document, server, "clipped")["metrics"]["zoom_clipped"] == 2
    overlap, positioned = row(document, server, "overlaps")["findings"]
    assert overlap["summary"] == ("2 blocks of text are drawn over one another when enlarged to 200%: "
                                  "“Permits run from 1 April to 31 March each year” and “Renew yours by 15 March to keep your collections”.")
    assert positioned["summary"].endswith("“Brown bin” and “Garden waste only”.")
    select = row(document, server, "control")["findings"][1]
    assert select["summary"] == "The label of a <select>, “Wednesday”, no longer fits it when enlarged to 200%."
    assert row(document, server, "control")["metrics"]["zoom_controls_cut"] == 3


# Every element's style attribute and computed font size, the auditor's own
# style sheets (on or off) and the scroll position: what the measurement
# must leave as it found it.
STATE = """() => ({
  styles: [...document.querySelectorAll('*')].map((el) => el.getAttribute('style')),
  sizes: [...document.querySelectorAll('*')].map((el) => getComputedStyle(el).fontSize + ' ' + getComputedStyle(el).lineHeight),
  ours: [...document.querySelectorAll('style[data-inclusion-auditor]')].map((s) => s.sheet.disabled),
  scroll: [scrollX, scrollY],
})"""


async def _around_zoom(engine_name: str, address: str) -> tuple[dict, dict, dict]:
    engine = PlaywrightEngine() if engine_name == "playwright" else SeleniumEngine(sessions=1)
    await engine.start()
    try:
        config = AuditConfig(urls=(address,))
        visit = await engine.open(viewport=(config.viewport_width, config.viewport_height))
        try:
            await visit.navigate(address, 30, 0)
            await layout.collect(visit, config, {})  # runs first in the stage, and leaves its style sheet in
            before = await visit.evaluate(STATE)
            found = await zoom.collect(visit, config, {})
            after = await visit.evaluate(STATE)
            return before, found, after
        finally:
            await visit.close()
    finally:
        await engine.shutdown()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_page_is_put_back_as_it_was(server, engine):
    """Inline styles (one with an !important font size), sizes in em and a
    font-size transition of three seconds: after the measurement every style
    attribute and computed size is as before at once (nothing animates
    back), and the layout family's text-spacing sheet is still on."""
    before, found, after = asyncio.run(_around_zoom(engine, url(server, "restore")))
    assert found["enlarged"] > 5 and found["text_nodes"] == 4
    assert before["ours"] == [False]
    assert after == before
