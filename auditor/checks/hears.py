"""What a screen reader hears: the page as the ordered list of lines a
screen reader announces, and the barriers a person hears in it.

Reads the ``heard`` artifact (:mod:`auditor.collectors.hears`), built from
the browser's accessibility tree; the transcript itself is kept with the
page's row (``screen_reader`` in report.json).

Rules (groups ``screen-reader`` and ``cognitive``):

``vague-link-text`` (WCAG 2.4.4, review)
    a link whose name means nothing out of context ("click here", "read
    more", a lone ``>``): in a list of links, as screen reader users often
    move, it says nothing. The words are a setting (``vague_link_names``);
    WCAG allows the sentence around the link to give its purpose, so a
    person checks.
``same-name-different-places`` (WCAG 2.4.4, review)
    several links of one name that lead to different places, or several
    buttons of one name ("Edit, Edit, Edit"): one finding for the name,
    naming every element.
``adjacent-duplicate-links`` (review)
    two links in a row to the same place (an image link and a text link to
    one article): a screen reader says it twice, a keyboard stops twice.
``alt-says-nothing`` (WCAG 1.1.1)
    an image whose text alternative is a file name or a placeholder word
    ("image", "photo", "graphic"): WCAG's failure F30.
``alt-repeats-link-text`` (review)
    an image in a link whose alternative repeats the link's other text, so
    the link is announced with its words twice (WCAG technique H2: such an
    image should have an empty alternative). axe-core's
    ``image-redundant-alt`` reports the same: where it does, its finding is kept.
``title-repeats-name`` (review), ``title-contradicts-name`` (WCAG 2.4.6, review)
    a ``title`` attribute (a tooltip) that repeats the accessible name, so
    it may be said twice, or that says its opposite (a link "Continue"
    titled "Previous step", :data:`OPPOSITES`), so the tooltip and what a
    screen reader or voice control user hears differ. A tooltip that only
    adds to the name is left alone.
``empty-heading`` (WCAG 2.4.6, review), ``no-level-one-heading`` (WCAG 1.3.1, review),
``skipped-heading-level`` (WCAG 1.3.1, review)
    the heading outline, which screen reader users move by: a heading with
    no text, no heading of level one, a level skipped going down (an h2
    followed by an h4). axe-core's ``empty-heading``, ``page-has-heading-one``
    and ``heading-order`` report the same: where they do, theirs are kept.
``no-main-landmark`` (WCAG 1.3.1 review; WCAG 2.4.1 fail)
    no main landmark to jump to. It fails 2.4.1 when there is also no
    other way to skip to the content (no skip link that works, no heading)
    and there is content to skip (a banner or navigation, or three or more
    links before the content); otherwise it is for review. axe-core's
    ``landmark-one-main`` and ``bypass`` report the same: where they do,
    theirs are kept.

Metrics: ``heard_lines`` (lines announced), ``heard_links``.

Settings (``[hears]`` in the config file): ``vague_link_names``, the link
names that mean nothing out of context, replacing :data:`VAGUE_LINK_NAMES`
(for a site in another language).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping, Sequence
from urllib.parse import urldefrag

from ..model import Target
from ..rule import Rule, by_id
from .base import Check, CheckResult, Metric, PageContext, PageFindings, refuse_unknown, table_settings

ID = "hears"
GROUPS = ("screen-reader", "cognitive")

LINK_PURPOSE = "https://www.w3.org/WAI/WCAG22/Understanding/link-purpose-in-context.html"
NON_TEXT = "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html"
HEADINGS = "https://www.w3.org/WAI/WCAG22/Understanding/headings-and-labels.html"
STRUCTURE = "https://www.w3.org/WAI/WCAG22/Understanding/info-and-relationships.html"
BYPASS = "https://www.w3.org/WAI/WCAG22/Understanding/bypass-blocks.html"
H2 = "https://www.w3.org/WAI/WCAG22/Techniques/html/H2"

RULES = (
    Rule("vague-link-text", ID, "serious", ("2.4.4",), GROUPS, LINK_PURPOSE,
         "A link's words say nothing about where it goes when heard on their own.",
         "Write link text that says where the link goes (\"Read the guide to fostering\", not \"Read more\").",
         outcome="review", fixed_by="design"),
    Rule("same-name-different-places", ID, "moderate", ("2.4.4",), GROUPS, LINK_PURPOSE,
         "Several links or buttons have the same name but do different things.",
         "Give each link or button a name that tells it apart (\"Edit your address\"), visibly or with hidden text.",
         outcome="review", fixed_by="design"),
    Rule("adjacent-duplicate-links", ID, "minor", (), GROUPS, H2,
         "Two links next to each other go to the same place, so people hear it and tab past it twice.",
         "Put the image and the text in one link.", outcome="review"),
    Rule("alt-says-nothing", ID, "serious", ("1.1.1",), GROUPS, NON_TEXT,
         "An image's text alternative is a file name or a placeholder word, not what the image shows.",
         "Write alt text that says what the image shows or does; use alt=\"\" for an image that is only decoration.",
         fixed_by="design"),
    Rule("alt-repeats-link-text", ID, "minor", (), GROUPS, H2,
         "An image in a link repeats the link's words, so people hear them twice.",
         "Give the image an empty alt (alt=\"\") when the link's text already says where it goes.", outcome="review",
         fixed_by="design"),
    Rule("title-repeats-name", ID, "minor", (), GROUPS, HEADINGS,
         "A tooltip (title) repeats an element's name, so some screen readers say it twice.",
         "Remove the title attribute, or use it only for information the name does not give.", outcome="review",
         fixed_by="design"),
    Rule("title-contradicts-name", ID, "moderate", ("2.4.6",), GROUPS, HEADINGS,
         "A tooltip (title) says the opposite of an element's name.",
         "Make the tooltip agree with the name, or remove it.", outcome="review", fixed_by="design"),
    Rule("empty-heading", ID, "moderate", ("2.4.6",), GROUPS, HEADINGS,
         "A heading has no text, so screen reader users moving by headings hear nothing.",
         "Give the heading text, or remove it if it only makes space.", outcome="review"),
    Rule("no-level-one-heading", ID, "moderate", ("1.3.1",), GROUPS, STRUCTURE,
         "The page has no main heading (level one), so people cannot jump to the start of its content or tell what it is about.",
         "Give the page one h1 that says what the page is for.", outcome="review", fixed_by="design"),
    Rule("skipped-heading-level", ID, "minor", ("1.3.1",), GROUPS, STRUCTURE,
         "The headings skip a level, so the page's outline suggests a missing part.",
         "Use the next heading level down (an h2 is followed by h3, not h4); style headings with CSS, not by level.",
         outcome="review"),
    Rule("no-main-landmark", ID, "moderate", ("1.3.1",), GROUPS, BYPASS,
         "The page marks no main content, so screen reader users cannot jump to it.",
         "Wrap the page's main content in a <main> element; add a skip link to it as the first link of the page.",
         outcome="review"),
)
RULE = by_id(RULES)

METRICS = (
    Metric("heard_lines", "Lines a screen reader announces", "count",
           "The lines of the page's transcript: landmarks, headings, links, controls, images and runs of text.", noun="line"),
)

VAGUE_LINK_NAMES = ("click here", "click", "here", "read more", "more", "more info", "more information", "learn more",
                    "find out more", "this link", "link", "this page", "continue", "go", "details")
"""Link names that mean nothing heard on their own: an English list of the
project's own, from the examples WCAG's Understanding 2.4.4 and GOV.UK's
guidance on links give."""

PLACEHOLDER_ALTS = ("image", "img", "photo", "photograph", "picture", "pic", "graphic", "icon", "spacer", "placeholder",
                    "alt", "alt text", "untitled", "blank", "banner", "thumbnail")
"""Alternatives that name the kind of thing, not what it shows (WCAG F30)."""

_FILE_NAME = re.compile(r"^\S+\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?|ico|heic)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
MAX_TARGETS = 10
"""Elements named in one finding of a shared name."""
SKIP_WITHIN = 3
"""A skip link is among the page's first links."""


