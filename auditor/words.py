"""Sentences and units shared by every output: the HTML report, the console
and the desktop app say the same thing in the same words.

Kept free of anything but plain data in and text out, so the core, the
reporters and the GUI can all import it.
"""

from __future__ import annotations

from typing import Any, Mapping

IMPACT_ORDER = ("critical", "serious", "moderate", "minor")


def plural(count: int, one: str, many: str = "") -> str:
    """``1 page``, ``2 pages``, ``0 pages``; ``many`` for irregular nouns."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def impact_counts(by_impact: Mapping[str, int]) -> str:
    """``1 critical, 2 serious``: the impacts that occur, worst first."""
    return ", ".join(f"{by_impact[i]} {i}" for i in IMPACT_ORDER if by_impact.get(i))


def _reviews(summary: Mapping[str, Any]) -> str:
    return f"{plural(summary['review'], 'thing')} for a person to check" if summary.get("review") else ""


def verdict(summary: Mapping[str, Any], allow_unreachable: bool = False) -> tuple[str, str]:
    """The run's verdict as ``(tone, sentence)``, tone ``bad``, ``good`` or
    ``neutral``, from a report summary.

    With ``fail_on`` ``none`` there is no threshold, so nothing passes or
    fails: the sentence only counts what was found, by impact, and the tone
    is neutral (bad only when unreachable pages still fail the run). With
    ``--fail-on-new`` the threshold applies to new barriers only, and the
    sentence says so."""
    fail_on = summary["fail_on"]
    only_new = bool((summary.get("baseline") or {}).get("fail_on_new"))
    new = "new " if only_new else ""
    unreachable = summary.get("unreachable", 0)
    counts_unreachable = bool(unreachable) and not allow_unreachable
    lost = f"{plural(unreachable, 'page')} could not be audited"
    reviews = _reviews(summary)

    if fail_on == "none":
        found = f"{plural(summary['fail'], 'barrier')} found: {impact_counts(summary['by_impact'])}" if summary["fail"] else "No barriers found"
        parts = [found, *([reviews] if reviews else []), *([lost] if unreachable else [])]
        return ("bad" if counts_unreachable else "neutral"), "; ".join(parts) + "."

    if summary["threshold_breached"]:
        failing = summary["pages_failing"]
        if failing:
            sentence = (f"{failing} of {plural(summary['pages'], 'page')} {'has' if failing == 1 else 'have'} "
                        f"{new}barriers of {fail_on} impact or worse")
            if counts_unreachable:
                sentence += f", and {lost}"
        else:
            sentence = f"No {new}barriers of {fail_on} impact or worse were found, but {lost}"
        return "bad", sentence + "."

    sentence = f"No {new}barriers of {fail_on} impact or worse were found"
    below = {i: n for i, n in summary["by_impact"].items() if n}
    extras = []
    if below and not only_new:
        extras.append(f"{plural(sum(below.values()), 'less severe barrier')} ({impact_counts(below)})")
    elif summary["fail"] and only_new:
        extras.append(f"{plural(summary['fail'], 'barrier')} known from the baseline or less severe ({impact_counts(summary['by_impact'])})")
    if reviews:
        extras.append(reviews)
    if unreachable:
        extras.append(lost)
    return "good", sentence + "".join(f"; {e}" for e in extras) + "."
