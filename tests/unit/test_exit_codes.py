"""What decides the exit code: summarise()'s threshold, URL checking, and the
command line's handling of bad input (exit 1, one line, no traceback).

None of these start a browser: every command here fails on its input first."""

from __future__ import annotations

import pytest

from auditor import cli
from auditor.cli import EXIT_FAULT, UsageError, check_url, main, read_urls_file
from auditor.model import GROUPS, IMPACTS, Finding, PageError, PageResult, Target, fingerprint
from auditor.verdict import summarise


def finding(rule: str, impact: str, outcome: str = "fail", groups: tuple[str, ...] = ("screen-reader",), page: str = "https://example.org/") -> Finding:
    return Finding(
        check="axe",
        rule=rule,
        outcome=outcome,
        impact=impact,
        wcag=(),
        groups=groups,
        summary=f"{rule} summary",
        help_url="",
        targets=(Target("div"),),
        fingerprint=fingerprint(rule, page, "div"),
    )


def page(url: str = "https://example.org/", *findings: Finding) -> PageResult:
    return PageResult(url=url, final_url=url, status=200, findings=findings)


def unreachable(url: str = "https://down.example/") -> PageResult:
    return PageResult(url=url, final_url=url, error=PageError("dns", "the host name could not be resolved"))


# summarise()


def test_summary_of_nothing():
    summary = summarise([], "serious", False)
    assert summary["pages"] == summary["audited"] == summary["unreachable"] == 0
    assert summary["by_impact"] == {i: 0 for i in IMPACTS}
    assert summary["by_group"] == {g: {"findings": 0, "pages": 0} for g in GROUPS}
    assert summary["by_rule"] == []
    assert summary["threshold_breached"] is False


@pytest.mark.parametrize(
    "impact, fail_on, breached",
    [
        ("critical", "serious", True),
        ("serious", "serious", True),
        ("moderate", "serious", False),
        ("minor", "serious", False),
        ("minor", "minor", True),
        ("serious", "critical", False),
        ("critical", "critical", True),
        ("critical", "none", False),
    ],
)
def test_threshold_breached_by_failures_at_or_above_fail_on(impact, fail_on, breached):
    summary = summarise([page("https://example.org/", finding("r", impact))], fail_on, False)
    assert summary["threshold_breached"] is breached
    assert summary["pages_failing"] == (1 if breached else 0)
    assert summary["fail_on"] == fail_on


def test_reviews_never_breach_the_threshold():
    pages = [page("https://example.org/", finding("color-contrast", "critical", outcome="review"))]
    summary = summarise(pages, "minor", False)
    assert summary["threshold_breached"] is False
    assert summary["review"] == 1 and summary["fail"] == 0
    assert summary["by_impact"]["critical"] == 0
    assert summary["by_rule"] == []
    assert summary["by_group"]["screen-reader"] == {"findings": 0, "pages": 0}


def test_unreachable_pages_breach_unless_allowed():
    pages = [page("https://example.org/"), unreachable()]
    summary = summarise(pages, "serious", False)
    assert summary["threshold_breached"] is True
    assert summary["unreachable"] == 1 and summary["audited"] == 1 and summary["pages_failing"] == 0
    assert summarise(pages, "serious", True)["threshold_breached"] is False


def test_fail_on_none_ignores_findings_but_not_unreachable_pages():
    pages = [page("https://example.org/", finding("image-alt", "critical"))]
    assert summarise(pages, "none", False)["threshold_breached"] is False
    assert summarise([*pages, unreachable()], "none", False)["threshold_breached"] is True
    assert summarise([*pages, unreachable()], "none", True)["threshold_breached"] is False


