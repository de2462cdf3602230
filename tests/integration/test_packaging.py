"""The wheel works installed outside the source tree: templates, schema and
demo site travel as package data, and ``auditor.gui``/``auditor.reports``
come from their own folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        check=True, timeout=300, cwd=dist,
    )
    (built,) = dist.glob("inclusion_auditor-*.whl")
    return built


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "auditor/reports/templates/report.html.j2",
        "auditor/reports/schema/report.schema.json",
        "auditor/demo/site/index.html",
        "auditor/gui/app.py",
        "auditor/engines/playwright.py",
    ):
        assert needed in names
    assert not any(n.startswith(("tests/", "reports/", "gui/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "inclusion-audit = auditor.cli:main" in text
    assert "inclusion-audit-gui = auditor.gui.app:main" in text


def test_installed_wheel_audits_the_demo_site(wheel, tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)], check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-c", "import auditor, sys; sys.argv[0] = 'inclusion-audit'; print(auditor.__file__, file=sys.stderr);"
         " from auditor.cli import main; raise SystemExit(main())", "run", "--demo", "--no-store", "--out", str(out), "--quiet"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr  # the demo site has barriers
    assert proc.stderr.splitlines()[0].startswith(str(target))
    document = json.loads((out / "report.json").read_text())
    assert len(document["pages"]) == 6
    assert (out / "report.html").read_text().startswith("<!DOCTYPE html>")
