"""auditor.words: plurals, one byte convention (SI: 1 kB = 1,000 bytes) and
figures precise enough that a breach always shows (no browser)."""

from __future__ import annotations

import pytest

from auditor import words
from auditor.checks import bandwidth, budgets
from auditor.model import Target

PAGE = "https://www.riverton.gov.uk/"


@pytest.mark.parametrize(("count", "one", "many", "expected"), [
    (0, "page", "", "0 pages"),
    (1, "page", "", "1 page"),
    (2, "page", "", "2 pages"),
    (1, "barrier", "", "1 barrier"),
    (1, "request", "", "1 request"),
    (3, "thing", "", "3 things"),
    (1, "person", "people", "1 person"),
    (4, "person", "people", "4 people"),
    (1_000, "page", "", "1,000 pages"),
    (12_345, "person", "people", "12,345 people"),
])
def test_plural(count, one, many, expected):
    assert words.plural(count, one, many) == expected


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 bytes"),
    (1, "1 byte"),
    (999, "999 bytes"),
    (1_000, "1 kB"),
    (1_024, "1 kB"),
    (1_500, "1.5 kB"),
    (3_377, "3.4 kB"),
    (40_000, "40 kB"),
    (186_870, "187 kB"),
    (999_600, "1 MB"),  # rounds to 1000 kB: said in the next unit
    (1_000_000, "1 MB"),
    (1_916_573, "1.9 MB"),
    (12_345_678, "12 MB"),
    (2_500_000_000, "2.5 GB"),
])
def test_format_bytes_is_si(n, expected):
    assert words.format_bytes(n) == expected


@pytest.mark.parametrize(("value", "budget", "expected"), [
    (1_048_577, 1_000_000, ("1.05 MB", "1 MB")),
    (1_048_577, 1_048_576, ("1.048577 MB", "1.048576 MB")),
    (1_000_001, 1_000_000, ("1.000001 MB", "1 MB")),
    (1_031_600, 1_000_000, ("1.03 MB", "1 MB")),
    (350_000, 300_000, ("350 kB", "300 kB")),
    (300_001, 300_000, ("300.001 kB", "300 kB")),
    (1_000, 999, ("1 kB", "999 bytes")),
    (1_000_000, 1_000_000, ("1 MB", "1 MB")),  # equal values may read the same
])
def test_bytes_against_shows_the_difference(value, budget, expected):
    assert words.bytes_against(value, budget) == expected


@pytest.mark.parametrize("budget", [1_000, 300_000, 500_000, 1_000_000, 1_048_576, 5_000_000])
def test_over_budget_never_reads_as_the_budget(budget):
    for over in (1, 2, 7, 49, 50, 51, 499, 500, 501, 4_999, 5_000, 48_576, 99_999):
        value, limit = words.bytes_against(budget + over, budget)
        assert value != limit, (budget + over, budget)


@pytest.mark.parametrize(("ms", "expected"), [(1_000, "1 second"), (5_000, "5 seconds"), (8_349, "8.3 seconds"), (500, "0.5 seconds")])
def test_format_seconds(ms, expected):
    assert words.format_seconds(ms) == expected


@pytest.mark.parametrize(("value", "budget", "expected"), [
    (5_040, 5_000, ("5.04 seconds", "5 seconds")),
    (5_001, 5_000, ("5.001 seconds", "5 seconds")),
    (8_349, 5_000, ("8.3 seconds", "5 seconds")),
])
def test_seconds_against(value, budget, expected):
    assert words.seconds_against(value, budget) == expected


@pytest.mark.parametrize(("pounds", "expected"), [(1.25, "£1.25"), (0.01, "£0.01"), (0.0006, "0.06p")])
def test_money(pounds, expected):
    assert words.money(pounds) == expected


def _weight_sentence(transfer: int, budget: int) -> str:
    metrics = {
        "transfer_bytes": transfer, "requests": 1, "data_cost_gbp": 0.04, "price_per_gb_gbp": 40.0,
        "bytes_by_type": {k: (transfer if k == "document" else 0) for k in bandwidth.TYPE_KEYS},
    }
    limits = budgets.Options(budget_transfer_bytes=budget)
    found = budgets.budget_findings(bandwidth.RULE, PAGE, Target("html", "<html>"), metrics, limits, None)
    (finding,) = [f for f in found if f.rule == "page-weight-over-budget"]
    return finding.summary


@pytest.mark.parametrize(("budget", "expected"), [
    (1_000_000, "The page transfers 1.05 MB; the budget is 1 MB."),
    (1_048_576, "The page transfers 1.048577 MB; the budget is 1.048576 MB."),
])
def test_budget_sentence_shows_the_breach(budget, expected):
    """1,048,577 bytes is over both budgets; rounding must not hide it."""
    assert _weight_sentence(1_048_577, budget) == expected


