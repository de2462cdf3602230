"""Journeys: a person's way through a service, as a file of steps.

A journey file is TOML::

    name = "Apply for a permit"
    start = "https://service.example/start"

    [[steps]]
    audit = "Start page"          # a checkpoint: audit the page as it is now

    [[steps]]
    click = "a.start-button"

    [[steps]]
    fill = "#full-name"
    value = "Sam Jones"           # or value_env = "VARIABLE" for a secret

Actions: ``goto`` (a URL), ``click``, ``fill``, ``select``, ``check``,
``press`` (a key, with an optional ``selector`` to focus first), ``submit``,
``wait_for`` (selectors are CSS) and ``audit`` (a checkpoint name). Each step
may set ``timeout`` in seconds.

Each checkpoint becomes one result row, keyed by the journey's start URL and
the names (:func:`checkpoint_key`), so a run knows all its rows before it
starts and ``--resume`` can tell which journeys are unfinished. A journey runs
from its start every time: steps change state on the server, and are never
retried.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, urlsplit

from .config import read_toml
from .errors import ConfigError
from .engines.base import Visit
from .model import Finding, Target
from .rule import Rule
from .redact import hide_credentials

NOJS_HELP_URL = "https://developer.mozilla.org/en-US/docs/Glossary/Progressive_Enhancement"

RULES = (
    Rule("journey-needs-javascript", "nojs", "critical", (), ("older-devices",), NOJS_HELP_URL,
         "A journey through the service cannot be completed without JavaScript.",
         "Make every step of the journey work as plain HTML (links to real addresses, forms the server handles), "
         "and use JavaScript only to enhance it."),
)
"""The rules of a journey walked without JavaScript: of the ``nojs`` family,
whose findings they are, though no page check makes them."""
JOURNEY_NEEDS_JAVASCRIPT = RULES[0]

ACTIONS = ("goto", "click", "fill", "select", "check", "press", "submit", "wait_for", "audit")
NEEDS_VALUE = ("fill", "select")
STEP_KEYS = frozenset({*ACTIONS, "value", "value_env", "selector", "timeout"})


@dataclass(frozen=True)
class Step:
    """One step. ``target`` is the action's argument: a selector, a URL, a key
    (``press``) or a checkpoint name (``audit``)."""

    number: int
    action: str
    target: str
    value: str = ""
    value_env: str = ""
    selector: str = ""
    timeout: float | None = None

    def describe(self) -> str:
        """``step 4 (click "#continue")``: how errors and reports name a step."""
        what = f'{self.action} "{self.target}"'
        if self.action == "press" and self.selector:
            what += f' on "{self.selector}"'
        return f"step {self.number} ({what})"

    def resolved_value(self, environ: Mapping[str, str] | None = None) -> str:
        env = os.environ if environ is None else environ
        return env.get(self.value_env, "") if self.value_env else self.value


@dataclass(frozen=True)
class Journey:
    name: str
    start: str
    steps: tuple[Step, ...]
    source: str = ""

    @property
    def checkpoints(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.action == "audit")

    def key(self, step: Step) -> str:
        """The result row of a checkpoint, or of a step that failed after the last one."""
        if step.action == "audit":
            return checkpoint_key(self.start, self.name, step.target)
        return f"{hide_credentials(self.start)}#journey={quote(self.name)}&step={step.number}"

    def targets(self) -> list[str]:
        return [self.key(s) for s in self.checkpoints]

    def env_values(self, environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """``(variable, value)`` of each value a step reads from the environment:
        typed into the page, so kept out of all that is stored or printed."""
        return [(s.value_env, s.resolved_value(environ)) for s in self.steps if s.value_env]

    def missing_env(self, environ: Mapping[str, str] | None = None) -> list[str]:
        env = os.environ if environ is None else environ
        return [s.value_env for s in self.steps if s.value_env and s.value_env not in env]


def checkpoint_key(start: str, journey: str, checkpoint: str) -> str:
    """A checkpoint's row: its journey's start page (credentials hidden), journey and checkpoint."""
    return f"{hide_credentials(start)}#journey={quote(journey)}&checkpoint={quote(checkpoint)}"


def load_journey(path: str | os.PathLike[str]) -> Journey:
    """Read and check a journey file; a ConfigError names the file and the problem."""
    p = Path(path)
    data = read_toml(p, "journey file")
    try:
        return parse_journey(data, source=str(p))
    except ValueError as exc:
        raise ConfigError(f"journey file {str(p)!r}: {exc}") from None


def parse_journey(data: Mapping[str, Any], source: str = "") -> Journey:
    """A journey from its parsed TOML; ValueError (one line) when it is wrong."""
    unknown = [k for k in data if k not in ("name", "start", "steps")]
    if unknown:
        raise ValueError(f"unknown setting {unknown[0]!r} (a journey has name, start and steps)")
    name, start = data.get("name"), data.get("start")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("the journey needs a name")
    if not isinstance(start, str) or urlsplit(start).scheme not in ("http", "https") or not urlsplit(start).hostname:
        raise ValueError("start must be an http(s) address")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps or not all(isinstance(s, Mapping) for s in raw_steps):
        raise ValueError("the journey needs steps ([[steps]] tables)")
    steps = tuple(_step(i, raw) for i, raw in enumerate(raw_steps, start=1))
    names = [s.target for s in steps if s.action == "audit"]
    if not names:
        raise ValueError("the journey has no audit step, so nothing would be audited")
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ValueError(f"two checkpoints are named {duplicate!r}")
    return Journey(name.strip(), start, steps, source)


def _step(number: int, raw: Mapping[str, Any]) -> Step:
    where = f"step {number}"
    unknown = [k for k in raw if k not in STEP_KEYS]
    if unknown:
        raise ValueError(f"{where}: unknown key {unknown[0]!r} (actions: {', '.join(ACTIONS)})")
    actions = [a for a in ACTIONS if a in raw]
    if len(actions) != 1:
        raise ValueError(f"{where}: give exactly one action of {', '.join(ACTIONS)}")
    action = actions[0]
    target = raw[action]
    if not isinstance(target, str) or not target.strip():
        raise ValueError(f"{where}: {action} needs a non-empty string")
    for key in ("value", "value_env", "selector"):
        if key in raw and not isinstance(raw[key], str):
            raise ValueError(f"{where}: {key} must be a string")
    if action in NEEDS_VALUE and "value" not in raw and "value_env" not in raw:
        raise ValueError(f"{where}: {action} needs a value (or value_env)")
    if action not in NEEDS_VALUE and ("value" in raw or "value_env" in raw):
        raise ValueError(f"{where}: {action} takes no value")
    if "selector" in raw and action != "press":
        raise ValueError(f"{where}: only press takes a selector")
    if action == "goto" and urlsplit(target).scheme not in ("http", "https"):
        raise ValueError(f"{where}: goto needs an http(s) address")
    timeout = raw.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0):
        raise ValueError(f"{where}: timeout must be a positive number of seconds")
    return Step(number, action, target.strip(), raw.get("value", ""), raw.get("value_env", ""), raw.get("selector", ""),
                float(timeout) if timeout is not None else None)


def load_journeys(paths: tuple[str, ...]) -> list[Journey]:
    """The run's journeys; two with the same name would share result rows."""
    journeys = [load_journey(p) for p in paths]
    names = [j.name for j in journeys]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ConfigError(f"two journeys are named {duplicate!r}")
    return journeys


