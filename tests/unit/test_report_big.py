"""report.html for big runs: a summary report with a page index, and the
pages' details in files beside it; small runs stay one file. Budgets,
links between the files, escaping, and writing that a failure cannot leave
half done. Synthetic runs from tests/sample_report.py."""

from __future__ import annotations

import dataclasses
import errno
import html as markup
import json
import re
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import AuditConfig
from auditor.document import build_document
from auditor.errors import ConfigError
from auditor.model import Target
from auditor.reports import ReportsNotWritten, html, write_reports
from auditor.store import Store
from sample_report import big_run, sample_pages, sample_run

SUMMARY_BUDGET_BYTES = 5_000_000
"""report.html of a big run (the summary) at 10,000 pages stays under 5 MB."""

DETAIL_BUDGET_BYTES = 10_000_000
"""Each detail file stays under 10 MB, with every page at the most a page
keeps (ten screenshots, 300 lines of what a screen reader hears). A file
holds PAGES_PER_FILE pages whatever the run's size, so the 1,000-page run
proves it for any run."""


def _written(out: Path) -> dict[Path, str]:
    """Every HTML file of the report in ``out``: report.html and the details."""
    files = [out / "report.html", *sorted((out / html.DETAILS_FOLDER).glob("*.html"))]
    return {path: path.read_text(encoding="utf-8") for path in files}


def _broken_links(files: dict[Path, str]) -> list[str]:
    """Each link between the report's files (and inside one) whose file or
    anchor is not there; links out of the report (https:) are not followed."""
    ids = {path.resolve(): set(re.findall(r' id="([^"]+)"', text)) for path, text in files.items()}
    broken = []
    for path, text in files.items():
        for href in re.findall(r' href="([^"]*)"', text):
            href = markup.unescape(href)
            if re.match(r"[a-z]+:", href):
                continue
            where, _, anchor = href.partition("#")
            target = (path.parent / where).resolve() if where else path.resolve()
            if target not in ids or (anchor and anchor not in ids[target]):
                broken.append(f"{path.name}: {href}")
    return broken


def _index_addresses(summary: str) -> set[str]:
    """The addresses the summary's page index lists."""
    return {markup.unescape(url) for url in re.findall(r'<tr data-rank="\d+"[^>]*><td><a [^>]*>[^<]*</a></td><td class="page-url">([^<]*)</td>', summary)}


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    """A 1,000-page run at the size budget's worst case, written."""
    out = tmp_path_factory.mktemp("big") / "report"
    with Store() as store:
        document = build_document(store, big_run(store, 1000))
    written = write_reports(document, out, ["html", "json"])
    return document, out, written


def test_a_thousand_pages_are_a_summary_and_detail_files_within_budget(thousand, capsys):
    document, out, written = thousand
    assert written == [out / "report.html", out / html.DETAILS_FOLDER, out / "report.json"]
    files = _written(out)
    summary = files.pop(out / "report.html")
    assert len(files) == 1000 // html.PAGES_PER_FILE
    sizes = {path.name: len(text.encode("utf-8")) for path, text in files.items()}
    with capsys.disabled():
        print(f"\n1,000 pages: summary {len(summary.encode()) / 1e6:.2f} MB, largest detail file {max(sizes.values()) / 1e6:.2f} MB")
    assert len(summary.encode("utf-8")) < SUMMARY_BUDGET_BYTES
    assert max(sizes.values()) < DETAIL_BUDGET_BYTES
    # The details are all there: every screenshot and transcript, none in the summary but the issues' examples.
    assert sum(text.count('src="data:image/webp;base64,') for text in files.values()) >= 1000 * 10
    assert summary.count('src="data:image/webp;base64,') <= len(document["priorities"]["fix_first"]) + len(document["priorities"]["to_check"])


def test_a_thousand_pages_links_resolve_and_the_summary_names_every_page(thousand):
    document, out, _ = thousand
    files = _written(out)
    assert _broken_links(files) == []
    summary = files[out / "report.html"]
    audited = [p for p in document["pages"] if not p["error"]]
    assert summary.count("<tr data-rank=") == len(audited) == 1000
    index = re.findall(r'<tr data-rank="\d+"[^>]*><td><a href="([^"]+)">', summary)
    assert len(set(index)) == 1000 and all(h.startswith(f"{html.DETAILS_FOLDER}/") for h in index)
    assert _index_addresses(summary) == {page["url"] for page in audited}
    # Each page's section is in exactly one detail file.
    sections = [s for path, text in files.items() if path.parent.name == html.DETAILS_FOLDER for s in re.findall(r'<div class="page-body" id="(p\d+)"', text)]
    assert len(sections) == len(set(sections)) == 1000


