"""The documents check on hand-made artifacts: document links and their
sizes, forms only as documents, CAPTCHAs, media that plays by
itself, the accessibility statement link, settings (no browser)."""

from __future__ import annotations

import asyncio
import json

import pytest

from auditor.checks import documents
from auditor.registry import CHECKS
from auditor.checks.base import PageContext, family_options
from auditor.checks.documents import format_size
from auditor.collectors import documents as collector
from auditor.collectors.documents import document_format
from auditor.config import AuditConfig
from auditor.model import GROUPS, IMPACTS

URL = "https://council.example/parking/"
STATEMENT = {"href": "https://council.example/accessibility", "text": "Accessibility statement", "selector": "footer a"}


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["documents"], options, AuditConfig(urls=(URL,), checks=("documents",))))


def doc(href="https://council.example/guide.pdf", text="Guidance (PDF, 250 KB)", size=250_000, fmt="pdf", cta=False, content_type="application/pdf", status=200, selector="main > p > a", context=""):
    return {
        "href": href, "text": text, "name": text, "context": context, "selector": selector, "snippet": f'<a href="{href}">', "in_main": True,
        "type": "", "download": False, "cta": cta, "format": fmt, "status": status, "size": size,
        "content_type": content_type, "error": "",
    }


def artifact(docs=(), main_forms=0, media=(), captchas=(), statement=True):
    return {
        "documents": list(docs),
        "cta": None,
        "main_links": 3,
        "statement_links": [STATEMENT] if statement else [],
        "media": list(media),
        "captchas": list(captchas),
        "forms": main_forms,
        "main_forms": main_forms,
        "head_requests": len(docs),
        "head_skipped": 0,
    }


def run(found, **options):
    return documents.evaluate({"documents": found}, context(**options))


def rules(result):
    return [f.rule for f in result.findings]


# helpers


@pytest.mark.parametrize(
    ("href", "type_attr", "expected"),
    [
        ("https://x.example/a/Guide.PDF", "", "pdf"),
        ("https://x.example/a/budget.xlsx?version=2", "", "xlsx"),
        ("https://x.example/a/minutes%20final.docx#page=2", "", "docx"),
        ("https://x.example/a/notes.odt", "", "odt"),
        ("https://x.example/download/123", "application/pdf; charset=binary", "pdf"),
        ("https://x.example/download/123", "application/vnd.oasis.opendocument.spreadsheet", "ods"),
        ("https://x.example/pdf/guide.html", "", None),
        ("https://x.example/pdf", "", None),
        ("mailto:forms@x.example?subject=form.pdf", "", None),
        ("https://x.example/archive.zip", "", None),
    ],
)
def test_document_format(href, type_attr, expected):
    assert document_format(href, type_attr) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [(None, "size unknown"), (0, "0 bytes"), (1, "1 byte"), (858, "858 bytes"), (1024, "1 kB"), (3377, "3.4 kB"), (250_000, "250 kB"), (1_258_291, "1.3 MB")],
)
def test_format_size(size, expected):
    assert format_size(size) == expected


# documents


def test_document_link_is_for_review_with_its_size_and_type():
    result = run(artifact([doc()]))
    (finding,) = result.findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("document-link", "review", "moderate", ())
    assert finding.groups == ("screen-reader", "low-bandwidth")
    assert "PDF (250 kB)" in finding.summary
    assert "application/pdf" in finding.detail
    assert finding.help_url.startswith("https://gds.blog.gov.uk/")
    assert finding.targets[0].selector == "main > p > a"
    assert result.metrics["document_links"] == 1
    assert result.metrics["document_bytes"] == 250_000


def test_document_bytes_count_each_document_once_and_unknown_sizes_apart():
    docs = [doc(), doc(selector="footer a"), doc("https://council.example/b.docx", "Minutes (Word, 12 kB)", 12_000, "docx"), doc("https://council.example/c.pdf", "Old (PDF, 1 MB)", None)]
    result = run(artifact(docs))
    assert result.metrics["document_links"] == 4
    assert result.metrics["document_bytes"] == 262_000
    assert result.metrics["document_sizes_unknown"] == 1
    assert "size unknown" in result.findings[3].summary
    assert "Word document (12 kB)" in result.findings[2].summary


