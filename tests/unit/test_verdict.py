"""The verdict of a run (auditor.verdict) on hand-made pages: ignores with an
expiry, the baseline's new, unchanged and fixed, the threshold with
``fail_on``, ``fail_on_new`` and ``allow_unreachable``, and the per-finding
decision the JUnit and SARIF reporters render. No store, no browser."""

from __future__ import annotations

import datetime as dt

import pytest

from auditor.model import Finding, PageError, PageResult, Target, fingerprint
from auditor.verdict import Ignore, breaches, judge, same, summarise, threshold

TODAY = dt.date(2026, 11, 21)
HOME, APPLY, DOWN = "https://example.org/", "https://example.org/apply", "https://example.org/down"


def finding(check: str, rule: str, impact: str, page: str, selector: str = "div", outcome: str = "fail") -> Finding:
    return Finding(
        check=check, rule=rule, outcome=outcome, impact=impact, wcag=(), groups=("screen-reader",),
        summary=f"{rule} here", help_url="", targets=(Target(selector),), fingerprint=fingerprint(rule, page, selector),
    )


ALT = finding("axe", "image-alt", "critical", HOME, "img")
CONTRAST = finding("axe", "color-contrast", "serious", HOME, ".banner")
JARGON = finding("reading", "jargon", "minor", APPLY, "p")
CAPTCHA = finding("documents", "captcha", "serious", APPLY, "iframe")


def pages(*extra: PageResult) -> list[PageResult]:
    return [
        PageResult(url=HOME, final_url=HOME, findings=(ALT, CONTRAST)),
        PageResult(url=APPLY, final_url=APPLY, findings=(JARGON,)),
        *extra,
    ]


def baseline_of(found: dict[str, list[Finding]]) -> dict:
    return {"source": "run before", "pages": {url: [f.to_dict() for f in fs] for url, fs in found.items()}}


# The threshold


@pytest.mark.parametrize(("fail_on", "breached", "failing"), [
    ("critical", True, 1), ("serious", True, 1), ("minor", True, 2), ("none", False, 0),
])
def test_fail_on_decides_the_threshold(fail_on, breached, failing):
    verdict = judge(pages(), {"fail_on": fail_on})
    assert verdict.breached is breached
    assert verdict.summary["pages_failing"] == failing
    assert verdict.summary["fail_on"] == fail_on


@pytest.mark.parametrize(("allowed", "breached"), [(0, True), (1, True), (2, False), (5, False)])
def test_a_count_threshold_allows_that_many_barriers(allowed, breached):
    """``threshold`` (as pa11y-ci's): the run fails only when more barriers
    than this are at or above ``fail_on``. pages() has two serious or worse."""
    verdict = judge(pages(), {"fail_on": "serious", "threshold": allowed})
    assert verdict.breached is breached
    assert verdict.summary["failing"] == 2 and verdict.summary["threshold"] == allowed


def test_a_count_threshold_counts_new_barriers_only_with_fail_on_new():
    known = baseline_of({HOME: [ALT]})
    verdict = judge(pages(), {"fail_on": "serious", "fail_on_new": True, "threshold": 1}, baseline=known)
    assert verdict.summary["failing"] == 1 and verdict.breached is False  # the contrast barrier is the one new
    assert judge(pages(), {"fail_on": "serious", "fail_on_new": True, "threshold": 0}, baseline=known).breached is True


def test_a_count_threshold_never_excuses_an_unreachable_page():
    down = PageResult(url=DOWN, error=PageError("dns", "the host name could not be resolved"))
    assert judge([*pages(), down], {"fail_on": "serious", "threshold": 10}).breached is True


def test_unreachable_page_breaches_unless_allowed():
    down = PageResult(url=DOWN, error=PageError("dns", "the host name could not be resolved"))
    only_minor = [PageResult(url=APPLY, final_url=APPLY, findings=(JARGON,)), down]
    assert judge(only_minor, {"fail_on": "serious"}).breached is True
    assert judge(only_minor, {"fail_on": "serious", "allow_unreachable": True}).breached is False
    assert judge(only_minor, {"fail_on": "none"}).breached is True


