"""Element screenshots from real audits: taken while the page is open, kept
in the store with the page, embedded by report.html alone, re-rendered from
the store, and not taken when no HTML report is wanted."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from auditor.cli import main
from auditor.collectors.shots import OUT_SIZE
from auditor.store import Store

from .helpers import page, run_cli

pytestmark = pytest.mark.integration


def _shots(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.runs()[0].id
        return run_id, store.shots(run_id)


def test_the_element_is_photographed_and_kept_with_the_run(server, tmp_path):
    url = server.url("image-alt.html")
    code, document = run_cli(tmp_path, [url])
    finding = next(f for f in page(document, url)["findings"] if f["rule"] == "image-alt")
    selector = finding["targets"][0]["selector"]
    run_id, shots = _shots(tmp_path)
    assert list(shots) == [(url, selector)]
    image = Image.open(io.BytesIO(shots[(url, selector)].data))
    assert image.format == "WEBP" and image.width <= OUT_SIZE[0] and image.height <= OUT_SIZE[1]
    # The logo (160 x 40, #1d4f91) padded and outlined in magenta.
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert any(r > 150 and g < 60 and b > 60 for _, (r, g, b) in colours)
    assert len(shots[(url, selector)].data) < 8000
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/webp;base64,') == 2  # in its finding, and as its issue's example
    assert "data:image" not in (tmp_path / "out" / "report.json").read_text(encoding="utf-8")

    # Re-rendered later from the store, without a browser: the same picture.
    assert main(["report", run_id, "--db", str(tmp_path / "runs.sqlite3"), "--out", str(tmp_path / "again"), "--format", "html"]) == 0
    assert (tmp_path / "again" / "report.html").read_text(encoding="utf-8").count('src="data:image/webp;base64,') == 2


def test_no_screenshots_without_an_html_report_or_when_turned_off(server, tmp_path):
    url = server.url("image-alt.html")
    run_cli(tmp_path / "json", [url, "--format", "json"])
    assert _shots(tmp_path / "json")[1] == {}
    config = tmp_path / "audit.toml"
    config.write_text("screenshots = false\n", encoding="utf-8")
    run_cli(tmp_path / "off", [url, "--config", str(config)])
    assert _shots(tmp_path / "off")[1] == {}
    assert "data:image" not in (tmp_path / "off" / "out" / "report.html").read_text(encoding="utf-8")
    run_cli(tmp_path / "flag", [url, "--no-screenshots"])
    assert _shots(tmp_path / "flag")[1] == {}


def test_elements_far_apart_are_each_photographed(server, tmp_path):
    """Three images without alt text: two near the top share a screenshot,
    the third, two viewports down, gets one of its own; each picture shows its
    own element outlined."""
    url = server.url("shots/far-apart.html")
    code, document = run_cli(tmp_path, [url])
    selectors = {t["selector"] for f in page(document, url)["findings"] if f["rule"] == "image-alt" for t in f["targets"]}
    assert selectors == {"#first", "#second", "#third"}
    _, shots = _shots(tmp_path)
    assert set(shots) == {(url, s) for s in selectors}
    for shot in shots.values():
        image = Image.open(io.BytesIO(shot.data)).convert("RGB")
        colours = image.getcolors(maxcolors=1 << 16)
        assert any(r > 150 and g < 60 and b > 60 for _, (r, g, b) in colours)  # the magenta ring
        assert any(r < 60 and 60 < g < 110 and b > 120 for _, (r, g, b) in colours)  # the logo's blue inside it
