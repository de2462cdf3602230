"""The desktop app uses only the core's public API: every import of
``auditor`` in ``gui/`` is ``from auditor import NAME`` with NAME in
``auditor.__all__`` (or an import of the app's own modules). Read from the
source with ``ast``, so nothing of Qt is imported here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import auditor

GUI = Path(__file__).resolve().parents[2] / "gui"
OWN = "auditor.gui"
"""The app's own package (``gui/`` is installed as ``auditor.gui``)."""


def core_imports(path: Path) -> list[tuple[int, str]]:
    """``(line, what)`` for each import in ``path`` that reaches into the core
    other than through ``from auditor import NAME`` with NAME public."""
    wrong = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name == "auditor" or alias.name.startswith("auditor.")) and not alias.name.startswith(OWN + "."):
                    wrong.append((node.lineno, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level >= 2:  # ``from .. import x``: out of the app into the core
                wrong.append((node.lineno, f"from {'.' * node.level}{module} import ..."))
            elif node.level == 0 and module == "auditor":
                wrong += [(node.lineno, f"from auditor import {a.name}") for a in node.names if a.name not in auditor.__all__]
            elif node.level == 0 and module.startswith("auditor.") and module != OWN and not module.startswith(OWN + "."):
                wrong.append((node.lineno, f"from {module} import ..."))
    return wrong


@pytest.mark.parametrize("path", sorted(GUI.glob("*.py")), ids=lambda p: p.name)
def test_gui_imports_only_the_public_api(path):
    assert core_imports(path) == []


def test_every_public_name_exists():
    missing = [name for name in auditor.__all__ if not hasattr(auditor, name)]
    assert missing == []


def test_the_check_catches_a_private_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from auditor.reports.html import GROUP_LINES\n"
        "from auditor import summarise, _private\n"
        "import auditor.words\n"
        "from .. import verdict\n"
        "from auditor.gui.rows import FindingRow\n"
        "from .rows import FindingRow\n",
        encoding="utf-8",
    )
    assert core_imports(bad) == [
        (1, "from auditor.reports.html import ..."),
        (2, "from auditor import _private"),
        (3, "import auditor.words"),
        (4, "from .. import ..."),
    ]
