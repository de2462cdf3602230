"""Hostile input: settings and addresses that once beat the tool (issue 12,
items 8 and 10-14). A malformed setting is one line and exit 1 before any
page opens; what a page echoes of a secret, or a full disk, costs the run
neither its truth nor its reports. Pages are served on 127.0.0.1."""

from __future__ import annotations

import pytest

from auditor.cli import main

from .helpers import page, run_cli

pytestmark = pytest.mark.integration


def _one_error_line(capsys) -> str:
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.startswith("inclusion-audit: error:")]
    assert len(lines) == 1, err
    return lines[0]


# Item 10: malformed [auth] values stop the run, not every page


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        ('headers = { "X-Token" = "a\\r\\nX-Evil: 1" }', "header 'X-Token' holds a line break"),
        ('headers = { "X Token:" = "v" }', "header name 'X Token:' is not an HTTP header name"),
        ('cookies = [{ name = "s", value = "v", url = "not a url" }]', "cookie 's': url must be an http(s) address"),
        ('cookies = [{ name = "s", value = "v", domain = "http://127.0.0.1/" }]', "cookie 's': domain must be a host name"),
        ('storage_state = "STATE"', "is not JSON"),
    ],
)
@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_malformed_auth_stops_the_run_before_any_page_opens(server, tmp_path, capsys, auth, message, engine):
    """Each of these once failed every page ("Could not open a browser page:
    Protocol error ...", "Invalid header name") or, a domain written as an
    address, was never sent; the server now sees no request at all."""
    (tmp_path / "state.txt").write_text("not json", encoding="utf-8")
    config = tmp_path / "auth.toml"
    config.write_text("[auth]\n" + auth.replace("STATE", str(tmp_path / "state.txt")) + "\n", encoding="utf-8")
    url = server.url(f"clean.html?auth-{engine}-{abs(hash(auth))}")
    code = main(["run", url, "--engine", engine, "--config", str(config), "--profile", "quick", "--db", str(tmp_path / "runs.sqlite3"),
                 "--out", str(tmp_path / "out")])
    assert code == 1
    assert message in _one_error_line(capsys)
    assert server.hits[url.removeprefix(server.base)] == 0
    assert not (tmp_path / "out").exists()


# Item 13g: an --out that cannot be written is found before any page opens


@pytest.mark.parametrize("where", ["under a file", "a file"])
def test_an_out_folder_that_cannot_be_written_stops_the_run_first(server, tmp_path, capsys, where):
    """It was found only after every page had been audited (and the run's
    reports were lost). As root every folder is writable, so the folders
    here cannot exist: one under a regular file, and a regular file."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "sub" if where == "under a file" else blocker
    url = server.url(f"clean.html?out-{where.replace(' ', '-')}")
    code = main(["run", url, "--profile", "quick", "--db", str(tmp_path / "runs.sqlite3"), "--out", str(out)])
    assert code == 1
    line = _one_error_line(capsys)
    assert f"cannot write reports to {str(out)!r}" in line and ("Not a directory" in line or "File exists" in line)
    assert server.hits[url.removeprefix(server.base)] == 0


# Item 13a: a page title of a megabyte


def test_a_megabyte_title_is_capped_in_report_html_and_whole_in_report_json(server, tmp_path):
    url = server.url("hostile/long-title.html")
    code, document = run_cli(tmp_path, [url, "--format", "json,html"])
    row = page(document, url)
    assert len(row["title"]) == len("Council tax bands ") + 9 * 111111 - 1  # the browser trims the trailing space
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert len(html) < 100_000
    assert "Council tax bands " + "and more " * 100 in html and "and more " * 120 not in html
    assert "image-alt" in html and code == 2
