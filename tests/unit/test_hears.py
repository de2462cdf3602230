"""What a screen reader hears, on hand-made trees: the transcript built from
an accessibility tree and its DOM tree (as DevTools gives them), the hears
family's rules on hand-made transcripts, one barrier reported once beside
axe-core, axe's advisory best-practice rules, and the transcript's way into
the page's row."""

from __future__ import annotations

import pytest

from auditor.checks import PageContext, family_options, one_per_barrier
from auditor.checks import hears
from auditor.checks.axe import findings_from_axe
from auditor.checks.hears import contradicts, is_file_name, normal, only_punctuation, parse_options
from auditor.collectors.axe import ADVISORY_RULES, advisory_rules
from auditor.collectors.hears import LINE_CAP, TEXT_CAP, DomIndex, css_escape, states, transcript
from auditor.config import AuditConfig
from auditor.model import Finding, PageResult
from auditor.registry import CHECKS

URL = "https://council.example/bins/"


# --- hand-made trees ------------------------------------------------------

def element(backend, tag, attrs=(), children=()):
    flat = [v for pair in attrs for v in pair]
    return {"backendNodeId": backend, "nodeType": 1, "nodeName": tag.upper(), "localName": tag, "attributes": flat, "children": list(children)}


def text_node(backend, text):
    return {"backendNodeId": backend, "nodeType": 3, "nodeName": "#text", "nodeValue": text}


def ax(node_id, role, name="", backend=None, children=(), ignored=False, props=None, internal=False, sources=None):
    node = {"nodeId": str(node_id), "ignored": ignored, "role": {"type": "internalRole" if internal else "role", "value": role},
            "childIds": [str(c) for c in children], "backendDOMNodeId": backend,
            "properties": [{"name": k, "value": {"value": v}} for k, v in (props or {}).items()]}
    if name is not None:
        node["name"] = {"value": name, "sources": sources or [{"type": "contents", "value": {"value": name}}]}
    return node


def parent(nodes):
    """Fill in each node's parentId from the childIds."""
    by_id = {n["nodeId"]: n for n in nodes}
    for n in nodes:
        for c in n["childIds"]:
            by_id[c]["parentId"] = n["nodeId"]
    return nodes


DOM = {"backendNodeId": 1, "nodeType": 9, "nodeName": "#document", "documentURL": URL, "children": [
    element(2, "html", children=[element(3, "body", children=[
        element(4, "nav", children=[element(5, "a", [("href", "/"), ("title", "Home")], [text_node(6, "Home")]),
                                    element(7, "a", [("href", "#main")], [text_node(8, "Skip")])]),
        element(9, "main", [("id", "main")], [
            element(10, "h1", children=[text_node(11, "Bins")]),
            element(12, "p", children=[text_node(13, "Collected on Mondays. "), element(14, "b", children=[text_node(15, "Not")]), text_node(16, " on holidays.")]),
            element(17, "a", [("href", "/x")], [element(18, "img", [("src", "/x.png"), ("alt", "x.png")])]),
            element(19, "button", [("aria-expanded", "false")], [text_node(20, "Menu")]),
            element(21, "div", [("aria-hidden", "true")], [text_node(22, "secret")]),
        ]),
    ])]),
]}

AX = parent([
    ax(1, "RootWebArea", "Bins", 1, [2], internal=True),
    ax(2, "none", None, 3, [4, 9], ignored=True),
    ax(4, "navigation", "", 4, [5, 7]),
    ax(5, "link", "Home", 5, [6], props={"url": "https://council.example/"}),
    ax(6, "StaticText", "Home", 6, internal=True),
    ax(7, "link", "Skip", 7, [8], props={"url": URL + "#main"}),
    ax(8, "StaticText", "Skip", 8, internal=True),
    ax(9, "main", "", 9, [10, 12, 17, 19, 21]),
    ax(10, "heading", "Bins", 10, [11], props={"level": 1}),
    ax(11, "StaticText", "Bins", 11, internal=True),
    ax(12, "paragraph", "", 12, [13, 15, 16]),
    ax(13, "StaticText", "Collected on Mondays. ", 13, internal=True),
    ax(15, "StaticText", "Not", 15, internal=True),
    ax(16, "StaticText", " on holidays.", 16, internal=True),
    ax(17, "link", "x.png", 17, [18], props={"url": "https://council.example/x"}),
    ax(18, "image", "x.png", 18, props={"url": "https://council.example/x.png"}, sources=[{"type": "attribute", "attribute": "alt", "value": {"value": "x.png"}}]),
    ax(19, "button", "Menu", 19, [20], props={"expanded": False, "disabled": True}),
    ax(20, "StaticText", "Menu", 20, internal=True),
    ax(21, "generic", None, 21, [22], ignored=True),
    ax(22, "StaticText", "secret", 22, ignored=True, internal=True),
])


