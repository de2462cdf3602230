"""The widgets family through the real CLI and Chromium, on both engines:
each fixture page under tests/fixtures/site/widgets/ operated with real key
presses and pointer moves, its exact findings, and clean twins with none;
the guard (no form sent, no other address loaded, nothing typed), the
page loaded again after widgets changed it, and the ``max_widgets`` cap."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

ENGINES = ("playwright", "selenium")
PAGES = ("accordion", "dialog", "menu", "tooltip", "control", "dialog-return", "disclosure-hidden", "tooltip-unhoverable")
KEYS = ["keyboard", "screen-reader"]
HOVER = ["low-vision", "keyboard"]

# page -> the findings it must have, in order:
# (rule, outcome, impact, wcag, groups, target selector)
EXPECTED = {
    # a div with tabindex and a click handler only, and no aria-expanded
    "accordion": [
        ("disclosure-keys", "fail", "serious", ["2.1.1"], KEYS, "#garden-heading"),
        ("disclosure-state", "fail", "serious", ["4.1.2"], ["screen-reader"], "#garden-heading"),
    ],
    # a role=dialog shown without moving focus, that Tab leaves and Escape does not close
    "dialog": [
        ("dialog-focus-not-moved", "fail", "serious", ["2.4.3"], KEYS, "#report"),
        ("dialog-focus-escapes", "fail", "serious", ["2.4.3"], KEYS, "#report"),
        ("dialog-escape", "review", "moderate", ["2.1.2"], KEYS, "#report"),
    ],
    # .has-sub:hover .sub { display: block } and nothing for focus or Escape
    "menu": [
        ("hover-only-menu", "fail", "serious", ["2.1.1"], KEYS, "#services"),
        ("hover-content-not-dismissable", "fail", "moderate", ["1.4.13"], HOVER, "#services"),
    ],
    # a span that cannot have focus shows its tooltip on :hover only
    "tooltip": [
        ("tooltip-hover-only", "fail", "serious", ["2.1.1"], KEYS, "#band-term"),
        ("hover-content-not-dismissable", "fail", "moderate", ["1.4.13"], HOVER, "#band-term"),
    ],
    # a role=button that ignores Space, a role=link that ignores Enter
    "control": [
        ("control-keys", "fail", "serious", ["2.1.1"], KEYS, "#add-bin"),
        ("control-keys", "fail", "serious", ["2.1.1"], KEYS, "#help"),
    ],
    # a modal role=dialog that takes and keeps focus and closes with Escape, but leaves focus on the body
    "dialog-return": [
        ("dialog-focus-not-returned", "fail", "moderate", ["2.4.3"], KEYS, "#cancel-sub"),
    ],
    # a button whose aria-expanded turns true while the class it sets leaves its panel hidden
    "disclosure-hidden": [
        ("disclosure-content-hidden", "fail", "serious", ["4.1.2"], KEYS, "#who-toggle"),
    ],
    # a tooltip shown on .term:hover + .tip (and on focus, and Escape hides it): it goes under the pointer
    "tooltip-unhoverable": [
        ("hover-content-not-hoverable", "fail", "moderate", ["1.4.13"], ["low-vision"], "#value-term"),
    ],
}
NEVER_FETCHED = ("/widgets/sent.html", "/widgets/typed", "/widgets/elsewhere.html", "/widgets/prices.html")


def url(server, name):
    return server.url(f"widgets/{name}.html")


@pytest.fixture(scope="module")
def audits(server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")] + [url(server, n) for n in ("safety", "dialog-nonmodal-clean")]
    documents = {}
    for engine in ENGINES:
        code, document = run_cli(tmp_path_factory.mktemp(engine), [*urls, "--checks", "widgets", "--engine", engine], profile=None)
        assert document is not None
        documents[engine] = (code, document)
    return documents


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audits, server, engine, name):
    findings = row(audits[engine][1], server, name)["findings"]
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "widgets" for f in findings)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audits, server, engine, name):
    result = row(audits[engine][1], server, f"{name}-clean")
    assert result["findings"] == []
    assert result["metrics"]["widgets_operated"] >= 1  # it was operated, and passed


@pytest.mark.parametrize("engine", ENGINES)
def test_what_the_findings_say(audits, server, engine):
    said = {f["targets"][0]["selector"]: f["summary"] for f in row(audits[engine][1], server, "control")["findings"]}
    assert said == {
        "#add-bin": 'The button "Add another bin" works when clicked, but not with Space.',
        "#help": 'The link "Help with garden waste" works when clicked, but not with Enter.',
    }
    accordion = row(audits[engine][1], server, "accordion")["findings"][0]
    assert accordion["summary"] == 'The <div> "Garden waste" shows and hides content, but not with Enter or Space.'
    said = {name: row(audits[engine][1], server, name)["findings"][0]["summary"]
            for name in ("dialog-return", "disclosure-hidden", "tooltip-unhoverable")}
    assert said == {
        "dialog-return": 'When the dialog #confirm closes, focus does not go back to the <button> "Cancel my subscription" '
                         "but to the top of the page.",
        "disclosure-hidden": 'The <button> "Who can apply" says it is expanded, but #who-panel stays hidden.',
        "tooltip-unhoverable": 'The tooltip shown when the pointer is over the <button> "rateable value" disappears when the '
                               "pointer moves onto it.",
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_tab_may_leave_a_dialog_that_is_not_modal(audits, server, engine):
    """dialog-nonmodal-clean.html: a role=dialog with no aria-modal, opened by
    a button that names it only by aria-haspopup="dialog". Focus moves in,
    Escape closes it and focus goes back; Tab leaving it for the page is what
    a dialog that is not modal does, so nothing is found."""
    result = row(audits[engine][1], server, "dialog-nonmodal-clean")
    assert result["metrics"]["widgets_operated"] == 1
    assert result["findings"] == []


def test_the_guard_sends_no_form_loads_no_other_address_and_types_nothing(audits, server):
    """safety.html: controls that send its form (requestSubmit and submit),
    one that goes to another address, one that puts focus in a field on key
    down without stopping the key (the field fetches /widgets/typed on
    input). Every control was operated on both engines; none of those
    addresses was ever asked for, and the page was not left."""
    for engine in ENGINES:
        result = row(audits[engine][1], server, "safety")
        assert result["metrics"]["widgets_operated"] == 4
        assert result["findings"] == []
        assert result["final_url"] == url(server, "safety")
    for path in NEVER_FETCHED:
        assert not [hit for hit in server.hits if hit.startswith(path)], path


@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_its_widgets_changed_is_loaded_again(audits, server, engine):
    changed = row(audits[engine][1], server, "control-clean")  # each press adds a bin
    assert changed["metrics"]["widgets_restored"] is True
    assert any("loaded again" in note for note in changed["notes"])
    untouched = row(audits[engine][1], server, "accordion-clean")  # opened and closed again: as it was
    assert untouched["metrics"]["widgets_restored"] is False


def test_max_widgets_caps_the_widgets_operated(server, tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text("[widgets]\nmax_widgets = 3\n", encoding="utf-8")
    code, document = run_cli(tmp_path, [url(server, "many"), "--checks", "widgets", "--config", str(config)], profile=None)
    result = page(document, url(server, "many"))
    assert result["metrics"]["widgets_found"] == 25
    assert result["metrics"]["widgets_operated"] == 3
    assert [f["targets"][0]["selector"] for f in result["findings"]] == ["#bin-1", "#bin-2", "#bin-3"]
    assert any("3 of the page's 25 widgets" in note for note in result["notes"])


def test_a_page_without_widgets_costs_one_evaluation(server):
    """The survey finds nothing on the plain clean page: the collector makes
    one evaluation in the page and returns (a real browser, counted)."""
    import asyncio

    from auditor.checks.widgets import Options
    from auditor.collectors.widgets import collect
    from auditor.config import AuditConfig
    from auditor.engines.playwright import PlaywrightEngine

    async def run():
        engine = PlaywrightEngine()
        await engine.start()
        try:
            visit = await engine.open(viewport=(1280, 800))
            try:
                await visit.navigate(server.url("clean.html"), 30, 0)
                calls = []
                evaluate = visit.evaluate

                async def counted(expression, arg=None):
                    calls.append(expression)
                    return await evaluate(expression, arg)

                visit.evaluate = counted
                artifact = await collect(visit, AuditConfig(urls=[server.url("clean.html")]), {}, Options())
                return artifact, len(calls)
            finally:
                await visit.close()
        finally:
            await engine.stop()

    artifact, calls = asyncio.run(run())
    assert artifact["widgets"] == [] and artifact["found"] == 0
    assert calls == 1
