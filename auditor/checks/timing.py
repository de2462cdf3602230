"""Time limits: pages that move on, reload or count down by themselves
(WCAG 2.2.1 Timing Adjustable).

Reads the ``timing`` artifact (:mod:`auditor.collectors.timing`) and the
page's text (``text``).

Rules:

``meta-refresh`` (WCAG 2.2.1)
    a meta refresh reloads the page, or sends people elsewhere, after a
    delay of up to 20 hours (longer is exempt); an immediate redirect to
    another page sets no time limit. axe-core's ``meta-refresh`` reports the
    same barrier: where it does, its finding is the one kept (``defers_to``).
``countdown`` (WCAG 2.2.1, review)
    a clock on the page counts down while the person reads: a time limit. A
    person must check that it warns at least 20 seconds before it ends and
    can be turned off, adjusted or extended (at least ten times, with one
    simple action).
``time-limit-announced`` (WCAG 2.2.1, review)
    the page says there is a time limit ("your session will time out after
    20 minutes"; Welsh too): the same check for a person, for limits a
    script keeps without showing a clock (a page with a countdown has that
    finding instead, not both).

Settings (``[timing]`` in the config file): ``time_limit_phrases``, regular
expressions added to :data:`TIME_LIMIT_PHRASES`.

Metrics: ``refresh_after_ms`` (the first meta refresh's delay), ``countdowns``.

Not covered: a limit a script keeps without a word or a clock on the page
(a session that ends after N minutes of inactivity) cannot be seen without
waiting it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urljoin

from ..model import normalise_url
from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "timing"

UNDERSTANDING_TIMING = "https://www.w3.org/WAI/WCAG22/Understanding/timing-adjustable.html"
GROUPS = ("cognitive", "screen-reader")
EXTEND = ("Warn people at least 20 seconds before the time runs out and let them extend it with one simple action "
          "(at least ten times), or let them turn the limit off or set it to ten times its length before it starts.")

RULES = (
    Rule("meta-refresh", ID, "critical", ("2.2.1",), GROUPS, UNDERSTANDING_TIMING,
         "The page moves or reloads by itself after a delay.",
         "Remove the refresh; redirect on the server (HTTP 301) if the page has moved."),
    Rule("countdown", ID, "serious", ("2.2.1",), GROUPS, UNDERSTANDING_TIMING,
         "A clock counts down while people use the page: a time limit to check.", EXTEND, outcome="review"),
    Rule("time-limit-announced", ID, "moderate", ("2.2.1",), GROUPS, UNDERSTANDING_TIMING,
         "The page says there is a time limit: check that people can extend it.", EXTEND, outcome="review"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("refresh_after_ms", "Reloads or moves on by itself after", "ms",
           "The delay of the page's meta refresh, when it has one that sets a time limit.", shown="if-any"),
    Metric("countdowns", "Clocks counting down", "count", "Clocks on the page seen counting down while it was read.",
           noun="clock", shown="if-any"),
)

TWENTY_HOURS_S = 72_000
"""WCAG 2.2.1 exempts time limits longer than 20 hours."""

TIME_LIMIT_PHRASES = (
    r"\bsession\b[^.!?]{0,40}\b(time\s*out|times\s+out|timeout|expire|expires|ends?|run\s+out)\b",
    r"\byou\s+(have|will\s+have)\s+\d+\s+(minutes?|seconds?|hours?)\s+(left|remaining|to)\b",
    r"\btime\s+(limit|remaining|left)\b",
    # Welsh: "bydd eich sesiwn yn dod i ben" (your session will end), "terfyn
    # amser" (time limit), "mae gennych N munud ar ôl" (you have N minutes left).
    r"\bsesiwn\b[^.!?]{0,40}\bdod\s+i\s+ben\b",
    r"\bterfyn\s+amser\b",
    r"\bmae\s+gennych\s+\d+\s+(munud|eiliad|awr)\b",
)
"""Sentences that tell people of a time limit, in English and Welsh (the
wording GOV.UK's and Welsh Government's services use when a session ends:
a project list; add a service's own with ``time_limit_phrases``)."""

# A meta refresh's content: a delay in seconds, then optionally the address
# (HTML's "shared declarative refresh steps", simplified).
_REFRESH = re.compile(r"^\s*(\d+)(?:\.[\d.]*)?\s*(?:[;,\s]\s*(?:url\s*=\s*)?(.*?))?\s*$", re.IGNORECASE | re.DOTALL)
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})((?::[0-5]\d){1,2})(?![\d:])")


