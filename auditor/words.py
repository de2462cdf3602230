"""Sentences and units shared by every output: the checks' findings, the
HTML report, the console and the desktop app say the same thing in the same
words and the same units.

Bytes are SI, as networks bill them and as the bandwidth budgets are set:
1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes (never 1,024). A figure shown
beside a limit is given with as many decimals as it takes for the two to
differ, so a page over its budget never reads as being on it.

Who each group is (:data:`GROUP_LINES`, :data:`GROUP_WHY`) is here too: the
summary, the reports and the desktop app all say it. What each rule is about
is the rule's own (:class:`auditor.rule.Rule`), carried by the run document.

Kept free of anything but plain data in and text out, so the core, the
reporters and the GUI can all import it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from string import Formatter
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from .model import at_or_above

IMPACT_ORDER = ("critical", "serious", "moderate", "minor")


def format_count(n: int) -> str:
    """A count as people read it: ``1,000``, not ``1000``."""
    return f"{n:,}"


def plural(n: int, one: str, many: str = "") -> str:
    """``1 page``, ``2 pages``, ``0 pages``, ``1,000 pages``; ``many`` for irregular nouns."""
    return f"{format_count(n)} {one if n == 1 else (many or one + 's')}"


BYTE_UNITS: tuple[tuple[str, int], ...] = (("kB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000))
"""SI units (1 kB = 1,000 bytes), smallest first; below 1 kB, bytes."""


def _number(value: float, decimals: int) -> str:
    """``value`` with at most ``decimals`` decimals, trailing zeros dropped."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _unit_for(n: float) -> int:
    """Index into BYTE_UNITS of the unit ``n`` bytes is said in; -1 for bytes."""
    index = -1
    for i, (_, size) in enumerate(BYTE_UNITS):
        if abs(n) >= size:
            index = i
    return index


def _in_unit(n: float, index: int, decimals: int) -> str:
    if index < 0:
        return plural(int(round(n)), "byte")
    name, size = BYTE_UNITS[index]
    return f"{_number(n / size, decimals)} {name}"


def format_bytes(n: float) -> str:
    """Bytes as a person reads them, in SI units: ``512 bytes``, ``1.5 kB``,
    ``350 kB``, ``1.9 MB``; one decimal under 10 of a unit, none above."""
    index = _unit_for(n)
    if index < 0:
        return _in_unit(n, index, 0)
    size = BYTE_UNITS[index][1]
    decimals = 1 if abs(n) / size < 10 else 0
    if round(abs(n) / size, decimals) >= 1000 and index + 1 < len(BYTE_UNITS):
        return _in_unit(n, index + 1, 1)  # 999,600 bytes: "1 MB", not "1000 kB"
    return _in_unit(n, index, decimals)


def _against(value: float, limit: float, plain: Any, in_unit: Any, most_decimals: int) -> tuple[str, str]:
    """``value`` and ``limit`` as ``plain`` writes them, or, when that makes
    two different figures read the same, both in one unit with decimals
    added until they differ."""
    first, second = plain(value), plain(limit)
    if first != second or value == limit:
        return first, second
    for decimals in range(1, most_decimals + 1):
        first, second = in_unit(value, decimals), in_unit(limit, decimals)
        if first != second:
            break
    return first, second


def bytes_against(value: float, budget: float) -> tuple[str, str]:
    """``value`` and ``budget`` formatted so that different figures never
    read the same: ``("1.05 MB", "1 MB")``, ``("1.048577 MB", "1.048576 MB")``."""
    index = _unit_for(max(abs(value), abs(budget)))
    exact = 3 * (index + 1)  # decimals that reach single bytes in this unit
    return _against(value, budget, format_bytes, lambda n, d: _in_unit(n, index, d), exact)


def format_seconds(ms: float) -> str:
    """A duration given in milliseconds, in seconds: ``1 second``, ``8.3 seconds``."""
    return _seconds(ms, 1)


def _seconds(ms: float, decimals: int) -> str:
    text = _number(ms / 1000, decimals)
    return f"{text} second" + ("" if text == "1" else "s")


