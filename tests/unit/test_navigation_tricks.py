"""Pure helpers behind the navigation tricks: a page the browser could not
parse as XML, on hand-made values."""

from __future__ import annotations

from auditor.engines.base import malformed_xml
from auditor.model import ERROR_KINDS


def test_a_parsed_page_is_no_failure():
    assert malformed_xml(None, 200, "http://127.0.0.1/a.xhtml") is None


def test_the_parsers_message_is_given_in_plain_words():
    failure = malformed_xml("error on line 3 at column 84: Opening and ending tag mismatch: b line 3 and p", 200, "http://127.0.0.1/a.xhtml")
    assert failure is not None and failure.kind == "malformed-xml" and failure.kind in ERROR_KINDS
    assert failure.message == ("The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it "
                               "(error on line 3 at column 84: Opening and ending tag mismatch: b line 3 and p)")
    assert (failure.status, failure.final_url, failure.transient) == (200, "http://127.0.0.1/a.xhtml", False)


def test_a_banner_without_a_message_still_fails_the_page():
    failure = malformed_xml("", None, "http://127.0.0.1/a.xhtml")
    assert failure is not None
    assert failure.message == "The page is sent as XHTML but is not well-formed XML, so the browser shows an error instead of it"