@dataclass(frozen=True)
class Options:
    """The ``[timing]`` table."""

    time_limit_phrases: tuple[str, ...] = ()
    """Regular expressions, besides :data:`TIME_LIMIT_PHRASES`, for sentences
    that announce a time limit (matched without regard to case)."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[timing]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    phrases = table.get("time_limit_phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise ValueError("[timing] time_limit_phrases must be a list of regular expressions")
    for phrase in phrases:
        try:
            re.compile(phrase)
        except re.error as exc:
            raise ValueError(f"[timing] time_limit_phrases: {phrase!r} is not a regular expression: {exc}") from None
    return Options(tuple(phrases))


def parse_refresh(content: str, page_url: str) -> tuple[int, str] | None:
    """(delay in seconds, absolute target address) of a meta refresh, the
    target being the page itself when none is given; None when the content
    is not a refresh a browser would follow."""
    match = _REFRESH.match(content or "")
    if not match:
        return None
    target = (match.group(2) or "").strip().strip("'\"")
    return int(match.group(1)), urljoin(page_url, target) if target else page_url


def clock_seconds(text: str) -> int | None:
    """The time a clock shows, in seconds (``19:59`` is 1199, ``1:02:30`` is
    3750); None when the text holds no time."""
    match = _CLOCK.search(text or "")
    if not match:
        return None
    parts = [int(match.group(1)), *(int(p) for p in match.group(2).split(":")[1:])]
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def counts_down(clock: Mapping[str, Any]) -> bool:
    """Whether a watched clock's two readings went down."""
    before, after = clock_seconds(clock.get("before", "")), clock_seconds(clock.get("after", ""))
    return before is not None and after is not None and after < before


def _refresh(out: PageFindings, found: Mapping[str, Any]) -> int | None:
    """Findings for the page's meta refreshes; the first one's delay in ms."""
    page_url = out.page.final_url or out.page.url
    first = None
    for meta in found.get("meta_refresh", ()):
        parsed = parse_refresh(meta.get("content", ""), page_url)
        if parsed is None:
            continue
        delay, target = parsed
        same_page = normalise_url(target) == normalise_url(page_url)
        if delay > TWENTY_HOURS_S or (delay == 0 and not same_page):
            continue  # exempt (over 20 hours), or an immediate redirect: no time limit
        first = delay * 1000 if first is None else first
        if same_page:
            summary = f"The page reloads itself every {plural(delay, 'second')} (meta refresh)." if delay else "The page reloads itself at once, over and over (meta refresh)."
        else:
            summary = f"The page sends people to {target} after {plural(delay, 'second')} (meta refresh)."
        out.add(
            "meta-refresh",
            summary,
            "People who read slowly, use a screen reader or magnifier, or need a break lose their place and their work when the page "
            "changes under them, and cannot stop it. " + RULE["meta-refresh"].how_to_fix,
            meta.get("selector", "meta"),
            meta.get("snippet", ""),
        )
    return first


def _countdowns(out: PageFindings, found: Mapping[str, Any]) -> int:
    clocks = [c for c in found.get("moving", ()) if counts_down(c)]
    for clock in clocks:
        out.add(
            "countdown",
            f"A clock on the page counts down ({clock.get('before', '')} then {clock.get('after', '')}).",
            "People who read slowly, use a screen reader or switch device, or need a break can run out of time. " + EXTEND,
            clock.get("selector") or "body",
            clock.get("snippet", ""),
        )
    return len(clocks)


def _announced(out: PageFindings, text: Mapping[str, Any], options: Options) -> None:
    """One finding for the first block (or the page) that announces a time limit."""
    phrases = [re.compile(p, re.IGNORECASE) for p in (*TIME_LIMIT_PHRASES, *options.time_limit_phrases)]
    body = text.get("body_text") or ""
    said = next((m for p in phrases if (m := p.search(body))), None)
    if said is None:
        return
    block = next((b for b in text.get("blocks", ()) if not b.get("container") and any(p.search(b.get("text", "")) for p in phrases)), None)
    out.add(
        "time-limit-announced",
        f"The page mentions a time limit: “{said.group(0).strip()[:80]}”.",
        "Check how long people have, whether they are warned before the time runs out, and whether they can ask for more. " + EXTEND,
        (block or {}).get("selector") or "body",
        (block or {}).get("snippet", ""),
    )


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["timing"]
    out = PageFindings(page, RULE)
    refresh_ms = _refresh(out, found)
    countdowns = _countdowns(out, found)
    if not countdowns:  # a countdown is the limit the words announce: one barrier, reported once
        _announced(out, artifacts.get("text") or {}, page.options or Options())
    metrics: dict[str, Any] = {"countdowns": countdowns, "clocks_seen": int(found.get("clocks_seen") or 0)}
    if refresh_ms is not None:
        metrics["refresh_after_ms"] = refresh_ms
    return CheckResult(findings=tuple(out), metrics=metrics)


CHECK = Check(
    id=ID,
    title="Time limits",
    needs=("timing", "text"),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    # axe-core's meta-refresh fails every refresh of 1 s to 20 hours, the same
    # barrier as ours: where axe ran and reported it, axe's finding (its own
    # impact and tags, copied as axe results always are) is the one kept. Ours
    # remains where axe did not run or did not see it: a page that reloads
    # itself at once (delay 0, which axe passes).
    defers_to={"meta-refresh": ("axe/meta-refresh",)},
    metrics=METRICS,
)