@dataclass(frozen=True)
class Options:
    """The ``[hears]`` table."""

    vague_link_names: tuple[str, ...] = VAGUE_LINK_NAMES
    """Link names (compared without case or end punctuation) that mean
    nothing out of context; replaces the English default."""


def parse_options(table: Mapping[str, Any]) -> Options:
    """The ``[hears]`` settings, checked; a wrong name or value raises ValueError."""
    refuse_unknown(ID, table, table_settings(Options))
    names = table.get("vague_link_names", list(VAGUE_LINK_NAMES))
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError("[hears] vague_link_names must be a list of link names")
    return Options(tuple(normal(n) for n in names))


def normal(text: str) -> str:
    """Text compared as heard: lower case, spaces folded, punctuation at the ends dropped."""
    text = re.sub(r"\s+", " ", (text or "").casefold()).strip()
    return text.strip(" .,:;!?…-–—>»›→\"'()[]")


def only_punctuation(name: str) -> bool:
    """A name of punctuation or symbols alone (``>``, ``»``, ``…``, ``+``)."""
    stripped = name.strip()
    return bool(stripped) and all(unicodedata.category(c)[0] in "PSZ" for c in stripped)


def is_file_name(alt: str, src: str = "") -> bool:
    """An alternative that is a file name (``IMG_0042.jpg``), or the image's own file name."""
    alt = alt.strip()
    base = urldefrag(src)[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return bool(_FILE_NAME.match(alt)) or (bool(base) and alt.casefold() == base.casefold())


def place(url: str) -> str:
    """Where a link leads: its address, fragment and all (the contents of a
    page link to its own sections, each a place of its own)."""
    return (url or "").strip()


OPPOSITES = (
    ({"next", "continue", "forward", "forwards"}, {"previous", "prev", "back", "backward", "backwards"}),
    ({"open", "show", "expand"}, {"close", "hide", "collapse"}),
    ({"add"}, {"remove", "delete"}),
    ({"yes", "accept", "agree", "allow"}, {"no", "decline", "reject", "disagree", "deny"}),
    ({"on", "enable", "start", "play"}, {"off", "disable", "stop", "pause"}),
    ({"increase", "more", "up"}, {"decrease", "less", "fewer", "down"}),
    ({"login", "signin", "subscribe"}, {"logout", "signout", "unsubscribe"}),
)
"""Words that say opposite things: a tooltip with one where the name has
the other contradicts it (a link "Continue" titled "Previous step")."""


def words(text: str) -> set[str]:
    return set(_WORD.findall((text or "").casefold().replace("sign in", "signin").replace("log in", "login")
                             .replace("sign out", "signout").replace("log out", "logout")))


def contradicts(title: str, name: str) -> bool:
    """Whether the tooltip says the opposite of the name: one has a word of
    :data:`OPPOSITES` and the other its opposite, and the tooltip does not
    also repeat the name's word."""
    said, shown = words(name), words(title)
    return any((said & one and shown & other and not shown & one) or (said & other and shown & one and not shown & other)
               for one, other in OPPOSITES)


def _target(line: Mapping[str, Any]) -> Target:
    return Target(line.get("selector") or "html", (line.get("snippet") or "")[:300])


def _links(out: PageFindings, lines: Sequence[Mapping[str, Any]], options: Options) -> None:
    vague = set(options.vague_link_names)
    for line in lines:
        if line["role"] != "link" or not line["name"]:
            continue
        if normal(line["name"]) in vague or only_punctuation(line["name"]):
            out.add("vague-link-text", f"The link “{line['name']}” says nothing about where it goes when heard on its own.",
                    "Screen reader users often list a page's links, and hear only their names. " + RULE["vague-link-text"].how_to_fix,
                    line["selector"], line.get("snippet", ""))
    by_name: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for line in lines:
        if line["role"] in ("link", "button") and normal(line["name"]):
            by_name.setdefault((line["role"], normal(line["name"])), []).append(line)
    for (role, _), same in by_name.items():
        places = {place(line.get("url", "")) for line in same}
        if len(same) < 2 or (role == "link" and len(places) < 2):
            continue
        name = same[0]["name"]
        said = ", ".join([name] * min(len(same), 3)) + (", ..." if len(same) > 3 else "")
        what = f"{len(same)} links named “{name}” lead to {len(places)} different places" if role == "link" else f"{len(same)} buttons are all named “{name}”"
        out.append(RULE["same-name-different-places"].finding(
            out.page.url, tuple(_target(line) for line in same[:MAX_TARGETS]), f"{what}: a screen reader says “{said}”.",
            "Heard in a list, or out of their row or paragraph, they cannot be told apart. " + RULE["same-name-different-places"].how_to_fix,
            key=f"{role}:{normal(name)}"))
    said = [line for line in lines if line.get("in_link") is None]  # an image in a link is said with its link
    for before, line in zip(said, said[1:]):
        if before["role"] == line["role"] == "link" and line.get("url") and place(before.get("url", "")) == place(line["url"]) \
                and before["selector"] != line["selector"]:
            out.add("adjacent-duplicate-links", f"The links “{before['name']}” and “{line['name']}” are next to each other and go to the same place.",
                    RULE["adjacent-duplicate-links"].how_to_fix, line["selector"], line.get("snippet", ""))


def _images(out: PageFindings, lines: Sequence[Mapping[str, Any]]) -> None:
    for line in lines:
        if line["role"] != "image" or not line["name"]:
            continue
        alt = line["name"]
        if is_file_name(alt, line.get("src", "")) or normal(alt) in PLACEHOLDER_ALTS:
            kind = "a file name" if is_file_name(alt, line.get("src", "")) else "a placeholder word"
            out.add("alt-says-nothing", f"The image's text alternative is {kind}: a screen reader says “{alt}”.",
                    RULE["alt-says-nothing"].how_to_fix, line["selector"], line.get("snippet", ""))
            continue
        link = lines[line["in_link"]] if isinstance(line.get("in_link"), int) and line["in_link"] < len(lines) else None
        if link is not None and link["role"] == "link":
            rest = normal(link["name"]).replace(normal(alt), "", 1).strip()
            if rest and normal(alt) and normal(alt) in normal(rest):
                out.add("alt-repeats-link-text", f"The image's alternative “{alt}” repeats the link's text: a screen reader says “{link['name']}”.",
                        RULE["alt-repeats-link-text"].how_to_fix, line["selector"], line.get("snippet", ""))


def _titles(out: PageFindings, lines: Sequence[Mapping[str, Any]]) -> None:
    for line in lines:
        title, name = line.get("title"), line["name"]
        if not title or not normal(title) or not name or line.get("name_from") == "title" or line["role"] == "text":
            continue
        if normal(title) == normal(name):
            out.add("title-repeats-name", f"The tooltip repeats the name “{name}”.", RULE["title-repeats-name"].how_to_fix,
                    line["selector"], line.get("snippet", ""))
        elif contradicts(title, name):
            out.add("title-contradicts-name", f"The tooltip “{title}” says the opposite of the name “{name}”.",
                    "People who see the tooltip, and those who hear or speak the name, know the element by different words. "
                    + RULE["title-contradicts-name"].how_to_fix, line["selector"], line.get("snippet", ""))


def _outline(out: PageFindings, lines: Sequence[Mapping[str, Any]]) -> None:
    headings = [line for line in lines if line["role"] == "heading"]
    previous = 0
    for line in headings:
        level = line.get("level") or 2
        if not line["name"]:
            out.add("empty-heading", f"A heading of level {level} has no text: a screen reader says only “heading level {level}”.",
                    RULE["empty-heading"].how_to_fix, line["selector"], line.get("snippet", ""))
        if previous and level > previous + 1:
            out.add("skipped-heading-level", f"A heading of level {level} follows one of level {previous}: level {previous + 1} is skipped.",
                    RULE["skipped-heading-level"].how_to_fix, line["selector"], line.get("snippet", ""))
        previous = level
    if headings and not any(line.get("level") == 1 for line in headings):
        first = headings[0]
        out.add("no-level-one-heading", f"The page has {len(headings)} heading(s) but none of level one; the first is “{first['name']}”.",
                RULE["no-level-one-heading"].how_to_fix, first["selector"], first.get("snippet", ""))
    elif not headings and lines:
        out.add("no-level-one-heading", "The page has no headings at all.", RULE["no-level-one-heading"].how_to_fix, "html")


def _main(out: PageFindings, lines: Sequence[Mapping[str, Any]]) -> None:
    if not lines or any(line["role"] == "main" for line in lines):
        return
    links = [line for line in lines if line["role"] == "link"]
    skip = any(line.get("target_exists") for line in links[:SKIP_WITHIN])
    headings = any(line["role"] == "heading" for line in lines)
    first_content = next((i for i, line in enumerate(lines) if line["role"] == "heading" or (line["role"] == "text" and not line["landmark"])), len(lines))
    before = lines[:first_content]
    repeated = any(line["role"] in ("banner", "navigation") for line in lines) or sum(line["role"] == "link" for line in before) >= 3
    if not skip and not headings and repeated:
        out.add("no-main-landmark", "The page marks no main content, and has no skip link and no heading: screen reader and keyboard users "
                "must go through everything before the content on every page.",
                RULE["no-main-landmark"].how_to_fix, "html", outcome="fail", impact="serious", wcag=("1.3.1", "2.4.1"))
    else:
        out.add("no-main-landmark", "The page marks no main content (no <main> element or main landmark).",
                RULE["no-main-landmark"].how_to_fix, "html")


def heard(lines: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """The transcript as kept with the page's row (what the reports show)."""
    return tuple({k: line.get(k) for k in ("role", "name", "level", "states", "landmark", "selector", "text")} for line in lines)


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["heard"]
    lines = [line for line in found.get("lines", ()) if isinstance(line, Mapping)]
    options = page.options or Options()
    out = PageFindings(page, RULE)
    _links(out, lines, options)
    _images(out, lines)
    _titles(out, lines)
    _outline(out, lines)
    _main(out, lines)
    dropped = int(found.get("dropped") or 0)
    notes = (f"What a screen reader hears was cut at {len(lines)} lines; the {dropped} after were not checked.",) if dropped else ()
    metrics = {"heard_lines": len(lines) + dropped, "heard_links": sum(1 for line in lines if line["role"] == "link")}
    return CheckResult(findings=tuple(out), metrics=metrics, notes=notes, screen_reader=heard(lines))


CHECK = Check(
    id=ID,
    title="What a screen reader hears",
    needs=("heard",),
    evaluate=evaluate,
    rules=RULES,
    parse_options=parse_options,
    # axe-core reports some of these barriers itself: where its rule found
    # the barrier on the page, its finding is the one kept (its own impact
    # and tags, copied as axe results always are), so a barrier is reported
    # once. Ours remain where axe did not run.
    defers_to={
        "alt-repeats-link-text": ("axe/image-redundant-alt",),
        "empty-heading": ("axe/empty-heading",),
        "no-level-one-heading": ("axe/page-has-heading-one",),
        "skipped-heading-level": ("axe/heading-order",),
        "no-main-landmark": ("axe/landmark-one-main", "axe/bypass"),
    },
    metrics=METRICS,
)
