"""The detail pane: one finding in full.

Everything in a finding came from an audited page, so it is treated as
hostile: the explanation is built as HTML with every string escaped and only
http(s) links kept (the rules of the HTML report, reused from it), and the
element's markup is shown in a plain-text box, never rendered.
"""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from auditor import GROUP_LINES, safe_href, wcag_url

from .a11y import named
from .rows import FindingRow

ShotLookup = Callable[[str, str], "tuple[str, bytes] | None"]
"""(page URL, selector) -> (MIME type, image bytes) of an element screenshot, if one was taken."""

NO_SELECTION = "Choose a finding in the table to read about it here."


def _link(url: str, text: str) -> str:
    href = safe_href(url)
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>' if href else html.escape(text)


def explanation_html(row: FindingRow) -> str:
    """The finding as escaped HTML: what, who it excludes, why, how to fix, WCAG."""
    f = row.finding
    e = html.escape
    parts = [f"<h3>{e(row.summary or row.rule)}</h3>"]
    outcome = "A barrier" if row.outcome == "fail" else "Something a person should check"
    change = f"; {e(row.change)} since the run compared with" if row.change else ""
    parts.append(f"<p>{outcome}, impact <b>{e(row.impact)}</b>, rule <code>{e(row.rule)}</code> ({e(str(f.get('check', '')))}){change}.</p>")
    parts.append(f"<p>On {_link(row.page_url, row.page_title or row.page_url)}</p>")
    if row.groups:
        who = "".join(f"<li>{e(GROUP_LINES.get(g, g))}</li>" for g in row.groups)
        parts.append(f"<h4>Why it matters: who it excludes</h4><ul>{who}</ul>")
    if f.get("detail"):
        parts.append("<h4>How to fix</h4>" + "".join(f"<p>{e(line)}</p>" for line in str(f["detail"]).splitlines() if line.strip()))
    if f.get("help_url"):
        parts.append(f"<p>{_link(str(f['help_url']), 'Guidance on fixing this')}</p>")
    if f.get("wcag"):
        links = ", ".join(_link(wcag_url(c), f"WCAG {c}") for c in f["wcag"])
        parts.append(f"<p>Success criteria: {links}</p>")
    return "".join(parts)


class DetailPane(QWidget):
    """Shows the chosen finding: explanation, element screenshot and markup."""

    def __init__(self, shots: ShotLookup | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.shots: ShotLookup = shots or (lambda url, selector: None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        named(self.text, "Finding details", "What the finding is, who it excludes, how to fix it, with links to guidance and WCAG.")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.image.setWordWrap(True)
        named(self.image, "Screenshot of the element")
        self.snippet_label = QLabel("Element markup:")
        self.snippet = QPlainTextEdit()
        self.snippet.setReadOnly(True)
        self.snippet.setTabChangesFocus(True)
        self.snippet.setMaximumHeight(self.fontMetrics().height() * 6)
        self.snippet_label.setBuddy(self.snippet)
        named(self.snippet, "Element markup", "The element's HTML as found on the page, as plain text.")
        markup = QVBoxLayout()
        markup.addWidget(self.snippet_label)
        markup.addWidget(self.snippet)
        element = QHBoxLayout()  # picture and markup side by side: the explanation keeps the height
        element.addWidget(self.image)
        element.addLayout(markup, 1)
        layout.addWidget(self.text, 1)
        layout.addLayout(element)
        self.show_row(None)

    def show_row(self, row: FindingRow | None) -> None:
        if row is None:
            self.text.setPlainText(NO_SELECTION)
            self.snippet.setPlainText("")
            self._show_image(None)
            return
        self.text.setHtml(explanation_html(row))
        targets = row.finding.get("targets") or []
        self.snippet.setPlainText("\n\n".join(f"{t.get('selector', '')}\n{t.get('snippet', '')}".strip() for t in targets))
        first = targets[0].get("selector", "") if targets else ""
        self._show_image(self.shots(row.page_url, first) if first else None)

    def _show_image(self, shot: "tuple[str, bytes] | None") -> None:
        image = QImage.fromData(shot[1]) if shot else QImage()
        if image.isNull():
            self.image.clear()
            self.image.setText("No screenshot of this element." if shot is None else "The element's screenshot could not be shown.")
            self.image.setAccessibleDescription("")
            return
        self.image.setPixmap(QPixmap.fromImage(image))
        self.image.setAccessibleDescription("A cropped picture of the page around the element, the element outlined.")

    def has_image(self) -> bool:
        pixmap = self.image.pixmap()
        return pixmap is not None and not pixmap.isNull()
