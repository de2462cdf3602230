"""``report.html``: one self-contained file a person can open, print and forward.

Rendered by Jinja2 with autoescaping on: every string that came from an
audited page (titles, URLs, snippets, dialog text) is escaped. The file loads
nothing from anywhere and runs no script; its Content-Security-Policy says so.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from auditor.model import ERROR_KINDS, GROUPS, IMPACTS

GROUP_LINES = {
    "screen-reader": "People who use a screen reader",
    "low-vision": "People with low vision who zoom or need strong contrast",
    "keyboard": "People who use a keyboard instead of a mouse",
    "hearing": "People who are deaf or hard of hearing",
    "cognitive": "People with cognitive impairments or low literacy",
    "low-bandwidth": "People on slow or expensive mobile data",
    "older-devices": "People on small or old devices, or when JavaScript fails",
}


def safe_href(url: Any) -> str:
    """A URL fit for an ``href``: only http(s); anything else becomes empty."""
    text = str(url or "")
    return text if urlsplit(text).scheme in ("http", "https") else ""


def size(value: Any) -> str:
    """Bytes as a person reads them: 950 bytes, 12 KB, 2.3 MB."""
    n = float(value or 0)
    if n < 1000:
        return f"{n:.0f} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.0f} KB"
    return f"{n / 1_000_000:.1f} MB"


def money(pounds: Any) -> str:
    """£1.25, or 0.06p when it is under a penny."""
    value = float(pounds or 0)
    return f"£{value:.2f}" if value >= 0.01 else f"{value * 100:.2f}p"


def wcag_url(criterion: str) -> str:
    return f"https://www.w3.org/WAI/WCAG22/quickref/#:~:text={criterion}"


_env = Environment(
    loader=PackageLoader("auditor.reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["safe_href"] = safe_href
_env.filters["wcag_url"] = wcag_url
_env.filters["size"] = size
_env.filters["money"] = money
_env.globals.update(GROUPS=GROUPS, GROUP_LINES=GROUP_LINES, IMPACTS=IMPACTS, ERROR_KINDS=ERROR_KINDS)


def render(document: dict[str, Any]) -> str:
    return _env.get_template("report.html.j2").render(doc=document)
