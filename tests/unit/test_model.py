"""The results model (impacts, URL normalisation, fingerprints, round trips)
and the run store that persists it."""

from __future__ import annotations

import itertools
import json
import types

import pytest

import auditor.store as store_module
from auditor.model import (
    IMPACTS,
    Box,
    CheckError,
    Finding,
    PageError,
    PageFailure,
    PageResult,
    well_formed,
    Target,
    at_or_above,
    count_by,
    fingerprint,
    impact_rank,
    normalise_url,
    page_key,
    worth_retry,
)
from auditor.store import Store, StoreError


def make_finding(rule: str = "image-alt", *, outcome: str = "fail", impact: str = "critical", page: str = "https://example.org/", selector: str = "img", groups: tuple[str, ...] = ("screen-reader",)) -> Finding:
    return Finding(
        check="axe",
        rule=rule,
        outcome=outcome,
        impact=impact,
        wcag=("1.1.1",),
        groups=groups,
        summary=f"{rule} summary",
        help_url=f"https://dequeuniversity.com/rules/axe/4.12/{rule}",
        targets=(Target(selector=selector, snippet=f"<{selector}>"),),
        fingerprint=fingerprint(rule, page, selector),
        detail="Fix it",
        tags=("cat.text-alternatives", "wcag2a", "wcag111"),
    )


# impacts


def test_impacts_are_worst_first():
    assert IMPACTS == ("critical", "serious", "moderate", "minor")
    assert [impact_rank(i) for i in IMPACTS] == [0, 1, 2, 3]


def test_unknown_impact_ranks_below_minor():
    assert impact_rank("cosmetic") == len(IMPACTS)
    assert impact_rank("") > impact_rank("minor")


@pytest.mark.parametrize(
    "impact, threshold, expected",
    [
        ("critical", "critical", True),
        ("serious", "critical", False),
        ("critical", "serious", True),
        ("serious", "serious", True),
        ("moderate", "serious", False),
        ("minor", "serious", False),
        ("minor", "minor", True),
        ("critical", "minor", True),
        ("moderate", "minor", True),
        ("cosmetic", "minor", False),
    ],
)
def test_at_or_above(impact, threshold, expected):
    assert at_or_above(impact, threshold) is expected


@pytest.mark.parametrize("impact", [*IMPACTS, "cosmetic"])
def test_nothing_is_at_or_above_none(impact):
    assert at_or_above(impact, "none") is False


