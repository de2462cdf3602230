"""The bandwidth family's budgets: the figures a page is held to, where each
comes from, the ``[bandwidth]`` options that change them, and the findings
when a page breaks one, in words every output shares (:mod:`auditor.words`).

The family's rules are declared in :mod:`auditor.checks.bandwidth`; the
budgets' findings are made from them here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any, Mapping

from ..model import Finding, Target
from ..netprofiles import PROFILES, NetworkProfile
from ..rule import Rule
from ..words import bytes_against, format_bytes, format_seconds, plural, seconds_against
from .base import refuse_unknown, run_setting, table_settings

FAMILY = "bandwidth"

# Budgets. Bytes are SI (1 MB = 1,000,000 bytes), as networks bill them and as
# every output says them (auditor.words).
# - Total 1 MB: on WebPageTest's 3G profile (1.6 Mbps) 1 MB is 5 seconds of
#   transfer on its own; the median mobile page is about 2.3 MB and 66
#   requests (HTTP Archive, Web Almanac 2024, Page Weight chapter), so the
#   budget asks for less than half the typical page.
# - Scripts 300 kB and images 500 kB: the per-type budgets commonly
#   recommended for a content page (e.g. Addy Osmani's web-quality-skills
#   "Performance budgets" reference: JavaScript under 300 kB, images above
#   the fold under 500 kB); script also costs CPU time on older phones.
# - 60 requests: below the median mobile page's 66 (Web Almanac 2024); each
#   request costs at least one round trip, 300 ms on 3G.
# - 5 seconds on 3G: the target of Alex Russell's "Can You Afford It?:
#   Real-world Web Performance Budgets" (infrequently.org, 2017): interactive
#   in 5 seconds on a 3G connection and a median phone.
BUDGET_TRANSFER_BYTES = 1_000_000
BUDGET_SCRIPT_BYTES = 300_000
BUDGET_IMAGE_BYTES = 500_000
BUDGET_REQUESTS = 60
BUDGET_LOAD_MS_3G = 5_000
BUDGET_PROFILE = "3G"

# A low-end phone. Its processor is taken to run the page's scripts this many
# times slower than the audit machine: Lighthouse's mobile throttling slows
# the CPU 4 times ("4x CPU slowdown", calibrated to a Moto G4-class phone;
# https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md).
# Its budget is the 3G budget above, whose source is itself about a median
# phone on 3G (Alex Russell, "Can You Afford It?", 2017: interactive in 5
# seconds on a slow phone over 3G).
LOW_END_CPU_SLOWDOWN = 4.0
LOW_END_SOURCE = "Lighthouse's mobile throttling, a 4x CPU slowdown"
LOW_END_HELP = "https://github.com/GoogleChrome/lighthouse/blob/main/docs/throttling.md"
BUDGET_LOAD_MS_LOW_END = BUDGET_LOAD_MS_3G
SERIOUS_OVER = 2.0
"""A budget breached more than this many times over is serious, else moderate."""

# Vodafone UK "Pay as you go 1": 20p for every 5 MB of data, i.e. 4p per MB or
# £40 per GB (Vodafone UK support, "Do I have to pay £1 a day to use my phone
# on Pay as you go 1?", support.vodafone.co.uk). That plan caps spending at
# £1 a day, which a single page visit never reaches, so the per-MB rate is the
# cost of the visit.
PRICE_PER_GB_GBP = 40.0

BUDGET_HELP = "https://www.gov.uk/service-manual/technology/how-to-test-frontend-performance"


@dataclass(frozen=True)
class Options:
    """The ``[bandwidth]`` table (budgets and the price of data), and how
    the run loads pages (``throttle``, ``throttle_profile``): a page's load
    time is measured rather than estimated under applied throttling."""

    budget_transfer_bytes: float = BUDGET_TRANSFER_BYTES
    budget_script_bytes: float = BUDGET_SCRIPT_BYTES
    budget_image_bytes: float = BUDGET_IMAGE_BYTES
    budget_requests: float = BUDGET_REQUESTS
    budget_load_ms_3g: float = BUDGET_LOAD_MS_3G
    budget_load_ms_low_end: float = BUDGET_LOAD_MS_LOW_END
    price_per_gb_gbp: float = PRICE_PER_GB_GBP
    throttle: str = run_setting("simulated")
    throttle_profile: str = run_setting(BUDGET_PROFILE)


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[bandwidth]`` settings over the defaults; a wrong name or type raises ValueError."""
    refuse_unknown(FAMILY, table, table_settings(Options))
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"[bandwidth] {name} must be a number, not {value!r}")
        if not math.isfinite(value) or value < 0 or (value == 0 and name != "price_per_gb_gbp"):
            raise ValueError(f"[bandwidth] {name} must be a positive number, not {value!r}")
    return Options(**table)


