from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_server import FixtureServer  # noqa: E402
from servers import ServerProcess  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer().start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def tls_server() -> Iterator[FixtureServer]:
    """The fixture site over HTTPS, with a certificate made for the tests."""
    srv = FixtureServer(tls=True).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def report_schema() -> dict[str, Any]:
    from auditor.reports.json import schema

    return schema()


@pytest.fixture(scope="session")
def validate(report_schema):
    """Validate a report.json (path or dict) against the shipped JSON Schema."""
    import jsonschema

    def check(report: Path | dict[str, Any]) -> dict[str, Any]:
        document = json.loads(Path(report).read_text(encoding="utf-8")) if isinstance(report, Path) else report
        jsonschema.validate(document, report_schema, cls=jsonschema.Draft202012Validator)
        return document

    return check


@pytest.fixture(scope="session")
def spawn(tmp_path_factory) -> Iterator[Any]:
    """``spawn(name, args, ready, env=None)``: start a server and wait until
    ``ready()``; every server started is stopped at the end of the session."""
    started: list[ServerProcess] = []

    def start(name: str, args: list[str], ready: Any, env: dict[str, str] | None = None) -> ServerProcess:
        server = ServerProcess(args, tmp_path_factory.mktemp(name) / "server.log", env)
        started.append(server)
        return server.wait_until(ready)

    yield start
    for server in reversed(started):
        server.stop()
