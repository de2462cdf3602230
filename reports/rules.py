"""What each rule is about, in words that fit every finding of it.

A finding's ``summary`` describes that one instance ("A script of 410 kB is
sent without compression"). Tables that count a rule over many pages need a
sentence true of all of them: axe-core's summaries (its rules' ``help``) are
already such sentences; the project's own rules are described here.
"""

from __future__ import annotations

RULE_DESCRIPTIONS: dict[str, str] = {
    # bandwidth
    "bandwidth/page-weight-over-budget": "The page downloads more data than its budget allows.",
    "bandwidth/script-weight-over-budget": "The page downloads more JavaScript than its budget allows.",
    "bandwidth/image-weight-over-budget": "The page downloads more image data than its budget allows.",
    "bandwidth/too-many-requests": "The page makes more network requests than its budget allows.",
    "bandwidth/slow-load-on-3g": "The page would take too long to load on a 3G connection.",
    "bandwidth/uncompressed-text-response": "Text files are sent without compression.",
    "bandwidth/no-caching-headers": "Files are sent without caching headers, so they may be downloaded on every visit.",
    "bandwidth/oversized-image": "Images are much larger than the size they are shown at.",
    "bandwidth/web-fonts": "The page downloads web fonts, which cost data and delay text.",
    # no JavaScript
    "nojs/noscript-only-warning": "Without JavaScript the page shows only a message asking for it.",
    "nojs/content-missing-without-javascript": "Without JavaScript part of the page's main content is missing.",
    "nojs/link-needs-javascript": "Links that do nothing without JavaScript.",
    "nojs/control-needs-javascript": "Controls that do nothing without JavaScript.",
    "nojs/form-needs-javascript": "Forms that cannot be sent without JavaScript.",
    # reflow and zoom
    "reflow/horizontal-scroll-at-320px": "At 320 px wide the page scrolls sideways or cuts content off.",
    "reflow/text-clipped-with-text-spacing": "Text is cut off when a person increases letter, word or line spacing.",
    "reflow/zoom-disabled": "The page stops people zooming in.",
    "reflow/orientation-locked": "The page works in only one screen orientation.",
    # keyboard
    "keyboard/keyboard-trap": "Keyboard focus gets stuck and cannot leave part of the page.",
    "keyboard/no-visible-focus": "Controls show no visible sign when they have keyboard focus.",
    "keyboard/unreachable-by-keyboard": "Controls that cannot be reached with the Tab key.",
    "keyboard/broken-skip-link": "The skip link does not move focus to the main content.",
    "keyboard/missing-skip-link": "No way to skip past repeated navigation to the main content.",
    "keyboard/focus-order-jumps": "Keyboard focus jumps around the page out of reading order.",
    # reading
    "reading/reading-age-too-high": "The main text needs a higher reading age than its audience has.",
    "reading/long-sentence": "Sentences too long to read easily.",
    "reading/long-paragraph": "Paragraphs too long to read easily.",
    "reading/text-in-capitals": "Text written in capital letters, which is harder to read.",
    "reading/jargon": "Official or complex words that have a plainer alternative.",
    # documents and media
    "documents/form-only-as-document": "A form or next step is offered only as a document to download.",
    "documents/document-link": "Links to documents (PDF, Word, spreadsheets) rather than web pages.",
    "documents/meta-refresh": "The page moves or reloads by itself after a delay.",
    "documents/captcha": "A CAPTCHA that some people cannot solve.",
    "documents/autoplaying-media": "Audio or video that starts playing by itself.",
    "documents/no-accessibility-statement-link": "No link to an accessibility statement.",
}

GROUP_WHY: dict[str, str] = {
    "screen-reader": "People who cannot see the screen hear only what the page's code tells their screen reader.",
    "low-vision": "People with low vision need to zoom, enlarge text and see clear contrast to read the page.",
    "keyboard": "People who cannot use a mouse need to reach and operate everything with the keyboard.",
    "hearing": "People who are deaf or hard of hearing need sound given in words.",
    "cognitive": "People with cognitive impairments or low literacy need plain, predictable pages.",
    "low-bandwidth": "On slow or pay-as-you-go mobile data every download costs time and money.",
    "older-devices": "On small, old or locked-down devices, pages must work without much power, space or JavaScript.",
}


def describe(check: str, rule: str, fallback: str) -> str:
    """A sentence true of every finding of ``rule``: axe-core's own summary
    for its rules, ours for the project's (by ``family/rule``), else ``fallback``."""
    if check == "axe":
        return fallback
    return RULE_DESCRIPTIONS.get(f"{check}/{rule}", fallback)