DEFAULTS: Mapping[str, float] = {f.name: f.default for f in fields(Options) if f.name in table_settings(Options)}
"""The budgets and the price of data when the config sets none."""


def _profile_phrase(profile: NetworkProfile) -> str:
    return f"{profile.down_kbps / 1000:g} Mbps down, {profile.rtt_ms:g} ms round trip"


def _budget_impact(value: float, budget: float) -> str:
    return "serious" if value > SERIOUS_OVER * budget else "moderate"


def budget_findings(rules: Mapping[str, Rule], page_url: str, html: Target, metrics: Mapping[str, Any], limits: Options,
                    load_3g: tuple[float, str] | None) -> list[Finding]:
    """A finding for each budget the page breaks, of the family's ``rules``
    (by id), about the page (``html``): ``metrics`` are the page's figures,
    ``load_3g`` the load time on 3G and how it was had (estimated or
    measured), or None."""
    findings: list[Finding] = []
    total, budget = metrics["transfer_bytes"], limits.budget_transfer_bytes
    if total > budget:
        said, limit = bytes_against(total, budget)
        findings.append(rules["page-weight-over-budget"].finding(
            page_url, (html,),
            impact=_budget_impact(total, budget),
            summary=f"The page transfers {said}; the budget is {limit}.",
            detail=(f"Every byte is time on a slow connection and money on pay-as-you-go data: this visit costs about "
                    f"£{metrics['data_cost_gbp']:.2f} at £{metrics['price_per_gb_gbp']:g} per GB. Remove what the page does not need "
                    f"and compress or resize the rest; the heaviest part is {_heaviest_type(metrics)}.{_unfinished_note(metrics)}"),
        ))
    scripts, budget = metrics["bytes_by_type"]["script"], limits.budget_script_bytes
    if scripts > budget:
        said, limit = bytes_against(scripts, budget)
        findings.append(rules["script-weight-over-budget"].finding(
            page_url, (html,),
            impact=_budget_impact(scripts, budget),
            summary=f"The page's scripts transfer {said}; the budget is {limit}.",
            detail=("Scripts cost download time and then processor time: older and cheaper phones take seconds to run them. "
                    + rules["script-weight-over-budget"].how_to_fix),
        ))
    images, budget = metrics["bytes_by_type"]["image"], limits.budget_image_bytes
    if images > budget:
        said, limit = bytes_against(images, budget)
        findings.append(rules["image-weight-over-budget"].finding(
            page_url, (html,),
            impact=_budget_impact(images, budget),
            summary=f"The page's images transfer {said}; the budget is {limit}.",
            detail="Images are usually the heaviest part of a page. " + rules["image-weight-over-budget"].how_to_fix,
        ))
    count, budget = metrics["requests"], limits.budget_requests
    if count > budget:
        findings.append(rules["too-many-requests"].finding(
            page_url, (html,),
            impact=_budget_impact(count, budget),
            summary=f"The page makes {plural(count, 'request')}; the budget is {budget:g}.",
            detail=("Each request costs at least one round trip, which is hundreds of milliseconds on a mobile connection. "
                    + rules["too-many-requests"].how_to_fix),
        ))
    if load_3g is not None:
        load_ms, how = load_3g
        budget = limits.budget_load_ms_3g
        if load_ms > budget:
            profile = PROFILES[BUDGET_PROFILE]
            said, limit = seconds_against(load_ms, budget)
            findings.append(rules["slow-load-on-3g"].finding(
                page_url, (html,),
                impact=_budget_impact(load_ms, budget),
                summary=f"On a 3G connection the page would take about {said} to load; the budget is {limit}.",
                detail=(f"{how} over the {BUDGET_PROFILE} profile ({_profile_phrase(profile)}; {profile.source}). "
                        "People on slow connections give up on pages that take this long; send fewer bytes and fewer "
                        "requests, and avoid chains of requests that wait for one another."),
            ))
    return findings