def test_summary_counts():
    pages = [
        page("https://example.org/a", finding("image-alt", "critical", groups=("screen-reader", "low-bandwidth")), finding("color-contrast", "serious", groups=("low-vision",)), finding("color-contrast", "moderate", groups=("low-vision",))),
        page("https://example.org/b", finding("color-contrast", "serious", groups=("low-vision",)), finding("region", "moderate", outcome="review")),
        unreachable(),
    ]
    summary = summarise(pages, "critical", True)
    assert summary["pages"] == 3 and summary["audited"] == 2 and summary["unreachable"] == 1
    assert summary["fail"] == 4 and summary["review"] == 1
    assert summary["by_impact"] == {"critical": 1, "serious": 2, "moderate": 1, "minor": 0}
    assert summary["by_group"]["low-vision"] == {"findings": 3, "pages": 2}
    assert summary["by_group"]["screen-reader"] == {"findings": 1, "pages": 1}
    assert summary["by_group"]["keyboard"] == {"findings": 0, "pages": 0}
    assert summary["by_rule"] == [
        {"id": "axe/image-alt", "rule": "image-alt", "check": "axe", "impact": "critical", "findings": 1, "pages": 1},
        {"id": "axe/color-contrast", "rule": "color-contrast", "check": "axe", "impact": "serious", "findings": 3, "pages": 2},
    ]
    assert summary["pages_failing"] == 1
    assert summary["threshold_breached"] is True


def test_by_rule_takes_the_worst_impact_seen():
    pages = [page("https://example.org/", finding("color-contrast", "minor"), finding("color-contrast", "serious"), finding("color-contrast", "moderate"))]
    (entry,) = summarise(pages, "serious", False)["by_rule"]
    assert entry["impact"] == "serious" and entry["findings"] == 3 and entry["pages"] == 1


# check_url


@pytest.mark.parametrize("url", ["http://example.org", "https://example.org/a?b=1#c", "https://example.org:8443/", "http://127.0.0.1:8000/index.html"])
def test_http_and_https_urls_are_accepted(url):
    assert check_url(url, False) == url


def test_surrounding_whitespace_is_trimmed():
    assert check_url("  https://example.org/ \n", False) == "https://example.org/"


def test_no_scheme_suggests_https():
    with pytest.raises(UsageError) as exc:
        check_url("www.gov.uk/apply", False)
    assert "did you mean https://www.gov.uk/apply?" in str(exc.value)


@pytest.mark.parametrize("url", ["ftp://example.org/file", "mailto:someone@example.org", "javascript:alert(1)", "not-a-url", ""])
def test_other_schemes_are_rejected(url):
    with pytest.raises(UsageError, match="not an http"):
        check_url(url, True)


def test_file_urls_need_allow_file(tmp_path):
    url = (tmp_path / "page.html").as_uri()
    with pytest.raises(UsageError, match="--allow-file-urls"):
        check_url(url, False)
    assert check_url(url, True) == url


@pytest.mark.parametrize("url", ["http://example.org:99999/", "https://example.org:port/", "http://example.org:-1/"])
def test_bad_port(url):
    with pytest.raises(UsageError, match="bad port"):
        check_url(url, False)


def test_no_host():
    with pytest.raises(UsageError, match="no host"):
        check_url("https:///path", False)