def test_the_summary_lists_each_issues_first_pages_and_counts_the_rest(thousand):
    _, out, _ = thousand
    summary = (out / "report.html").read_text(encoding="utf-8")
    shown = html.ISSUE_PAGES_SHOWN
    assert f"and {1000 - shown} more pages, in <a href=\"#pages\">the page index</a>" in summary
    first = re.search(r'<ul class="where">(.*?)</ul>', summary).group(1)
    assert first.count('<a href="report-pages/') == shown


def test_ten_thousand_pages_summary_within_budget_and_every_link_resolves(tmp_path, capsys):
    """10,000 pages with the sample's findings (the summary's size does not
    depend on screenshots or transcripts: those are in the detail files)."""
    with Store() as store:
        document = build_document(store, big_run(store, 10_000, shots_per_page=0, heard_lines=0))
    write_reports(document, tmp_path, ["html"])
    files = _written(tmp_path)
    summary = files[tmp_path / "report.html"]
    size = len(summary.encode("utf-8"))
    with capsys.disabled():
        print(f"\n10,000 pages: summary {size / 1e6:.2f} MB, {len(files) - 1} detail files")
    assert size < SUMMARY_BUDGET_BYTES
    assert len(files) - 1 == 10_000 // html.PAGES_PER_FILE
    assert max(len(t.encode("utf-8")) for t in files.values()) < DETAIL_BUDGET_BYTES
    assert _broken_links(files) == []
    assert summary.count("<tr data-rank=") == 10_000
    assert _index_addresses(summary) == {p["url"] for p in document["pages"] if not p["error"]}


@pytest.fixture
def small(tmp_path):
    with Store(tmp_path / "runs.sqlite3") as store:
        return build_document(store, sample_run(store))


def test_a_small_run_stays_one_file(small, tmp_path):
    written = write_reports(small, tmp_path / "out", ["html"])
    assert written == [tmp_path / "out" / "report.html"]
    assert written[0].read_text(encoding="utf-8") == html.render(small)
    assert not (tmp_path / "out" / html.DETAILS_FOLDER).exists()
    assert 'id="page-index"' not in written[0].read_text(encoding="utf-8")


def test_the_threshold_is_the_runs_setting_or_given(small, tmp_path):
    """Three audited pages: one file at the default, split above 2 (the
    run's ``report_pages_inline``, or ``report_pages_inline=`` given)."""
    assert not html.is_big(small) and html.is_big(small, 2) and not html.is_big(small, 3)
    split = dict(small, run={**small["run"], "config": {**small["run"]["config"], "report_pages_inline": 2}})
    assert write_reports(split, tmp_path / "a", ["html"])[1] == tmp_path / "a" / html.DETAILS_FOLDER
    assert write_reports(small, tmp_path / "b", ["html"], report_pages_inline=2)[1] == tmp_path / "b" / html.DETAILS_FOLDER
    assert sorted(p.name for p in (tmp_path / "b" / html.DETAILS_FOLDER).iterdir()) == ["0001.html"]
    assert _broken_links(_written(tmp_path / "b")) == []
    with pytest.raises(ConfigError, match="report_pages_inline must be a number of pages"):
        AuditConfig(urls=("https://example.org/",), report_pages_inline=-1)


def test_a_small_report_written_over_a_big_one_removes_its_details(small, tmp_path):
    out = tmp_path / "out"
    write_reports(small, out, ["html"], report_pages_inline=0)
    assert (out / html.DETAILS_FOLDER / "0001.html").exists()
    write_reports(small, out, ["html"])
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]


def test_a_failure_while_writing_keeps_the_earlier_report_whole(small, tmp_path, monkeypatch):
    """The details are written first, the summary last, and nothing is
    renamed into place until both are written: a disk that fills up half
    way (or a run killed there) leaves the earlier report and its details
    as they were, and nothing half written."""
    out = tmp_path / "out"
    write_reports(small, out, ["html"], report_pages_inline=0)
    before = _written(out)
    real = html.render_split

    def fills_up(document, per_file=html.PAGES_PER_FILE):
        summary, details = real(document, per_file)

        def some():
            yield next(details)
            raise OSError(errno.ENOSPC, "No space left on device")
        return summary, some()

    monkeypatch.setattr(html, "render_split", fills_up)
    with pytest.raises(ReportsNotWritten, match="report.html"):
        write_reports(small, out, ["html"], report_pages_inline=0)
    assert _written(out) == before
    assert sorted(p.name for p in out.iterdir()) == [html.DETAILS_FOLDER, "report.html"]


def build_document_of(pages):
    with Store() as store:
        run_id = store.create_run(AuditConfig(urls=(pages[0].url,)).to_dict(), {"name": "inclusion-auditor", "version": "0", "axe_version": "x", "engine": "playwright", "browser": ""}, [p.url for p in pages])
        for page in pages:
            store.save_page(run_id, page)
        return build_document(store, run_id)


