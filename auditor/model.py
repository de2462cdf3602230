"""The results model: frozen values that every part of the tool passes around.

A run produces one :class:`PageResult` per URL. A page either carries findings
and metrics, or an :class:`PageError` saying why it could not be audited; it
never silently disappears. Everything here serialises to plain JSON-able dicts
(``to_dict``) and back (``from_dict``) so the store and the reporters share one
shape, the one described by ``report.schema.json``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping
from urllib.parse import SplitResult, urlsplit, urlunsplit

IMPACTS: tuple[str, ...] = ("critical", "serious", "moderate", "minor")
"""Impact levels, worst first (axe-core's scale)."""

OUTCOMES: tuple[str, ...] = ("fail", "review")

GROUPS: tuple[str, ...] = (
    "screen-reader",
    "low-vision",
    "keyboard",
    "hearing",
    "cognitive",
    "low-bandwidth",
    "older-devices",
    "no-internet-or-phone",
    "privacy",
)
"""The people a finding excludes."""

ERROR_KINDS: dict[str, str] = {
    "dns": "the host name could not be resolved",
    "refused": "the server refused the connection",
    "tls": "the secure connection failed (certificate or TLS error)",
    "timeout": "the page did not finish within the time allowed",
    "redirect-loop": "the page redirects in a loop",
    "http-error": "the server answered with an HTTP error status",
    "not-html": "the address is not an HTML page",
    "malformed-xml": "the page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it",
    "download": "the address starts a file download",
    "network": "the connection failed",
    "crash": "the browser or the page crashed",
    "blocked": "the address is not allowed",
    "navigated-away": "after it had loaded, the page went on to another address while it was being audited",
    "check-error": "the audit of the page failed",
    "journey-step": "a step of the journey could not be done, so this point was not reached",
}
"""Why a page could not be audited, with a plain-English gloss of each kind."""

SKIP_REASONS: dict[str, str] = {
    "robots-disallowed": "robots.txt does not allow this tool to load it",
    "robots-unavailable": "the site's robots.txt could not be read (a server error or no answer), so the site is left alone",
    "robots-too-slow": "the site's robots.txt did not arrive in full within the fetch deadline (--timeout), so the site is left alone",
    "secret-in-address": "its address holds a value read from the environment, which is kept out of reports",
}
"""Why a page a sitemap or a crawl found was not audited, on purpose: not an
error, and no reason to fail a run."""

TRANSIENT_KINDS = frozenset({"timeout", "network", "crash"})
"""Error kinds worth another attempt."""

TRANSIENT_HTTP_STATUSES = frozenset({429, 502, 503, 504})
"""HTTP statuses of a server saying it is busy or its upstream failed."""


def worth_retry(kind: str, status: int | None) -> bool:
    """Whether a page that failed with an error of ``kind`` (and HTTP
    ``status``) is worth another attempt: a timeout, a dropped connection, a
    crash, or a server saying it is busy (429, 502, 503, 504). The one place
    that decides it: the runner's retries and :attr:`PageFailure.transient`
    both ask here."""
    if kind == "http-error":
        return status in TRANSIENT_HTTP_STATUSES
    return kind in TRANSIENT_KINDS


_SURROGATE = re.compile("[\ud800-\udfff]")


def well_formed(value: Any) -> Any:
    """``value`` (strings, lists, dicts of them) with every lone UTF-16
    surrogate replaced by U+FFFD. A page's text cut in the middle of an
    emoji arrives as half a surrogate pair, which no UTF-8 file can hold:
    one such string must never cost a run its reports."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {well_formed(k): well_formed(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [well_formed(v) for v in value]
    return value


def impact_rank(impact: str) -> int:
    """0 for critical up to 3 for minor; unknown impacts rank below minor."""
    try:
        return IMPACTS.index(impact)
    except ValueError:
        return len(IMPACTS)


def at_or_above(impact: str, threshold: str) -> bool:
    """True when ``impact`` is as bad as ``threshold`` or worse."""
    if threshold == "none":
        return False
    return impact_rank(impact) <= impact_rank(threshold)


def canonical_netloc(parts: SplitResult, *, keep_userinfo: bool = False) -> str:
    """An address's host part in one form: host lower-cased (an IPv6 address
    keeps its brackets), the scheme's default port dropped, a port that is
    not a number left out; ``user:password@`` kept only when asked."""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@") if keep_userinfo else ("", "", "")
    return f"{userinfo}{at}{host}"


def normalise_url(url: str) -> str:
    """The form of a page address used in fingerprints: no fragment, lower-case
    scheme and host, default ports dropped, an empty path written as ``/``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), canonical_netloc(parts), parts.path or "/", parts.query, ""))