def test_the_tree_is_read_in_order_as_it_is_said():
    heard = transcript({"nodes": AX, "dom": DOM})
    assert [line["text"] for line in heard["lines"]] == [
        "navigation landmark",
        "link, Home",
        "link, Skip",
        "main landmark",
        "heading level 1, Bins",
        "Collected on Mondays. Not on holidays.",  # one line for the paragraph's runs
        "link, x.png",
        "image, x.png",
        "button, Menu, collapsed, unavailable",
    ]  # the aria-hidden text is not said; the link's and heading's text only as their names
    lines = heard["lines"]
    assert [line["selector"] for line in lines] == ["nav", "nav > a:nth-of-type(1)", "nav > a:nth-of-type(2)", "#main", "h1", "p",
                                                    "#main > a", "img", "button"]
    assert lines[1]["title"] == "Home" and lines[1]["landmark"] == "navigation" and lines[1]["url"] == "https://council.example/"
    assert lines[2]["target_exists"] is True
    assert lines[7]["in_link"] == 6 and lines[7]["src"] == "https://council.example/x.png" and lines[7]["name_from"] == "alt"
    assert lines[4]["level"] == 1 and lines[4]["landmark"] == "main"
    assert lines[5]["snippet"] == "<p>"
    assert heard["dropped"] == 0 and heard["url"] == URL


def test_lines_and_text_are_capped():
    long_text = "word " * 100
    nodes = parent([ax(1, "RootWebArea", "", 1, [2], internal=True), ax(2, "StaticText", long_text, 2, internal=True)])
    dom = {"backendNodeId": 1, "nodeType": 9, "children": [element(3, "p", children=[text_node(2, long_text)])]}
    (line,) = transcript({"nodes": nodes, "dom": dom})["lines"]
    assert len(line["text"]) == TEXT_CAP and line["text"].endswith("…")
    many = parent([ax(1, "RootWebArea", "", 1, list(range(2, 2 + LINE_CAP + 7)), internal=True),
                   *(ax(i, "link", f"Link {i}", None) for i in range(2, 2 + LINE_CAP + 7))])
    heard = transcript({"nodes": many, "dom": {}})
    assert len(heard["lines"]) == LINE_CAP and heard["dropped"] == 7


def test_an_empty_tree_says_nothing():
    assert transcript({}) == {"lines": [], "dropped": 0, "url": ""}


@pytest.mark.parametrize(("ident", "escaped"), [("main", "main"), ("1st", "\\31 st"), ("a.b", "a\\.b"), ("-", "\\-"), ("é-x_1", "é-x_1")])
def test_ids_are_escaped_as_css_escape_does(ident, escaped):
    assert css_escape(ident) == escaped


def test_selectors_are_those_of_the_in_page_helper():
    dom = {"backendNodeId": 1, "nodeType": 9, "children": [element(2, "html", children=[element(3, "body", children=[
        element(4, "div", [("id", "dup")], [element(5, "span")]), element(6, "div", [("id", "dup")], [element(7, "span")])])])]}
    index = DomIndex(dom)
    assert index.selector_for(7) == "body > div:nth-of-type(2) > span"  # an id used twice is no anchor
    assert index.selector_for(3) == "body" and index.start_tag(4) == '<div id="dup">'
    assert index.element(999) is None and index.selector_for(None) == "html"


@pytest.mark.parametrize(("props", "said"), [
    ({"expanded": True}, ["expanded"]), ({"checked": "mixed"}, ["partly checked"]), ({"checked": "false"}, ["not checked"]),
    ({"required": True, "invalid": "true"}, ["required", "invalid entry"]), ({"invalid": "false"}, []), ({"hasPopup": "menu"}, ["has pop-up"]),
    ({"disabled": False}, []), ({}, []),
])
def test_states_are_said_as_a_screen_reader_says_them(props, said):
    assert states(props) == said


# --- the rules on hand-made transcripts ------------------------------------

def line(role, name="", selector="a", **extra):
    return {"role": role, "name": name, "level": extra.pop("level", None), "states": [], "landmark": extra.pop("landmark", "main"),
            "selector": selector, "snippet": "", "text": f"{role}, {name}", **extra}


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["hears"], options, AuditConfig(urls=(URL,))))


def check(lines, **options):
    return hears.evaluate({"heard": {"lines": list(lines), "dropped": 0}}, context(**options))


def found(lines, **options):
    return [(f.rule, f.outcome, f.targets[0].selector) for f in check(lines, **options).findings]


OUTLINE = [line("main"), line("heading", "Bins", "h1", level=1)]