def test_detail_files_are_escaped_and_locked_down_like_the_report(tmp_path):
    pages = sample_pages(3, shots=False)
    hostile = '"><script>window.__pwned=1</script>{{7*7}}'
    finding = dataclasses.replace(pages[0].findings[0], summary=hostile, targets=(Target(hostile, f"<img src=x onerror=alert(1)>{hostile}"),))
    pages[0] = dataclasses.replace(pages[0], title=hostile, url=pages[0].url + "?q=<b>", findings=(finding,))
    write_reports(build_document_of(pages), tmp_path, ["html"], report_pages_inline=1)
    files = _written(tmp_path)
    summary = files.pop(tmp_path / "report.html")
    assert summary.lower().count("<script") == 1 and "<img" not in summary and "<b>" not in summary
    assert "&#34;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;{{7*7}}" in summary
    (detail,) = files.values()
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]+">')
    assert policy.findall(detail) == policy.findall(summary) == policy.findall(html.render(build_document_of(pages)))
    assert "<script" not in detail.lower() and "<img src=x" not in detail and "<b>" not in detail
    assert "&#34;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;{{7*7}}" in detail


def test_report_command_takes_the_threshold(tmp_path, capsys):
    db = str(tmp_path / "runs.sqlite3")
    with Store(db) as store:
        run_id = sample_run(store)
    out = tmp_path / "out"
    assert main(["report", run_id, "--db", db, "--out", str(out), "--format", "html", "--report-pages-inline", "2"]) == 0
    assert f"Wrote {out / html.DETAILS_FOLDER}" in capsys.readouterr().out
    assert (out / html.DETAILS_FOLDER / "0001.html").exists()
    assert main(["report", run_id, "--db", db, "--out", str(out), "--report-pages-inline", "-1"]) == 1
    err = capsys.readouterr().err
    assert "--report-pages-inline must be a number of pages" in err and "Traceback" not in err


def test_report_json_is_streamed_to_its_file_not_built_as_one_string(thousand, tmp_path):
    """report.json of a big run was rendered as one string before it was
    written: 128 MB for 10,000 default-profile pages, and 1.4 GB at the
    peak of `report RUN_ID`. Written as it is encoded, the memory it takes
    beyond the document is a small share of the file, and the file is the
    same, byte for byte."""
    import tracemalloc

    from auditor.reports import json as json_report

    document = thousand[0] if isinstance(thousand, tuple) else thousand
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        (path,) = write_reports(document, tmp_path, ["json"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = path.stat().st_size
    assert path.read_text(encoding="utf-8") == json_report.render(document)
    assert size > 5_000_000
    assert peak < size / 4, f"writing a {size / 1e6:.1f} MB report.json took {peak / 1e6:.1f} MB"


def test_report_json_puts_each_page_on_a_line_of_its_own():
    """report.json is indented, but each page is one line: the standard
    library indents only with its pure-Python encoder (49 of the 74 s of a
    10,000-page `report RUN_ID`), and a page a line is the C encoder's."""
    from auditor.reports import json as json_report

    pages = [{"url": f"https://example.org/{n}", "title": "Line one\nline two, Cymraeg: ŵ ŷ", "findings": [{"rule": "x", "wcag": []}]}
             for n in range(3)]
    document = {"schema": "2.0", "summary": {"pages": 3, "by_rule": []}, "pages": pages, "skipped": []}
    text = json_report.render(document)
    assert json.loads(text) == document
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "schema": "2.0",', '  "summary": {']
    assert [line for line in lines if line.startswith('    {"url": ')] == [
        "    " + json.dumps(page, ensure_ascii=False) + ("," if n < 2 else "") for n, page in enumerate(pages)]
    assert lines[-2:] == ['  "skipped": []', "}"] and text.endswith("}\n")
    assert json_report.render({"pages": []}) == '{\n  "pages": []\n}\n'


def test_counts_of_a_thousand_or_more_have_a_thousands_separator(thousand):
    """A service owner reads "1,000 pages", not "1000 pages"; attributes the
    report's script and its links read stay plain digits."""
    _, out, _ = thousand
    summary = (out / "report.html").read_text(encoding="utf-8")
    for words in ("1,000 pages audited", "<dd>1,001 (1,000 audited, 1 could not be audited)</dd>",
                  "This run audited 1,000 pages", "3 issues, 2,000 barriers", "· 1,000 pages · 1,000 elements",
                  "1,000 critical barriers, and 500 less severe, on 1,000 of 1,000 pages",
                  'data-label="Critical">1,000</td>', "1,000 of 1,001 pages have barriers"):
        assert words in summary, words
    assert 'data-rank="999"' in summary and "1,0" not in "".join(re.findall(r'data-[a-z-]+="[^"]*"', summary))
    first = (out / html.DETAILS_FOLDER / "0001.html").read_text(encoding="utf-8")
    assert "Pages 1 to 50 of 1,000, worst first" in first
