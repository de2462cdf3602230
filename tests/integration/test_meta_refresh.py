"""One meta refresh is one barrier: axe-core's ``meta-refresh`` and the
timing family's both see it, and the report names it once, by its full
id ``family/rule``. Real Chromium on the timing fixture pages."""

from __future__ import annotations

import re

import pytest

from .helpers import page, run_cli

pytestmark = pytest.mark.integration

PAGES = ("refresh", "redirect")  # a page reloading every 600 s; one moving people on after 45 s


@pytest.fixture(scope="module")
def audit(server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("meta-refresh")
    urls = [server.url(f"timing/{name}.html") for name in PAGES]
    code, document = run_cli(tmp, [*urls, "--checks", "axe,timing", "--format", "json,html"], profile=None)
    assert document is not None
    return code, document, (tmp / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_one_finding_per_meta_refresh(audit, server, name):
    row = page(audit[1], server.url(f"timing/{name}.html"))
    assert row["check_errors"] == []
    refresh = [(f["check"], f["rule"], f["outcome"], f["impact"]) for f in row["findings"] if "refresh" in f["rule"]]
    assert refresh == [("axe", "meta-refresh", "fail", "critical")]


def test_summary_rows_are_keyed_family_slash_rule(audit):
    rows = {r["id"]: r for r in audit[1]["summary"]["by_rule"]}
    assert rows["axe/meta-refresh"]["check"] == "axe"
    assert rows["axe/meta-refresh"]["rule"] == "meta-refresh"
    assert (rows["axe/meta-refresh"]["findings"], rows["axe/meta-refresh"]["pages"]) == (2, 2)
    assert "timing/meta-refresh" not in rows
    assert all(r["id"] == f"{r['check']}/{r['rule']}" for r in rows.values())
    issues = re.findall(r'data-issue="([^"]+)"', audit[2])  # the report's issues, one per rule
    assert "axe/meta-refresh" in issues and "timing/meta-refresh" not in issues
