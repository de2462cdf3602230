"""Baselines and ignores: what CI compares a run against.

A baseline is an earlier run (its ``report.json`` or its run id): findings
are matched by family and fingerprint, so each is ``new`` or ``unchanged``, and the
baseline's findings no longer seen on a page are listed as ``fixed``.

An ignore file (TOML) names findings a team has decided to accept for now,
each with a reason and optionally an expiry date::

    [[ignore]]
    rule = "axe/color-contrast"                    # family/rule; a bare rule id matches any family's
    url = "https://www.example.gov.uk/legacy/*"   # shell-style pattern
    selector = ".brand-banner"                     # optional
    reason = "Brand colours under review (ticket ACC-12)"
    expires = 2027-03-31                           # optional

An expired ignore suppresses nothing and is reported, so it cannot rot.
Both are read once when a run starts and kept in the store with the run, so a
report re-rendered later says the same. They are applied by
:mod:`auditor.verdict`; this module only reads and checks them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .config import read_toml
from .errors import ConfigError
from .verdict import Ignore

__all__ = ["Ignore", "load_baseline", "load_ignores"]


def load_ignores(path: str) -> list[Ignore]:
    """Read and check an ignore file; any mistake is a one-line ConfigError."""
    p = Path(path)
    data = read_toml(p, "ignore file")
    unknown = set(data) - {"ignore"}
    if unknown:
        raise ConfigError(f"{p.name}: unknown key {sorted(unknown)[0]!r} (write each entry as [[ignore]])")
    entries = data.get("ignore", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{p.name}: write each entry as [[ignore]]")
    ignores = []
    for n, entry in enumerate(entries, 1):
        where = f"{p.name}: ignore #{n}"
        extra = set(entry) - {"rule", "url", "selector", "reason", "expires"}
        if extra:
            raise ConfigError(f"{where}: unknown key {sorted(extra)[0]!r}")
        for key in ("rule", "url", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ConfigError(f"{where}: {key!r} is required" + (" (say why it is accepted)" if key == "reason" else ""))
        if not isinstance(entry.get("selector", ""), str):
            raise ConfigError(f"{where}: 'selector' must be a string")
        expires = entry.get("expires", "")
        if isinstance(expires, dt.datetime):
            expires = expires.date()
        if isinstance(expires, str) and expires:
            try:
                expires = dt.date.fromisoformat(expires)
            except ValueError:
                raise ConfigError(f"{where}: 'expires' must be a date like 2027-03-31") from None
        if expires and not isinstance(expires, dt.date):
            raise ConfigError(f"{where}: 'expires' must be a date like 2027-03-31")
        ignores.append(Ignore(entry["rule"], entry["url"], entry["reason"], entry.get("selector", ""), expires.isoformat() if expires else ""))
    return ignores


def load_baseline(source: str, store: Any) -> dict[str, Any]:
    """A baseline's findings by page, from a ``report.json`` or a stored run id:
    ``{"source": ..., "pages": {url: [finding, ...]}}``. Only pages that were
    audited in the baseline are kept (a page that failed there says nothing)."""
    path = Path(source)
    if path.is_file():
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            pages = {p["url"]: p["findings"] for p in document["pages"] if p.get("error") is None}
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise ConfigError(f"baseline {source!r} is not a report.json written by inclusion-audit") from None
        return {"source": str(path), "pages": pages}
    if path.suffix == ".json" or "/" in source:
        raise ConfigError(f"baseline {source!r} is not a readable file")
    from .store import StoreError

    try:
        results = store.pages(store.run(source).id)
    except StoreError:
        raise ConfigError(f"baseline {source!r} is neither a report.json nor a stored run id") from None
    return {"source": f"run {source}", "pages": {r.url: [f.to_dict() for f in r.findings] for r in results if r.error is None}}