def test_summary_counts_by_impact_group_and_family_rule():
    summary = judge(pages(), {"fail_on": "serious"}).summary
    assert summary["by_impact"] == {"critical": 1, "serious": 1, "moderate": 0, "minor": 1}
    assert summary["by_group"]["screen-reader"] == {"findings": 3, "pages": 2}
    assert [e["id"] for e in summary["by_rule"]] == ["axe/image-alt", "axe/color-contrast", "reading/jargon"]
    # The verdict counts; the report document describes each rule, from its rule table.
    assert all("summary" not in entry for entry in summary["by_rule"])


# Ignores


def test_an_active_ignore_moves_the_finding_and_lifts_the_threshold():
    ignore = Ignore("axe/image-alt", "https://example.org/*", "Logo alt text tracked in ACC-1", expires="2026-12-31")
    verdict = judge(pages(), {"fail_on": "critical"}, [ignore], today=TODAY)
    home = verdict.rows[0]
    assert [f["rule"] for f in home["findings"]] == ["color-contrast"]
    assert [(f["rule"], f["ignored_because"]) for f in home["ignored"]] == [("image-alt", "Logo alt text tracked in ACC-1")]
    assert [f.rule for f in verdict.pages[0].findings] == ["color-contrast"]
    assert verdict.summary["ignored"] == 1 and verdict.summary["expired_ignores"] == []
    assert verdict.breached is False


def test_an_expired_ignore_suppresses_nothing_and_is_listed():
    ignore = Ignore("image-alt", "https://example.org/*", "Was to be fixed by summer", expires="2026-11-20")
    verdict = judge(pages(), {"fail_on": "critical"}, [ignore], today=TODAY)
    assert verdict.rows[0]["ignored"] == []
    assert verdict.summary["expired_ignores"] == [ignore.to_dict()]
    assert verdict.breached is True
    # The last day of an ignore still counts.
    assert judge(pages(), {"fail_on": "critical"}, [ignore], today=dt.date(2026, 11, 20)).breached is False


@pytest.mark.parametrize(("ignore", "matched"), [
    (Ignore("axe/color-contrast", HOME, "r"), True),
    (Ignore("reading/color-contrast", HOME, "r"), False),  # another family's rule of that name
    (Ignore("color-contrast", "https://example.org/*", "r"), True),  # a bare rule id: any family
    (Ignore("axe/color-contrast", APPLY, "r"), False),
    (Ignore("axe/color-contrast", HOME, "r", selector=".banner"), True),
    (Ignore("axe/color-contrast", HOME, "r", selector=".other"), False),
])
def test_what_an_ignore_matches(ignore, matched):
    assert ignore.matches(CONTRAST, HOME) is matched


# The baseline


def test_baseline_marks_new_unchanged_and_fixed():
    baseline = baseline_of({HOME: [ALT, CONTRAST], APPLY: [JARGON, CAPTCHA]})
    now = [
        PageResult(url=HOME, final_url=HOME, findings=(CONTRAST,)),
        PageResult(url=APPLY, final_url=APPLY, findings=(JARGON, finding("axe", "label", "serious", APPLY, "input"))),
    ]
    verdict = judge(now, {"fail_on": "serious"}, baseline=baseline)
    home, apply_page = verdict.rows
    assert [f["baseline"] for f in home["findings"]] == ["unchanged"]
    assert [f["rule"] for f in home["fixed"]] == ["image-alt"]
    assert [(f["rule"], f["baseline"]) for f in apply_page["findings"]] == [("jargon", "unchanged"), ("label", "new")]
    assert [f["rule"] for f in apply_page["fixed"]] == ["captcha"]
    assert verdict.summary["baseline"] == {"source": "run before", "fail_on_new": False, "new": 1, "unchanged": 2, "fixed": 2}


def test_a_page_that_could_not_be_audited_fixes_nothing():
    baseline = baseline_of({DOWN: [CAPTCHA]})
    verdict = judge([PageResult(url=DOWN, error=PageError("timeout", "too slow"))], {"fail_on": "serious"}, baseline=baseline)
    assert verdict.rows[0]["fixed"] == []


