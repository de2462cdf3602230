"""Targets without a browser or a network: URL normalisation, sitemap parsing
and its safety limits, robots.txt rules, the crawl frontier, Retry-After."""

from __future__ import annotations

import gzip
import re
from datetime import datetime, timedelta, timezone

import pytest

from auditor import __version__
from auditor.addresses import dedupe_key, normalise_target
from auditor.config import AuditConfig, ConfigError
from auditor.registry import run_settings
from auditor.politeness import MAX_RETRY_AFTER_S, browser_user_agent, parse_retry_after, tool_user_agent
from auditor.robots import RobotsRules
from auditor.sitemaps import SitemapError, parse_sitemap, read_sitemaps
from auditor.targets import Frontier

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTPS://Example.GOV.uk:443/Path?b=2&a=1#top", "https://example.gov.uk/Path?b=2&a=1"),
        ("http://example.org:80", "http://example.org/"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org/a?utm_source=news&utm_medium=email&id=7&gclid=x&fbclid=y", "https://example.org/a?id=7"),
        ("https://example.org/a?UTM_Campaign=z&msclkid=1", "https://example.org/a"),
        ("https://example.org/search?q=&page=2", "https://example.org/search?q=&page=2"),
    ],
)
def test_normalise_target(given, expected):
    assert normalise_target(given) == expected


def test_trailing_slash_and_fragment_are_the_same_page():
    same = {dedupe_key(u) for u in ("https://example.org/guide", "https://example.org/guide/", "https://EXAMPLE.org/guide#part-2", "https://example.org/guide/?utm_source=x")}
    assert same == {"https://example.org/guide"}
    assert dedupe_key("https://example.org/") == dedupe_key("https://example.org") == "https://example.org/"
    assert dedupe_key("https://example.org/guide?page=2") != dedupe_key("https://example.org/guide")


def urlset(*locs: str) -> bytes:
    return f'<?xml version="1.0"?><urlset {NS}>{"".join(f"<url><loc>{loc}</loc></url>" for loc in locs)}</urlset>'.encode()


def index(*locs: str) -> bytes:
    return f'<sitemapindex {NS}>{"".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)}</sitemapindex>'.encode()


def test_parse_urlset_index_gzip_and_text():
    assert parse_sitemap(urlset("https://a.example/1", " https://a.example/2 "), "s") == ("urlset", ["https://a.example/1", "https://a.example/2"])
    assert parse_sitemap(gzip.compress(index("https://a.example/s1.xml")), "s") == ("sitemapindex", ["https://a.example/s1.xml"])
    assert parse_sitemap(b"https://a.example/1\n\nhttps://a.example/2\n", "s") == ("urlset", ["https://a.example/1", "https://a.example/2"])


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><urlset><url><loc>&lol2;</loc></url></urlset>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BOMB, "refused: it declares a DTD or entities"),
        (EXTERNAL, "refused: it declares a DTD or entities"),
        (b"<urlset><url><loc>x</loc></url>", "is not valid XML"),
        (b"<rss></rss>", "is not a sitemap (its root element is <rss>"),
        (b"<!DOCTYPE html><html></html>", "is an HTML page, not a sitemap"),
        (b"\x1f\x8b not really gzip", "is not valid gzip"),
        (b"not a url\n", "line 1 is not an http(s) address"),
    ],
)
def test_unsafe_or_broken_sitemaps_are_refused_in_one_line(data, message):
    with pytest.raises(SitemapError) as caught:
        parse_sitemap(data, "https://a.example/sitemap.xml")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_sitemap_limits_on_size_expansion_and_count():
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")  # 2 MB from a few KB
    with pytest.raises(SitemapError, match="expands to more than the 1000000 bytes allowed"):
        parse_sitemap(bomb, "s", max_bytes=1_000_000)
    with pytest.raises(SitemapError, match="lists more than the 2 addresses allowed"):
        parse_sitemap(urlset("https://a.example/1", "https://a.example/2", "https://a.example/3"), "s", max_urls=2)


def fetcher(files: dict[str, bytes]):
    seen: list[str] = []

    def fetch(url: str) -> tuple[int, bytes]:
        seen.append(url)
        return (200, files[url]) if url in files else (404, b"")

    return fetch, seen


def test_read_sitemaps_follows_indexes_dedupes_and_stops_at_the_limit():
    fetch, seen = fetcher({
        "https://a.example/sitemap.xml": index("https://a.example/one.xml.gz", "/two.xml"),
        "https://a.example/one.xml.gz": gzip.compress(urlset("https://a.example/", "https://a.example/a/", "https://b.example/x")),
        "https://a.example/two.xml": urlset("https://a.example/a", "https://a.example/b#x", "https://a.example/c"),
    })
    pages = read_sitemaps(["https://a.example/sitemap.xml"], fetch, limit=10)
    assert pages == ["https://a.example/", "https://a.example/a/", "https://a.example/b", "https://a.example/c"]
    assert read_sitemaps(["https://a.example/sitemap.xml"], fetch, limit=2) == ["https://a.example/", "https://a.example/a/"]
    assert read_sitemaps(["https://a.example/sitemap.xml"], fetch, limit=10, keep=lambda u: not u.endswith("/")) == ["https://a.example/b", "https://a.example/c"]


