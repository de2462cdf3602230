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

# Runs axe with the chosen tags and slims its results in the page, so only what
# the checks read crosses the wire. `resultTypes` makes axe keep a single node
# for passes and inapplicable rules, which saves time on large pages.
RUN_AXE = """
async (options) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: options.tags},
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
    return await visit.evaluate(RUN_AXE, {"tags": list(config.axe_tags)})


COLLECTORS = (Collector("axe", collect, stage=READS),)