def test_link_that_the_server_says_is_a_web_page_is_not_a_document():
    result = run(artifact([doc(content_type="text/html")]))
    assert result.findings == ()
    assert result.metrics["document_links"] == 0


def test_form_only_as_document_is_flagged_most():
    result = run(artifact([doc(text="Download the application form (PDF, 250 KB)")]))
    (finding,) = result.findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("form-only-as-document", "fail", "serious", ())
    assert finding.groups == ("screen-reader", "low-bandwidth", "older-devices")
    assert "no online form" in finding.summary


def test_document_form_next_to_an_online_form_is_only_for_review():
    assert rules(run(artifact([doc(text="Download the application form (PDF, 250 KB)")], main_forms=1))) == ["document-link"]


def test_main_call_to_action_leading_to_a_document_fails_even_beside_a_form():
    (finding, _) = run(artifact([doc(text="Start now", cta=True)], main_forms=1)).findings
    assert finding.rule == "form-only-as-document"
    assert "main call to action, “Start now”" in finding.summary


# the name of a document link


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("Garden waste guidance (PDF, 3 KB)", "pdf", (True, True)),
        ("Guidance (pdf 1.2MB)", "pdf", (True, True)),
        ("Minutes (Word document, 12 kB, 3 pages)", "docx", (True, True)),
        ("Budget (Excel, 40KB)", "xlsx", (True, True)),
        ("Budget (XLSX, 1,024 bytes)", "xlsx", (True, True)),
        ("Bands (OpenDocument spreadsheet, 2 MB)", "ods", (True, True)),
        ("Council tax bands (RTF)", "rtf", (True, False)),
        ("Guidance, 300 KB", "pdf", (False, True)),
        ("Garden waste guidance", "pdf", (False, False)),
        ("Start now", "pdf", (False, False)),
        # "pdfs" and "wordy" are words of the text, not the format
        ("How we store pdfs", "pdf", (False, False)),
        ("A wordy guide", "docx", (False, False)),
        ("Page 2 of 12", "pdf", (False, False)),
    ],
)
def test_what_a_link_name_says_of_its_document(name, fmt, expected):
    assert documents.says_format_and_size(name, fmt) == expected


def test_a_document_link_whose_name_lacks_format_and_size_fails():
    result = run(artifact([doc(text="Garden waste guidance", size=3377)]))
    assert rules(result) == ["document-link", "document-link-name-incomplete"]
    finding = result.findings[1]
    assert (finding.outcome, finding.impact, finding.wcag) == ("fail", "moderate", ())
    assert finding.groups == ("screen-reader", "low-bandwidth", "cognitive")
    assert finding.summary == "The link “Garden waste guidance” leads to a PDF (3.4 kB) but does not say its format or its size."
    assert "(PDF, 3.4 kB)" in finding.detail
    assert finding.targets[0].selector == "main > p > a"


def test_a_name_that_says_the_format_but_not_the_size_fails_for_the_size():
    (_, finding) = run(artifact([doc(text="Council tax bands (RTF)", fmt="rtf", size=327, content_type="application/rtf")])).findings
    assert finding.rule == "document-link-name-incomplete"
    assert finding.summary.endswith("but does not say its size.")


def test_size_unknown_to_the_auditor_still_belongs_in_the_name():
    (_, finding) = run(artifact([doc(text="Guidance (PDF)", size=None)])).findings
    assert finding.summary == "The link “Guidance (PDF)” leads to a PDF (size unknown) but does not say its size."


