"""The harness the integration tests of the check families share.

Each family's module audits its barrier pages and their clean twins
(tests/fixtures/site/<family>/<page>.html and <page>-clean.html) once, per
engine, through the real CLI with that family's checks alone; then each
barrier page must have exactly the findings of the module's EXPECTED table,
and each twin none. The module keeps its EXPECTED table, its ``audit``
fixture and its parametrised tests, so a reader sees there which tests it
has; what was the same in every module (the audit's command line, the row of
a page, the comparison with EXPECTED) is here once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .helpers import page, run_cli

ENGINES = ("playwright", "selenium")

# One expected finding: (rule, outcome, impact, wcag, groups, target), where
# target is the first target's selector, or the list of every target's
# selector for a family that compares them all (``Family.every_target``).
Expected = tuple[str, str, str, list[str], list[str], Any]


@dataclass(frozen=True)
class Family:
    """A check family's fixture pages, and how its audit is run and read.

    ``hosts`` names the host a page is audited under instead of 127.0.0.1
    (the trust family needs other sites; ``config`` tells the browser to
    resolve them to the fixture server). ``config`` is the text of a TOML
    config file passed with ``--config``. ``every_target`` compares all of a
    finding's target selectors, not only the first: a zoom finding names the
    two blocks drawn over one another."""

    name: str
    expected: Mapping[str, Sequence[Expected]]
    hosts: Mapping[str, str] = field(default_factory=dict)
    config: str | None = None
    every_target: bool = False

    @property
    def pages(self) -> tuple[str, ...]:
        """The barrier pages, in the order of the EXPECTED table."""
        return tuple(self.expected)

    def url(self, server: Any, name: str) -> str:
        """Where the fixture page ``name`` (a barrier page, its twin or any other) is served."""
        host = self.hosts.get(name)
        if host is not None:
            return f"{server.scheme}://{host}:{server.server_address[1]}/{self.name}/{name}.html"
        return server.url(f"{self.name}/{name}.html")

    def audit(self, tmp_path_factory: Any, server: Any, engine: str | None = None) -> tuple[int, dict[str, Any]]:
        """Run ``inclusion-audit run`` once over every barrier page and its
        clean twin, with this family's checks alone, on ``engine`` (the
        default engine when None); returns the exit code and report.json."""
        folder = tmp_path_factory.mktemp(f"{self.name}-{engine}" if engine else self.name)
        urls = [self.url(server, f"{name}{suffix}") for name in self.pages for suffix in ("", "-clean")]
        args = [*urls, "--checks", self.name]
        if engine:
            args += ["--engine", engine]
        if self.config is not None:
            config = folder / f"{self.name}.toml"
            config.write_text(self.config, encoding="utf-8")
            args += ["--config", str(config)]
        code, document = run_cli(folder, args, profile=None)
        assert document is not None
        return code, document

    def row(self, document: dict[str, Any], server: Any, name: str) -> dict[str, Any]:
        """The report's row of page ``name``, which must have been audited without an error."""
        result = page(document, self.url(server, name))
        assert result["error"] is None
        assert result["check_errors"] == []
        return result

    def assert_exact_findings(self, document: dict[str, Any], server: Any, name: str) -> None:
        """Page ``name`` has exactly its EXPECTED findings, in order, all from this family."""
        findings = self.row(document, server, name)["findings"]
        got = [(f["rule"], f["outcome"], f["impact"], f["wcag"], f["groups"], self._target(f)) for f in findings]
        assert got == self.expected[name]
        assert all(f["check"] == self.name for f in findings)

    def _target(self, finding: dict[str, Any]) -> Any:
        selectors = [t["selector"] for t in finding["targets"]]
        return selectors if self.every_target else selectors[0]
