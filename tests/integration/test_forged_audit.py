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

import pytest

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
