"""A small public service on 127.0.0.1 for the whole-service tests.

- ``/robots.txt`` disallows ``/private/``.
- ``/sitemap.xml`` is a sitemap index naming one gzipped child,
  ``/sitemap-pages.xml.gz``.
- ``/`` links to pages, duplicates of them (fragment, tracking parameter,
  trailing slash), a disallowed page, a PDF, another host, and a chain
  ``/deep/1`` -> ``/deep/2`` -> ``/deep/3``; one link (``/rendered``) is added by
  script, so only a crawl of the rendered page finds it.
- ``/apply/...``: a multi-step form that works without JavaScript (start, a
  question with server-side validation, a choice of bins, check your answers,
  confirmation), its state kept server-side under a cookie.
- ``/apply-js/...``: the same service, except that its name question can only
  be sent with JavaScript (a ``type=button`` with a click handler).
- ``/find``: a search form sent with GET, so what is typed ends up in the
  address of ``/find/results?name=...``, which shows it in its title, in an
  unlabelled field and in an image address (both barriers, so their snippets
  carry it too), with the ``X-Service-Token`` header sent, if any.
- ``/account/``, ``/account/bins``, ``/account/payments``: behind HTTP basic
  auth and a session cookie (without the cookie: sent on to ``/sign-in``, as
  services do); each shows whether a header token came too.
- ``/polite/N``: slow pages whose overlapping requests are counted;
  ``/retry-after`` and ``/retry-date``: busy once (503 with ``Retry-After: 2``;
  429 with an HTTP date), then fine. Request times are recorded.
"""

from __future__ import annotations

import base64
import collections
import gzip
import html
import itertools
import threading
import time
from email.utils import formatdate
from typing import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from fixture_server import FixtureServer, send

USERNAME = "inspector"
RETRY_AFTER_S = 2


def page(title: str, body: str, script: str = "") -> bytes:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body><header><a href="/">Bin service</a></header><main><h1>{html.escape(title.removeprefix("Error: "))}</h1>
{body}</main>{f"<script>{script}</script>" if script else ""}</body></html>""".encode()


HOME_LINKS = """<ul>
<li><a href="/about">About the service</a></li>
<li><a href="/contact/">Contact us</a></li>
<li><a href="/about/">About (again, with a slash)</a></li>
<li><a href="/about#team">Our team</a></li>
<li><a href="/about?utm_source=newsletter&amp;utm_medium=email">About (from the newsletter)</a></li>
<li><a href="/private/report">Internal report</a></li>
<li><a href="/guide.pdf">Guide (PDF)</a></li>
<li><a href="mailto:bins@example.org">Email us</a></li>
<li><a href="{other}/elsewhere">Another site</a></li>
<li><a href="/deep/1">More</a></li>
</ul><p id="later"></p>"""

# Only in the rendered page: a crawl that read the HTML source would miss it.
RENDERED_LINK_JS = """const a = document.createElement('a'); a.href = '/rendered'; a.textContent = 'Rendered link';
document.getElementById('later').append(a);"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap>
</sitemapindex>"""

SITEMAP_PAGES = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/</loc></url>
<url><loc>{base}/about</loc><lastmod>2026-01-01</lastmod></url>
<url><loc>{base}/about/?utm_source=sitemap</loc></url>
<url><loc>{base}/contact/</loc></url>
<url><loc>{base}/private/report</loc></url>
<url><loc>http://other.invalid/page</loc></url>
</urlset>"""

