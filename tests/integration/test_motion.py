"""The motion family through the real CLI and Chromium, on both engines:
the fixture pages under tests/fixtures/site/motion/ (a GIF, an APNG and an
animated WebP that play for ever, a marquee and a blink, a CSS animation
that loops and ignores prefers-reduced-motion, a video that plays by
itself), their exact findings, and clean twins with none (images that play
once for three seconds or less, animations that stop for reduced motion,
a video with controls)."""

from __future__ import annotations

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

GROUPS = ["cognitive", "low-vision"]

# page -> the findings it must have, in order: (rule, outcome, impact, wcag, target selector)
EXPECTED = {
    "gif": [("animated-image", "fail", "serious", ["2.2.2"], "img")],
    "apng": [("animated-image", "fail", "serious", ["2.2.2"], "img")],
    "webp": [("animated-image", "fail", "serious", ["2.2.2"], "img")],
    "marquee": [("marquee-or-blink", "fail", "serious", ["2.2.2"], "marquee"),
                ("marquee-or-blink", "fail", "serious", ["2.2.2"], "blink")],
    "animation": [("animation-ignores-reduced-motion", "fail", "moderate", ["2.2.2", "2.3.3"], "span")],
    "video": [("autoplaying-video", "review", "moderate", ["2.2.2"], "video")],
}
PAGES = tuple(EXPECTED)
ALSO_CLEAN = ("gif-pausable-clean",)  # the endless GIF with a pause button beside it
ENGINES = ("playwright", "selenium")


def url(server, name):
    return server.url(f"motion/{name}.html")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    urls = [url(server, f"{name}{suffix}") for name in PAGES for suffix in ("", "-clean")] + [url(server, n) for n in ALSO_CLEAN]
    code, document = run_cli(tmp_path_factory.mktemp(f"motion-{request.param}"),
                             [*urls, "--checks", "motion", "--engine", request.param], profile=None)
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
    got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["targets"][0]["selector"]) for f in findings]
    assert got == EXPECTED[name]
    assert all(f["check"] == "motion" and f["groups"] == GROUPS for f in findings)


@pytest.mark.parametrize("name", [f"{name}-clean" for name in PAGES] + list(ALSO_CLEAN))
def test_clean_twin_has_none(audit, server, name):
    assert row(audit[1], server, name)["findings"] == []


def test_an_endless_image_with_a_pause_button_is_read_and_passes(audit, server):
    metrics = row(audit[1], server, "gif-pausable-clean")["metrics"]
    assert metrics["animated_images_seen"] == 1 and metrics["animated_images"] == 0


@pytest.mark.parametrize(("name", "kind"), [("gif", "GIF"), ("apng", "APNG"), ("webp", "WebP")])
def test_images_are_read_from_the_bytes_received(audit, server, name, kind):
    (finding,) = row(audit[1], server, name)["findings"]
    assert finding["summary"] == f"An animated {kind} (3 frames) plays for ever with no way to stop it."
    # The clean twin's image was read too (it plays once, under five seconds): not a body the browser withheld.
    clean = row(audit[1], server, f"{name}-clean")["metrics"]
    assert clean["animated_images_seen"] == 1 and clean["animated_images"] == 0


def test_animations_that_stop_for_reduced_motion_are_counted_not_reported(audit, server):
    assert row(audit[1], server, "animation")["metrics"]["moving_elements"] == 1
    assert row(audit[1], server, "animation-clean")["metrics"]["moving_elements"] == 2