def low_end_load_ms(load_ms_3g: float, main_thread_ms: float, counted_ms: float, slowdown: float = LOW_END_CPU_SLOWDOWN) -> float:
    """When the page would be usable on a low-end phone over 3G: the 3G load
    plus the processor time the page's main thread took while it loaded
    (``main_thread_ms``), slowed ``slowdown`` times. ``counted_ms`` of the 3G
    load is the page's work as it ran on this machine (the long tasks in the
    simulation's recorded tail before the load event; all of the processor
    time in a load measured under throttling), so it is not added twice; it
    is wall-clock time, which on a busy machine holds waiting for a core as
    well, so never more than the processor time is taken off."""
    return load_ms_3g + slowdown * main_thread_ms - min(counted_ms, main_thread_ms)


def busy_within(tasks: Any, start_ms: float, end_ms: float) -> float:
    """How much of the long tasks (``[start, duration]`` pairs, ms) falls
    between ``start_ms`` and ``end_ms``."""
    total = 0.0
    for task in tasks if isinstance(tasks, (list, tuple)) else ():
        if not (isinstance(task, (list, tuple)) and len(task) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in task)):
            continue
        total += max(0.0, min(end_ms, task[0] + task[1]) - max(start_ms, task[0]))
    return total


def low_end_finding(rule: Rule, page_url: str, html: Target, low_end_ms: float, main_thread_ms: float,
                    load_3g: tuple[float, str], budget: float) -> Finding | None:
    """The ``slow-load-on-low-end-phone`` finding when ``low_end_ms`` is over
    ``budget``, else None; ``load_3g`` is the 3G load and how it was had."""
    if low_end_ms <= budget:
        return None
    said, limit = seconds_against(low_end_ms, budget)
    load_ms, how = load_3g
    return rule.finding(
        page_url, (html,),
        impact=_budget_impact(low_end_ms, budget),
        summary=f"On a low-end phone over 3G the page would be usable after about {said}; the budget is {limit}.",
        detail=(f"{how}, the page loads in about {format_seconds(load_ms)} over {BUDGET_PROFILE}; its scripts kept the browser's "
                f"main thread busy for {format_seconds(main_thread_ms)} while it loaded here, and a low-end phone's processor "
                f"takes about {LOW_END_CPU_SLOWDOWN:g} times as long ({LOW_END_SOURCE}). Until then the page does not respond. "
                + rule.how_to_fix),
    )


def _unfinished_note(metrics: Mapping[str, Any]) -> str:
    """What the figures leave out: responses still loading when the page was read."""
    count = metrics.get("unfinished_requests") or 0
    if not count:
        return ""
    announced = sum(u["content_length"] for u in metrics.get("unfinished", ()) if u.get("content_length"))
    more = f"; the server announced {format_bytes(announced)} for them" if announced else ""
    responses = "response was" if count == 1 else "responses were"
    return f" {count} {responses} still loading when the page was read: only what had arrived is counted{more}."


def _heaviest_type(metrics: Mapping[str, Any]) -> str:
    by_type = metrics["bytes_by_type"]
    key = max(by_type, key=lambda k: by_type[k])  # the first of the heaviest, in the order of the types
    names = {"document": "the HTML", "script": "scripts", "stylesheet": "stylesheets", "image": "images", "font": "fonts", "media": "audio and video", "other": "other requests"}
    return f"{names[key]} ({format_bytes(by_type[key])})"