def test_nested_indexes_are_bounded():
    files = {f"https://a.example/{i}.xml": index(f"https://a.example/{i + 1}.xml") for i in range(6)}
    fetch, _ = fetcher(files)
    with pytest.raises(SitemapError, match="nests indexes more than 3 deep"):
        read_sitemaps(["https://a.example/0.xml"], fetch, limit=10)


ROBOTS = b"""User-agent: *
Disallow: /private/

User-agent: inclusion-auditor
Disallow: /drafts/
"""


def test_robots_rules_per_rfc_9309():
    rules = RobotsRules(lambda url: (200, ROBOTS))
    assert rules.allowed("https://a.example/guide")
    assert not rules.allowed("https://a.example/drafts/x")  # our own group applies, not *
    assert RobotsRules(lambda url: (404, b"")).allowed("https://a.example/private/x")  # no robots.txt: no rules
    assert not RobotsRules(lambda url: (503, b"")).allowed("https://a.example/")  # server trouble: keep away

    def unreachable(url: str) -> tuple[int, bytes]:
        raise OSError("connection refused")

    assert not RobotsRules(unreachable).allowed("https://a.example/")


def test_frontier_admits_same_host_links_once_within_limits():
    config = AuditConfig(crawl=("https://a.example/",), max_pages=4, max_depth=1, exclude=("/logout",), obey_robots=False)
    frontier = Frontier.from_config(config, ["https://a.example/"])
    links = [
        "https://a.example/about", "https://a.example/about/", "https://a.example/about#x", "https://b.example/",
        "mailto:x@a.example", "https://a.example/form.pdf", "https://a.example/logout", "https://a.example/news?utm_source=x",
        "https://a.example/contact", "https://a.example/more",
    ]
    assert frontier.admit("https://a.example/", links) == ["https://a.example/about", "https://a.example/news", "https://a.example/contact"]
    assert frontier.depth["https://a.example/news"] == 1
    assert frontier.admit("https://a.example/about", ["https://a.example/deeper"]) == []  # at max_depth: its links are not read


def test_patterns_must_be_regular_expressions():
    with pytest.raises(ConfigError, match=re.escape("include/exclude pattern '(' is not a valid regular expression")):
        run_settings(AuditConfig(include=("(",)))