@pytest.mark.parametrize("name", ["Click here", "read more…", "More", "HERE", ">", "»", "→"])
def test_vague_link_names(name):
    assert found([*OUTLINE, line("link", name, "#a", url="https://council.example/a")]) == [("vague-link-text", "review", "#a")]


@pytest.mark.parametrize("name", ["Read more about bin collections", "Here is the calendar", "Cliciwch yma"])
def test_link_names_that_say_where(name):
    assert found([*OUTLINE, line("link", name, "#a", url="https://council.example/a")]) == []


def test_the_vague_names_are_a_setting():
    lines = [*OUTLINE, line("link", "Cliciwch yma", "#a", url="https://council.example/a"), line("link", "Click here", "#b", url="https://council.example/b")]
    assert found(lines, vague_link_names=["cliciwch yma"]) == [("vague-link-text", "review", "#a")]
    with pytest.raises(ValueError, match="vague_link_names"):
        parse_options({"vague_link_names": "here"})
    with pytest.raises(ValueError, match="no setting"):
        parse_options({"vague_links": []})


def test_same_names_for_different_places():
    lines = [*OUTLINE, line("link", "Apply", "#a", url="https://x.example/a"), line("text", "or"),
             line("link", "apply", "#b", url="https://x.example/b"), line("text", "or"), line("link", "Apply", "#c", url="https://x.example/a")]
    (finding,) = check(lines).findings
    assert finding.rule == "same-name-different-places" and [t.selector for t in finding.targets] == ["#a", "#b", "#c"]
    assert finding.summary == "3 links named “Apply” lead to 2 different places: a screen reader says “Apply, Apply, Apply”."
    same_place = [*OUTLINE, line("link", "Apply", "#a", url="https://x.example/a"), line("text", "or"), line("link", "Apply", "#c", url="https://x.example/a")]
    assert found(same_place) == []


def test_adjacent_links_to_one_place():
    lines = [*OUTLINE, line("link", "Photo of a bin", "#img-link", url="https://x.example/bins"),
             line("image", "Photo of a bin", "img", in_link=2), line("link", "Bins", "#text-link", url="https://x.example/bins")]
    assert found(lines) == [("adjacent-duplicate-links", "review", "#text-link")]
    apart = [*lines[:3], line("text", "Our bins"), lines[3]]
    assert found(apart) == []
    contents = [*OUTLINE, line("link", "Dates", "#d", url=URL + "#dates"), line("link", "Fees", "#f", url=URL + "#fees")]
    assert found(contents) == []  # a page's contents: each link to a section of its own


@pytest.mark.parametrize(("alt", "src", "bad"), [
    ("IMG_0042.JPG", "/a.jpg", True), ("bin.png", "/img/bin.png", True), ("bin", "/img/bin", True), ("image", "", True), ("Photo.", "", True),
    ("A green bin", "/bin.png", False), ("Logo: Council", "/logo.svg", False), ("version 2.0 released", "", False),
])
def test_alternatives_that_say_nothing(alt, src, bad):
    rules = found([*OUTLINE, line("image", alt, "img", src=src)])
    assert rules == ([("alt-says-nothing", "fail", "img")] if bad else [])


def test_file_names():
    assert is_file_name("chart.final.svg") and is_file_name("DSC01.jpeg", "") and not is_file_name("chart final")


def test_alternative_repeating_its_link():
    lines = [*OUTLINE, line("link", "Help Help", "#l", url="https://x.example/help"), line("image", "Help", "img", in_link=2)]
    assert found(lines) == [("alt-repeats-link-text", "review", "img")]
    alone = [*OUTLINE, line("link", "Help", "#l", url="https://x.example/help"), line("image", "Help", "img", in_link=2)]
    assert found(alone) == []  # the image is the link's only text


def test_tooltips():
    assert found([*OUTLINE, line("link", "Prices", "#p", url="u", title="prices.")]) == [("title-repeats-name", "review", "#p")]
    assert found([*OUTLINE, line("button", "Next", "#n", title="Go back")]) == [("title-contradicts-name", "review", "#n")]
    assert found([*OUTLINE, line("button", "Close", "#c", title="Close", name_from="title")]) == []  # the name is the title
    assert found([*OUTLINE, line("link", "Prices", "#p", url="u", title="Updated in April")]) == []  # adds, does not contradict


@pytest.mark.parametrize(("title", "name", "opposite"), [
    ("Previous page", "Continue", True), ("Log out", "Sign in", True), ("Hide details", "Show details", True), ("Close menu", "Open", True),
    ("Opens in a new window", "Apply", False), ("Next page", "Next", False),
])
def test_contradictions(title, name, opposite):
    assert contradicts(title, name) is opposite


