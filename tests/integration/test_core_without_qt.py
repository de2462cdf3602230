"""The core never imports Qt: import auditor, run a real audit, and look."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

SCRIPT = """
import sys
from auditor import AuditConfig, AuditRun, Store
from auditor import build_document, write_reports
store = Store()
run = AuditRun.start_new(store, AuditConfig(urls=(sys.argv[1],), concurrency=1, profile='quick'))
results = list(run.results())
write_reports(build_document(store, run.run_id), sys.argv[2], ["json", "html"])
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "PyQt", "shiboken")))
print(qt, len(results), results[0].error)
"""


def test_audit_runs_without_importing_qt(server, tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, server.url("image-alt.html"), str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout.strip()
    assert out == "[] 1 None"
    document = json.loads((tmp_path / "report.json").read_text())
    assert [f["rule"] for f in document["pages"][0]["findings"]] == ["image-alt"]
