"""What a screen reader hears: the page's accessibility tree, read the way a
screen reader reads it, as an ordered list of lines.

The browser builds the accessibility tree that screen readers query; both
engines read it over DevTools (:meth:`Visit.accessibility_tree`), with the
DOM tree beside it so that every line is named by the same kind of selector
the other families use (:func:`selector_for`, the Python twin of the in-page
``selectorFor`` of :mod:`.dom`), without one DevTools command per node.

Each line is one thing announced: a landmark, a heading (with its level), a
link (with where it goes), a button or form control (with its state:
expanded, checked, disabled, required...), an image (with its text
alternative), a list (with its number of items), a table, a dialog, or a run
of plain text. Nodes the browser leaves out of the tree for screen readers
(``aria-hidden``, ``role="presentation"``, ``display: none``) are dropped;
text inside a link, button or heading is said as that control's name, not
again. Text runs are cut at :data:`TEXT_CAP` characters a line and the page
at :data:`LINE_CAP` lines (what is past that is counted, not kept). Only the
main frame is read: the content of iframes is not.
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Mapping
from urllib.parse import urldefrag

from ..config import AuditConfig
from ..engines.base import Visit
from .base import READS, Collector

TEXT_CAP = 100
"""Characters kept of one line's text (a paragraph is announced whole, but a
transcript that a person reads needs only its start)."""
LINE_CAP = 500
"""Lines kept of one page: past this, the lines are counted but not kept
(and the checks read only those kept)."""
SNIPPET_CAP = 300

LANDMARKS = ("banner", "navigation", "main", "contentinfo", "complementary", "search", "form", "region")
"""Roles a screen reader lists as landmarks (``form`` and ``region`` only when
they have a name, as ARIA says)."""
NAMED_BY_CONTENT = ("link", "button", "heading", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "option",
                    "treeitem", "DisclosureTriangle", "switch")
"""Roles whose name is their text: the text inside them is said as the name, not again."""
SPOKEN = {
    "link": "link", "button": "button", "DisclosureTriangle": "button", "heading": "heading", "image": "image",
    "textbox": "edit text", "searchbox": "search edit text", "checkbox": "check box", "radio": "radio button",
    "combobox": "combo box", "listbox": "list box", "slider": "slider", "spinbutton": "spin button", "switch": "switch",
    "tab": "tab", "tablist": "tab list", "menu": "menu", "menubar": "menu bar", "menuitem": "menu item",
    "menuitemcheckbox": "menu item check box", "menuitemradio": "menu item radio button", "list": "list", "table": "table",
    "grid": "grid", "tree": "tree", "dialog": "dialog", "alertdialog": "alert dialog", "alert": "alert", "figure": "figure",
    "banner": "banner landmark", "navigation": "navigation landmark", "main": "main landmark",
    "contentinfo": "content information landmark", "complementary": "complementary landmark", "search": "search landmark",
    "form": "form landmark", "region": "region landmark", "progressbar": "progress bar", "meter": "meter",
}
"""The roles that make a line of their own, and how a screen reader says them."""
BLOCKS = ("paragraph", "listitem", "cell", "gridcell", "columnheader", "rowheader", "row", "term", "definition", "blockquote",
          "caption", "article", "section", "group", "LabelText", "Legend", "DescriptionListTerm", "DescriptionListDetail")
"""Roles that start a new line of text: a screen reader reads a paragraph,
a list item or a table cell as a line of its own."""
UNNAMED_SKIPPED = ("form", "region", "figure", "image")
"""Roles said only when they have a name (an unnamed form or region is no
landmark; an image with an empty name is hidden from screen readers)."""

# (AX property, value) -> the state said; a value of None: any true value.
STATES = (
    ("expanded", True, "expanded"), ("expanded", False, "collapsed"),
    ("checked", "true", "checked"), ("checked", "false", "not checked"), ("checked", "mixed", "partly checked"),
    ("pressed", "true", "pressed"), ("pressed", "false", "not pressed"), ("pressed", "mixed", "partly pressed"),
    ("selected", True, "selected"), ("disabled", True, "unavailable"), ("required", True, "required"),
    ("readonly", True, "read only"), ("invalid", None, "invalid entry"), ("hasPopup", None, "has pop-up"),
    ("modal", True, "modal"), ("busy", True, "busy"),
)


def _attributes(node: Mapping[str, Any]) -> dict[str, str]:
    flat = node.get("attributes") or []
    return {str(flat[i]).lower(): str(flat[i + 1]) for i in range(0, len(flat) - 1, 2)}


def css_escape(ident: str) -> str:
    """An id as CSS ``CSS.escape`` writes it (what :data:`.dom.ELEMENT_JS` uses)."""
    out = []
    for i, ch in enumerate(ident):
        code = ord(ch)
        if code == 0:
            out.append("\ufffd")
        elif 0x1 <= code <= 0x1F or code == 0x7F or (ch.isdigit() and ch.isascii() and (i == 0 or (i == 1 and ident[0] == "-"))):
            out.append(f"\\{code:x} ")
        elif i == 0 and ch == "-" and len(ident) == 1:
            out.append("\\-")
        elif code >= 0x80 or ch in "-_" or ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("\\" + ch)
    return "".join(out)


class DomIndex:
    """The DOM tree of ``DOM.getDocument`` by backend node id: enough to
    name an element by a selector and to show its start tag."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.nodes: dict[int, Mapping[str, Any]] = {}
        self.parent: dict[int, int] = {}
        self.ids: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.url = str(root.get("documentURL") or "")
        self._walk(root, None, in_document=True)

    def _walk(self, root: Mapping[str, Any], parent: int | None, in_document: bool) -> None:
        stack: list[tuple[Mapping[str, Any], int | None, bool]] = [(root, parent, in_document)]
        while stack:
            node, up, counted = stack.pop()
            backend = node.get("backendNodeId")
            if isinstance(backend, int):
                self.nodes[backend] = node
                if up is not None:
                    self.parent[backend] = up
                if node.get("nodeType") == 1 and counted:
                    tag = str(node.get("localName") or node.get("nodeName", "")).lower()
                    self.tags[tag] = self.tags.get(tag, 0) + 1
                    ident = _attributes(node).get("id")
                    if ident:
                        self.ids[ident] = self.ids.get(ident, 0) + 1
            here = backend if isinstance(backend, int) else up
            # a shadow root's elements are not the document's (not counted, and their path stops at the root)
            stack.extend((child, None, False) for child in reversed(node.get("shadowRoots") or ()))
            stack.extend((child, here if node.get("nodeType") == 1 else None, counted) for child in reversed(node.get("children") or ()))

    def element(self, backend: Any) -> int | None:
        """The element itself, or the nearest element holding ``backend`` (a text node's)."""
        while isinstance(backend, int) and backend in self.nodes:
            if self.nodes[backend].get("nodeType") == 1:
                return backend
            backend = self.parent.get(backend)
        return None

    def selector_for(self, backend: int | None) -> str:
        """The selector ``selectorFor`` of :data:`.dom.ELEMENT_JS` gives the element."""
        parts: list[str] = []
        while backend is not None:
            node = self.nodes[backend]
            tag = str(node.get("localName") or node.get("nodeName", "")).lower()
            ident = _attributes(node).get("id")
            if ident and self.ids.get(ident) == 1:
                parts.insert(0, "#" + css_escape(ident))
                break
            if self.tags.get(tag) == 1:
                parts.insert(0, tag)
                break
            up = self.parent.get(backend)
            siblings = [c for c in (self.nodes[up].get("children") or ()) if c.get("nodeType") == 1 and c.get("nodeName") == node.get("nodeName")] if up is not None else [node]
            position = next((i for i, c in enumerate(siblings) if c.get("backendNodeId") == backend), 0)
            parts.insert(0, f"{tag}:nth-of-type({position + 1})" if len(siblings) > 1 else tag)
            backend = up
        return " > ".join(parts) or "html"

    def start_tag(self, backend: int | None) -> str:
        if backend is None:
            return ""
        node = self.nodes[backend]
        attrs = "".join(f' {k}="{v.replace("&", "&amp;").replace(chr(34), "&quot;")}"' for k, v in _attributes(node).items())
        return f"<{str(node.get('localName') or '').lower()}{attrs}>"[:SNIPPET_CAP]

    def attribute(self, backend: int | None, name: str) -> str | None:
        return _attributes(self.nodes[backend]).get(name) if backend is not None else None


