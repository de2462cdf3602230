"""Documents and dead ends.

Links to PDF and office documents (with their size, from a bounded HEAD
request), flagged most when a form or the main call to action is only a
document; CAPTCHA widgets; audio
and video that start by themselves (WCAG 1.4.2, 2.2.2); and no link to an
accessibility statement, which UK public sector bodies must publish.

Settings (``[documents]`` in the config file):
``require_accessibility_statement`` (see :data:`REQUIRE_ACCESSIBILITY_STATEMENT`).

Time limits (a meta refresh, a countdown) are the ``timing`` family's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from ..collectors.documents import DOCUMENT_FORMATS
from ..rule import Rule, by_id
from ..words import format_bytes, plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

CHECK_ID = "documents"

HTML_NOT_PDF = "https://gds.blog.gov.uk/2018/07/16/why-gov-uk-content-should-be-published-in-html-and-not-pdf/"
UNDERSTANDING_AUDIO_CONTROL = "https://www.w3.org/WAI/WCAG22/Understanding/audio-control.html"
UNDERSTANDING_PAUSE = "https://www.w3.org/WAI/WCAG22/Understanding/pause-stop-hide.html"
CAPTCHA_NOTE = "https://www.w3.org/TR/turingtest/"
STATEMENT_GUIDANCE = "https://www.gov.uk/guidance/make-your-website-or-app-accessible-and-publish-an-accessibility-statement"

DOCUMENT_GROUPS = ("screen-reader", "low-bandwidth")
# A form that exists only as a document must be printed or filled in with
# document software: hard with a screen reader and on a phone.
FORM_GROUPS = ("screen-reader", "low-bandwidth", "older-devices")
# Not knowing that a link leaves the page for a document viewer, or that it
# will cost megabytes, costs most those who hear links read out, pay for data,
# or are thrown by an unexpected change of window.
NAME_GROUPS = ("screen-reader", "low-bandwidth", "cognitive")
CAPTCHA_GROUPS = ("screen-reader", "cognitive", "low-vision")
AUDIO_GROUPS = ("screen-reader", "cognitive")
STATEMENT_GROUPS = ("screen-reader", "cognitive")

RULES = (
    Rule("form-only-as-document", CHECK_ID, "serious", (), FORM_GROUPS, HTML_NOT_PDF,
         "A form or next step is offered only as a document to download.",
         "Make the next step a web page or an accessible online form.", fixed_by="design"),
    Rule("document-link", CHECK_ID, "moderate", (), DOCUMENT_GROUPS, HTML_NOT_PDF,
         "Links to documents (PDF, Word, spreadsheets) rather than web pages.",
         "Publish the content as HTML, or at least say the format and size in the link text.", outcome="review", fixed_by="design"),
    Rule("document-link-name-incomplete", CHECK_ID, "moderate", (), NAME_GROUPS, HTML_NOT_PDF,
         "A link to a document does not say the document's format and size.",
         "Say the format and size in the link's text or right beside it, e.g. “Garden waste guide (PDF, 245 KB)”.",
         fixed_by="design"),
    Rule("captcha", CHECK_ID, "serious", ("1.1.1",), CAPTCHA_GROUPS, CAPTCHA_NOTE,
         "A CAPTCHA that some people cannot solve.",
         "Use a check that asks nothing of the person (server-side spam filtering, rate limiting), or offer another way "
         "to complete the task."),
    Rule("autoplaying-media", CHECK_ID, "serious", ("1.4.2",), AUDIO_GROUPS, UNDERSTANDING_AUDIO_CONTROL,
         "Audio or video that starts playing by itself.",
         "Do not start sound or movement automatically, or stop sound within 3 seconds; give moving content a visible "
         "way to pause it."),
    Rule("no-accessibility-statement-link", CHECK_ID, "moderate", (), STATEMENT_GROUPS, STATEMENT_GUIDANCE,
         "No link to an accessibility statement.",
         "Publish an accessibility statement and link to it from every page, usually in the footer.", fixed_by="design"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("document_links", "Links to documents", "count", "Links to PDF, Word and other documents the page offers instead of a web page.", noun="link"),
    Metric("has_accessibility_statement_link", "Links to an accessibility statement", "bool", "Whether the page links to an accessibility statement."),
)

REQUIRE_ACCESSIBILITY_STATEMENT = True
"""Report pages with no link to an accessibility statement. UK public sector
bodies must publish a statement (the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018); other sites
may set this to false."""

AUDIO_LIMIT_S = 3.0
"""WCAG 1.4.2 applies to audio that plays automatically for more than 3 seconds."""
MOVING_LIMIT_S = 5.0
"""WCAG 2.2.2 applies to moving content that starts by itself and lasts more than 5 seconds."""

# Words of a link that offer a form or an application (a project heuristic).
_FORM_WORDS = re.compile(r"\b(forms?|apply|application|claim|register|registration|appeal|complaint|request|booking)\b", re.IGNORECASE)
_WS = re.compile(r"\s+")

# A size as people write it in a link: "3 KB", "1.2MB", "1,024 bytes", "2 megabytes".
_SIZE = re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:bytes?|[kKmMgG]i?[bB]|kilobytes?|megabytes?|gigabytes?)\b")
# Each format by the words people write for it, beside its extension ("Word", "Excel", "spreadsheet").
_FORMAT_WORDS: Mapping[str, tuple[str, ...]] = {
    "doc": ("word",), "docx": ("word",), "xls": ("excel", "spreadsheet"), "xlsx": ("excel", "spreadsheet"),
    "ppt": ("powerpoint",), "pptx": ("powerpoint",), "odt": ("opendocument",), "ods": ("opendocument", "spreadsheet"),
    "odp": ("opendocument",), "rtf": ("rich text",),
}


def format_size(size: int | None) -> str:
    """A file size as every output says it (SI units, :mod:`auditor.words`),
    or ``size unknown`` when the server did not say."""
    return "size unknown" if size is None else format_bytes(size)


@dataclass(frozen=True)
class Options:
    """The ``[documents]`` table."""

    require_accessibility_statement: bool = REQUIRE_ACCESSIBILITY_STATEMENT


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[documents]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(CHECK_ID, table, table_settings(Options))
    value = table.get("require_accessibility_statement", REQUIRE_ACCESSIBILITY_STATEMENT)
    if not isinstance(value, bool):
        raise ValueError(f"[documents] require_accessibility_statement must be true or false, not {value!r}")
    return Options(value)


def _label(text: str) -> str:
    text = _WS.sub(" ", text or "").strip()
    return f"“{text[:80]}”" if text else "with no text"


def says_format_and_size(text: str, fmt: str) -> tuple[bool, bool]:
    """Whether ``text`` (a link's name, or the text around it) names the
    document's format (its extension or the name people know it by, as a
    whole word) and a size."""
    words = (fmt, *_FORMAT_WORDS.get(fmt, ()))
    has_format = any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)
    return has_format, bool(_SIZE.search(text))


def _name_finding(out: PageFindings, doc: Mapping[str, Any], kind: str, size: str) -> None:
    """A document link whose name, and the text right beside it, leave out
    the format or the size. Beside it counts: the GOV.UK attachment pattern
    puts "PDF, 245 KB, 12 pages" in the line under the title link, and WCAG
    2.4.4 accepts a link's context for its purpose."""
    fmt = doc.get("format", "")
    name = doc.get("name") or doc.get("text") or ""
    named = says_format_and_size(name, fmt)
    beside = says_format_and_size(doc.get("context", "") or "", fmt)
    has_format, has_size = named[0] or beside[0], named[1] or beside[1]
    if has_format and has_size:
        return
    missing = "its size" if has_format else "its format" if has_size else "its format or its size"
    out.add(
        "document-link-name-incomplete",
        f"The link {_label(name)} leads to a {kind} ({size}) but does not say {missing}.",
        "People need to know before they follow a link that it opens a document rather than a page, and how much it will "
        "download: screen reader users hear only the link's name, and people on pay-as-you-go data pay for every megabyte. "
        f"Say it in the link or right beside it, e.g. “({DOCUMENT_FORMATS.get(fmt, fmt.upper())}, "
        f"{size if doc.get('size') is not None else 'its size'})”.",
        doc.get("selector", "a"),
        doc.get("snippet", ""),
    )


