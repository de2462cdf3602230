"""Keeping values read from the environment out of all that the tool keeps or prints.

A journey's ``value_env`` and the secrets of ``[auth]`` are read from the
environment when a run starts and used in the browser, never written in a
file. The pages they reach may show them back: a form sent with GET puts what
was typed into the next address (``?name=Sam+Jones``), a page echoes it in its
title or in a field, and from there it would reach the store, every report
and the console. A :class:`Redactor` built from those values replaces each of
them, in any of the forms an address or a page writes it (as typed,
percent-encoded, ``+`` for a space, HTML character references, or a mix),
with :data:`REDACTED`. The run applies it once, to each result before it is
stored, yielded or printed, so everything downstream (store, reports,
console, desktop app) only ever sees the redacted text.

Credentials written in an address (``http://user:pass@host/``) are hidden
the same way, whoever wrote them: :func:`hide_credentials` turns every such
address in any text into ``http://***@host/``. The run keeps the address
given, credentials and all, in memory only, to load the page with them;
everything it stores or prints names the page by the hidden form.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

from .errors import ConfigError
from .model import PageResult, Target

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 4
"""A shorter value cannot be hidden without hiding every text that contains it
(a ``1`` is in every address): the run refuses it with one line instead."""

# How an HTML serialiser or a page may write these characters (a snippet is outerHTML).
_HTML_FORMS = {
    "&": ("&amp;", "&#0*38;", "&#x0*26;"),
    "<": ("&lt;", "&#0*60;", "&#x0*3c;"),
    ">": ("&gt;", "&#0*62;", "&#x0*3e;"),
    '"': ("&quot;", "&#0*34;", "&#x0*22;"),
    "'": ("&apos;", "&#0*39;", "&#x0*27;"),
}
# A space: as typed (or any run of white space), '+' in a form-encoded query,
# %20 or %2B encoded once or twice, or a no-break space.
_SPACE = r"(?:\s+|\+|%(?:25)?20|%(?:25)?2b|&nbsp;|&#0*32;|&#0*160;|&#x0*20;|&#x0*a0;)"


HIDDEN_CREDENTIALS = "***"
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@\\\"'<>]+@")
"""``scheme://userinfo@`` wherever an address is written (userinfo ends at the first '@')."""


def hide_credentials(text: str) -> str:
    """``text`` with the credentials of every address in it replaced by
    ``***``: ``http://user:pass@host/`` becomes ``http://***@host/``."""
    return _CREDENTIALS.sub(lambda m: f"{m.group(1)}{HIDDEN_CREDENTIALS}@", text) if "@" in text else text


def has_hidden_credentials(url: str) -> bool:
    """Whether ``url`` is the hidden form of an address that held credentials."""
    return f"://{HIDDEN_CREDENTIALS}@" in url


def address_secrets(urls: Iterable[str]) -> list[tuple[str, str]]:
    """``(what, value)`` pairs for :meth:`Redactor.of` from the credentials
    written in ``urls``: each password (as the page receives it, decoded)
    and the basic-auth header value the browser makes of it, so a page
    that shows either back does not put it in the results. A password too
    short to hide without hiding everything that contains it is left to
    :func:`hide_credentials` alone."""
    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.password is None:
            continue
        user, password = unquote(parts.username or ""), unquote(parts.password)
        if len(password) >= MIN_SECRET_CHARS:
            where = f"in the address {hide_credentials(url)}"
            found += [(where, password), (where, base64.b64encode(f"{user}:{password}".encode()).decode("ascii"))]
    return found


def _char_pattern(char: str) -> str:
    """Every form of one character of a secret."""
    if char.isspace():
        return _SPACE
    percent = "".join(f"%(?:25)?{byte:02x}" for byte in char.encode("utf-8"))  # once or twice encoded
    forms = [re.escape(char), percent, *_HTML_FORMS.get(char, ())]
    return "(?:" + "|".join(forms) + ")"


