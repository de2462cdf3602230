"""The wheel works installed outside the source tree: templates, schema and
demo site travel as package data, and ``auditor.gui``/``auditor.reports``
come from their own folders; building it prints no setuptools warning."""

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


# What setuptools prints when the configuration is deprecated or ambiguous: its
# own category names (older pip shows the backend's stderr under -v) and the
# name newer pip gives every warning it forwards from a build backend.
SETUP_NOISE = ("SetuptoolsDeprecationWarning", "SetuptoolsWarning", "BuildBackendWarning",
               "is absent from the `packages` configuration", "as a TOML table is deprecated")


# The Makefile's pip environment: setuptools tells every editable install whose
# packages come from more than one folder to beware of same-named folders, as a
# warning that newer pip prints; it asks nothing of the user.
MAKE_PIP_ENV = {"PYTHONWARNINGS": "ignore:Editable installation"}


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and everything pip and setuptools printed while building it
    (verbose, so that any pip version shows the backend's warnings)."""
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        timeout=300, cwd=dist, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = dist.glob("inclusion_auditor-*.whl")
    return built, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def wheel(build) -> Path:
    return build[0]


def test_wheel_builds_without_setuptools_warnings(build):
    noise = [line for line in build[1].splitlines() if any(word in line for word in SETUP_NOISE)]
    assert noise == []


def test_makefile_gives_pip_that_environment():
    makefile = (ROOT / "Makefile").read_text()
    assert all(f"{name}='{value}'" in makefile for name, value in MAKE_PIP_ENV.items())


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
    for folder, package in (("auditor/demo/site", "auditor/demo/site"), ("reports/templates", "auditor/reports/templates"),
                            ("reports/schema", "auditor/reports/schema"), ("auditor/collectors/js", "auditor/collectors/js")):
        for source in (ROOT / folder).iterdir():
            assert f"{package}/{source.name}" in names
    assert not any(n.startswith(("tests/", "reports/", "gui/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "inclusion-audit = auditor.cli:main" in text
    assert "inclusion-audit-gui = auditor.gui.app:main" in text


def test_editable_build_prints_no_setuptools_warning(tmp_path):
    """The editable wheel ``make setup`` installs, built by setuptools' own hook
    with the environment the Makefile gives pip (installing it here would
    replace the editable install of the environment running the tests)."""
    hook = "import sys; from setuptools import build_meta; build_meta.build_editable(sys.argv[1])"
    proc = subprocess.run(
        [sys.executable, "-c", hook, str(tmp_path)],
        env={**os.environ, **MAKE_PIP_ENV}, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list(tmp_path.glob("inclusion_auditor-*.whl"))
    output = proc.stdout + proc.stderr
    assert [line for line in output.splitlines() if any(word in line for word in SETUP_NOISE)] == []
    assert "Editable installation" not in output


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