def seconds_against(value_ms: float, limit_ms: float) -> tuple[str, str]:
    """Like :func:`bytes_against`, for durations: ``("5.04 seconds", "5 seconds")``."""
    return _against(value_ms, limit_ms, format_seconds, _seconds, 3)


def skipped_why(skipped: Mapping[str, str]) -> str:
    """Why a page was left alone on purpose, and where it was found, from a
    row of the document's ``skipped``: ``robots.txt does not allow this tool
    to load it (found on https://a.example/)``."""
    return skipped["message"] + (f" (found on {skipped['found_on']})" if skipped.get("found_on") else "")


def money(pounds: float) -> str:
    """£1.25, or 0.06p when it is under a penny."""
    value = float(pounds or 0)
    return f"£{value:.2f}" if value >= 0.01 else f"{value * 100:.2f}p"


def _pounds(value: float) -> str:
    """Money as GOV.UK writes it: £40 for whole pounds, else :func:`money`."""
    return f"£{value:,.0f}" if value >= 1 and float(value).is_integer() else money(value)


def _address(item: Any) -> str:
    """One entry of a ``urls`` figure: an address, or ``{url, content_length}``."""
    if not isinstance(item, Mapping):
        return str(item)
    size = item.get("content_length")
    return str(item.get("url", "")) + (f" (announced {format_bytes(size)})" if size else "")


def format_metric(value: Any, unit: str, noun: str = "") -> str:
    """A page figure as a person reads it, in its unit (the units a family
    may declare its metrics in, :data:`auditor.checks.base.METRIC_UNITS`):
    ``350 kB``, ``3 requests``, ``8.3 seconds``, ``85%``, ``£0.01``, ``yes``."""
    if unit == "bool":
        return "yes" if value else "no"
    if unit == "urls":
        return "; ".join(_address(item) for item in value)
    if not isinstance(value, (int, float)):  # text, or a figure that is not a number
        return str(value)
    if unit == "bytes":
        return format_bytes(value)
    if unit == "count":
        return plural(int(value), noun) if noun else format_count(int(value))
    if unit == "ms":
        return format_seconds(value)
    if unit == "ratio":
        return f"{value * 100:.0f}%"
    if unit == "gbp":
        return _pounds(float(value))
    if unit == "px":
        return f"{_number(value, 1)} px"
    if unit == "age":
        return _number(float(value), 1)
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or (not isinstance(value, bool) and value in (0, "", [], (), {}))