def secret_pattern(value: str) -> re.Pattern[str]:
    """A pattern matching ``value`` however it is encoded, in any letter case."""
    return re.compile("".join(_char_pattern(c) for c in value), re.IGNORECASE)


# Where the tool cuts a text short: the end of the string (a start tag cut at
# 300 characters, a name at 80, in the page), an ellipsis, or the closing
# quote a summary puts around what it cut ("the link “...”").
_AT_A_CUT = r"(?=\Z|…|\.\.\.|[”’\"'])"


def cut_pattern(value: str) -> re.Pattern[str] | None:
    """A pattern matching the start of ``value`` (at least MIN_SECRET_CHARS
    characters, in any form :func:`secret_pattern` knows) where a text was
    cut short: what the tool truncates must not keep half a secret."""
    if len(value) <= MIN_SECRET_CHARS:
        return None
    chars = [_char_pattern(c) for c in value[:-1]]
    optional = ""
    for char in reversed(chars[MIN_SECRET_CHARS:]):  # each further character only after the one before it
        optional = f"(?:{char}{optional})?"
    return re.compile("".join(chars[:MIN_SECRET_CHARS]) + optional + _AT_A_CUT, re.IGNORECASE)


@dataclass(frozen=True)
class Redactor:
    """Replaces the run's secrets wherever they appear, and the credentials
    of any address (:func:`hide_credentials`). Falsy when the run read no
    secret from the environment."""

    patterns: tuple[re.Pattern[str], ...] = ()
    cuts: tuple[re.Pattern[str], ...] = ()
    """The start of each secret where a text was cut short (:func:`cut_pattern`)."""

    @classmethod
    def of(cls, secrets: Iterable[tuple[str, str]]) -> "Redactor":
        """From ``(variable name, value)`` pairs; ConfigError (one line) for a
        value too short to hide. Empty values hide nothing and are left out."""
        values: set[str] = set()
        for name, value in secrets:
            if not value:
                continue
            if len(value) < MIN_SECRET_CHARS:
                raise ConfigError(
                    f"the environment variable {name} holds fewer than {MIN_SECRET_CHARS} characters: too short to keep out of "
                    "reports without hiding everything that contains it (a value that is not secret can be written in the file)"
                )
            values.add(value)
        # The longest first, so a secret that contains another is hidden whole.
        ordered = sorted(values, key=lambda v: (-len(v), v))
        return cls(tuple(secret_pattern(v) for v in ordered), tuple(p for v in ordered if (p := cut_pattern(v)) is not None))

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def text(self, text: str) -> str:
        for pattern in (*self.patterns, *self.cuts):  # whole values first: a cut is what is left
            text = pattern.sub(REDACTED, text)
        return hide_credentials(text)

    def contains(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self.patterns)

    def tree(self, value: Any) -> Any:
        """Every string in nested dicts and lists (keys too), redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.tree(k): self.tree(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.tree(v) for v in value]
        return value

    def result(self, result: PageResult) -> PageResult:
        """The result with every secret redacted: addresses, title, findings
        (summaries, selectors, snippets), notes, errors, metrics, journey.

        ``url`` stays as it is: it is the run's own name for the target (an
        address given or found, or a journey's checkpoint, credentials
        already hidden), not something a page returned. An element
        screenshot whose element showed a secret (in its markup or selector)
        is dropped: an image cannot be redacted."""
        data = result.to_dict()
        url = data.pop("url")
        clean = PageResult.from_dict({**self.tree(data), "url": url})
        showing = {t.selector for f in result.findings for t in f.targets if self._shows(t)}
        shots = tuple(replace(s, selector=self.text(s.selector)) for s in result.shots if s.selector not in showing)
        return replace(clean, shots=shots)

    def _shows(self, target: Target) -> bool:
        return self.contains(target.selector) or self.contains(target.snippet)