def test_read_urls_file_skips_blanks_and_comments(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# pages\nhttps://a.example/\n\n   \n  # indented comment\n  https://b.example/  \n", encoding="utf-8")
    assert read_urls_file(str(path)) == ["https://a.example/", "https://b.example/"]


def test_read_urls_file_not_utf8(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_bytes(b"https://a.example/caf\xe9\n")
    with pytest.raises(UsageError, match="not UTF-8"):
        read_urls_file(str(path))


# main(): bad input is exit 1 and one line on stderr, never a traceback


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Run in an empty folder with the default store inside it, and make sure
    no browser could ever be started by these tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUDITOR_DB", str(tmp_path / "default.sqlite3"))

    def no_browser(*args, **kwargs):
        raise AssertionError("a bad-input test reached the browser")

    monkeypatch.setattr(cli.AuditRun, "start_new", no_browser)
    (tmp_path / "bad.toml").write_text('fail_on = \n[audit\n', encoding="utf-8")
    return tmp_path


def assert_one_line_error(capsys) -> str:
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert lines[0].startswith("inclusion-audit: error:")
    return lines[0]


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["run", "--bogus", "https://example.org/"], "unrecognized arguments"),
        (["frobnicate"], "invalid choice"),
        (["run"], "no pages to audit"),
        (["run", "not-a-url"], "not an http(s) URL"),
        (["run", "example.org"], "did you mean https://example.org?"),
        (["run", "ftp://example.org/"], "not an http(s) URL"),
        (["run", "file:///etc/hosts"], "--allow-file-urls"),
        (["run", "http://example.org:99999/"], "bad port"),
        (["run", "--urls-file", "/nonexistent/urls.txt"], "cannot read URL file"),
        (["run", "--config", "bad.toml", "https://example.org/"], "is not valid TOML"),
        (["run", "--config", "missing.toml", "https://example.org/"], "cannot read config file"),
        (["run", "--resume", "x", "--no-store"], "--no-store"),
        (["run", "--resume", "last", "https://example.org/"], "give no URLs"),
        (["run", "--resume", "last"], "no unfinished run"),
        (["run", "--fail-on", "severe", "https://example.org/"], "invalid choice"),
        (["run", "--concurrency", "0", "https://example.org/"], "concurrency must be at least 1"),
        (["run", "--concurrency", "two", "https://example.org/"], "invalid int value"),
        (["run", "--format", "pdf", "https://example.org/"], "unknown format 'pdf'"),
        (["run", "--checks", "lighthouse", "https://example.org/"], "unknown check 'lighthouse'"),
        (["run", "--axe-script", "/nonexistent/axe.js", "https://example.org/"], "axe_script"),
        (["report", "nosuchrun", "--db", "runs.sqlite3"], "no run 'nosuchrun'"),
        (["report", "latest", "--db", "runs.sqlite3", "--format", "pdf"], "unknown format 'pdf'"),
        (["run", "--format", "", "https://example.org/"], "formats must name at least one format"),
        (["report", "latest", "--db", "runs.sqlite3", "--format", ","], "formats must name at least one format"),
    ],
)
def test_bad_input_exits_1_with_one_line(sandbox, capsys, argv, fragment):
    assert main(argv) == EXIT_FAULT
    line = assert_one_line_error(capsys)
    assert fragment in line


def test_report_with_unopenable_store(sandbox, capsys):
    (sandbox / "junk.sqlite3").write_bytes(b"not a database at all " * 50)
    assert main(["report", "latest", "--db", "junk.sqlite3"]) == EXIT_FAULT
    assert "cannot open the store" in assert_one_line_error(capsys)


def test_resume_of_finished_run_is_refused(sandbox, capsys):
    from auditor.store import Store

    with Store(sandbox / "runs.sqlite3") as store:
        run_id = store.create_run({"fail_on": "serious"}, {"name": "inclusion-auditor"}, ["https://example.org/"])
        store.finish_run(run_id)
    assert main(["run", "--resume", run_id, "--db", "runs.sqlite3"]) == EXIT_FAULT
    assert "already finished" in assert_one_line_error(capsys)


def test_no_command_prints_help_and_exits_1(sandbox, capsys):
    assert main([]) == EXIT_FAULT
    out, err = capsys.readouterr()
    assert "usage: inclusion-audit" in err and "Traceback" not in err


@pytest.mark.parametrize("text", ["audit = 5\n", 'audit = "minor"\n'])
def test_config_whose_audit_is_not_a_table_exits_1_with_one_line(sandbox, capsys, text):
    """BUG (auditor/config.py, load_config_file): see test_config.py; today
    this escapes main() as a TypeError/ValueError traceback."""
    (sandbox / "odd.toml").write_text(text, encoding="utf-8")
    assert main(["run", "--config", "odd.toml", "https://example.org/"]) == EXIT_FAULT
    assert_one_line_error(capsys)


