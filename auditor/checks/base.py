"""What a check is: a declaration of the artifacts it needs and a pure
function from those artifacts to findings and metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..config import AuditConfig
from ..model import Finding


@dataclass(frozen=True)
class PageContext:
    """What a check may know about the page besides its artifacts."""

    url: str
    final_url: str
    config: AuditConfig


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A check family. ``evaluate`` never touches the browser: it gets the
    artifacts named in ``needs`` (and only those) and returns findings."""

    id: str
    title: str
    needs: tuple[str, ...]
    evaluate: Callable[[Mapping[str, Any], PageContext], CheckResult]
    settings: Callable[[Mapping[str, Any]], Any] | None = None
    """Checks the family's ``[id]`` table of the config file, raising
    ValueError with a one-line message; called once when the run's settings
    are built, so a mistake stops the run before any page is opened."""