# An entity-expansion bomb ("billion laughs"): a few hundred bytes that a
# careless parser expands to gigabytes.
SITEMAP_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>"""

ACCOUNT_PAGES = {
    "/account/": ("Your account", "<p>You have 2 bins. Your next collection is on Tuesday; put your bins out by 7am.</p>"),
    "/account/bins": ("Your bins", "<p>One black bin for general waste and one green bin for garden waste, collected every other week.</p>"),
    "/account/payments": ("Your payments", "<p>You paid 45 pounds for garden waste on 3 March. Your next payment is due next spring.</p>"),
}
"""Signed-in pages: title and what the page says besides the token."""

NAME_FORM = """{error}<form method="post" action="{action}" novalidate>
<div><label for="full-name">Full name</label>{message}
<input id="full-name" name="full-name" autocomplete="name" value="{value}"{invalid}></div>
{button}</form>"""


class ServiceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ServiceHandler)
        self.lock = threading.Lock()
        self.hits: collections.Counter[str] = collections.Counter()
        self.times: dict[str, list[float]] = collections.defaultdict(list)
        self.sessions: dict[str, dict[str, str]] = {}
        self.ids = itertools.count(1)
        self.polite_active = 0
        self.polite_max = 0
        self.polite_delay = 0.6
        self.crawl_delay = 0  # robots.txt Crawl-delay, when set
        self.deep_delay = 0.0  # seconds each /deep/N page takes (a crawl slow enough to kill)
        self.password = ""
        self.basic_auth = True  # the Selenium engine cannot send basic auth: its tests turn it off
        self.cookie = ""
        self.token = ""
        self.account_views: list[str] = []  # per view of /account/: whether the header token came
        self.user_agents: list[tuple[str, str]] = []  # (path, User-Agent) of every request

    scheme = FixtureServer.scheme
    base = FixtureServer.base
    url = FixtureServer.url
    start = FixtureServer.start

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.times.clear()
            self.polite_active = self.polite_max = 0
            self.user_agents.clear()


class ServiceHandler(BaseHTTPRequestHandler):
    server: ServiceServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        send(self, status, body, content_type, headers)

    def redirect(self, location: str, cookie: str = "") -> None:
        self.send(303, headers={"Location": location, **({"Set-Cookie": cookie} if cookie else {})})

    def record(self) -> str:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.times[path].append(time.monotonic())
            self.server.user_agents.append((path, self.headers.get("User-Agent", "")))
        return path

    # --- routing ------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        path = self.record()
        base = self.server.base
        if path == "/robots.txt":
            delay = f"Crawl-delay: {self.server.crawl_delay}\n" if self.server.crawl_delay else ""
            self.send(200, f"User-agent: *\nDisallow: /private/\n{delay}".encode(), "text/plain")
        elif path == "/sitemap.xml":
            self.send(200, SITEMAP_INDEX.format(base=base).encode(), "application/xml")
        elif path == "/sitemap-pages.xml.gz":
            self.send(200, gzip.compress(SITEMAP_PAGES.format(base=base).encode()), "application/gzip")
        elif path == "/go":  # the service's short address: it lives under another host name
            self.send(301, headers={"Location": f"http://localhost:{self.server.server_address[1]}/"})
        elif path == "/sitemap-bomb.xml":
            self.send(200, SITEMAP_BOMB.encode(), "application/xml")
        elif path == "/sitemap-nested.xml":  # an index that lists itself again and again, one level deeper each time
            depth = int(parse_qs(urlsplit(self.path).query).get("d", ["0"])[0])
            loc = f"{base}/sitemap-nested.xml?d={depth + 1}"
            self.send(200, SITEMAP_INDEX.replace("{base}/sitemap-pages.xml.gz", loc).format(base=base).encode(), "application/xml")
        elif path == "/":
            other = f"http://localhost:{self.server.server_address[1]}"
            self.send(200, page("Bin service", HOME_LINKS.format(other=other), RENDERED_LINK_JS))
        elif path in ("/about", "/about/", "/contact", "/contact/", "/rendered", "/private/report", "/elsewhere"):
            self.send(200, page(path.strip("/").replace("/", " ").capitalize(), '<p><a href="/">Home</a> <a href="/deep/1">More</a></p>'))
        elif path.startswith("/deep/"):
            n = int(path.rsplit("/", 1)[1])
            time.sleep(self.server.deep_delay)
            self.send(200, page(f"Deep page {n}", f'<p><a href="/deep/{n + 1}">Deeper</a></p>'))
        elif path == "/guide.pdf":
            self.send(200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
        elif path.startswith(("/apply/", "/apply-js/")):
            self.apply_get(path)
        elif path == "/find":
            body = """<form method="get" action="/find/results"><div><label for="name">Your name</label>
<input id="name" name="name" autocomplete="name"></div><button>Find</button></form>"""
            self.send(200, page("Find your bin collection day", body))
        elif path == "/find/results":
            self.find_results()
        elif path in ACCOUNT_PAGES:
            self.account(path)
        elif path == "/sign-in":
            self.send(200, page("Sign in", '<p>Sign in to see your account.</p>'))
        elif path.startswith("/polite/"):
            self.polite(path)
        elif path in ("/retry-after", "/retry-date"):
            self.retry(path)
        else:
            self.send(404, page("Page not found", "<p>Sorry.</p>"))

    def do_POST(self) -> None:  # noqa: N802
        path = self.record()
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
        if path.startswith(("/apply/", "/apply-js/")):
            self.apply_post(path, form)
        else:
            self.send(405, page("Not allowed", "<p>Sorry.</p>"))

    # --- the multi-step form --------------------------------------------------

    def session(self) -> tuple[str, dict[str, str]]:
        cookies = dict(part.strip().split("=", 1) for part in self.headers.get("Cookie", "").split(";") if "=" in part)
        sid = cookies.get("apply", "")
        with self.server.lock:
            if sid not in self.server.sessions:
                sid = str(next(self.server.ids))
                self.server.sessions[sid] = {}
            return sid, self.server.sessions[sid]

    def apply_get(self, path: str) -> None:
        prefix, step = path.rsplit("/", 1)
        sid, answers = self.session()
        cookie = f"apply={sid}; Path=/; HttpOnly"
        if step == "start":
            body = f'<p>Use this service to order garden waste bins.</p><a class="start" href="{prefix}/name" role="button">Start now</a>'
            self.send(200, page("Order garden waste bins", body), headers={"Set-Cookie": cookie})
        elif step == "name":
            self.send(200, page("What is your name?", self.name_form(prefix, answers.get("name", ""), "")), headers={"Set-Cookie": cookie})
        elif step == "bins":
            body = f"""<form method="post" action="{prefix}/bins"><div><label for="bins">How many bins?</label>
