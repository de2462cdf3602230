"""The motion family on hand-made artifacts and images made here: frames
and play time read from GIF, APNG and WebP bytes, image responses found in
a network log, and each rule's findings (WCAG 2.2.2, 2.3.1)."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from auditor.checks import PageContext, family_options, motion, one_per_barrier
from auditor.collectors.motion import animation_of, frame_delay_ms, image_responses
from auditor.config import AuditConfig
from auditor.engines.chromium import decoded_body
from auditor.model import Finding
from auditor.registry import CHECKS

URL = "https://council.example/bins/"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["motion"], options, AuditConfig(urls=(URL,))))


def run(images=(), old=(), animations=(), videos=(), unreadable=0, **options):
    found = {"images": list(images), "old_elements": list(old), "animations": list(animations), "videos": list(videos),
             "unreadable_sheets": unreadable}
    return motion.evaluate({"motion": found}, context(**options))


def animated(fmt="GIF", frames=3, durations=500, **save):
    colours = [(i * 60, 80, 140) for i in range(frames)]
    first, *rest = [Image.new("RGB", (8, 8), c) for c in colours]
    out = io.BytesIO()
    first.save(out, format=fmt, save_all=True, append_images=rest, duration=durations, **save)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (animated(loop=0), {"format": "GIF", "frames": 3, "cycle_ms": 1500, "plays": None}),
        (animated(), {"format": "GIF", "frames": 3, "cycle_ms": 1500, "plays": 1}),  # no loop: once
        (animated(loop=2), {"format": "GIF", "frames": 3, "cycle_ms": 1500, "plays": 3}),  # two repeats after the first
        (animated(durations=[0, 0, 0], loop=0), {"format": "GIF", "frames": 3, "cycle_ms": 300, "plays": None}),  # 0 ms shown as 100
        (animated("PNG", 4, 250, loop=0), {"format": "APNG", "frames": 4, "cycle_ms": 1000, "plays": None}),
        (animated("PNG", 2, 1000, loop=3), {"format": "APNG", "frames": 2, "cycle_ms": 2000, "plays": 3}),
        (animated("WEBP", 2, 700, loop=0, lossless=True), {"format": "WebP", "frames": 2, "cycle_ms": 1400, "plays": None}),
        (animated("WEBP", 2, 700, loop=1, lossless=True), {"format": "WebP", "frames": 2, "cycle_ms": 1400, "plays": 1}),
    ],
)
def test_animation_of_reads_frames_delays_and_plays(data, expected):
    assert animation_of(data) == expected


def test_still_images_and_other_bytes_are_not_animations():
    still = io.BytesIO()
    Image.new("RGB", (8, 8)).save(still, format="GIF")
    assert animation_of(still.getvalue()) is None
    assert animation_of(b"<html>not an image</html>") is None
    assert animation_of(animated()[:40]) is None  # cut short


@pytest.mark.parametrize(("stored", "shown"), [(0, 100), (10, 100), (19, 100), (20, 20), (None, 100), ("x", 100), (90, 90)])
def test_frame_delays_as_chromium_shows_them(stored, shown):
    assert frame_delay_ms(stored) == shown


def test_decoded_body():
    assert decoded_body({"body": base64.b64encode(b"GIF89a").decode(), "base64Encoded": True}) == b"GIF89a"
    assert decoded_body({"body": "text", "base64Encoded": False}) == b"text"
    assert decoded_body({"body": "%%%", "base64Encoded": True}) is None
    assert decoded_body(None) is None


def event(method, rid, **params):
    return {"method": f"Network.{method}", "params": {"requestId": rid, **params}}


def response(rid, url, mime, status=200, size=300):
    return [event("requestWillBeSent", rid, request={"url": url, "method": "GET"}, type="Image", timestamp=1.0),
            event("responseReceived", rid, type="Image", response={"url": url, "status": status, "mimeType": mime, "headers": {},
                                                                   "encodedDataLength": 100}),
            event("dataReceived", rid, dataLength=size, encodedDataLength=size),
            event("loadingFinished", rid, timestamp=1.1, encodedDataLength=100 + size)]


def test_image_responses_are_images_that_may_move():
    events = [*response("1", URL + "a.gif", "image/gif"), *response("2", URL + "b.webp", "image/webp", size=5000),
              *response("3", URL + "c.jpg", "image/jpeg"), *response("4", URL + "gone.gif", "image/gif", status=404),
              *response("5", URL + "d.png", "image/png; charset=binary")]
    assert image_responses(events) == {URL + "a.gif": ("1", 300), URL + "b.webp": ("2", 5000), URL + "d.png": ("5", 300)}


def image(plays, cycle_ms=1500, frames=3, can_stop=False, fmt="GIF"):
    return {"selector": "#banner", "snippet": '<img id="banner">', "can_stop": can_stop,
            "animation": {"format": fmt, "frames": frames, "cycle_ms": cycle_ms, "plays": plays}}


def test_an_image_that_plays_for_ever_fails():
    result = run([image(None)])
    (finding,) = result.findings
    assert (finding.check, finding.rule, finding.outcome, finding.impact, finding.wcag) == ("motion", "animated-image", "fail", "serious", ("2.2.2",))
    assert finding.groups == ("cognitive", "low-vision")
    assert finding.summary == "An animated GIF (3 frames) plays for ever with no way to stop it."
    assert result.metrics == {"animated_images": 1, "animated_images_seen": 1, "moving_elements": 0}


@pytest.mark.parametrize(("plays", "cycle_ms", "found"), [(3, 1500, 0), (4, 1500, 1), (1, 5000, 0), (1, 5100, 1), (2, 3000, 1)])
def test_an_image_is_judged_by_its_whole_play_time(plays, cycle_ms, found):
    assert len(run([image(plays, cycle_ms)]).findings) == found


def test_an_image_with_a_pause_control_passes():
    assert run([image(None, can_stop=True)]).findings == ()


def test_fast_frames_ask_for_a_flash_check():
    (finding,) = run([image(None, cycle_ms=500, frames=5)]).findings  # 10 frames a second
    assert finding.wcag == ("2.2.2", "2.3.1")
    assert "10.0 times a second" in finding.detail


def test_the_time_limit_is_a_setting():
    assert run([image(2, 3000)], max_seconds=10).findings == ()
    with pytest.raises(ValueError, match=r"\[motion\] max_seconds must be a positive number"):
        family_options(CHECKS["motion"], {"max_seconds": "five"})
    with pytest.raises(ValueError, match=r"\[motion\] has no setting 'seconds'"):
        family_options(CHECKS["motion"], {"seconds": 5})


def test_marquee_and_blink():
    result = run(old=[{"tag": "marquee", "selector": "marquee", "snippet": "<marquee>", "text": "News"},
                      {"tag": "blink", "selector": "blink", "snippet": "<blink>", "text": "New"}])
    assert [(f.rule, f.summary) for f in result.findings] == [
        ("marquee-or-blink", "Text scrolls by itself (<marquee>): “News”."),
        ("marquee-or-blink", "Text blinks by itself (<blink>): “New”.")]
    assert result.metrics["moving_elements"] == 2


def css(kind="animation", iterations=None, duration_ms=2000, active_ms=None, heeds=False, visible=True):
    return {"kind": kind, "name": "spin", "selector": ".spinner", "snippet": '<span class="spinner">', "visible": visible,
            "iterations": iterations, "duration_ms": duration_ms, "active_ms": active_ms, "heeds_reduced_motion": heeds}


@pytest.mark.parametrize(
    ("animation", "reported", "counted"),
    [
        (css(), True, True),  # loops for ever
        (css(heeds=True), False, True),  # stops for reduced motion: counted, not reported
        (css(iterations=2, active_ms=4000), False, False),  # four seconds and done
        (css(iterations=3, active_ms=6000), True, True),
        (css("transition", iterations=1, duration_ms=6000, active_ms=6000), True, True),
        (css(visible=False), False, False),
    ],
)
def test_css_animations(animation, reported, counted):
    result = run(animations=[animation])
    assert [f.rule for f in result.findings] == (["animation-ignores-reduced-motion"] if reported else [])
    assert result.metrics["moving_elements"] == int(counted)


def video(**overrides):
    return {"selector": "video", "snippet": "<video autoplay muted loop>", "autoplay": True, "paused": False, "loop": True,
            "muted": True, "controls": False, "duration": 30.0, "live": False, "can_stop": False, **overrides}


@pytest.mark.parametrize(
    ("overrides", "found"),
    [({}, 1), ({"loop": False}, 1), ({"loop": False, "duration": 4.0}, 0), ({"controls": True, "can_stop": True}, 0),
     ({"autoplay": False, "paused": True}, 0), ({"loop": False, "duration": None, "autoplay": True}, 0)],
)
def test_videos_that_play_by_themselves(overrides, found):
    result = run(videos=[video(**overrides)])
    assert [(f.rule, f.outcome) for f in result.findings] == [("autoplaying-video", "review")] * found


def test_a_video_the_documents_family_reported_is_not_reported_twice():
    (ours,) = run(videos=[video()]).findings
    theirs = Finding(check="documents", rule="autoplaying-media", outcome="review", impact="moderate", wcag=("2.2.2",),
                     groups=("cognitive",), summary="A silent <video> starts by itself and plays without end.", help_url="",
                     targets=(), fingerprint="f")
    assert one_per_barrier([ours, theirs], [CHECKS["motion"], CHECKS["documents"]]) == (theirs,)
    assert one_per_barrier([ours], [CHECKS["motion"], CHECKS["documents"]]) == (ours,)


def test_unreadable_style_sheets_are_noted_where_they_could_matter():
    assert run(animations=[css()], unreadable=2).notes == (
        "2 style sheets from another site could not be read for prefers-reduced-motion rules.",)
    assert run(animations=[css(iterations=1, active_ms=1000)], unreadable=2).notes == ()  # no long animation to clear
    assert run(animations=[css()]).notes == ()
