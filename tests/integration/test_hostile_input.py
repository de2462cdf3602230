"""Hostile input: settings and addresses that once beat the tool (issue 12,
items 8 and 10-14). A malformed setting is one line and exit 1 before any
page opens; what a page echoes of a secret, or a full disk, costs the run
neither its truth nor its reports. Pages are served on 127.0.0.1."""

from __future__ import annotations

import base64
import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from auditor.cli import main

from .helpers import page, run_cli

pytestmark = pytest.mark.integration


USERNAME, PASSWORD = "inspector", "pw-Hx42-curlew"
TOKEN, COOKIE = "tok-93-avocet", "ck-61-dunlin"
FORMATS = "json,html,junit,sarif,csv"


def _page(title: str, body: str) -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>""".encode()


class HostileHandler(BaseHTTPRequestHandler):
    """Pages that answer what a hostile or careless site answers:

    - ``/account``: behind HTTP basic auth (USERNAME, PASSWORD); says back
      the password it was sent, in its text.
    - ``/echo``: says back the X-Service-Token header and the ``session``
      cookie it was sent: in its title, its text, an attribute of an
      unlabelled field, an image address and a link's address.
    - ``/no-content/204``, ``/no-content/205``: no document at all.
    """

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if status not in (204, 205):
            self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        if path in ("/no-content/204", "/no-content/205"):
            self._send(int(path.rsplit("/", 1)[1]))
        elif path == "/account":
            expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self._send(401, _page("Sign in", "<p>You need to sign in.</p>"), {"WWW-Authenticate": 'Basic realm="Bins"'})
                return
            self._send(200, _page("Your account", f"<p>Signed in with the password {PASSWORD}.</p><p>You have 2 bins.</p>"))
        elif path == "/echo":
            token = self.headers.get("X-Service-Token", "")
            cookie = next((c.split("=", 1)[1] for c in self.headers.get("Cookie", "").split("; ") if c.startswith("session=")), "")
            said = html.escape(f"{token} {cookie}")
            body = (f"<p>Your token is {html.escape(token)} and your session is {html.escape(cookie)}.</p>"
                    f'<p><input type="text" value="{said}" data-session="{html.escape(cookie)}"></p>'
                    f'<p><img src="/pixel.png?t={quote(token)}&amp;c={quote(cookie)}"></p>'
                    f'<p><a href="/forms/renew.pdf?session={quote(cookie)}&amp;token={quote(token)}">Renew (PDF)</a></p>'
                    f'<p><a href="/next?session={quote(cookie)}"></a></p>'
                    # A start tag cut at 300 characters, inside the token:
                    f'<p><a data-note="{"x" * 277} {html.escape(token)}" href="/forms/notes.pdf">Notes (PDF)</a></p>')
            self._send(200, _page(f"Signed in as {said}", body))
        else:
            self._send(404, _page("Not found", "<p>No such page.</p>"))


@pytest.fixture(scope="module")
def hostile():
    server = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _everything_kept(tmp_path: Path, *skip: str) -> list[Path]:
    """Every file the run left behind: the reports, the store and its write-ahead log."""
    return [p for p in tmp_path.rglob("*") if p.is_file() and p.name not in skip]


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


# Item 8: credentials in a page's address


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_credentials_in_an_address_are_used_and_never_kept(hostile, tmp_path, capsys, engine):
    """``http://user:pass@host/`` once appeared in every report format and
    in the progress line. The page is still audited with them (the server
    lets it in); everything stored or printed names it ``http://***@host/``,
    and the password the page shows back is redacted."""
    given = f"http://{USERNAME}:{PASSWORD}@{hostile}/account"
    shown = f"http://***@{hostile}/account"
    capsys.readouterr()
    code = main(["run", given, "--engine", engine, "--profile", "quick", "--format", FORMATS, "--fail-on", "none",
                 "--db", str(tmp_path / "runs.sqlite3"), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    document = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    row = page(document, shown)
    assert (row["error"], row["status"], row["title"], row["final_url"]) == (None, 200, "Your account", shown)
    assert document["run"]["config"]["urls"] == [shown]
    assert f"[1/1] {shown}: " in printed.err
    basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode())
    for secret in (PASSWORD.encode(), f"{USERNAME}:".encode(), basic):
        assert secret not in (printed.out + printed.err).encode()
        for path in _everything_kept(tmp_path):
            assert secret not in path.read_bytes(), f"{secret!r} found in {path.name}"


# Item 13b: one page, however its address is written


def test_fragments_and_letter_case_of_one_address_are_one_row(server, tmp_path):
    plain = server.url("clean.html")
    port = urlsplit(plain).port
    variants = [plain, f"HTTP://127.0.0.1:{port}/clean.html#main", f"http://127.0.0.1:{port}/clean.html#top", plain + "#"]
    code, document = run_cli(tmp_path, variants)
    assert [p["url"] for p in document["pages"]] == [plain]
    assert document["run"]["targets"] == 1 and document["run"]["config"]["urls"] == [plain]


# Item 13c: an answer with no content


@pytest.mark.parametrize("status", [204, 205])
@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_an_answer_with_no_content_says_so_on_both_engines(hostile, tmp_path, engine, status):
    """HTTP 204 was a retried "network" error (ERR_ABORTED) on Playwright and
    "a plain text file" on Selenium: it is neither transient nor a file."""
    url = f"http://{hostile}/no-content/{status}"
    code, document = run_cli(tmp_path, [url, "--engine", engine, "--retries", "2"])
    row = page(document, url)
    assert row["error"] == {"kind": "not-html", "message": f"The server answered HTTP {status} with no content: there is no page to audit"}
    assert (row["status"], row["attempts"]) == (status, 1)
    assert code == 2


# Item 12: a full disk during a run


@pytest.fixture
def store_fills_after_first_page(monkeypatch):
    """The store becomes full once it holds one page: SQLite's own
    max_page_count, set on the run's connection to the size the file has
    then, makes every later write that needs room (the next page's row, a
    megabyte long) fail with SQLITE_FULL, "database or disk is full", as a
    full disk does; the real disk is never filled. Only the limit is set
    here; the store's code is the product's."""
    from auditor.store import Store

    save_page = Store.save_page

    def save_then_fill(self, run_id, result):
        save_page(self, run_id, result)
        with self._lock:
            size = self._db.execute("PRAGMA page_count").fetchone()[0]
            self._db.execute(f"PRAGMA max_page_count = {size}")

    monkeypatch.setattr(Store, "save_page", save_then_fill)


def test_a_store_that_fills_up_keeps_what_it_holds_and_writes_reports_of_it(server, tmp_path, capsys, monkeypatch, store_fills_after_first_page):
    """A full disk once ended the run in a sqlite3 traceback, with no report.
    Now: one line that says what happened, exit 1, every report of the page
    that was stored, the store consistent (re-rendered and resumed later)."""
    first, second = server.url("clean.html?full=1"), server.url("hostile/long-title.html?full=2")
    db, out = tmp_path / "runs.sqlite3", tmp_path / "out"
    capsys.readouterr()
    code = main(["run", first, second, "--concurrency", "1", "--profile", "quick", "--format", FORMATS, "--db", str(db), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in printed.err
    (line,) = [x for x in printed.err.splitlines() if x.startswith("inclusion-audit: error:")]
    assert "database or disk is full" in line and f"1 of 2 pages are stored" in line and "--resume" in line
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [p["url"] for p in document["pages"]] == [first] and not document["run"]["complete"]
    for name in ("report.html", "report.junit.xml", "report.sarif", "report.csv"):
        assert (out / name).is_file()
    run_id = document["run"]["id"]

    monkeypatch.undo()  # space again
    assert main(["report", run_id, "--db", str(db), "--out", str(tmp_path / "again"), "--format", "json"]) == 0
    assert json.loads((tmp_path / "again" / "report.json").read_text(encoding="utf-8"))["pages"] == document["pages"]
    assert main(["run", "--resume", run_id, "--db", str(db), "--out", str(tmp_path / "resumed"), "--quiet"]) == 2
    resumed = json.loads((tmp_path / "resumed" / "report.json").read_text(encoding="utf-8"))
    assert [p["url"] for p in resumed["pages"]] == [first, second] and resumed["run"]["complete"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_a_report_that_cannot_be_written_for_want_of_space_costs_no_other_report(server, tmp_path, capsys):
    """The file report.json is first written as (a link to /dev/full, where
    every write fails with ENOSPC): report.json is not written, every other
    format is, the line says which and why, and nothing half-written is left."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".report.json.partial").symlink_to("/dev/full")
    url = server.url("clean.html?report-full")
    capsys.readouterr()
    code = main(["run", url, "--profile", "quick", "--format", FORMATS, "--db", str(tmp_path / "runs.sqlite3"), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 1 and "Traceback" not in printed.err
    (line,) = [x for x in printed.err.splitlines() if x.startswith("inclusion-audit: error:")]
    assert "could not write report.json" in line and "No space left on device" in line and "inclusion-audit report " in line
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.html", "report.junit.xml", "report.sarif"]
    assert f"Wrote {out / 'report.html'}" in printed.err


# Item 14: what a page echoes of a secret


def _prefixes(secret: str, shortest: int = 6) -> list[str]:
    return [secret[:n] for n in range(len(secret), shortest - 1, -1)]


@pytest.mark.parametrize("engine", ["playwright", "selenium"])
def test_secrets_a_page_echoes_are_kept_nowhere(hostile, tmp_path, capsys, monkeypatch, engine):
    """The [auth] header and cookie values (read from the environment) come
    back in the page's title, its text, an unlabelled field's value and a
    data attribute, an image address, a PDF link's address and text, an
    empty link, and a start tag cut at 300 characters inside the token.
    Every family runs, so each of them (axe snippets, reading, nojs,
    keyboard names, documents, bandwidth's request addresses) meets them;
    no store, report or printed line holds either value, whole or cut."""
    monkeypatch.setenv("SVC_TOKEN", TOKEN)
    monkeypatch.setenv("SVC_COOKIE", COOKIE)
    config = tmp_path / "auth.toml"
    config.write_text(f"""[auth]
headers = {{ "X-Service-Token" = {{ env = "SVC_TOKEN" }} }}
cookies = [{{ name = "session", value = {{ env = "SVC_COOKIE" }}, url = "http://{hostile}" }}]
""", encoding="utf-8")
    url = f"http://{hostile}/echo"
    capsys.readouterr()
    code = main(["run", url, "--engine", engine, "--config", str(config), "--format", FORMATS, "--fail-on", "none",
                 "--db", str(tmp_path / "runs.sqlite3"), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    row = page(json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8")), url)
    assert row["error"] is None and row["title"] == "Signed in as [redacted] [redacted]"  # the page did get both
    rules = {f"{f['check']}/{f['rule']}" for f in row["findings"]}
    assert {"axe/label", "axe/image-alt", "axe/link-name", "documents/document-link"} <= rules
    for secret in (TOKEN, COOKIE):
        for part in _prefixes(secret):
            assert part not in printed.out + printed.err
            for path in _everything_kept(tmp_path, "auth.toml"):
                assert part.encode() not in path.read_bytes(), f"{part!r} found in {path.name}"