def test_retry_after_seconds_and_dates_capped():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after((now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT"), now) == 30.0
    assert parse_retry_after("86400") == MAX_RETRY_AFTER_S
    assert parse_retry_after((now - timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT"), now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_user_agents():
    assert tool_user_agent() == f"inclusion-auditor/{__version__}"
    assert tool_user_agent("https://example.org/contact") == f"inclusion-auditor/{__version__} (+https://example.org/contact)"
    assert browser_user_agent("Mozilla/5.0 HeadlessChrome/156.0.0.0 Safari/537.36", "me@example.org") == (
        f"Mozilla/5.0 Chrome/156.0.0.0 Safari/537.36 inclusion-auditor/{__version__} (+me@example.org)"
    )


def test_host_gate_limits_each_host_and_backs_off():
    import asyncio

    from auditor.politeness import HostGate

    async def scenario() -> tuple[dict[str, int], list[str]]:
        gate = HostGate(per_host=2, min_delay=0.0)
        active: dict[str, int] = {}
        most: dict[str, int] = {}
        order: list[str] = []

        async def load(url: str) -> None:
            async with gate.load(url):
                host = url.split("/")[2]
                active[host] = active.get(host, 0) + 1
                most[host] = max(most.get(host, 0), active[host])
                order.append(url)
                await asyncio.sleep(0.01)
                active[host] -= 1

        await asyncio.gather(*(load(f"https://{h}.example/{i}") for h in ("a", "b") for i in range(5)))
        gate.back_off("https://a.example/", 0.05)
        order.clear()
        await asyncio.gather(load("https://a.example/late"), load("https://b.example/early"))
        return most, order

    most, order = asyncio.run(scenario())
    assert most == {"a.example": 2, "b.example": 2}
    assert order == ["https://b.example/early", "https://a.example/late"]  # only host a waits


def test_host_gate_does_not_hold_local_files():
    import asyncio

    from auditor.politeness import HostGate

    async def scenario() -> int:
        gate = HostGate(per_host=1, min_delay=60.0)  # would wait a minute between two loads of one web host
        async with gate.load("file:///tmp/a.html"), gate.load("file:///tmp/b.html"):
            return 2

    assert asyncio.run(asyncio.wait_for(scenario(), 5)) == 2


def test_pages_robots_txt_keeps_out_are_returned_as_skipped_with_the_reason():
    from auditor.model import SkippedPage
    from auditor.sitemaps import sitemap_pages

    fetch, _ = fetcher({
        "https://a.example/sitemap.xml": urlset("https://a.example/", "https://a.example/drafts/x", "https://a.example/drafts/x#again",
                                                "https://b.example/", "https://a.example/news/y"),
        "https://b.example/sitemap.xml": urlset("https://b.example/page"),
    })
    robots = {"https://a.example": RobotsRules(lambda url: (200, ROBOTS)), "https://b.example": RobotsRules(lambda url: (503, b""))}

    def why_not(url: str) -> str:
        return robots[url.split("/", 3)[0] + "//" + url.split("/", 3)[2]].refusal(url)

    found = sitemap_pages(["https://a.example/sitemap.xml", "https://b.example/sitemap.xml"], fetch, limit=10, keep=lambda url: "news" not in url, refuse=why_not)
    assert found.pages == ["https://a.example/"]  # /news/ is left out by the pattern, quietly: the user chose that
    assert found.skipped == [
        SkippedPage("https://a.example/drafts/x", "robots-disallowed", "https://a.example/sitemap.xml"),
        SkippedPage("https://b.example/page", "robots-unavailable", "https://b.example/sitemap.xml"),
    ]


def test_robots_refusal_names_the_reason():
    assert RobotsRules(lambda url: (200, ROBOTS)).refusal("https://a.example/guide") == ""
    assert RobotsRules(lambda url: (200, ROBOTS)).refusal("https://a.example/drafts/x") == "robots-disallowed"
    assert RobotsRules(lambda url: (404, b"")).refusal("https://a.example/private/x") == ""
    assert RobotsRules(lambda url: (503, b"")).refusal("https://a.example/") == "robots-unavailable"

    def too_slow(url: str) -> tuple[int, bytes]:
        from auditor.fetch import FetchDeadline

        raise FetchDeadline(30)

    rules = RobotsRules(too_slow)
    assert rules.refusal("https://a.example/") == rules.refusal("https://a.example/guide") == "robots-too-slow"
    assert rules.crawl_delay("https://a.example/") is None


def test_frontier_lists_the_links_robots_txt_keeps_out_once():
    from auditor.model import SkippedPage

    config = AuditConfig(crawl=("https://a.example/",), max_depth=2)
    frontier = Frontier.from_config(config, ["https://a.example/"])
    frontier.robots = RobotsRules(lambda url: (200, ROBOTS))
    assert frontier.admit("https://a.example/", ["https://a.example/drafts/x", "https://a.example/ok", "https://a.example/drafts/x/"]) == ["https://a.example/ok"]
    assert frontier.admit("https://a.example/ok", ["https://a.example/drafts/x"]) == []
    assert frontier.take_skipped() == [SkippedPage("https://a.example/drafts/x", "robots-disallowed", "https://a.example/")]
    assert frontier.take_skipped() == []


def test_a_link_holding_a_secret_is_not_followed_but_listed():
    from auditor.model import SkippedPage
    from auditor.redact import Redactor

    secret = Redactor.of([("TOKEN", "tok-55-plover")])
    config = AuditConfig(crawl=("https://a.example/",), max_depth=2, obey_robots=False)
    frontier = Frontier.from_config(config, ["https://a.example/"], hidden=secret.contains)
    links = ["https://a.example/reset?t=tok-55-plover", "https://a.example/ok"]
    assert frontier.admit("https://a.example/", links) == ["https://a.example/ok"]
    assert frontier.take_skipped() == [SkippedPage("https://a.example/reset?t=tok-55-plover", "secret-in-address", "https://a.example/")]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("HTTP://Example.GOV.uk/Apply#step-2", "http://example.gov.uk/Apply"),
        ("https://example.gov.uk:443/a?utm_source=x&b=2#", "https://example.gov.uk/a?utm_source=x&b=2"),  # the query is the user's
        ("http://example.gov.uk", "http://example.gov.uk/"),
        ("http://User:PassWord@Example.gov.uk:8080/a", "http://User:PassWord@example.gov.uk:8080/a"),
        ("http://[::1]:80/#x", "http://[::1]/"),
        ("file:///srv/site/index.html#top", "file:///srv/site/index.html"),
    ],
)
def test_normalise_address_of_a_page_given(given, expected):
    """One page, one row: the addresses a user gives differ only in letter
    case of scheme and host, a default port or a fragment."""
    from auditor.addresses import normalise_address

    assert normalise_address(given) == expected