def page_facts(metrics: Mapping[str, Any], table: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """A page's figures as ``(label, text)`` rows, in the order of ``table``
    (the run's declared metrics, as the run document carries them): one row
    for each figure the page has, shown as its ``phrase`` says. A figure
    marked ``if-any`` is left out when it is zero or empty, one marked
    ``in-phrase`` gets no row of its own; a phrase that names a figure the
    page does not have falls back to the figure alone."""
    by_name = {d["name"]: d for d in table}
    rows = []
    for d in table:
        value = metrics.get(d["name"])
        if value is None or d.get("shown") == "in-phrase" or (d.get("shown") == "if-any" and _empty(value)):
            continue
        parts = {"value": format_metric(value, d["unit"], d.get("noun", ""))}
        phrase = d.get("phrase") or "{value}"
        for _, field, _, _ in Formatter().parse(phrase):
            if field and field != "value":
                other = by_name.get(field)
                if other is None or metrics.get(field) is None:
                    phrase = "{value}"
                    break
                parts[field] = format_metric(metrics[field], other["unit"], other.get("noun", ""))
        rows.append((d["label"], phrase.format(**parts)))
    return rows


def run_counts(summary: Mapping[str, Any]) -> str:
    """The run in one line: pages, barriers by impact, things to review."""
    impacts = impact_counts(summary["by_impact"])
    return (
        f"{plural(summary['pages'], 'page')}: {format_count(summary['audited'])} audited, {format_count(summary['unreachable'])} could not be audited. "
        f"{plural(summary['fail'], 'barrier')}{f' ({impacts})' if impacts else ''}, {format_count(summary['review'])} to review."
    )


def impact_counts(by_impact: Mapping[str, int]) -> str:
    """``1 critical, 2 serious``: the impacts that occur, worst first."""
    return ", ".join(f"{format_count(by_impact[i])} {i}" for i in IMPACT_ORDER if by_impact.get(i))


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

    allowed, counted = summary.get("threshold", 0), summary.get("failing", 0)
    barriers = f"{plural(counted, new + 'barrier')} of {fail_on} impact or worse"
    within = f"{barriers}, within the {format_count(allowed)} allowed" if counted else f"No {new}barriers of {fail_on} impact or worse were found"
    if summary["threshold_breached"]:
        pages = plural(summary["pages"], "page")
        failing = summary["pages_failing"]
        if counted <= allowed:  # the barriers pass: unreachable pages fail the run
            sentence = f"{within}, but {lost}"
        elif allowed:
            sentence = f"{barriers} on {format_count(failing)} of {pages}, more than the {format_count(allowed)} allowed"
        else:
            sentence = f"{format_count(failing)} of {pages} {'has' if failing == 1 else 'have'} {new}barriers of {fail_on} impact or worse"
        if counted > allowed and counts_unreachable:
            sentence += f", and {lost}"
        return "bad", sentence + "."

    sentence = within
    below = {i: n for i, n in summary["by_impact"].items() if n and not at_or_above(i, fail_on)}
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


GROUP_LINES: dict[str, str] = {
    "screen-reader": "People who use a screen reader",
    "low-vision": "People with low vision who zoom or need strong contrast",
    "keyboard": "People who use a keyboard instead of a mouse",
    "hearing": "People who are deaf or hard of hearing",
    "cognitive": "People with cognitive impairments or low literacy",
    "low-bandwidth": "People on slow or expensive mobile data",
    "older-devices": "People on small or old devices or without working JavaScript",
    "no-internet-or-phone": "People without internet access or a phone of their own",
    "privacy": "People whose personal data the page puts at risk",
}
"""Who each group is, as the start of a sentence (the HTML report's "who is
excluded", its filters and finding details, and the desktop app)."""

GROUP_NAMES: dict[str, str] = {
    "screen-reader": "screen reader users",
    "low-vision": "people with low vision",
    "keyboard": "keyboard users",
    "hearing": "deaf or hard of hearing people",
    "cognitive": "people with cognitive impairments or low literacy",
    "low-bandwidth": "people on slow or expensive data",
    "older-devices": "people on small or old devices or without JavaScript",
    "no-internet-or-phone": "people without internet or a phone of their own",
    "privacy": "people whose data the page puts at risk",
}
"""Who each group is, short enough to list several in one line ("shuts out
screen reader users, keyboard users"), where :data:`GROUP_LINES` would
make the line too long to scan."""

GROUP_WHY: dict[str, str] = {
    "screen-reader": "People who cannot see the screen hear only what the page's code tells their screen reader.",
    "low-vision": "People with low vision need to zoom, enlarge text and see clear contrast to read the page.",
    "keyboard": "People who cannot use a mouse need to reach and operate everything with the keyboard.",
    "hearing": "People who are deaf or hard of hearing need sound given in words.",
    "cognitive": "People with cognitive impairments or low literacy need plain, predictable pages.",
    "low-bandwidth": "On slow or pay-as-you-go mobile data every download costs time and money.",
    "older-devices": "On small, old or locked-down devices, pages must work without much power, space or JavaScript.",
    "no-internet-or-phone": "Many people have no broadband, no smartphone or no phone of their own: a public service must also offer a way in by telephone, by post or in person.",
    "privacy": "People stop using a service they cannot trust with their data, and those who must use it are exposed: their data must travel safely and only where they expect.",
}


def safe_href(url: Any) -> str:
    """A URL fit for an ``href``: only http(s); anything else becomes empty."""
    text = str(url or "")
    return text if urlsplit(text).scheme in ("http", "https") else ""


def wcag_url(criterion: str) -> str:
    """Where the WCAG quick reference explains ``criterion`` (``1.4.3``)."""
    return f"https://www.w3.org/WAI/WCAG22/quickref/#:~:text={criterion}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _moment(stamp: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None


def _day(moment: dt.datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def plain_date(stamp: Any) -> str:
    """An ISO 8601 timestamp as people write it: ``30 November 2026, 10:28``
    (day, month in words, year; the 24-hour time, in the zone it was
    recorded in). Anything else is returned as it is, so a stored value
    that is not a timestamp is still shown, not lost."""
    if stamp is None:
        return ""
    moment = _moment(stamp)
    return f"{_day(moment)}, {moment:%H:%M}" if moment else str(stamp)


def plain_span(started: Any, finished: Any) -> str:
    """When a run ran: ``30 November 2026, 16:49 to 16:50``, the date said
    again only when it finished on another day, the time once when it
    finished within the minute."""
    if not finished:
        return f"{plain_date(started)} (not finished)"
    first, last = _moment(started), _moment(finished)
    if first and last and _day(first) == _day(last):
        later = f"{last:%H:%M}"
        return plain_date(started) + ("" if later == f"{first:%H:%M}" else f" to {later}")
    return f"{plain_date(started)} to {plain_date(finished)}"


TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " · ", " :: ")
"""What sites put between a page's own title and the site's name. A colon
is not one: "Garden waste: fees" is a title, not a title and a site."""


def shared_title_suffix(titles: Iterable[str]) -> str:
    """The ending most page titles repeat after a separator (`` - Council
    name``), longest first; ``""`` unless more than half of the titled pages
    (and at least two) end with it. Said once in a report instead of on
    every page, it leaves each page its own name."""
    named = [t for t in titles if t]
    counts: Counter[str] = Counter()
    for title in named:
        counts.update({title[i:] for sep in TITLE_SEPARATORS for i in _positions(title, sep)})
    need = max(2, len(named) // 2 + 1)
    return max((s for s, n in counts.items() if n >= need), key=lambda s: (len(s), s), default="")


def _positions(text: str, sep: str) -> list[int]:
    found, i = [], text.find(sep, 1)  # a separator at the very start leaves no title before it
    while i != -1:
        found.append(i)
        i = text.find(sep, i + 1)
    return found


def short_title(title: str, suffix: str) -> str:
    """``title`` without the site's shared ending (:func:`shared_title_suffix`)."""
    if suffix and title.endswith(suffix) and len(title) > len(suffix):
        return title[: -len(suffix)].rstrip()
    return title


def site_name(suffix: str) -> str:
    """The site's name in a shared title ending: `` - Council name`` -> ``Council name``."""
    for sep in TITLE_SEPARATORS:
        if suffix.startswith(sep):
            return suffix[len(sep):].strip()
    return suffix.strip()


def exclusion_counts(row: Mapping[str, Any], audited: int) -> str:
    """What one group meets, severity first, from a row of the document's
    ``priorities.excluded``: ``5 critical and 4 serious barriers, and 2
    less severe, on 5 of 6 pages`` (the pages are those of all its
    barriers); a group that meets only minor barriers is
    told so (``only minor barriers: 12 on 6 of 6 pages``), so a long list of
    small things never reads as worse than a few that shut people out."""
    where = f"on {format_count(row['pages'])} of {plural(audited, 'page')}"
    if row.get("only_minor"):
        return f"only minor barriers: {format_count(row['minor'])} {where}"
    severe = [(i, row.get(i, 0)) for i in ("critical", "serious") if row.get(i)]
    milder = row.get("moderate", 0) + row.get("minor", 0)
    if not severe:
        return f"no critical or serious barriers; {join_and([f'{format_count(row[i])} {i}' for i in ('moderate', 'minor') if row.get(i)])} {where}"
    noun = "barrier" if sum(n for _, n in severe) == 1 else "barriers"
    text = f"{join_and([f'{format_count(n)} {i}' for i, n in severe])} {noun}"
    return text + (f", and {format_count(milder)} less severe, {where}" if milder else f" {where}")


def join_and(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]
