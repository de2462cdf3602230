"""The browser is launched as the design says: safe flags, the driver's
disabled features kept, no hidden toolbar renderers per page."""

from __future__ import annotations

import asyncio
import re

import pytest

from auditor.engines.browsers import DISABLED_FEATURES
from auditor.engines.playwright import PlaywrightEngine

pytestmark = pytest.mark.integration


async def _inspect() -> tuple[str, list[str]]:
    engine = PlaywrightEngine()
    await engine.start()
    try:
        visit = await engine.open(viewport=(800, 600))
        await visit.page.goto("chrome://version")
        command_line = await visit.page.inner_text("#command_line")
        session = await engine._browser.new_browser_cdp_session()
        targets = (await session.send("Target.getTargets", {"filter": [{}]}))["targetInfos"]
        await visit.close()
        return command_line, [t["type"] for t in targets]
    finally:
        await engine.shutdown()


def test_launch_flags_and_one_merged_feature_switch():
    command_line, target_types = asyncio.run(_inspect())
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"):
        assert flag in command_line.split()
    (switch,) = re.findall(r"--disable-features=(\S+)", command_line)  # Chromium keeps only the last one
    disabled = switch.split(",")
    assert "HttpsUpgrades" in disabled  # the driver's own, kept: http:// pages stay http://
    assert set(DISABLED_FEATURES) <= set(disabled)
    assert "browser_ui" not in target_types  # no omnibox WebUI renderers