# URLs and fingerprints


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a?b=1#top", "https://example.org/a?b=1"),
        ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
        ("http://example.org:80/x", "http://example.org/x"),
        ("https://example.org:443/x", "https://example.org/x"),
        ("http://example.org:443/x", "http://example.org:443/x"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org#frag", "https://example.org/"),
        ("https://user:secret@example.org/x", "https://example.org/x"),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected


def test_normalise_url_keeps_ipv6_hosts_distinct():
    """BUG (auditor/model.py, normalise_url): the port is appended to
    ``parts.hostname``, which has lost its IPv6 brackets, so
    ``http://[::1]:8080/`` becomes ``http://::1:8080/`` -- not a URL, and the
    same string as the different host ``http://[::1:8080]/``."""
    assert normalise_url("http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert normalise_url("http://[::1]:8080/x") != normalise_url("http://[::1:8080]/x")


def test_fingerprint_is_stable_and_short_hex():
    a = fingerprint("image-alt", "https://example.org/", "img")
    assert a == fingerprint("image-alt", "https://example.org/", "img")
    assert len(a) == 20
    assert all(c in "0123456789abcdef" for c in a)


def test_fingerprint_ignores_fragment_and_url_spelling():
    base = fingerprint("image-alt", "https://example.org/page", "img")
    assert fingerprint("image-alt", "https://example.org/page#main", "img") == base
    assert fingerprint("image-alt", "HTTPS://EXAMPLE.org:443/page", "img") == base


DEMO = "http://127.0.0.1:{port}/inclusion-auditor-demo/"


def test_a_demo_page_is_the_same_page_whatever_port_served_it():
    """The demo takes another port when its own is busy; a second demo audit
    must still find the same findings, so its pages compare by path."""
    assert page_key(DEMO.format(port=8000) + "index.html") == page_key(DEMO.format(port=41234) + "index.html#main")
    assert page_key(DEMO.format(port=8000) + "index.html") != page_key(DEMO.format(port=8000) + "question.html")
    assert fingerprint("image-alt", DEMO.format(port=8000) + "index.html", "img") == fingerprint("image-alt", DEMO.format(port=41234) + "index.html", "img")
    # A finding told apart by one of the demo's files (uncompressed text) names it with the port too.
    assert (fingerprint("uncompressed-text-response", DEMO.format(port=8000) + "index.html", DEMO.format(port=8000) + "style.css")
            == fingerprint("uncompressed-text-response", DEMO.format(port=41234) + "index.html", DEMO.format(port=41234) + "style.css"))


def test_other_pages_keep_their_port():
    assert page_key("http://127.0.0.1:8000/index.html") != page_key("http://127.0.0.1:8001/index.html")
    assert page_key("https://example.org:8443/inclusion-auditor-demo/x") == "https://example.org:8443/inclusion-auditor-demo/x"
    assert page_key("HTTPS://Example.org:443/x#top") == normalise_url("HTTPS://Example.org:443/x#top")
    assert fingerprint("x", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/a.css") != fingerprint("x", "http://127.0.0.1:8001/", "http://127.0.0.1:8001/a.css")


def test_fingerprint_normalises_whitespace_in_selectors():
    base = fingerprint("label", "https://example.org/", "form > input#name")
    assert fingerprint("label", "https://example.org/", "  form  >\n\tinput#name ") == base


@pytest.mark.parametrize(
    "rule, page, target",
    [
        ("link-name", "https://example.org/", "img"),
        ("image-alt", "https://example.org/other", "img"),
        ("image-alt", "https://example.org/?q=1", "img"),
        ("image-alt", "https://example.com/", "img"),
        ("image-alt", "https://example.org/", "img.logo"),
    ],
)
def test_fingerprint_differs_by_rule_page_and_target(rule, page, target):
    assert fingerprint(rule, page, target) != fingerprint("image-alt", "https://example.org/", "img")


# round trips


def full_page() -> PageResult:
    return PageResult(
        url="https://example.org/",
        final_url="https://example.org/home",
        status=200,
        title="Home",
        metrics={"axe_rules_failed": 1, "axe_rules_passed": 20, "axe_review": 1},
        findings=(
            make_finding(),
            Finding(
                check="axe",
                rule="color-contrast",
                outcome="review",
                impact="serious",
                wcag=("1.4.3",),
                groups=("low-vision",),
                summary="Contrast",
                help_url="https://example.org/help",
                targets=(Target("p.note", "<p class=note>", Box(1.5, 2, 300, 40.25)), Target("iframe >>> p")),
                fingerprint=fingerprint("color-contrast", "https://example.org/", "p.note"),
            ),
        ),
        check_errors=(CheckError("axe", "Could not collect axe: boom"),),
        notes=("The page kept changing",),
        started="2026-01-01T00:00:00+00:00",
        duration_ms=1234,
        attempts=2,
    )


def test_page_result_round_trip():
    page = full_page()
    data = page.to_dict()
    assert PageResult.from_dict(data) == page
    # through JSON too, as the store does it
    assert PageResult.from_dict(json.loads(json.dumps(data))) == page
    assert PageResult.from_dict(data).to_dict() == data


def test_error_page_round_trip():
    page = PageResult(url="https://down.example/", final_url="https://down.example/", error=PageError("dns", "no such host"), attempts=1)
    data = page.to_dict()
    assert data["error"] == {"kind": "dns", "message": "no such host"}
    assert data["findings"] == [] and data["status"] is None
    back = PageResult.from_dict(json.loads(json.dumps(data)))
    assert back == page
    assert not back.audited


def test_to_dict_keys_and_target_box():
    data = full_page().to_dict()
    assert list(data) == ["url", "final_url", "status", "title", "error", "metrics", "findings", "check_errors", "notes", "started", "duration_ms", "attempts"]
    targets = data["findings"][1]["targets"]
    assert targets[0]["box"] == {"x": 1.5, "y": 2, "width": 300, "height": 40.25}
    assert targets[1] == {"selector": "iframe >>> p", "snippet": "", "box": None}


def test_from_dict_defaults():
    page = PageResult.from_dict({"url": "https://example.org/"})
    assert page == PageResult(url="https://example.org/")
    assert page.attempts == 1 and page.error is None and page.audited


def test_failures_at_or_above_ignores_reviews():
    page = PageResult(
        url="https://example.org/",
        findings=(
            make_finding(impact="critical", outcome="review"),
            make_finding(rule="label", impact="serious"),
            make_finding(rule="region", impact="moderate"),
        ),
    )
    assert [f.rule for f in page.failures_at_or_above("serious")] == ["label"]
    assert [f.rule for f in page.failures_at_or_above("minor")] == ["label", "region"]
    assert page.failures_at_or_above("none") == []


def test_count_by_counts_each_value_of_tuple_fields():
    findings = [make_finding(groups=("screen-reader", "cognitive")), make_finding(groups=("screen-reader",), impact="minor")]
    assert count_by(findings, "groups") == {"screen-reader": 2, "cognitive": 1}
    assert count_by(findings, "impact") == {"critical": 1, "minor": 1}


def test_transient_errors():
    assert worth_retry("timeout", None) and worth_retry("crash", None) and worth_retry("network", None)
    assert not worth_retry("dns", None) and not worth_retry("tls", None)
    assert worth_retry("http-error", 503) and worth_retry("http-error", 429)
    assert not worth_retry("http-error", 404) and not worth_retry("http-error", None)
    failure = PageFailure("http-error", "503", status=503)
    assert failure.transient and failure.to_error() == PageError("http-error", "503")
    assert not PageFailure("http-error", "404", status=404).transient
    assert not PageFailure("tls", "bad cert").transient


def test_a_failure_and_its_row_agree_on_a_retry():
    """The runner decides from the row, an engine's caller from the failure: one answer."""
    from auditor.run.pipeline import failed
    from auditor.run.scheduler import is_transient

    for kind, status in [("http-error", 503), ("http-error", 404), ("timeout", None), ("navigated-away", 200), ("not-html", 204)]:
        failure = PageFailure(kind, "x", status=status)
        assert is_transient(failed("http://a/", failure)) == failure.transient == worth_retry(kind, status)


# the store


@pytest.fixture
def distinct_run_ids(monkeypatch):
    """Run ids are a timestamp to the second plus 4 random hex digits; make
    the random part distinct so several runs created in one second never collide."""
    counter = itertools.count(1)
    monkeypatch.setattr(store_module, "secrets", types.SimpleNamespace(token_hex=lambda n: f"{next(counter):0{2 * n}x}"))


CONFIG = {"fail_on": "serious", "allow_unreachable": False}
TOOL = {"name": "inclusion-auditor", "version": "0.1.0", "axe_version": "4.12.1", "engine": "playwright", "browser": "Chromium"}
URLS = ["https://example.org/a", "https://example.org/b", "https://example.org/c"]


def test_store_create_run_and_read_back(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(CONFIG, TOOL, URLS)
        record = store.run(run_id)
        assert record.id == run_id
        assert record.config == CONFIG and record.tool == TOOL and record.targets == URLS
        assert record.finished is None and not record.complete and record.pages_done == 0
        assert store.run_targets(run_id) == URLS
        assert store.finished_urls(run_id) == set()
        assert store.pages(run_id) == []


def test_store_pages_in_target_order(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(CONFIG, TOOL, URLS)
        for url in reversed(URLS):
            store.save_page(run_id, PageResult(url=url, title=url[-1]))
        assert [p.url for p in store.pages(run_id)] == URLS
        assert store.finished_urls(run_id) == set(URLS)
        assert store.run(run_id).pages_done == 3


def test_store_save_page_replaces_and_round_trips(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run(CONFIG, TOOL, URLS[:1])
        store.save_page(run_id, PageResult(url=URLS[0], error=PageError("timeout", "slow")))
        page = full_page()
        page = PageResult.from_dict({**page.to_dict(), "url": URLS[0]})
        store.save_page(run_id, page)
        assert store.pages(run_id) == [page]


def test_store_pages_are_per_run(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        first = store.create_run(CONFIG, TOOL, URLS)
        second = store.create_run(CONFIG, TOOL, URLS)
        store.save_page(first, PageResult(url=URLS[0]))
        assert store.finished_urls(first) == {URLS[0]}
        assert store.finished_urls(second) == set()


def test_store_last_is_newest_unfinished_run(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        oldest = store.create_run(CONFIG, TOOL, URLS)
        middle = store.create_run(CONFIG, TOOL, URLS)
        newest = store.create_run(CONFIG, TOOL, URLS)
        assert [r.id for r in store.runs()] == [newest, middle, oldest]
        assert store.run("last").id == newest
        store.finish_run(newest)
        assert store.run(newest).complete and store.run(newest).finished
        assert store.run("last").id == middle
        store.finish_run(middle)
        store.finish_run(oldest)
        with pytest.raises(StoreError, match="no unfinished run"):
            store.run("last")
        store.reopen_run(oldest)
        assert store.run("last").id == oldest


def test_store_unknown_run(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        with pytest.raises(StoreError, match="nosuchrun"):
            store.run("nosuchrun")
        with pytest.raises(StoreError):
            store.run_targets("nosuchrun")


def test_store_saved_page_is_visible_from_another_connection(tmp_path, distinct_run_ids):
    path = tmp_path / "runs.sqlite3"
    writer = Store(path)
    try:
        run_id = writer.create_run(CONFIG, TOOL, URLS)
        writer.save_page(run_id, full_page())
        # the writer is still open: what save_page wrote must already be committed
        with Store(path) as reader:
            assert reader.finished_urls(run_id) == {"https://example.org/"}
            assert reader.pages(run_id) == [full_page()]
            assert reader.run("last").id == run_id
        writer.finish_run(run_id)
        with Store(path) as reader:
            assert reader.run(run_id).complete
    finally:
        writer.close()
    with Store(path) as reopened:
        assert reopened.pages(run_id) == [full_page()]


def test_store_creates_its_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "runs.sqlite3"
    with Store(path) as store:
        assert store.runs() == []
    assert path.is_file()


def test_store_that_cannot_be_opened_is_a_store_error(tmp_path):
    not_a_db = tmp_path / "runs.sqlite3"
    not_a_db.write_bytes(b"this is not an SQLite database, it is just text. " * 40)
    with pytest.raises(StoreError):
        Store(not_a_db)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("half an emoji \ud83d", "half an emoji \ufffd"),
        ("\ude00 a lone low half", "\ufffd a lone low half"),
        ("a whole emoji \U0001F600", "a whole emoji \U0001F600"),
        ({"snippet\ud83d": ["x\ud83d", 3, None]}, {"snippet\ufffd": ["x\ufffd", 3, None]}),
    ],
)
def test_well_formed_replaces_lone_surrogates(value, expected):
    assert well_formed(value) == expected


@pytest.mark.parametrize("escape", [str.lower, str.upper], ids=["as-we-write", "upper-case"])
def test_a_stored_page_with_half_an_emoji_reads_back_well_formed(tmp_path, escape):
    """A store written before strings were made well formed on the way in
    still gives a report: the half emoji reads back as U+FFFD, however its
    JSON escapes it (only such rows are walked again on the way out)."""
    from auditor.store import Store

    with Store(tmp_path / "runs.sqlite3") as store:
        run_id = store.create_run({}, {}, ["https://example.org/"])
        raw = json.dumps({**PageResult(url="https://example.org/", final_url="https://example.org/", status=200, title="Bins \ud83d").to_dict()})
        assert "\\ud83d" in raw
        raw = raw.replace("\\ud83d", "\\u" + escape("d83d"))
        store._db.execute("INSERT INTO pages (run_id, url, finished, result) VALUES (?, ?, ?, ?)", (run_id, "https://example.org/", "now", raw))
        store._db.commit()
        (page,) = store.pages(run_id)
    assert page.title == "Bins \ufffd"
    page.title.encode("utf-8")


def test_a_run_that_failed_before_its_first_page_is_not_resumable(tmp_path, distinct_run_ids):
    with Store(tmp_path / "runs.sqlite3") as store:
        interrupted = store.create_run(CONFIG, TOOL, URLS)
        failed = store.create_run(CONFIG, TOOL, URLS)
        store.fail_run(failed, "no browser")
        assert store.run("last").id == interrupted  # the failed run is passed by
        assert [(r.id, r.state, r.resumable, r.failure) for r in store.runs()] == [
            (failed, "failed", False, "no browser"), (interrupted, "unfinished", True, None)]
        store.finish_run(interrupted)
        assert store.run(interrupted).state == "finished" and not store.run(interrupted).resumable
        with pytest.raises(StoreError, match="no unfinished run"):
            store.run("last")


def test_a_store_that_cannot_grow_refuses_a_page_whole_and_keeps_the_rest(tmp_path):
    """A full disk (here SQLite's max_page_count on the store's connection)
    is one StoreWriteError line; the page is not half kept, pages committed
    before stay, and the file reads fine afterwards."""
    from auditor.store import Store, StoreWriteError

    path = tmp_path / "runs.sqlite3"
    with Store(path) as store:
        run_id = store.create_run({}, {}, ["https://a.example/1", "https://a.example/2"])
        store.save_page(run_id, PageResult("https://a.example/1", title="One"))
        with store._lock:
            store._db.execute(f"PRAGMA max_page_count = {store._db.execute('PRAGMA page_count').fetchone()[0]}")
        with pytest.raises(StoreWriteError, match=r"could not write to the store .*runs.sqlite3: database or disk is full$"):
            store.save_page(run_id, PageResult("https://a.example/2", title="Two " * 100_000))
    with Store(path) as store:
        assert [p.title for p in store.pages(run_id)] == ["One"]
