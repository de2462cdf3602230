"""Documents and dead ends.

Links to PDF and office documents (with their size, from a bounded HEAD
request), flagged most when a form or the main call to action is only a
document; meta refresh (a time limit, WCAG 2.2.1; deferred to axe-core's
``meta-refresh`` where axe reports it, see ``CHECK``); CAPTCHA widgets; audio
and video that start by themselves (WCAG 1.4.2, 2.2.2); and no link to an
accessibility statement, which UK public sector bodies must publish.

Settings (``[documents]`` in the config file):
``require_accessibility_statement`` (see :data:`REQUIRE_ACCESSIBILITY_STATEMENT`).

Not covered: time limits kept by scripts (a session that ends after N minutes
of inactivity) cannot be seen without waiting them out.
"""

from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import urljoin

from ..collectors.documents import DOCUMENT_FORMATS
from ..model import normalise_url
from ..words import format_bytes, plural
from .base import Check, CheckResult, FindingList, Metric, PageContext

CHECK_ID = "documents"

METRICS = (
    Metric("document_links", "Links to documents", "count", "Links to PDF, Word and other documents the page offers instead of a web page.", noun="link"),
    Metric("has_accessibility_statement_link", "Links to an accessibility statement", "bool", "Whether the page links to an accessibility statement."),
)

REQUIRE_ACCESSIBILITY_STATEMENT = True
"""Report pages with no link to an accessibility statement. UK public sector
bodies must publish a statement (the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018); other sites
may set this to false."""

TWENTY_HOURS_S = 72_000
"""WCAG 2.2.1 exempts time limits longer than 20 hours."""
AUDIO_LIMIT_S = 3.0
"""WCAG 1.4.2 applies to audio that plays automatically for more than 3 seconds."""
MOVING_LIMIT_S = 5.0
"""WCAG 2.2.2 applies to moving content that starts by itself and lasts more than 5 seconds."""

HTML_NOT_PDF = "https://gds.blog.gov.uk/2018/07/16/why-gov-uk-content-should-be-published-in-html-and-not-pdf/"
UNDERSTANDING_TIMING = "https://www.w3.org/WAI/WCAG22/Understanding/timing-adjustable.html"
UNDERSTANDING_AUDIO_CONTROL = "https://www.w3.org/WAI/WCAG22/Understanding/audio-control.html"
UNDERSTANDING_PAUSE = "https://www.w3.org/WAI/WCAG22/Understanding/pause-stop-hide.html"
CAPTCHA_NOTE = "https://www.w3.org/TR/turingtest/"
STATEMENT_GUIDANCE = "https://www.gov.uk/guidance/make-your-website-or-app-accessible-and-publish-an-accessibility-statement"

DOCUMENT_GROUPS = ("screen-reader", "low-bandwidth")
# A form that exists only as a document must be printed or filled in with
# document software: hard with a screen reader and on a phone.
FORM_GROUPS = ("screen-reader", "low-bandwidth", "older-devices")
TIMING_GROUPS = ("cognitive", "screen-reader")
CAPTCHA_GROUPS = ("screen-reader", "cognitive", "low-vision")
AUDIO_GROUPS = ("screen-reader", "cognitive")
STATEMENT_GROUPS = ("screen-reader", "cognitive")

# Words of a link that offer a form or an application (a project heuristic).
_FORM_WORDS = re.compile(r"\b(forms?|apply|application|claim|register|registration|appeal|complaint|request|booking)\b", re.IGNORECASE)
# A meta refresh's content: a delay in seconds, then optionally the address
# (HTML's "shared declarative refresh steps", simplified).
_REFRESH = re.compile(r"^\s*(\d+)(?:\.[\d.]*)?\s*(?:[;,\s]\s*(?:url\s*=\s*)?(.*?))?\s*$", re.IGNORECASE | re.DOTALL)
_WS = re.compile(r"\s+")


def format_size(size: int | None) -> str:
    """A file size as every output says it (SI units, :mod:`auditor.words`),
    or ``size unknown`` when the server did not say."""
    return "size unknown" if size is None else format_bytes(size)


def parse_refresh(content: str, page_url: str) -> tuple[int, str] | None:
    """(delay in seconds, absolute target address) of a meta refresh, the
    target being the page itself when none is given; None when browsers
    would ignore it."""
    match = _REFRESH.match(content or "")
    if not match:
        return None
    target = (match.group(2) or "").strip().strip("'\"").strip()
    return int(match.group(1)), urljoin(page_url, target) if target else page_url


def settings(options: Mapping[str, Any]) -> dict[str, bool]:
    """The ``[documents]`` settings, checked; a wrong name or value raises ValueError."""
    unknown = sorted(set(options) - {"require_accessibility_statement"})
    if unknown:
        raise ValueError(f"[documents] has no setting {unknown[0]!r} (settings: require_accessibility_statement)")
    value = options.get("require_accessibility_statement", REQUIRE_ACCESSIBILITY_STATEMENT)
    if not isinstance(value, bool):
        raise ValueError(f"[documents] require_accessibility_statement must be true or false, not {value!r}")
    return {"require_accessibility_statement": value}