def _value(ax: Mapping[str, Any], key: str) -> Any:
    return ((ax.get(key) or {}).get("value"))


def _properties(ax: Mapping[str, Any]) -> dict[str, Any]:
    return {p.get("name"): (p.get("value") or {}).get("value") for p in ax.get("properties") or ()}


def states(properties: Mapping[str, Any]) -> list[str]:
    """The states a screen reader says of a control, from its AX properties."""
    said = []
    for name, value, word in STATES:
        got = properties.get(name)
        if got is None or got in ("", "false") and value is None:
            continue
        if (value is None and got not in (False, "false")) or got == value:
            said.append(word)
    return said


def name_source(ax: Mapping[str, Any]) -> str:
    """Where the accessible name came from: ``contents``, or the attribute
    (``aria-label``, ``alt``, ``title``...), or ``""`` for no name."""
    for source in (ax.get("name") or {}).get("sources") or ():
        if "value" in source and not source.get("superseded"):
            return str(source.get("attribute") or source.get("nativeSource") or source.get("type") or "")
    return ""


def clip(text: str, limit: int = TEXT_CAP) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def spoken(role: str, name: str, level: int | None, said_states: list[str], items: int | None) -> str:
    """A line as a screen reader says it: role (and level), name, states."""
    if role == "text":
        return name
    words = SPOKEN.get(role, role)
    if role == "heading" and level:
        words = f"heading level {level}"
    if role == "list" and items is not None:
        words = f"list, {items} item" + ("" if items == 1 else "s")
    return ", ".join(p for p in (words, name, *said_states) if p)