def _is_document(doc: Mapping[str, Any]) -> bool:
    """A link to a document, unless the server said it is really a web page."""
    return not (doc.get("status") is not None and doc["status"] < 400 and doc.get("content_type") in ("text/html", "application/xhtml+xml"))


def _documents(out: PageFindings, found: Mapping[str, Any], documents: list[Mapping[str, Any]]) -> None:
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
                f"The page's main call to action, {label}, leads to a {kind} ({size}) instead of a web page.",
                "The main thing people come to do is a download: hard to read with a screen reader or on a phone, costly on "
                f"pay-as-you-go data, and often impossible to fill in without printing. Make the next step a web page or an online form.{served}",
                selector,
                doc.get("snippet", ""),
            )
        elif no_form and _FORM_WORDS.search(doc.get("text", "") or ""):
            out.add(
                "form-only-as-document",
                f"The form {label} is offered only as a {kind} ({size}), and the page has no online form.",
                "A form that must be downloaded, printed or filled in with document software shuts out many screen reader users, "
                f"people on phones and people who pay for every megabyte. Offer the form as an accessible online form.{served}",
                selector,
                doc.get("snippet", ""),
            )
        else:
            out.add(
                "document-link",
                f"The link {label} leads to a {kind} ({size}).",
                "Documents are harder to use than web pages with a screen reader, when zoomed or on a phone, and cost more to "
                f"download on slow or pay-as-you-go connections. Publish the content as HTML, or at least say the format and size in the link text ({kind}, {size}).{served}",
                selector,
                doc.get("snippet", ""),
            )
        _name_finding(out, doc, kind, size)