def require_statement(page: PageContext) -> bool:
    return settings(page.config.options(CHECK_ID))["require_accessibility_statement"]


def _label(text: str) -> str:
    text = _WS.sub(" ", text or "").strip()
    return f"“{text[:80]}”" if text else "with no text"


def _is_document(doc: Mapping[str, Any]) -> bool:
    """A link to a document, unless the server said it is really a web page."""
    return not (doc.get("status") is not None and doc["status"] < 400 and doc.get("content_type") in ("text/html", "application/xhtml+xml"))


def _documents(out: FindingList, found: Mapping[str, Any], documents: list[Mapping[str, Any]]) -> None:
    no_form = not found.get("main_forms")
    for doc in documents:
        kind = DOCUMENT_FORMATS.get(doc.get("format", ""), "document")
        size = format_size(doc.get("size"))
        served = f" The server describes it as {doc['content_type']}." if doc.get("content_type") else ""
        label = _label(doc.get("text", ""))
        selector = doc.get("selector", "a")
        if doc.get("cta"):
            out.add(
                "form-only-as-document",
                "fail",
                "serious",
                (),
                FORM_GROUPS,
                f"The page's main call to action, {label}, leads to a {kind} ({size}) instead of a web page.",
                "The main thing people come to do is a download: hard to read with a screen reader or on a phone, costly on "
                f"pay-as-you-go data, and often impossible to fill in without printing. Make the next step a web page or an online form.{served}",
                HTML_NOT_PDF,
                selector,
                doc.get("snippet", ""),
            )
        elif no_form and _FORM_WORDS.search(doc.get("text", "") or ""):
            out.add(
                "form-only-as-document",
                "fail",
                "serious",
                (),
                FORM_GROUPS,
                f"The form {label} is offered only as a {kind} ({size}), and the page has no online form.",
                "A form that must be downloaded, printed or filled in with document software shuts out many screen reader users, "
                f"people on phones and people who pay for every megabyte. Offer the form as an accessible online form.{served}",
                HTML_NOT_PDF,
                selector,
                doc.get("snippet", ""),
            )
        else:
            out.add(
                "document-link",
                "review",
                "moderate",
                (),
                DOCUMENT_GROUPS,
                f"The link {label} leads to a {kind} ({size}).",
                "Documents are harder to use than web pages with a screen reader, when zoomed or on a phone, and cost more to "
                f"download on slow or pay-as-you-go connections. Publish the content as HTML, or at least say the format and size in the link text ({kind}, {size}).{served}",
                HTML_NOT_PDF,
                selector,
                doc.get("snippet", ""),
            )


def _refresh(out: FindingList, found: Mapping[str, Any]) -> None:
    page_url = out.page.final_url or out.page.url
    for meta in found.get("meta_refresh", ()):
        parsed = parse_refresh(meta.get("content", ""), page_url)
        if parsed is None:
            continue
        delay, target = parsed
        same_page = normalise_url(target) == normalise_url(page_url)
        if delay > TWENTY_HOURS_S or (delay == 0 and not same_page):
            continue  # exempt (over 20 hours), or an immediate redirect: no time limit
        if same_page:
            summary = f"The page reloads itself every {plural(delay, 'second')} (meta refresh)." if delay else "The page reloads itself at once, over and over (meta refresh)."
        else:
            summary = f"The page sends people to {target} after {plural(delay, 'second')} (meta refresh)."
        out.add(
            "meta-refresh",
            "fail",
            "critical",
            ("2.2.1",),
            TIMING_GROUPS,
            summary,
            "People who read slowly, use a screen reader or magnifier, or need a break lose their place and their work when the page "
            "changes under them, and cannot stop it. Remove the refresh; redirect on the server (HTTP 301) if the page has moved.",
            UNDERSTANDING_TIMING,
            meta.get("selector", "meta"),
            meta.get("snippet", ""),
        )


def _captchas(out: FindingList, found: Mapping[str, Any]) -> None:
    for captcha in found.get("captchas", ()):
        kind = captcha.get("kind", "CAPTCHA")
        if kind == "image" and not captcha.get("audio_alternative"):
            outcome, impact = "fail", "serious"
            summary = "The page asks people to copy the text of a picture (a CAPTCHA) and offers no audio or other alternative."
            detail = ("Blind and partially sighted people, and many people with dyslexia or other cognitive impairments, cannot pass it. "
                      "Use a check that asks nothing of the person (server-side spam filtering, rate limiting), or offer another way in.")
        else:
            outcome, impact = "review", "serious"
            what = "a picture CAPTCHA with an audio alternative" if kind == "image" else f"a CAPTCHA ({kind})"
            summary = f"The page uses {what}, which may block people who cannot solve its challenges."
            detail = ("Whether people get through depends on the challenge shown: visual puzzles exclude blind people, audio ones deaf-blind "
                      "people and many with cognitive impairments. Check that there is another way to complete the task "
                      "(a phone number, a check that asks nothing of the person); WCAG 3.3.8 also limits such tests when signing in.")
        out.add("captcha", outcome, impact, ("1.1.1",), CAPTCHA_GROUPS, summary, detail, CAPTCHA_NOTE, captcha.get("selector", "html"), captcha.get("snippet", ""))


