"""Every URL ends with a result row, whatever the page does."""

from __future__ import annotations

import os
import socket

import pytest

from auditor import AuditConfig, AuditRun, Store

from .helpers import fail_rules, page, run_cli

pytestmark = pytest.mark.integration

FAULTS = {
    # path -> (error kind, words in the message, HTTP status)
    "never": ("timeout", "did not finish", None),
    "stalled.html": ("timeout", "did not finish", None),
    "busy.html": ("timeout", "stopped while", None),
    "loop": ("redirect-loop", "ERR_TOO_MANY_REDIRECTS", None),
    "error500": ("http-error", "HTTP 500", 500),
    "missing": ("http-error", "HTTP 404", 404),
    "form.pdf": ("not-html", "PDF document", 200),
    "data.json": ("not-html", "JSON file", 200),
    "picture.png": ("not-html", "image (image/png)", 200),
    "download": ("download", "download", None),
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def faults(server, tmp_path_factory, validate):
    refused = f"http://127.0.0.1:{_closed_port()}/"
    not_tls = server.url("clean.html").replace("http://", "https://")
    dns = "http://no-such-host.invalid/"
    urls = [server.url(p) for p in FAULTS] + [refused, not_tls, dns, server.url("dialogs.html"), server.url("popup.html"), server.url("redirect")]
    code, document = run_cli(
        tmp_path_factory.mktemp("faults"),
        # Name resolution fails inside the browser: no query leaves the machine.
        [*urls, "--timeout", "6", "--retries", "0", "--config", str(_resolver_config(tmp_path_factory))],
    )
    validate(document)
    return code, document, {"refused": refused, "tls": not_tls, "dns": dns}


def _resolver_config(tmp_path_factory):
    path = tmp_path_factory.mktemp("cfg") / "audit.toml"
    path.write_text('browser_args = ["--host-resolver-rules=MAP *.invalid ~NOTFOUND"]\n', encoding="utf-8")
    return path


def test_every_url_has_exactly_one_row(faults):
    _, document, _ = faults
    assert len(document["pages"]) == len(FAULTS) + 6
    assert len({p["url"] for p in document["pages"]}) == len(document["pages"])


@pytest.mark.parametrize("path", sorted(FAULTS))
def test_fault_is_classified(faults, server, path):
    _, document, _ = faults
    kind, words, status = FAULTS[path]
    row = page(document, server.url(path))
    assert row["error"] is not None, row
    assert row["error"]["kind"] == kind
    assert words in row["error"]["message"]
    assert row["status"] == status
    assert row["findings"] == []  # nothing audited on a page that is not the page


@pytest.mark.parametrize("name,kind", [("refused", "refused"), ("tls", "tls"), ("dns", "dns")])
def test_network_failures_are_classified(faults, name, kind):
    _, document, urls = faults
    row = page(document, urls[name])
    assert row["error"]["kind"] == kind
    assert "chrome-error" not in row["final_url"]
    assert row["findings"] == []


def test_dialogs_are_dismissed_and_noted(faults, server):
    _, document, _ = faults
    row = page(document, server.url("dialogs.html"))
    assert row["error"] is None
    assert row["title"] == "Dialogs"
    assert row["notes"] == [
        "A alert dialog was dismissed: Your session will expire",
        "A confirm dialog was dismissed: Continue?",
        "A prompt dialog was dismissed: Your name?",
    ]


def test_popup_is_closed_and_noted(faults, server):
    _, document, _ = faults
    row = page(document, server.url("popup.html"))
    assert row["error"] is None
    assert "The page opened a pop-up window, which was closed" in row["notes"]


def test_redirect_records_final_url(faults, server):
    _, document, _ = faults
    row = page(document, server.url("redirect"))
    assert row["error"] is None
    assert row["final_url"] == server.url("clean.html")
    assert fail_rules(row) == []


def test_unreachable_pages_fail_the_run_unless_allowed(faults, server, tmp_path):
    code, document, _ = faults
    assert code == 2
    assert document["summary"]["unreachable"] == len(FAULTS) + 3
    allowed, _ = run_cli(tmp_path, [server.url("error500"), server.url("clean.html"), "--allow-unreachable", "--retries", "0"])
    assert allowed == 0


def test_transient_failure_is_retried(server, tmp_path):
    url = server.url("flaky.html?case=retry")
    code, document = run_cli(tmp_path, [url, "--retries", "1"])
    row = page(document, url)
    assert row["error"] is None
    assert row["attempts"] == 2
    assert server.hits["/flaky.html?case=retry"] == 2
    assert code == 0


def test_failure_that_persists_ends_as_a_row_after_retries(server, tmp_path):
    url = server.url("drop?case=persist")
    code, document = run_cli(tmp_path, [url, "--retries", "1"])
    row = page(document, url)
    assert row["error"]["kind"] == "network"
    assert "ERR_EMPTY_RESPONSE" in row["error"]["message"]
    assert row["attempts"] == 2
    assert code == 2


def test_file_urls_need_the_flag(tmp_path, capsys):
    from auditor.cli import main

    target = tmp_path / "page.html"
    target.write_text("<!DOCTYPE html><html lang='en'><title>Local</title><main><h1>Local</h1></main></html>")
    assert main(["run", target.as_uri(), "--no-store", "--out", str(tmp_path / "o")]) == 1
    assert "--allow-file-urls" in capsys.readouterr().err
    code, document = run_cli(tmp_path, [target.as_uri(), "--allow-file-urls"])
    assert code == 0
    assert page(document, target.as_uri())["title"] == "Local"


def _children() -> set[int]:
    """The process ids of this process's direct children (from /proc)."""
    mine = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == mine:  # the field after the state is the parent's id
                found.add(int(entry))
    return found


def test_a_browser_that_will_not_start_leaves_nothing_running(server):
    """An executable that is not a browser: the run stops on a tool fault, and
    the browser driver started for it does not outlive the run."""
    before = _children()
    run = AuditRun.start_new(Store(), AuditConfig(urls=(server.url("clean.html"),), profile="quick", browser="/bin/false"))
    with pytest.raises(Exception):
        list(run.results())
    assert _children() - before == set()