def test_format_and_size_said_beside_the_link_are_enough():
    # The GOV.UK attachment pattern: title link, then "PDF, 245 KB, 12 pages".
    result = run(artifact([doc(text="Garden waste guidance", context="Garden waste guidance PDF, 245 KB, 12 pages")]))
    assert rules(result) == ["document-link"]


def test_a_call_to_action_document_with_a_bare_name_has_both_findings():
    result = run(artifact([doc(text="Start now", cta=True)]))
    assert rules(result) == ["form-only-as-document", "document-link-name-incomplete"]


# CAPTCHA


def captcha(kind, audio=None):
    return {"kind": kind, "selector": ".g-recaptcha" if kind != "image" else "form img", "snippet": "<div>", "audio_alternative": audio}


def test_picture_captcha_without_alternative_fails():
    (finding,) = run(artifact(captchas=[captcha("image", False)])).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("captcha", "fail", "serious", ("1.1.1",))
    assert finding.groups == ("screen-reader", "cognitive", "low-vision")


@pytest.mark.parametrize(("kind", "audio"), [("reCAPTCHA", None), ("hCaptcha", None), ("image", True)])
def test_captcha_with_possible_alternatives_is_for_review(kind, audio):
    (finding,) = run(artifact(captchas=[captcha(kind, audio)])).findings
    assert (finding.rule, finding.outcome, finding.impact) == ("captcha", "review", "serious")
    assert run(artifact(captchas=[captcha(kind, audio)])).metrics["captchas"] == 1


# media


def media(tag="audio", **state):
    base = {
        "tag": tag, "selector": tag, "snippet": f"<{tag} autoplay>", "autoplay": True, "paused": False, "played": True,
        "muted": False, "volume": 1.0, "loop": False, "controls": False, "duration": 4.0, "live": False, "has_audio": True,
    }
    return {**base, **state}


def test_audio_playing_by_itself_for_more_than_3_seconds_fails():
    (finding,) = run(artifact(media=[media()])).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("autoplaying-media", "fail", "serious", ("1.4.2",))
    assert finding.groups == ("screen-reader", "cognitive")
    assert finding.summary.startswith("An <audio> plays sound by itself")


@pytest.mark.parametrize(
    "state",
    [
        {"paused": True, "played": False},  # blocked by the browser's autoplay policy
        {"controls": True},
        {"duration": None},
        {"tag": "video", "has_audio": None},
    ],
)
def test_media_that_may_play_sound_is_for_review(state):
    (finding,) = run(artifact(media=[media(**state)])).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("autoplaying-media", "review", "moderate", ("1.4.2",))


def test_blocked_autoplay_says_so():
    (finding,) = run(artifact(media=[media(paused=True, played=False)])).findings
    assert "blocked" in finding.detail


@pytest.mark.parametrize(
    "state",
    [
        {"duration": 2.5},  # WCAG 1.4.2: up to 3 seconds is allowed
        {"muted": True},
        {"volume": 0},
        {"autoplay": False, "paused": True, "played": False},  # waits for the person
        {"tag": "video", "muted": True, "duration": 4.0},  # silent and short
    ],
)
def test_media_that_is_fine(state):
    assert run(artifact(media=[media(**state)])).findings == ()


def test_looping_silent_video_is_for_review_under_pause_stop_hide():
    (finding,) = run(artifact(media=[media("video", muted=True, loop=True, duration=8.0)])).findings
    assert (finding.outcome, finding.wcag, finding.groups) == ("review", ("2.2.2",), ("cognitive",))


def test_short_audio_that_loops_fails():
    assert rules(run(artifact(media=[media(duration=1.0, loop=True)]))) == ["autoplaying-media"]


# accessibility statement


def test_missing_statement_link_fails():
    result = run(artifact(statement=False))
    (finding,) = result.findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("no-accessibility-statement-link", "fail", "moderate", ())
    assert finding.groups == ("screen-reader", "cognitive")
    assert "(No. 2) Accessibility Regulations 2018" in finding.detail
    assert finding.help_url == "https://www.gov.uk/guidance/make-your-website-or-app-accessible-and-publish-an-accessibility-statement"
    assert finding.targets[0].selector == "html"
    assert result.metrics["has_accessibility_statement_link"] is False