DEMO_PATH = "/inclusion-auditor-demo/"
"""Where the built-in demo site is served (on 127.0.0.1): a path no real site
uses, so its pages can be recognised whatever port served them."""

_DEMO_ORIGIN = re.compile(r"https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?=" + re.escape(DEMO_PATH) + ")", re.IGNORECASE)
_DEMO_CANONICAL = "http://127.0.0.1"


def _without_demo_port(text: str) -> str:
    return _DEMO_ORIGIN.sub(_DEMO_CANONICAL, text)


def page_key(url: str) -> str:
    """What makes two addresses the same page across runs: the normalised URL,
    except that the demo site's pages go by their path. The demo takes another
    port when its usual one is busy, and a second demo audit must still find
    the same findings. Every other page keeps its port: two servers on one
    machine are two sites."""
    return _without_demo_port(normalise_url(url))


_WS = re.compile(r"\s+")


def fingerprint(rule: str, page_url: str, target: str) -> str:
    """A stable id of one finding: rule, page (:func:`page_key`) and normalised
    target; a target that names one of the demo's own files (a response's
    URL) loses the demo's port too.

    Used to compare findings across runs (baselines, history)."""
    key = "\x1f".join((rule, page_key(page_url), _without_demo_port(_WS.sub(" ", target).strip())))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def rule_id(check: str, rule: str) -> str:
    """A rule's identity: ``family/rule``. Rule ids alone are not unique
    across families (axe-core's ``meta-refresh`` and the documents family's
    are two rules), so summaries, reports and ignores name rules this way."""
    return f"{check}/{rule}"


@dataclass(frozen=True)
class Box:
    """Where an element was on the page, in CSS pixels."""

    x: float
    y: float
    width: float
    height: float

    def to_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class Target:
    """One element a finding is about."""

    selector: str
    snippet: str = ""
    box: Box | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "selector": self.selector,
            "snippet": self.snippet,
            "box": self.box.to_dict() if self.box else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Target":
        box = data.get("box")
        return cls(data["selector"], data.get("snippet", ""), Box(**box) if box else None)


@dataclass(frozen=True)
class Finding:
    """One barrier (``fail``) or one thing a person must check (``review``)."""

    check: str
    rule: str
    outcome: str
    impact: str
    wcag: tuple[str, ...]
    groups: tuple[str, ...]
    summary: str
    help_url: str
    targets: tuple[Target, ...]
    fingerprint: str
    detail: str = ""
    tags: tuple[str, ...] = ()

    @property
    def rule_id(self) -> str:
        """``family/rule``: see :func:`rule_id`."""
        return rule_id(self.check, self.rule)

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "rule": self.rule,
            "outcome": self.outcome,
            "impact": self.impact,
            "wcag": list(self.wcag),
            "groups": list(self.groups),
            "summary": self.summary,
            "detail": self.detail,
            "help_url": self.help_url,
            "tags": list(self.tags),
            "targets": [t.to_dict() for t in self.targets],
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Finding":
        return cls(
            check=data["check"],
            rule=data["rule"],
            outcome=data["outcome"],
            impact=data["impact"],
            wcag=tuple(data.get("wcag", ())),
            groups=tuple(data.get("groups", ())),
            summary=data.get("summary", ""),
            help_url=data.get("help_url", ""),
            targets=tuple(Target.from_dict(t) for t in data.get("targets", ())),
            fingerprint=data["fingerprint"],
            detail=data.get("detail", ""),
            tags=tuple(data.get("tags", ())),
        )


@dataclass(frozen=True)
class PageError:
    """Why a page could not be audited. ``kind`` is one of :data:`ERROR_KINDS`."""

    kind: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


