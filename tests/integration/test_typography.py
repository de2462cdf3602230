"""The typography family through the real CLI and Chromium, on both
engines: the fixture pages under tests/fixtures/site/typography/ (small
print, a justified paragraph, lines of 140 characters, lines set at 1.2, a
paragraph in italics), their exact findings, and clean twins with none."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

GROUPS = ["cognitive", "low-vision"]

# page -> the findings it must have, in order: (rule, outcome, impact, target selector)
EXPECTED = {
    "small-text": [("small-text", "fail", "moderate", "main > p:nth-of-type(2)")],
    "justified": [("justified-text", "fail", "minor", "main > p:nth-of-type(2)")],
    "long-lines": [("long-lines", "fail", "minor", "main > p:nth-of-type(2)")],
    "line-height": [("tight-line-height", "fail", "minor", "main > p:nth-of-type(2)")],
    "italics": [("long-italics", "fail", "minor", "em")],
}
PAGES = tuple(EXPECTED)
ENGINES = ("playwright", "selenium")


def url(server, name):
    return server.url(f"typography/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")]
    code, document = run_cli(tmp_path_factory.mktemp(f"typography-{request.param}"),
                             [*urls, "--checks", "typography", "--engine", request.param], profile=None)
    assert document is not None
    return code, document


def row(document, server, name):
    result = page(document, url(server, name))
    assert result["error"] is None
    assert result["check_errors"] == []
    return result


@pytest.mark.parametrize("name", PAGES)
def test_barrier_page_has_exactly_its_findings(audit, server, name):
    findings = row(audit[1], server, name)["findings"]
    got = [(f["rule"], f["outcome"], f["impact"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "typography" and f["groups"] == GROUPS and f["wcag"] == [] for f in findings)


@pytest.mark.parametrize("name", PAGES)
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, f"{name}-clean")["findings"] == []


def test_what_the_findings_measure(audit, server):
    document = audit[1]
    (small,) = row(document, server, "small-text")["findings"]
    assert small["summary"] == "Text is 11 CSS pixels high, under 12: “Collections may change on bank holidays.”."
    (tight,) = row(document, server, "line-height")["findings"]
    assert tight["summary"].startswith("The paragraph's line height is 1.20 times its text size, under 1.5:")
    (italics,) = row(document, server, "italics")["findings"]
    assert italics["summary"].startswith("252 characters in a row are in italics:")
    # 252 characters at 16 px Arial in a 70rem column: two lines, the first
    # of about 140 characters (the measure depends on the font's widths).
    wide = row(document, server, "long-lines")["metrics"]["longest_line_chars"]
    assert 110 <= wide <= 160
    narrow = row(document, server, "long-lines-clean")["metrics"]["longest_line_chars"]
    assert 40 <= narrow <= 80
    (justified,) = row(document, server, "justified")["findings"]
    assert " is justified: " in justified["summary"]


def test_settings_move_the_thresholds(server, tmp_path):
    config = tmp_path / "audit.toml"
    config.write_text("[typography]\nmin_font_px = 10\nmax_line_chars = 150\nmin_line_height = 1.1\n"
                      "max_italic_chars = 300\nreport_justified = false\n", encoding="utf-8")
    urls = [url(server, name) for name in PAGES]
    code, document = run_cli(tmp_path, [*urls, "--checks", "typography", "--config", str(config)], profile=None)
    assert document is not None
    assert [f for p in document["pages"] for f in p["findings"]] == []