def test_an_ignored_finding_is_not_fixed():
    verdict = judge(pages(), {"fail_on": "serious"}, [Ignore("axe/image-alt", HOME, "accepted")], baseline_of({HOME: [ALT, CONTRAST]}))
    home = verdict.rows[0]
    assert [f["rule"] for f in home["ignored"]] == ["image-alt"]
    assert home["fixed"] == []
    assert verdict.summary["baseline"]["fixed"] == 0


def test_same_finding_needs_the_same_family():
    other_family = finding("reading", "image-alt", "critical", HOME, "img")  # the same fingerprint, another family
    assert other_family.fingerprint == ALT.fingerprint
    assert same(other_family.to_dict()) != same(ALT.to_dict())
    verdict = judge([PageResult(url=HOME, final_url=HOME, findings=(other_family,))], {}, baseline=baseline_of({HOME: [ALT]}))
    assert verdict.rows[0]["findings"][0]["baseline"] == "new"


# fail_on_new


def test_fail_on_new_judges_only_new_findings():
    known = baseline_of({HOME: [ALT, CONTRAST], APPLY: [JARGON]})
    verdict = judge(pages(), {"fail_on": "serious", "fail_on_new": True}, baseline=known)
    assert verdict.breached is False and verdict.summary["pages_failing"] == 0
    assert verdict.summary["baseline"]["fail_on_new"] is True
    # Without fail_on_new the same known barriers fail the run.
    assert judge(pages(), {"fail_on": "serious"}, baseline=known).breached is True

    only_alt_known = baseline_of({HOME: [ALT]})
    verdict = judge(pages(), {"fail_on": "serious", "fail_on_new": True}, baseline=only_alt_known)
    assert verdict.breached is True and verdict.summary["pages_failing"] == 1  # the contrast barrier is new


def test_fail_on_new_without_a_baseline_judges_everything():
    verdict = judge(pages(), {"fail_on": "serious", "fail_on_new": True})
    assert verdict.breached is True and verdict.summary["baseline"] is None


# One finding of a report document, as JUnit and SARIF judge it


@pytest.mark.parametrize(("impact", "outcome", "mark", "fail_on", "only_new", "expected"), [
    ("serious", "fail", "", "serious", False, True),
    ("moderate", "fail", "", "serious", False, False),
    ("critical", "review", "", "serious", False, False),
    ("critical", "fail", "", "none", False, False),
    ("critical", "fail", "unchanged", "serious", True, False),
    ("critical", "fail", "new", "serious", True, True),
    ("critical", "fail", "unchanged", "serious", False, True),
])
def test_breaches_one_finding(impact, outcome, mark, fail_on, only_new, expected):
    row = {**finding("axe", "x", impact, HOME, outcome=outcome).to_dict(), **({"baseline": mark} if mark else {})}
    assert breaches(row, fail_on, only_new) is expected


def test_threshold_is_read_from_the_summary_it_was_judged_with():
    known = baseline_of({HOME: [ALT]})
    assert threshold(judge(pages(), {"fail_on": "minor", "fail_on_new": True}, baseline=known).summary) == ("minor", True)
    assert threshold(judge(pages(), {"fail_on": "critical"}).summary) == ("critical", False)


def test_the_verdict_and_summarise_agree():
    results = pages()
    assert judge(results, {"fail_on": "moderate"}).summary.items() >= summarise(results, "moderate", False).items()


def test_the_verdict_sentence_names_a_count_threshold():
    from auditor.words import verdict as sentence

    within = judge(pages(), {"fail_on": "serious", "threshold": 2}).summary
    assert sentence(within) == ("good", "2 barriers of serious impact or worse, within the 2 allowed; 1 less severe barrier (1 minor).")
    over = judge(pages(), {"fail_on": "serious", "threshold": 1}).summary
    assert sentence(over) == ("bad", "2 barriers of serious impact or worse on 1 of 2 pages, more than the 1 allowed.")