def transcript(tree: Mapping[str, Any], line_cap: int = LINE_CAP) -> dict[str, Any]:
    """The lines a screen reader announces, in order, from the engine's
    :meth:`~auditor.engines.base.Visit.accessibility_tree`: ``{"lines":
    [...], "dropped": n, "url": page address}``. A line: ``role`` (or
    ``text``), ``name``, ``level``, ``states``, ``landmark`` (the landmark
    it is in), ``selector``, ``snippet``, ``text`` (the line as said), and
    where they apply ``url`` (links), ``title`` (the ``title`` attribute),
    ``name_from``, ``src`` (images), ``in_link`` (the index of the link an
    image is in), ``items`` (lists) and ``target_exists`` (in-page links)."""
    dom = DomIndex(tree.get("dom") or {})
    nodes = {str(n.get("nodeId")): n for n in tree.get("nodes") or ()}
    root = next((n for n in nodes.values() if not n.get("parentId")), None)
    lines: list[dict[str, Any]] = []
    dropped = 0
    text_run: list[str] = []
    text_at: list[Any] = [None, ""]  # the element and landmark of the run's first text

    def add(line: dict[str, Any]) -> None:
        nonlocal dropped
        if len(lines) >= line_cap:
            dropped += 1
        else:
            lines.append(line)

    def flush() -> None:
        words = clip(" ".join(text_run))
        text_run.clear()
        if words:
            element = dom.element(text_at[0])
            add({"role": "text", "name": words, "level": None, "states": [], "landmark": text_at[1],
                 "selector": dom.selector_for(element), "snippet": dom.start_tag(element), "text": words})

    def walk(start: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], str, int | None, bool]]:
        """Nodes in reading order with their landmark, the link they are in, and whether their text is a name already."""
        stack: list[tuple[Mapping[str, Any], str, int | None, bool]] = [(start, "", None, False)]
        seen: set[str] = set()
        while stack:
            node, landmark, link, named = stack.pop()
            key = str(node.get("nodeId"))
            if key in seen:
                continue
            seen.add(key)
            yield node, landmark, link, named
            role = _value(node, "role") or ""
            if role == "InlineTextBox":
                continue
            inner_landmark = role if role in LANDMARKS and not node.get("ignored") and (role not in UNNAMED_SKIPPED or _value(node, "name")) else landmark
            inner_link = len(lines) - 1 if role == "link" and not node.get("ignored") and lines and lines[-1].get("_node") == key else link
            inner_named = named or (role in NAMED_BY_CONTENT and not node.get("ignored"))
            children = [nodes[c] for c in node.get("childIds") or () if c in nodes]
            stack.extend((child, inner_landmark, inner_link, inner_named) for child in reversed(children))

    for ax, landmark, link, named in walk(root) if root else ():
        if ax.get("ignored"):
            continue
        role = str(_value(ax, "role") or "")
        name = clip(str(_value(ax, "name") or ""))
        if role == "StaticText":
            if not named and name:
                if not text_run:
                    text_at[:] = [ax.get("backendDOMNodeId"), landmark]
                text_run.append(name)
            continue
        if role in BLOCKS:
            flush()
        if role not in SPOKEN or (role in UNNAMED_SKIPPED and not name):
            continue
        flush()
        props = _properties(ax)
        element = dom.element(ax.get("backendDOMNodeId"))
        level = props.get("level") if role == "heading" else None
        items = sum(1 for c in ax.get("childIds") or () if _value(nodes.get(c, {}), "role") == "listitem") if role == "list" else None
        said = states(props)
        line: dict[str, Any] = {"role": "button" if role == "DisclosureTriangle" else role, "name": name, "level": level, "states": said,
                                "landmark": landmark, "selector": dom.selector_for(element), "snippet": dom.start_tag(element),
                                "text": spoken(role, name, level, said, items), "name_from": name_source(ax),
                                "_node": str(ax.get("nodeId"))}
        title = dom.attribute(element, "title")
        if title is not None:
            line["title"] = clip(title)
        if items is not None:
            line["items"] = items
        if role == "link":
            url = str(props.get("url") or dom.attribute(element, "href") or "")
            line["url"] = url
            page, fragment = urldefrag(dom.url)[0], urldefrag(url)[1]
            if fragment and urldefrag(url)[0] == page:
                line["target_exists"] = fragment in dom.ids or fragment == "top"
        if role == "image":
            line["src"] = str(props.get("url") or dom.attribute(element, "src") or "")
            if link is not None:
                line["in_link"] = link
        add(line)
    flush()
    for line in lines:
        line.pop("_node", None)
    return {"lines": lines, "dropped": dropped, "url": dom.url}


async def collect(visit: Visit, config: AuditConfig, artifacts: Mapping[str, Any]) -> dict[str, Any]:
    visit.phase = "reading what a screen reader hears"
    return transcript(await visit.accessibility_tree())


COLLECTORS = (Collector("heard", collect, stage=READS),)