def _captchas(out: PageFindings, found: Mapping[str, Any]) -> None:
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
        out.add("captcha", summary, detail, captcha.get("selector", "html"), captcha.get("snippet", ""), outcome=outcome, impact=impact)


def _media(out: PageFindings, found: Mapping[str, Any]) -> None:
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
                    f"A silent <video> starts by itself and {length}.",
                    "Movement that cannot be stopped distracts many people with attention or cognitive impairments. Check that there is "
                    "a visible way to pause it, or do not start it automatically.",
                    selector,
                    snippet,
                    outcome="review",
                    impact="moderate",
                    wcag=("2.2.2",),
                    groups=("cognitive",),
                    help_url=UNDERSTANDING_PAUSE,
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
            summary,
            "Sound that starts by itself drowns out screen readers, so their users cannot find the control to stop it, and distracts "
            f"people with attention or cognitive impairments. Do not start sound automatically, or stop it within 3 seconds.{note}",
            selector,
            snippet,
            outcome=outcome,
            impact=impact,
        )


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    required = (page.options or Options()).require_accessibility_statement
    found = artifacts["documents"]
    documents = [d for d in found.get("documents", ()) if _is_document(d)]
    out = PageFindings(page, RULE)
    _documents(out, found, documents)
    _captchas(out, found)
    _media(out, found)
    has_statement = bool(found.get("statement_links"))
    is_statement = bool(found.get("is_statement"))
    if required and not has_statement and not is_statement:
        out.add(
            "no-accessibility-statement-link",
            "The page has no link to an accessibility statement.",
            "An accessibility statement tells disabled people what will not work for them and how to get the information another way. "
            "UK public sector bodies must publish one under the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018; link to it from every page, usually in the footer.",
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
        "autoplaying_media": sum(1 for f in out if f.rule == "autoplaying-media"),
    }
    return CheckResult(findings=tuple(out), metrics=metrics)


CHECK = Check(
    id=CHECK_ID,
    title="Documents and dead ends",
    needs=("documents",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    metrics=METRICS,
    profiles=("low-bandwidth",),
)
