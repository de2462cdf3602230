"""Run axe-core in the page and keep the parts of its results the checks use."""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector

ADVISORY_RULES = ("empty-heading", "page-has-heading-one", "tabindex", "empty-table-header", "landmark-one-main", "aria-dialog-name",
                  "scope-attr-valid", "table-duplicate-name")
"""axe-core's best-practice rules run on every audit, not only with
``--best-practice``: each names a barrier a person meets, though WCAG does
not require the fix. A heading with no text (screen reader users moving by
headings hear nothing), no level-one heading (no start of the content to
jump to), a positive ``tabindex`` (the keyboard order no longer follows the
page), a table header cell with no text (the data cells it heads are read
with no header), no main landmark (nothing to jump to), a dialog with no
name (people hear "dialog" and not what it is for), a ``scope`` that is
not ``row``, ``col``, ``rowgroup`` or ``colgroup`` (the header is not tied
to its cells), a table whose caption and summary say the same (heard
twice; off in axe unless enabled, as here). Their findings are for
review (the artifact's ``advisory`` lists them), unless ``--best-practice`` asked
for axe's best-practice rules, which then fail as they always did. Left out
on purpose: rules about landmark nesting and duplication, ``region`` (all
content in landmarks) and the like, which name a tidier page rather than a
barrier."""

# Runs axe with the chosen tags, and the advisory rules besides (a rule
# enabled in `rules` runs whatever its tags), and slims its results in the
# page, so only what the checks read crosses the wire. `resultTypes` makes axe
# keep a single node for passes and inapplicable rules, which saves time on
# large pages.
RUN_AXE = """
async (options) => {
  const known = new Set(axe.getRules().map((r) => r.ruleId));
  const rules = Object.fromEntries((options.advisory || []).filter((id) => known.has(id)).map((id) => [id, {enabled: true}]));
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: options.tags},
    rules,
    resultTypes: ['violations', 'incomplete'],
    iframes: true,
    elementRef: false,
    ancestry: false,
    xpath: false,
  });
  const slim = (rules) => rules.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    tags: rule.tags,
    help: rule.help,
    description: rule.description,
    helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((node) => ({
      target: node.target,
      html: node.html,
      impact: node.impact,
      failureSummary: node.failureSummary || '',
    })),
  }));
  return {
    version: result.testEngine.version,
    violations: slim(result.violations),
    incomplete: slim(result.incomplete),
    passes: result.passes.length,
    inapplicable: result.inapplicable.length,
  };
}
"""

_VERSION = re.compile(r"axe v(\d+\.\d+\.\d+\S*)")


def bundled_axe_path() -> Path:
    """The axe.min.js shipped in the axe-playwright-python wheel: the newest
    axe-core among the project's dependencies."""
    return Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))


@functools.lru_cache(maxsize=4)
def axe_source(path: str = "") -> str:
    return Path(path or bundled_axe_path()).read_text(encoding="utf-8")


def axe_version(path: str = "") -> str:
    """The version in the script's banner (``/*! axe v4.12.1``), or ``unknown``."""
    match = _VERSION.search(axe_source(path)[:400])
    return match.group(1) if match else "unknown"


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "injecting axe-core"
    await visit.inject_script(axe_source(config.axe_script))
    visit.phase = "running axe-core"
    advisory = advisory_rules(config.axe_tags)
    result = await visit.evaluate(RUN_AXE, {"tags": list(config.axe_tags), "advisory": list(advisory)})
    if isinstance(result, dict):
        result["advisory"] = list(advisory)
    return result


def advisory_rules(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The :data:`ADVISORY_RULES` a run adds for review: all of them, unless
    its tags already run axe's best-practice rules (``--best-practice``)."""
    return () if "best-practice" in tags else ADVISORY_RULES


COLLECTORS = (Collector("axe", collect, stage=READS),)