def test_config_not_utf8_exits_1_with_one_line(sandbox, capsys):
    """BUG (auditor/config.py, load_config_file): a non-UTF-8 config file
    escapes main() as a UnicodeDecodeError traceback."""
    (sandbox / "latin1.toml").write_bytes('fail_on = "minor" # café\n'.encode("latin-1"))
    assert main(["run", "--config", "latin1.toml", "https://example.org/"]) == EXIT_FAULT
    assert_one_line_error(capsys)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [({}, "reads the environment variable BIN_PIN, which is not set"), ({"BIN_PIN": "123"}, "the environment variable BIN_PIN holds fewer than 4 characters")],
)
def test_a_journey_value_that_cannot_be_read_or_hidden_creates_no_run(tmp_path, capsys, monkeypatch, env, fragment):
    """Checked as the run is created (no browser starts: the check comes first)."""
    from auditor.store import Store

    sandbox = tmp_path
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BIN_PIN", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (sandbox / "pin.toml").write_text('name = "Pin"\nstart = "https://example.org/"\n[[steps]]\nfill = "#pin"\nvalue_env = "BIN_PIN"\n'
                                      '[[steps]]\naudit = "Done"\n', encoding="utf-8")
    assert main(["run", "--journey", "pin.toml", "--db", "runs.sqlite3"]) == EXIT_FAULT
    assert fragment in assert_one_line_error(capsys)
    with Store(sandbox / "runs.sqlite3") as store:
        assert store.runs() == []  # nothing left behind for --resume last to pick up


DEEP_TOML = {
    "array": "a = " + "[" * 500 + "1" + "]" * 500 + "\n",
    "inline table": "a = " + "{ b = " * 500 + "1" + " }" * 500 + "\n",
    "dotted key": "a" + ".b" * 5000 + " = 1\n",
}


@pytest.mark.parametrize("option", ["--config", "--ignore-file", "--journey"])
@pytest.mark.parametrize("shape", list(DEEP_TOML))
def test_deeply_nested_toml_is_one_line(tmp_path, monkeypatch, capsys, option, shape):
    """About 500 levels of nesting once made the TOML parser recurse past
    Python's limit: a 3,000-line traceback. Refused in one line, and no run
    is created (the ignore file is read as the run is created, so the real
    start of a run is used here; no browser starts before it is read)."""
    from auditor.store import Store

    monkeypatch.chdir(tmp_path)
    (tmp_path / "deep.toml").write_text(DEEP_TOML[shape], encoding="utf-8")
    assert main(["run", option, "deep.toml", "https://example.org/", "--db", "runs.sqlite3"]) == EXIT_FAULT
    line = assert_one_line_error(capsys)
    assert "deep.toml" in line and "nested more than" in line
    if (tmp_path / "runs.sqlite3").exists():
        with Store(tmp_path / "runs.sqlite3") as store:
            assert store.runs() == []


def test_a_config_file_in_the_working_folder_is_read_and_named(sandbox, capsys):
    """Found without --config (inclusion-audit.toml): its mistake is the run's,
    and stderr names the file; --config and --no-config read something else."""
    (sandbox / "inclusion-audit.toml").write_text('concurrency = 0\n', encoding="utf-8")
    assert main(["run", "https://example.org/"]) == EXIT_FAULT
    err = capsys.readouterr().err
    assert "Settings from inclusion-audit.toml" in err and "concurrency must be at least 1" in err
    (sandbox / "good.toml").write_text('checks = ["lighthouse"]\n', encoding="utf-8")
    assert main(["run", "--config", "good.toml", "https://example.org/"]) == EXIT_FAULT
    assert "unknown check 'lighthouse'" in assert_one_line_error(capsys)  # --config wins, and is not announced
    assert main(["run", "--no-config", "--checks", "lighthouse", "https://example.org/"]) == EXIT_FAULT
    assert "unknown check 'lighthouse'" in assert_one_line_error(capsys)
    assert main(["run", "--config", "good.toml", "--no-config", "https://example.org/"]) == EXIT_FAULT
    assert "contradict" in assert_one_line_error(capsys)
