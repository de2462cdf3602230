"""A page cannot forge its own audit.

``hostile/forged-audit.html`` carries real barriers (an image without alt
text, an unlabelled field, faint text, long officialese sentences) and a
script that hooks ``window.axe`` (any axe-core loaded into the page reports
no violations) and overrides the ``innerText`` and ``textContent`` getters
(every element reads "Hi."). Its twin is the same markup without the script.
The audit's own scripts run in an isolated world the page's script cannot
reach, so on both engines the two pages get the same audit.
"""

from __future__ import annotations

import asyncio

import pytest

from auditor.engines.playwright import PlaywrightEngine
from auditor.engines.selenium import SeleniumEngine

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

HOOKED = "hostile/forged-audit.html"
TWIN = "hostile/forged-audit-twin.html"
ENGINES = ("playwright", "selenium")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    engine = request.param
    urls = [server.url(HOOKED), server.url(TWIN)]
    code, document = run_cli(tmp_path_factory.mktemp(engine), [*urls, "--checks", "axe,reading", "--engine", engine], profile=None)
    assert document is not None
    rows = {path: page(document, server.url(path)) for path in (HOOKED, TWIN)}
    for row in rows.values():
        assert row["error"] is None and row["check_errors"] == []
    return code, rows


def _axe_findings(row: dict) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(f["rule"], f["outcome"], tuple(t["selector"] for t in f["targets"])) for f in row["findings"] if f["check"] == "axe"}


def _reading(row: dict) -> dict:
    return {k: v for k, v in row["metrics"].items() if k in ("reading_age", "words", "sentences", "long_sentences", "avg_sentence_words", "jargon_terms")}


def test_the_twin_has_the_barriers(audit):
    """Not a comparison of two clean audits: the page without the hook has
    the barriers it was written with."""
    code, rows = audit
    twin = rows[TWIN]
    rules = {f["rule"] for f in twin["findings"] if f["check"] == "axe" and f["outcome"] == "fail"}
    assert {"image-alt", "label", "color-contrast"} <= rules
    assert twin["metrics"]["reading_age"] > 15
    assert twin["metrics"]["long_sentences"] == 2
    assert code == 2


def test_a_hooked_axe_finds_what_it_finds_on_the_twin(audit):
    _, rows = audit
    assert _axe_findings(rows[HOOKED]) == _axe_findings(rows[TWIN])


def test_overridden_text_getters_do_not_change_the_reading_metrics(audit):
    _, rows = audit
    assert _reading(rows[HOOKED]) == _reading(rows[TWIN])
    reading = lambda row: sorted((f["rule"], tuple(t["selector"] for t in f["targets"])) for f in row["findings"] if f["check"] == "reading")
    assert reading(rows[HOOKED]) == reading(rows[TWIN])


# Frames: the same hook in the page and in a frame of its own origin; and a
# frame from another site (localhost against 127.0.0.1), which axe-core does
# not read on either engine (it takes answers only from frames of the page's
# origin, its default allowedOrigins).
FRAMES = "hostile/forged-frames.html"
FRAMES_TWIN = "hostile/forged-frames-twin.html"
IN_FRAME = {"image-alt": "img", "label": "#postcode"}


@pytest.fixture(scope="module", params=ENGINES)
def frames_audit(request, server, tmp_path_factory):
    engine = request.param
    urls = [server.url(FRAMES), server.url(FRAMES_TWIN)]
    _, document = run_cli(tmp_path_factory.mktemp(engine), [*urls, "--checks", "axe", "--engine", engine], profile=None)
    assert document is not None
    rows = {path: page(document, server.url(path)) for path in (FRAMES, FRAMES_TWIN)}
    for row in rows.values():
        assert row["error"] is None and row["check_errors"] == []
    return engine, rows


def test_axe_reads_a_frame_in_the_audits_own_world(frames_audit):
    """The barriers inside the frame are found on the hooked page as on its
    twin: axe-core runs in the frame's isolated world too, where neither the
    page's hook nor the frame's own reaches it."""
    engine, rows = frames_audit
    hooked, twin = rows[FRAMES], rows[FRAMES_TWIN]
    assert _axe_findings(hooked) == _axe_findings(twin)
    for rule, inner in IN_FRAME.items():
        (finding,) = [f for f in twin["findings"] if f["check"] == "axe" and f["rule"] == rule]
        assert [t["selector"] for t in finding["targets"]] == [f'iframe[src$="forged-frame.html"]:nth-child(3) >>> {inner}'], engine


# One visit that moves to another site (127.0.0.1, then a page with frames
# on localhost): the new document runs in another renderer process, where
# the execution context id of the audit's world from before may name another
# context (a frame's, the page's own world).
COUNT = "() => { window.__auditorTestCount = (window.__auditorTestCount || 0) + 1; return window.__auditorTestCount; }"
READ = "() => [location.host, document.querySelector('h1').innerText]"


async def _moving_visit(engine_name: str, first: str, second: str) -> dict:
    engine = PlaywrightEngine() if engine_name == "playwright" else SeleniumEngine(sessions=1)
    await engine.start()
    try:
        visit = await engine.open(viewport=(1024, 768))
        try:
            await visit.navigate(first, 30, 0)
            seen = {"first": await visit.evaluate(READ), "counts": [await visit.evaluate(COUNT), await visit.evaluate(COUNT)]}
            seen["page_sees"] = await visit.evaluate_in_page("typeof window.__auditorTestCount")
            await visit.goto(second, 30, 0)
            seen["second"] = await visit.evaluate(READ)
            seen["count_after"] = await visit.evaluate(COUNT)
            return seen
        finally:
            await visit.close()
    finally:
        await engine.shutdown()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_audits_world_follows_the_page_to_another_site(server, engine):
    """What a collector keeps in its world lasts across evaluations and is
    out of the page's sight; after the page moves to another site, the next
    evaluation runs in a new world of the new document, never in the page's
    own (whose innerText reads "Hi.")."""
    first = server.url(HOOKED)
    second = server.url(FRAMES).replace("127.0.0.1", "localhost")
    seen = asyncio.run(_moving_visit(engine, first, second))
    host = first.split("/")[2]
    assert seen["first"] == [host, "Council Tax Reduction"]
    assert seen["counts"] == [1, 2]
    assert seen["page_sees"] == "undefined"
    assert seen["second"] == [host.replace("127.0.0.1", "localhost"), "Bins and recycling"]
    assert seen["count_after"] == 1