class PageFailure(Exception):
    """Raised inside a visit when the page cannot be audited; becomes a
    :class:`PageError` on the page's result."""

    def __init__(self, kind: str, message: str, *, status: int | None = None, final_url: str = "",
                 retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the server asked us to wait (``Retry-After`` on a 429 or 503)."""
        self.kind = kind
        self.message = message
        self.status = status
        self.final_url = final_url

    @property
    def transient(self) -> bool:
        """Worth another attempt (:func:`worth_retry`)."""
        return worth_retry(self.kind, self.status)

    def to_error(self) -> PageError:
        return PageError(self.kind, self.message)


NO_CONTENT_STATUSES = frozenset({204, 205})
"""HTTP 204 No Content and 205 Reset Content: an answer with no document."""


def no_content_failure(status: int, final_url: str = "") -> PageFailure:
    """What an answer without a document is, the same on every engine
    (Chromium aborts the navigation; WebDriver shows an empty page): not a
    page to audit, and no better on a second try."""
    return PageFailure("not-html", f"The server answered HTTP {status} with no content: there is no page to audit",
                       status=status, final_url=final_url)


@dataclass(frozen=True)
class SkippedPage:
    """A page a sitemap listed or a crawl found that the run left alone on
    purpose; ``reason`` is one of :data:`SKIP_REASONS`. Listed in every report,
    so no page found vanishes without a word."""

    url: str
    reason: str
    found_on: str = ""
    """The sitemap that listed it, or the page that links to it."""

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "reason": self.reason, "message": SKIP_REASONS.get(self.reason, self.reason), "found_on": self.found_on}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "SkippedPage":
        return cls(data["url"], data["reason"], data.get("found_on", ""))


@dataclass(frozen=True)
class CheckError:
    """A check family that could not run on a page (its artifact failed)."""

    check: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "message": self.message}


@dataclass(frozen=True)
class ElementShot:
    """A small cropped image of one finding's element, the element outlined.

    Kept in the store beside the page (never in ``report.json``, to keep it
    small); ``report.html`` embeds it."""

    selector: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class PageResult:
    """The outcome of auditing one URL."""

    url: str
    final_url: str = ""
    status: int | None = None
    title: str = ""
    error: PageError | None = None
    metrics: Mapping[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    check_errors: tuple[CheckError, ...] = ()
    notes: tuple[str, ...] = ()
    started: str = ""
    duration_ms: int = 0
    attempts: int = 1
    journey: Mapping[str, Any] | None = None
    """For a journey checkpoint: ``{name, checkpoint, step, nojs}``; None for a page."""
    shots: tuple[ElementShot, ...] = field(default=(), compare=False, repr=False)
    """Element screenshots: stored with the page, not part of ``to_dict``."""
    screen_reader: tuple[Mapping[str, Any], ...] | None = None
    """What a screen reader hears on the page, in order: one line per thing
    announced (``role``, ``name``, ``level``, ``states``, ``landmark``,
    ``selector``, and ``text``, the line as said); None when the family
    that reads it (``hears``) did not run."""

    @property
    def audited(self) -> bool:
        return self.error is None

    def failures_at_or_above(self, threshold: str) -> list[Finding]:
        return [f for f in self.findings if f.outcome == "fail" and at_or_above(f.impact, threshold)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "title": self.title,
            "error": self.error.to_dict() if self.error else None,
            "metrics": dict(self.metrics),
            "findings": [f.to_dict() for f in self.findings],
            "check_errors": [c.to_dict() for c in self.check_errors],
            "notes": list(self.notes),
            "started": self.started,
            "duration_ms": self.duration_ms,
            "attempts": self.attempts,
        } | ({"journey": dict(self.journey)} if self.journey is not None else {}) \
          | ({"screen_reader": [dict(line) for line in self.screen_reader]} if self.screen_reader is not None else {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PageResult":
        error = data.get("error")
        return cls(
            url=data["url"],
            final_url=data.get("final_url", ""),
            status=data.get("status"),
            title=data.get("title", ""),
            error=PageError(error["kind"], error["message"]) if error else None,
            metrics=dict(data.get("metrics", {})),
            findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
            check_errors=tuple(CheckError(**c) for c in data.get("check_errors", ())),
            notes=tuple(data.get("notes", ())),
            started=data.get("started", ""),
            duration_ms=data.get("duration_ms", 0),
            attempts=data.get("attempts", 1),
            journey=data.get("journey"),
            screen_reader=tuple(data["screen_reader"]) if data.get("screen_reader") is not None else None,
        )


def count_by(findings: Iterable[Finding], key: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        values = getattr(f, key)
        for value in values if isinstance(values, tuple) else (values,):
            counts[value] = counts.get(value, 0) + 1
    return counts