def test_the_statement_itself_is_not_asked_to_link_to_itself():
    data = {**artifact(statement=False), "is_statement": True}
    result = run(data)
    assert result.findings == ()
    assert result.metrics["is_accessibility_statement"] is True


def test_statement_requirement_can_be_switched_off():
    assert run(artifact(statement=False), require_accessibility_statement=False).findings == ()


def test_bad_setting_is_a_clear_error():
    with pytest.raises(ValueError, match="require_accessibility_statement"):
        run(artifact(), require_accessibility_statement="yes")


def test_clean_page_has_no_findings_and_plain_metrics():
    result = run(artifact())
    assert result.findings == ()
    assert result.metrics == {
        "document_links": 0,
        "document_bytes": 0,
        "document_sizes_unknown": 0,
        "has_accessibility_statement_link": True,
        "is_accessibility_statement": False,
        "captchas": 0,
        "autoplaying_media": 0,
    }


def test_every_finding_is_well_formed():
    found = artifact(
        [doc(), doc(text="Claim form", selector="#claim")],
        media=[media()],
        captchas=[captcha("image", False)],
        statement=False,
    )
    result = run(found)
    assert len(result.findings) == 6  # the claim form's link also lacks its format and size
    for finding in result.findings:
        assert finding.check == "documents"
        assert finding.impact in IMPACTS and finding.outcome in ("fail", "review")
        assert finding.groups and set(finding.groups) <= set(GROUPS)
        assert finding.summary and finding.detail and finding.help_url.startswith("https://")
        assert len(finding.fingerprint) == 20
    json.dumps(result.metrics)


# the collector's HEAD requests, with a stand-in visit


class FakeVisit:
    def __init__(self, found, heads):
        self.found = found
        self.heads = heads
        self.asked = []
        self.phase = ""

    async def evaluate(self, script, arg=None):
        return self.found

    async def head(self, url, timeout_s):
        self.asked.append((url, timeout_s))
        answer = self.heads[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_collector_asks_each_document_once_within_the_bound_and_tolerates_errors(monkeypatch):
    links = [doc(f"https://council.example/{n}.pdf", size=None) for n in range(25)]
    links.append(doc("https://council.example/0.pdf", size=None, selector="footer a"))  # the same document twice
    links.append(doc("mailto:x@council.example", size=None, fmt=None))  # not a document after all
    heads = {f"https://council.example/{n}.pdf": (200, {"content-length": str(1000 + n), "content-type": "application/pdf"}) for n in range(25)}
    heads["https://council.example/1.pdf"] = TimeoutError("took too long")
    heads["https://council.example/2.pdf"] = (404, {"content-length": "50", "content-type": "text/html"})
    visit = FakeVisit({**artifact(), "documents": [{k: v for k, v in d.items() if k not in ("format", "size", "status", "content_type", "error")} for d in links]}, heads)
    found = asyncio.run(collector.collect(visit, AuditConfig(urls=(URL,), checks=("documents",)), {}))
    assert len(visit.asked) == collector.MAX_HEAD_REQUESTS == 20
    assert all(t == collector.HEAD_TIMEOUT_S for _, t in visit.asked)
    assert found["head_requests"] == 20 and found["head_skipped"] == 5
    by_href = {}
    for d in found["documents"]:
        by_href.setdefault(d["href"], d)
    assert len(found["documents"]) == 26
    assert by_href["https://council.example/0.pdf"]["size"] == 1000
    assert by_href["https://council.example/1.pdf"]["size"] is None and "took too long" in by_href["https://council.example/1.pdf"]["error"]
    assert by_href["https://council.example/2.pdf"]["size"] is None and by_href["https://council.example/2.pdf"]["error"] == "HTTP 404"
    assert by_href["https://council.example/24.pdf"]["error"] == "not asked"