<select id="bins" name="bins"><option value="1">One</option><option value="2">Two</option><option value="3">Three</option></select></div>
<div><input type="checkbox" id="garden" name="garden" value="yes"><label for="garden">I have a garden</label></div>
<button id="bins-continue">Continue</button></form>"""
            self.send(200, page("How many bins do you need?", body))
        elif step == "check":
            body = f"""<dl id="answers"><dt>Name</dt><dd>{html.escape(answers.get("name", ""))}</dd>
<dt>Bins</dt><dd>{html.escape(answers.get("bins", ""))}</dd><dt>Garden</dt><dd>{html.escape(answers.get("garden", "no"))}</dd></dl>
<form method="post" action="{prefix}/check"><button>Accept and send</button></form>"""
            self.send(200, page("Check your answers", body))
        elif step == "done":
            self.send(200, page("Order complete", f'<p id="reference">Your reference is BIN-{sid}</p>'))
        else:
            self.send(404, page("Page not found", "<p>Sorry.</p>"))

    def name_form(self, prefix: str, value: str, error: str) -> str:
        summary = f'<div role="alert"><h2>There is a problem</h2><p><a href="#full-name">{error}</a></p></div>' if error else ""
        message = f'<p id="name-error">{error}</p>' if error else ""
        if prefix.endswith("-js"):  # sent only by script: does nothing without JavaScript
            button = '<button type="button" id="continue" onclick="this.form.submit()">Continue</button>'
        else:
            button = '<button id="continue">Continue</button>'
        return NAME_FORM.format(error=summary, action=f"{prefix}/name", message=message, value=html.escape(value),
                                invalid=' aria-invalid="true" aria-describedby="name-error"' if error else "", button=button)

    def apply_post(self, path: str, form: dict[str, str]) -> None:
        prefix, step = path.rsplit("/", 1)
        _, answers = self.session()
        if step == "name":
            name = form.get("full-name", "").strip()
            if not name:
                self.send(200, page("Error: What is your name?", self.name_form(prefix, "", "Enter your full name")))
                return
            answers["name"] = name
            self.redirect(f"{prefix}/bins")
        elif step == "bins":
            answers["bins"] = form.get("bins", "")
            answers["garden"] = form.get("garden", "no")
            self.redirect(f"{prefix}/check")
        elif step == "check":
            self.redirect(f"{prefix}/done")
        else:
            self.send(404, page("Page not found", "<p>Sorry.</p>"))

    def find_results(self) -> None:
        """Echoes the name searched for (and a token header) back, as many services do."""
        name = parse_qs(urlsplit(self.path).query).get("name", [""])[0]
        token = self.headers.get("X-Service-Token", "")
        body = f"""<p>{html.escape(name)}, your bins are collected on Tuesday.</p>
<p><input type="text" value="{html.escape(name)}" readonly></p>
<p><img src="/bin.png?owner={quote(name)}&amp;t={quote(token)}"></p>"""
        self.send(200, page(f"Collection day for {name}", body))

    # --- signed in ------------------------------------------------------------

    def account(self, path: str) -> None:
        expected = "Basic " + base64.b64encode(f"{USERNAME}:{self.server.password}".encode()).decode()
        if self.server.basic_auth and self.headers.get("Authorization") != expected:
            self.send(401, page("Sign in", "<p>You need to sign in.</p>"), headers={"WWW-Authenticate": 'Basic realm="Bins"'})
            return
        if f"session={self.server.cookie}" not in self.headers.get("Cookie", ""):
            self.redirect("/sign-in")
            return
        token = "token accepted" if self.headers.get("X-Service-Token") == self.server.token else "no token"
        self.server.account_views.append(token)
        title, body = ACCOUNT_PAGES[path]
        self.send(200, page(title, f'<p id="token">{token}</p>{body}'))

    # --- politeness -----------------------------------------------------------

    def polite(self, path: str) -> None:
        with self.server.lock:
            self.server.polite_active += 1
            self.server.polite_max = max(self.server.polite_max, self.server.polite_active)
        try:
            time.sleep(self.server.polite_delay)
        finally:
            with self.server.lock:
                self.server.polite_active -= 1
        self.send(200, page(f"Polite page {path.rsplit('/', 1)[1]}", "<p>Slow to answer.</p>"))

    def retry(self, path: str) -> None:
        with self.server.lock:
            first = self.server.hits[path] == 1
        if not first:
            self.send(200, page("Ready now", "<p>Thank you for waiting.</p>"))
        elif path == "/retry-after":
            self.send(503, page("Busy", "<p>Try again soon.</p>"), headers={"Retry-After": str(RETRY_AFTER_S)})
        else:
            when = formatdate(time.time() + RETRY_AFTER_S + 1, usegmt=True)
            self.send(429, page("Too many requests", "<p>Slow down.</p>"), headers={"Retry-After": when})


def serving() -> Iterator[ServiceServer]:
    """The service for one test module; each module makes it its fixture with
    ``service = pytest.fixture(scope="module", name="service")(serving)``."""
    server = ServiceServer().start()
    yield server
    server.stop()