# --- walking a journey --------------------------------------------------------

NOJS_STEP_TIMEOUT_S = 5.0
"""Without JavaScript nothing appears late: a step whose element is not there
within this long cannot be done."""


async def perform(visit: Visit, step: Step, timeout_s: float, settle_ms: int) -> None:
    """Do one step that is not a checkpoint, holding the host's politeness
    slot when the step may load a page (``goto`` holds it in ``navigate``)."""
    timeout = step.timeout or timeout_s
    visit.phase = f"doing {step.describe()}"
    visit.steps_taken += 1
    if step.action == "goto":
        await visit.goto(step.target, timeout, settle_ms)
        return
    if step.action in ("fill", "wait_for"):  # these never load a page
        await _act(visit, step, timeout)
        return
    async with visit.load_slot(await visit.current_url()):
        await _act(visit, step, timeout)


async def _act(visit: Visit, step: Step, timeout: float) -> None:
    target = step.target
    if step.action == "click":
        await visit.click(target, timeout)
    elif step.action == "fill":
        await visit.fill(target, step.resolved_value(), timeout)
    elif step.action == "select":
        await visit.select(target, step.resolved_value(), timeout)
    elif step.action == "check":
        await visit.check(target, timeout)
    elif step.action == "press":
        await visit.press_on(step.selector, target, timeout)
    elif step.action == "submit":
        await visit.submit(target, timeout)
    elif step.action == "wait_for":
        await visit.wait_for(target, timeout)


@dataclass(frozen=True)
class NojsOutcome:
    """How far the journey gets without JavaScript."""

    completed: bool
    step: int | None = None
    """The first step that could not be done (0: the start page did not load);
    None when it completed, or when the walk itself could not be made."""
    described: str = ""
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"completed": self.completed, "step": self.step, "described": self.described, "message": self.message}


async def walk_without_javascript(visit: Visit, journey: Journey, timeout_s: float) -> NojsOutcome:
    """Do the journey's steps with scripting off (checkpoints are passed, not
    audited) and report the first one a person without JavaScript cannot do."""
    try:
        await visit.navigate(journey.start, timeout_s, 0)
    except Exception as exc:
        return NojsOutcome(False, 0, "opening the start page", one_line(exc))
    previous: Step | None = None
    for step in journey.steps:
        if step.action == "audit":
            continue
        try:
            await asyncio.wait_for(perform(visit, step, min(step.timeout or timeout_s, NOJS_STEP_TIMEOUT_S), 0), timeout_s)
        except NotImplementedError:
            raise
        except Exception as exc:
            reason = f"it did not finish within {timeout_s:g} s" if isinstance(exc, asyncio.TimeoutError) else one_line(exc)
            # The step before is often the culprit: a button that only script makes work.
            after = f" (after {previous.describe()})" if previous is not None else ""
            return NojsOutcome(False, step.number, step.describe(), reason + after)
        previous = step
    return NojsOutcome(True)


def nojs_carrier(journey: Journey, outcome: NojsOutcome) -> Step | None:
    """The checkpoint whose row carries the no-JavaScript finding: the first
    one a person without JavaScript cannot reach, or, when the failing step
    comes after every checkpoint, the last one (the page they are stuck on)."""
    if outcome.completed or outcome.step is None:
        return None
    after = [c for c in journey.checkpoints if c.number > outcome.step]
    return after[0] if after else journey.checkpoints[-1]


def nojs_finding(journey: Journey, outcome: NojsOutcome, row_url: str) -> Finding:
    step = f"step {outcome.step}" if outcome.step else "the start page"
    return JOURNEY_NEEDS_JAVASCRIPT.finding(
        row_url,
        (Target("html", ""),),
        f'Without JavaScript, the journey "{journey.name}" cannot be completed: it stops at {step}',
        f"{outcome.described[0].upper()}{outcome.described[1:]} could not be done without JavaScript: {outcome.message}",
        key=f"{journey.name}:{outcome.step}",
    )


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
