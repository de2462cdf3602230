"""Navigation tricks: a page that moves on to another host once it has
loaded, a malformed XHTML page that leaves only the browser's own parse-error
banner, and signed-in pages whose JavaScript-off visit is reused. Real
Chromium on both engines, on pages served on 127.0.0.1 (``localhost`` is the
same server under another host name)."""

from __future__ import annotations

import pytest

from service_server import USERNAME, serving

from .helpers import page, run_cli

pytestmark = pytest.mark.integration
ENGINES = ("playwright", "selenium")

# After loading, these pages send their visitor to hostile/elsewhere.html on
# localhost: from a load handler, by a meta refresh of 0 (through a redirect
# of the fixture server), and at the first key press (the keyboard family's
# first Tab: a moment the audit surely reaches, as a timer would that fires
# while the audit is under way).
LEAVING = ("leaves-on-load.html", "leaves-by-refresh.html", "leaves-on-tab.html")
# Fine: a script that moves on before the page has loaded (its final address,
# as an HTTP redirect is), and one that only rewrites the address.
STAYING = ("redirects-while-loading.html", "rewrites-address.html")
MALFORMED = ("malformed.xhtml", "entity-bomb.xhtml")
PAGES = (*LEAVING, *STAYING, *MALFORMED, "well-formed.xhtml")


@pytest.fixture(scope="module", params=ENGINES)
def audit(request, server, tmp_path_factory):
    engine = request.param
    tmp = tmp_path_factory.mktemp(f"navigation-{engine}")
    urls = [server.url(f"hostile/{name}") for name in PAGES]
    code, document = run_cli(tmp, [*urls, "--engine", engine, "--checks", "axe,keyboard", "--fail-on", "none"], profile=None)
    assert document is not None
    return engine, document


def elsewhere(server) -> str:
    return server.url("hostile/elsewhere.html").replace("//127.0.0.1:", "//localhost:")


@pytest.mark.parametrize("name", LEAVING)
def test_a_page_that_moves_on_after_loading_is_reported_not_audited(audit, server, name):
    """Never the other host's findings (button-name, html-has-lang) under this
    page's address: the row says where the page went."""
    _, document = audit
    row = page(document, server.url(f"hostile/{name}"))
    assert row["error"] is not None, f"audited as if it were the page: {[f['rule'] for f in row['findings']]}, title {row['title']!r}"
    assert row["error"]["kind"] == "navigated-away"
    assert elsewhere(server) in row["error"]["message"]
    assert row["error"]["message"].startswith("After it had loaded, the page went on to another address")
    assert row["final_url"] == elsewhere(server)
    assert row["findings"] == [] and row["check_errors"] == []


def test_a_script_redirect_before_the_load_is_the_final_address(audit, server):
    _, document = audit
    row = page(document, server.url("hostile/redirects-while-loading.html"))
    assert row["error"] is None and row["check_errors"] == []
    assert (row["final_url"], row["title"]) == (elsewhere(server), "Win a prize - Somewhere else")
    assert {"button-name", "html-has-lang"} <= {f["rule"] for f in row["findings"]}


def test_a_page_that_only_rewrites_its_address_is_audited(audit, server):
    """history.pushState and a fragment change keep the document: no navigation."""
    _, document = audit
    row = page(document, server.url("hostile/rewrites-address.html"))
    assert row["error"] is None and row["check_errors"] == []
    assert row["title"] == "Pay a parking fine - Riverton Borough Council"
    assert row["final_url"] == server.url("hostile/rewrites-address/step-2#pay")
    assert [(f["check"], f["rule"]) for f in row["findings"] if f["outcome"] == "fail"] == [("axe", "image-alt")]


@pytest.mark.parametrize("name", MALFORMED)
def test_the_browsers_xml_error_banner_is_never_audited(audit, server, name):
    """Chromium shows a malformed XHTML page (a tag left open, or an entity
    bomb it refuses to expand) as its own parse-error banner over what it
    parsed: that banner is not the page."""
    _, document = audit
    row = page(document, server.url(f"hostile/{name}"))
    assert row["error"] is not None, f"the banner was audited: {[f['rule'] for f in row['findings']]}"
    assert row["error"]["kind"] == "malformed-xml"
    assert row["error"]["message"].startswith("The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it (")
    assert "line " in row["error"]["message"]
    assert (row["status"], row["findings"], row["check_errors"]) == (200, [], [])