def test_heading_outline():
    lines = [line("main"), line("heading", "Bins", "h2", level=2), line("heading", "", "#empty", level=3), line("heading", "Dates", "h5", level=5)]
    assert found(lines) == [("empty-heading", "review", "#empty"), ("skipped-heading-level", "review", "h5"), ("no-level-one-heading", "review", "h2")]
    assert found([line("main"), line("text", "Hello")]) == [("no-level-one-heading", "review", "html")]


def test_main_landmark_and_a_way_past_the_navigation():
    nav = [line("navigation", landmark=""), *(line("link", f"Item {i}", f"#n{i}", url=f"u{i}", landmark="navigation") for i in range(4))]
    content = [line("text", "Bins are collected weekly.", "p", landmark="")]
    result = check([*nav, *content]).findings
    assert [(f.rule, f.outcome, f.impact, f.wcag) for f in result] == [
        ("no-level-one-heading", "review", "moderate", ("1.3.1",)), ("no-main-landmark", "fail", "serious", ("1.3.1", "2.4.1"))]
    skip = line("link", "Skip to content", "#skip", url=URL + "#c", landmark="", target_exists=True)
    assert [(f.rule, f.outcome) for f in check([skip, *nav, *content]).findings][-1] == ("no-main-landmark", "review")
    broken = dict(skip, target_exists=False)
    assert [(f.rule, f.outcome) for f in check([broken, *nav, *content]).findings][-1] == ("no-main-landmark", "fail")
    single = [line("text", "Bins are collected weekly.", "p", landmark="")]  # nothing to skip
    assert [(f.rule, f.outcome) for f in check(single).findings][-1] == ("no-main-landmark", "review")


def test_the_transcript_goes_to_the_row_and_is_counted():
    result = check([*OUTLINE, line("link", "Bins", "#b", url="u", title="x")])
    assert result.screen_reader == tuple({k: v for k, v in ln.items() if k in ("role", "name", "level", "states", "landmark", "selector", "text")}
                                         for ln in [*OUTLINE, line("link", "Bins", "#b")])
    assert result.metrics == {"heard_lines": 3, "heard_links": 1}
    cut = hears.evaluate({"heard": {"lines": OUTLINE, "dropped": 4}}, context())
    assert cut.metrics["heard_lines"] == 6 and cut.notes == ("What a screen reader hears was cut at 2 lines; the 4 after were not checked.",)


def test_normal_and_punctuation():
    assert normal("  Read   More… ") == "read more" and only_punctuation("» ") and not only_punctuation("A »")


# --- one barrier once, beside axe -------------------------------------------

def finding(check_id, rule, outcome):
    return Finding(check_id, rule, outcome, "moderate", (), ("screen-reader",), "", "", (), (check_id + rule + outcome).ljust(20, "x"))


def test_a_review_of_ours_gives_way_to_axes_finding_of_the_same_barrier():
    ours = finding("hears", "empty-heading", "review")
    assert one_per_barrier([finding("axe", "empty-heading", "review"), ours], CHECKS.values()) == (finding("axe", "empty-heading", "review"),)
    assert one_per_barrier([finding("axe", "empty-heading", "fail"), ours], CHECKS.values()) == (finding("axe", "empty-heading", "fail"),)
    assert one_per_barrier([ours], CHECKS.values()) == (ours,)
    fail = finding("hears", "no-main-landmark", "fail")  # a fail of ours is not hidden by a review of axe's
    assert one_per_barrier([finding("axe", "bypass", "review"), fail], CHECKS.values()) == (finding("axe", "bypass", "review"), fail)


def test_axes_advisory_rules_are_for_review():
    meta = {"id": "empty-heading", "impact": "minor", "tags": ["cat.name-role-value", "best-practice"], "help": "Headings should not be empty",
            "helpUrl": "", "nodes": [{"target": ["#e"], "html": "<h2 id=e>", "impact": "minor", "failureSummary": "Fix"}]}
    assert [f.outcome for f in findings_from_axe({"violations": [meta], "advisory": ["empty-heading"]}, URL)] == ["review"]
    assert [f.outcome for f in findings_from_axe({"violations": [meta]}, URL)] == ["fail"]  # --best-practice: as before
    assert advisory_rules(("wcag2a", "wcag2aa")) == ADVISORY_RULES and advisory_rules(("wcag2a", "best-practice")) == ()


def test_the_page_row_carries_the_transcript():
    heard = ({"role": "link", "name": "Bins", "level": None, "states": [], "landmark": "", "selector": "a", "text": "link, Bins"},)
    row = PageResult(URL, URL, 200, screen_reader=heard)
    assert row.to_dict()["screen_reader"] == [heard[0]]
    assert PageResult.from_dict(row.to_dict()).screen_reader == heard
    assert "screen_reader" not in PageResult(URL).to_dict() and PageResult.from_dict(PageResult(URL).to_dict()).screen_reader is None