def test_run_counts_sentence():
    summary = {"pages": 1, "audited": 1, "unreachable": 0, "fail": 1, "review": 1,
               "by_impact": {"critical": 1, "serious": 0, "moderate": 0, "minor": 0}}
    assert words.run_counts(summary) == "1 page: 1 audited, 0 could not be audited. 1 barrier (1 critical), 1 to review."
    summary.update(pages=3, audited=3, fail=0, review=0, by_impact={"critical": 0, "serious": 0, "moderate": 0, "minor": 0})
    assert words.run_counts(summary) == "3 pages: 3 audited, 0 could not be audited. 0 barriers, 0 to review."


@pytest.mark.parametrize("stamp,expected", [
    ("2026-11-30T10:28:59+00:00", "30 November 2026, 10:28"),
    ("2026-01-01T09:05:00+01:00", "1 January 2026, 09:05"),  # the time as recorded, in its own zone
    ("2026-03-07T23:59:00Z", "7 March 2026, 23:59"),
    ("not a date", "not a date"),
    (None, ""),
])
def test_plain_date(stamp, expected):
    assert words.plain_date(stamp) == expected


@pytest.mark.parametrize("started,finished,expected", [
    ("2026-11-30T16:49:59+00:00", "2026-11-30T16:50:08+00:00", "30 November 2026, 16:49 to 16:50"),
    ("2026-11-30T23:59:00+00:00", "2026-12-01T00:10:00+00:00", "30 November 2026, 23:59 to 1 December 2026, 00:10"),
    ("2026-11-30T16:49:59+00:00", None, "30 November 2026, 16:49 (not finished)"),
    ("2026-11-30T16:49:01+00:00", "2026-11-30T16:49:40+00:00", "30 November 2026, 16:49"),
])
def test_plain_span(started, finished, expected):
    assert words.plain_span(started, finished) == expected


COUNCIL = [
    "Apply for a garden waste collection permit - Northmoor District Council",
    "Your details - Apply for a garden waste collection permit - Northmoor District Council",
    "Check your answers - Apply for a garden waste collection permit - Northmoor District Council",
    "Application sent - Apply for a garden waste collection permit - Northmoor District Council",
    "Garden waste collections: guidance and fees - Northmoor District Council",
    "Accessibility statement for the garden waste permit service - Northmoor District Council",
]


@pytest.mark.parametrize("titles,suffix", [
    (COUNCIL, " - Northmoor District Council"),  # the longer suffix is on only 3 of 6: not most
    (COUNCIL[1:4], " - Apply for a garden waste collection permit - Northmoor District Council"),
    (["Home | Borough", "Bins | Borough", "Contact us"], " | Borough"),  # most, not all
    (["Home | Borough", "Bins – Town", "Contact us"], ""),  # no suffix on most pages
    (["Only page - Site"], ""),  # one page repeats nothing
    (["Step 1 – Apply", "Step 2 – Apply", ""], " – Apply"),  # an untitled page is not counted
    (["Site", "Home - Site"], ""),  # a title that is all suffix does not count as ending in it
])
def test_shared_title_suffix(titles, suffix):
    assert words.shared_title_suffix(titles) == suffix


def test_short_title_drops_the_suffix_but_never_the_whole_title():
    suffix = " - Northmoor District Council"
    assert words.short_title(COUNCIL[0], suffix) == "Apply for a garden waste collection permit"
    assert words.short_title("Northmoor District Council", suffix) == "Northmoor District Council"
    assert words.short_title("Contact us", suffix) == "Contact us"
    assert words.short_title("Home - Site", "") == "Home - Site"
    assert words.site_name(suffix) == "Northmoor District Council" and words.site_name("") == ""


def _row(critical=0, serious=0, moderate=0, minor=0, pages=1):
    total = critical + serious + moderate + minor
    return {"group": "screen-reader", "critical": critical, "serious": serious, "moderate": moderate, "minor": minor,
            "findings": total, "pages": pages, "only_minor": minor == total}


@pytest.mark.parametrize("row,expected", [
    (_row(5, 4, 0, 2, pages=5), "5 critical and 4 serious barriers, and 2 less severe, on 5 of 6 pages"),
    (_row(1, pages=1), "1 critical barrier on 1 of 6 pages"),
    (_row(0, 3, pages=2), "3 serious barriers on 2 of 6 pages"),
    (_row(0, 0, 2, 1, pages=3), "no critical or serious barriers; 2 moderate and 1 minor on 3 of 6 pages"),
    (_row(0, 0, 0, 12, pages=6), "only minor barriers: 12 on 6 of 6 pages"),
])
def test_exclusion_counts_say_severity_first(row, expected):
    assert words.exclusion_counts(row, 6) == expected