def test_a_well_formed_xhtml_page_is_audited(audit, server):
    _, document = audit
    row = page(document, server.url("hostile/well-formed.xhtml"))
    assert row["error"] is None and row["check_errors"] == []
    assert [(f["check"], f["rule"]) for f in row["findings"] if f["outcome"] == "fail"] == [("axe", "image-alt")]


# --- signed-in pages and the reused JavaScript-off visit ------------------------

service = pytest.fixture(scope="module", name="service")(serving)
PASSWORD, COOKIE, TOKEN = "pw-Nav-4411-wren", "ck-Nav-9050-teal", "tok-Nav-2716-rook"
ACCOUNT = ("/account/", "/account/bins", "/account/payments")


@pytest.fixture
def signed_in(service, monkeypatch):
    service.password, service.cookie, service.token = PASSWORD, COOKIE, TOKEN
    monkeypatch.setenv("NAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("NAV_COOKIE", COOKIE)
    monkeypatch.setenv("NAV_TOKEN", TOKEN)
    service.account_views.clear()
    service.reset()
    yield service
    service.basic_auth = True


def cookie_config(tmp_path, base: str, basic_auth: bool) -> str:
    """The session cookie; with ``basic_auth``, basic auth and a header kept
    to the service's origin too (which only the Playwright engine can do)."""
    path = tmp_path / "signed-in.toml"
    with_basic = f"""origin = "{base}"
username = "{USERNAME}"
password_env = "NAV_PASSWORD"
headers = {{ "X-Service-Token" = {{ env = "NAV_TOKEN" }} }}
""" if basic_auth else ""
    path.write_text(f"""[auth]
{with_basic}cookies = [{{ name = "session", value = {{ env = "NAV_COOKIE" }}, url = "{base}" }}]
""", encoding="utf-8")
    return str(path)


def storage_state_config(tmp_path) -> str:
    import json

    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [{"name": "session", "value": COOKIE, "domain": "127.0.0.1", "path": "/", "expires": -1,
                                              "httpOnly": True, "secure": False, "sameSite": "Lax"}], "origins": []}), encoding="utf-8")
    path = tmp_path / "state.toml"
    path.write_text(f"""[auth]
username = "{USERNAME}"
password_env = "NAV_PASSWORD"
storage_state = "{state}"
""", encoding="utf-8")
    return str(path)


def assert_signed_in_without_javascript(document, service) -> None:
    """Every page seen signed in with JavaScript off too: no "content missing"
    from a sign-in page the JavaScript-off visit was sent to."""
    for path in ACCOUNT:
        row = page(document, service.url(path))
        assert row["error"] is None and row["check_errors"] == [], path
        nojs = [(f["rule"], f["summary"]) for f in row["findings"] if f["check"] == "nojs"]
        assert nojs == [], f"{path}: {nojs}"
        assert row["metrics"]["nojs_text_ratio"] == 1.0, path


@pytest.mark.parametrize("engine", ENGINES)
def test_every_signed_in_page_stays_signed_in_without_javascript(tmp_path, signed_in, engine):
    """One worker, so the JavaScript-off visit (Playwright) or the session
    (Selenium, --reuse-sessions) of the first page is reused for the next.
    The Selenium engine signs in with the cookie alone (it cannot keep basic
    auth to one site)."""
    signed_in.basic_auth = engine == "playwright"
    urls = [signed_in.url(p) for p in ACCOUNT]
    extra = ["--reuse-sessions"] if engine == "selenium" else []
    config = cookie_config(tmp_path, signed_in.base, basic_auth=signed_in.basic_auth)
    code, document = run_cli(tmp_path, [*urls, "--engine", engine, *extra, "--concurrency", "1", "--checks", "nojs",
                                        "--config", config, "--fail-on", "none"], profile=None)
    assert code == 0 and document is not None
    assert_signed_in_without_javascript(document, signed_in)
    assert signed_in.hits["/sign-in"] == 0


def test_a_saved_storage_state_stays_signed_in_without_javascript(tmp_path, signed_in):
    """The storage state's cookies are the sign-in too (Playwright only: the
    Selenium engine cannot sign in with a storage state)."""
    signed_in.token = ""
    urls = [signed_in.url(p) for p in ACCOUNT]
    code, document = run_cli(tmp_path, [*urls, "--concurrency", "1", "--checks", "nojs", "--config", storage_state_config(tmp_path),
                                        "--fail-on", "none"], profile=None)
    assert code == 0 and document is not None
    assert_signed_in_without_javascript(document, signed_in)
    assert signed_in.hits["/sign-in"] == 0