def _media(out: FindingList, found: Mapping[str, Any]) -> None:
    for media in found.get("media", ()):
        started = not media.get("paused", True) or bool(media.get("played"))
        if not (started or media.get("autoplay")):
            continue
        tag = media.get("tag", "media")
        element = f"An <{tag}>" if tag == "audio" else f"A <{tag}>"
        duration = media.get("duration")
        endless = bool(media.get("loop") or media.get("live"))
        silent = media.get("muted") or media.get("volume") == 0 or media.get("has_audio") is False
        length = "plays without end" if endless else (f"lasts {plural(round(duration), 'second')}" if duration is not None else "has an unknown length")
        selector, snippet = media.get("selector", tag), media.get("snippet", "")
        if silent:
            if tag == "video" and (endless or (duration is not None and duration > MOVING_LIMIT_S)):
                out.add(
                    "autoplaying-media",
                    "review",
                    "moderate",
                    ("2.2.2",),
                    ("cognitive",),
                    f"A silent <video> starts by itself and {length}.",
                    "Movement that cannot be stopped distracts many people with attention or cognitive impairments. Check that there is "
                    "a visible way to pause it, or do not start it automatically.",
                    UNDERSTANDING_PAUSE,
                    selector,
                    snippet,
                )
            continue
        if duration is not None and duration <= AUDIO_LIMIT_S and not endless:
            continue  # WCAG 1.4.2 allows sound of up to 3 seconds
        sound = "plays sound" if media.get("has_audio") else "may play sound"
        if started and media.get("has_audio") and (endless or duration is not None) and not media.get("controls"):
            outcome, impact = "fail", "serious"
            summary = f"{element} {sound} by itself as the page opens and {length}, with no control to stop it."
            note = ""
        else:
            outcome, impact = "review", "moderate"
            summary = f"{element} is set to play by itself and {sound}; it {length}."
            if not started:
                note = " The browser blocked it during this audit (Chromium's autoplay policy), but browsers play it once the person has used the site."
            elif media.get("controls"):
                note = " It shows the browser's controls: check that they can be reached before the sound gets in the way."
            else:
                note = " Check whether it has sound and how long it lasts."
        out.add(
            "autoplaying-media",
            outcome,
            impact,
            ("1.4.2",),
            AUDIO_GROUPS,
            summary,
            "Sound that starts by itself drowns out screen readers, so their users cannot find the control to stop it, and distracts "
            f"people with attention or cognitive impairments. Do not start sound automatically, or stop it within 3 seconds.{note}",
            UNDERSTANDING_AUDIO_CONTROL,
            selector,
            snippet,
        )


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    required = require_statement(page)
    found = artifacts["documents"]
    documents = [d for d in found.get("documents", ()) if _is_document(d)]
    out = FindingList(CHECK_ID, page)
    _documents(out, found, documents)
    _refresh(out, found)
    _captchas(out, found)
    _media(out, found)
    has_statement = bool(found.get("statement_links"))
    is_statement = bool(found.get("is_statement"))
    if required and not has_statement and not is_statement:
        out.add(
            "no-accessibility-statement-link",
            "fail",
            "moderate",
            (),
            STATEMENT_GROUPS,
            "The page has no link to an accessibility statement.",
            "An accessibility statement tells disabled people what will not work for them and how to get the information another way. "
            "UK public sector bodies must publish one under the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018; link to it from every page, usually in the footer.",
            STATEMENT_GUIDANCE,
            "html",
        )

    sizes = {d["href"]: d["size"] for d in documents if d.get("size") is not None}
    metrics = {
        "document_links": len(documents),
        "document_bytes": sum(sizes.values()),
        "document_sizes_unknown": len({d["href"] for d in documents if d.get("size") is None}),
        "has_accessibility_statement_link": has_statement,
        "is_accessibility_statement": is_statement,
        "captchas": len(found.get("captchas", ())),
        "autoplaying_media": sum(1 for f in out.items if f.rule == "autoplaying-media"),
    }
    return CheckResult(findings=tuple(out.items), metrics=metrics)


CHECK = Check(
    id=CHECK_ID,
    title="Documents and dead ends",
    needs=("documents",),
    evaluate=evaluate,
    settings=settings,
    # axe-core's meta-refresh fails every refresh of 1 s to 20 hours, the same
    # barrier as ours: where axe ran and reported it, axe's finding (its own
    # impact and tags, copied as axe results always are) is the one kept. Ours
    # remains where axe did not run or did not see it: a page that reloads
    # itself at once (delay 0, which axe passes).
    defers_to={"meta-refresh": ("axe/meta-refresh",)},
    metrics=METRICS,
    profiles=("low-bandwidth",),
)
