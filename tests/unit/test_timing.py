"""The timing family on hand-made artifacts: meta refresh, clocks that count
down, and pages that announce a time limit (WCAG 2.2.1)."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, one_per_barrier, timing
from auditor.checks.timing import clock_seconds, counts_down, parse_options, parse_refresh
from auditor.config import AuditConfig
from auditor.model import Finding
from auditor.registry import CHECKS

URL = "https://council.example/parking/"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["timing"], options, AuditConfig(urls=(URL,))))


def run(meta_refresh=(), moving=(), body_text="", blocks=(), **options):
    found = {"meta_refresh": list(meta_refresh), "clocks_seen": len(moving), "moving": list(moving)}
    return timing.evaluate({"timing": found, "text": {"body_text": body_text, "blocks": list(blocks)}}, context(**options))


def meta(content):
    return {"content": content, "selector": "head > meta:nth-of-type(3)", "snippet": f'<meta http-equiv="refresh" content="{content}">'}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("600", (600, URL)),
        ("5; url=/next", (5, "https://council.example/next")),
        ("5;URL='https://other.example/'", (5, "https://other.example/")),
        ("0, next.html", (0, "https://council.example/parking/next.html")),
        ("  30 ; url = moved.html ", (30, "https://council.example/parking/moved.html")),
        ("2.5; url=x", (2, "https://council.example/parking/x")),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_refresh(content, expected):
    assert parse_refresh(content, URL) == expected


@pytest.mark.parametrize(("content", "words"), [("600", "reloads itself every 600 seconds"), ("0", "reloads itself at once"),
                                                ("30; url=/moved", "sends people to https://council.example/moved after 30 seconds")])
def test_meta_refresh_fails(content, words):
    result = run([meta(content)])
    (finding,) = result.findings
    assert (finding.check, finding.rule, finding.outcome, finding.impact, finding.wcag) == ("timing", "meta-refresh", "fail", "critical", ("2.2.1",))
    assert finding.groups == ("cognitive", "screen-reader")
    assert words in finding.summary
    assert finding.targets[0].selector == "head > meta:nth-of-type(3)"
    assert result.metrics["refresh_after_ms"] == int(content.split(";")[0]) * 1000


@pytest.mark.parametrize("content", ["0; url=/new-page", "72001", "later"])
def test_meta_refresh_exceptions(content):
    result = run([meta(content)])
    assert result.findings == () and "refresh_after_ms" not in result.metrics


def test_immediate_redirect_to_the_same_page_is_a_loop():
    (finding,) = run([meta(f"0; url={URL}")]).findings
    assert "at once" in finding.summary


def test_meta_refresh_that_axe_reported_is_axes_alone():
    """One barrier, one finding: axe-core's meta-refresh (delays of 1 s to
    20 hours) owns it; ours stays where axe did not flag it (a page that
    reloads itself at once) or did not run."""
    ours = run([meta("600")]).findings
    axe = Finding("axe", "meta-refresh", "fail", "critical", ("2.2.1",), ("cognitive",), "Delayed refresh under 20 hours must not be used", "", ours[0].targets, "a" * 20)
    both = [axe, *ours]
    assert one_per_barrier(both, CHECKS.values()) == (axe,)
    assert one_per_barrier(ours, CHECKS.values()) == ours  # axe did not run or did not flag it
    review = Finding("axe", "meta-refresh", "review", "critical", (), (), "", "", (), "b" * 20)
    assert one_per_barrier([review, *ours], CHECKS.values()) == (review, *ours)  # only a failure of axe's rule counts
    assert one_per_barrier(both, [CHECKS["axe"]]) == tuple(both)  # the timing family did not declare it here


@pytest.mark.parametrize(("text", "seconds"), [("19:59", 1199), ("Time left 0:45", 45), ("1:02:30", 3750), ("Open 9:30 to 17:00", 570),
                                               ("12:5", None), ("no time", None), ("2024-05-01", None)])
def test_clock_seconds(text, seconds):
    assert clock_seconds(text) == seconds


def clock(before, after, selector="#timer"):
    return {"selector": selector, "snippet": '<span id="timer">', "role": "", "before": before, "after": after}


def test_a_clock_counting_down_is_a_time_limit_to_review():
    result = run(moving=[clock("Time left: 15:00", "Time left: 14:59"), clock("10:28:03", "10:28:04", "#now")])
    (finding,) = result.findings
    assert (finding.rule, finding.outcome, finding.impact) == ("countdown", "review", "serious")
    assert "15:00 then Time left: 14:59" in finding.summary and finding.targets[0].selector == "#timer"
    assert result.metrics["countdowns"] == 1  # the clock going up is a clock, not a limit
    assert counts_down(clock("0:10", "0:09")) and not counts_down(clock("0:09", "0:10")) and not counts_down(clock("soon", "later"))


@pytest.mark.parametrize("text", [
    "For your security, your session will time out after 20 minutes of inactivity.",
    "You have 15 minutes left to finish this form.",
    "Time remaining: 04:59",
    "Bydd eich sesiwn yn dod i ben ymhen 5 munud.",
    "Mae gennych 10 munud ar ôl.",
])
def test_a_page_announcing_a_time_limit_is_for_review(text):
    block = {"text": text, "selector": "main > p:nth-of-type(2)", "snippet": "<p>", "container": False}
    (finding,) = run(body_text=f"Apply for a permit. {text} Continue.", blocks=[block]).findings
    assert (finding.rule, finding.outcome) == ("time-limit-announced", "review")
    assert finding.targets[0].selector == "main > p:nth-of-type(2)"


@pytest.mark.parametrize("text", ["Part-time jobs end in May.", "Bin collection times change at Christmas.", "Take your time."])
def test_ordinary_mentions_of_time_are_not_a_limit(text):
    assert run(body_text=text).findings == ()


def test_a_countdown_and_the_words_announcing_it_are_one_finding():
    result = run(moving=[clock("Time left: 15:00", "Time left: 14:59")], body_text="Time left: 15:00")
    assert [f.rule for f in result.findings] == ["countdown"]


def test_a_service_adds_its_own_phrases():
    text = "Your application closes if you stop for half an hour."
    assert run(body_text=text).findings == ()
    (finding,) = run(body_text=text, time_limit_phrases=["closes if you stop"]).findings
    assert finding.rule == "time-limit-announced" and finding.targets[0].selector == "body"


@pytest.mark.parametrize(("table", "message"), [
    ({"phrases": []}, "[timing] has no setting 'phrases'"),
    ({"time_limit_phrases": "session"}, "must be a list of regular expressions"),
    ({"time_limit_phrases": ["("]}, "is not a regular expression"),
])
def test_bad_settings_are_one_line_errors(table, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_options(table)


def test_a_clean_page_has_no_findings():
    result = run(body_text="Apply for a parking permit. It takes about 10 minutes.")
    assert result.findings == () and result.metrics == {"countdowns": 0, "clocks_seen": 0}
