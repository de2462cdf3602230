"""``report.json``: the report document, as described by ``schema/report.schema.json``.

Indented two spaces, except that each page of ``pages`` is one line of its
own. The standard library indents only with its pure-Python encoder: for a
run of 10,000 default-profile pages that took 49 of the 74 seconds of
``report RUN_ID``; a page on one line is encoded by its C encoder, and a file
of many pages reads a page a line (``grep``, ``diff``) and is still one JSON
document for ``jq``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Iterator


def chunks(document: dict[str, Any]) -> Iterator[str]:
    """The text of ``report.json``, a piece at a time (one page a piece)."""
    if not document:
        yield "{}\n"
        return
    yield "{"
    for n, (key, value) in enumerate(document.items()):
        yield ("," if n else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": "
        if key == "pages" and isinstance(value, list) and value:
            yield "["
            for i, row in enumerate(value):
                yield ("," if i else "") + "\n    " + json.dumps(row, ensure_ascii=False)
            yield "\n  ]"
        else:  # a string holds no raw line break: every one here is the indentation's
            yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
    yield "\n}\n"


def render(document: dict[str, Any]) -> str:
    return "".join(chunks(document))


def schema() -> dict[str, Any]:
    """The JSON Schema every ``report.json`` validates against."""
    text = resources.files("auditor.reports").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
