"""Without JavaScript: what is lost when the page's script does not run.

Script fails more often than people think: old phones and browsers, slow or
dropped connections that lose a bundle, corporate lock-downs, browser
extensions, a fault in one third-party script. The page is compared as it
renders with and without JavaScript (the same text reading on both), and the
controls of the page that can do nothing without script are listed.

Findings: ``content-missing-without-javascript``, ``noscript-only-warning``,
``link-needs-javascript``, ``control-needs-javascript`` and
``form-needs-javascript``. Settings (``[nojs]`` in the config file):
``min_text_ratio`` (see :data:`MIN_TEXT_RATIO`).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from ..model import normalise_url
from .base import Check, CheckResult, FindingList, Metric, PageContext

CHECK_ID = "nojs"

METRICS = (
    Metric("nojs_text_ratio", "Text without JavaScript", "ratio", "The share of the main text's words still there without JavaScript.",
           phrase="{value} of the main text"),
)

MIN_TEXT_RATIO = 0.5
"""Below this share of the main text's words without JavaScript, content
counts as missing. A project choice (no public standard sets a figure): at
half the words gone, whole sections are gone, not a date or a counter."""

PROGRESSIVE_ENHANCEMENT = "https://www.gov.uk/service-manual/technology/using-progressive-enhancement"
UNDERSTANDING_KEYBOARD = "https://www.w3.org/WAI/WCAG22/Understanding/keyboard.html"
UNDERSTANDING_NAME_ROLE_VALUE = "https://www.w3.org/WAI/WCAG22/Understanding/name-role-value.html"

# Who loses when script fails. People on old devices first; people on slow or
# intermittent connections too, where a script bundle often fails to arrive
# (GOV.UK's service manual gives both among the reasons to use progressive
# enhancement).
NO_SCRIPT_GROUPS = ("older-devices", "low-bandwidth")

# A <noscript> text that asks for JavaScript rather than offering content.
_ASKS_FOR_SCRIPT = re.compile(r"javascript|\bscripts?\b|\bscripting\b|\benable\b|\bbrowser\b", re.IGNORECASE)
# "Back to top" links use href="#" on purpose, and work without script.
_TO_TOP = re.compile(r"^((back|return|go|jump|scroll) to )?(the )?top( of (the )?page)?\W*$", re.IGNORECASE)
# Buttons whose words say they move a journey on (a project heuristic).
_FORWARD = re.compile(
    r"^(start|continue|next|proceed|submit|send|apply|pay|book|register|sign in|sign up|log in|confirm|save and continue|search|find)\b",
    re.IGNORECASE,
)
CONTROL_RULES = ("link-needs-javascript", "control-needs-javascript", "form-needs-javascript")

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_WS = re.compile(r"\s+")


def count_words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def text_ratio(nojs_words: int, js_words: int) -> float:
    """Words without JavaScript over words with it, at most 1 (1 when both are empty)."""
    if js_words <= 0:
        return 1.0
    return min(1.0, nojs_words / js_words)


def _norm(text: str) -> str:
    return _WS.sub(" ", text or "").strip().casefold()


def missing_headings(js_text: Mapping[str, Any], nojs_text: Mapping[str, Any]) -> list[str]:
    """Headings of the main content with JavaScript that the page without it lacks."""
    present = {_norm(h.get("text", "")) for h in nojs_text.get("headings", ())}
    missing: dict[str, None] = {}  # ordered, and each looked up at once
    for heading in js_text.get("headings", ()):
        text = _WS.sub(" ", heading.get("text", "")).strip()
        if heading.get("in_main", True) and text and _norm(text) not in present:
            missing.setdefault(text)
    return list(missing)


def _quote_list(items: Iterable[str], limit: int = 5) -> str:
    items = list(items)
    shown = ", ".join(f"“{i}”" for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _label(text: str) -> str:
    text = _WS.sub(" ", text or "").strip()
    return f"“{text[:60]}”" if text else "with no text"


def settings(options: Mapping[str, Any]) -> dict[str, float]:
    """The ``[nojs]`` settings, checked; a wrong name or value raises ValueError."""
    unknown = sorted(set(options) - {"min_text_ratio"})
    if unknown:
        raise ValueError(f"[nojs] has no setting {unknown[0]!r} (settings: min_text_ratio)")
    value = options.get("min_text_ratio", MIN_TEXT_RATIO)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"[nojs] min_text_ratio must be a number from 0 to 1, not {value!r}")
    return {"min_text_ratio": float(value)}


def min_text_ratio(page: PageContext) -> float:
    return settings(page.config.options(CHECK_ID))["min_text_ratio"]


def _content(out: FindingList, js_text: Mapping[str, Any], nojs: Mapping[str, Any], ratio: float, threshold: float, nojs_words: int, js_words: int, missing: list[str]) -> None:
    noscript = _WS.sub(" ", nojs.get("noscript_main_text", "")).strip()
    noscript_words = count_words(noscript)
    other_words = max(0, nojs_words - noscript_words)
    headings = f" Missing headings: {_quote_list(missing)}." if missing else ""
    if ratio >= threshold:
        return
    if noscript_words and _ASKS_FOR_SCRIPT.search(noscript) and other_words <= noscript_words:
        out.add(
            "noscript-only-warning",
            "fail",
            "critical",
            (),
            NO_SCRIPT_GROUPS,
            f"Without JavaScript the page shows only a message asking for it (“{noscript[:120]}”) instead of its content.",
            f"Someone whose JavaScript fails gets {nojs_words} of the {js_words} words of the main content and cannot use the page at all.{headings} "
            "Send the content and forms as HTML from the server and use JavaScript only to enhance them.",
            PROGRESSIVE_ENHANCEMENT,
            "html",
            "<noscript>",
        )
        return
    moved = nojs.get("final_url") and normalise_url(nojs["final_url"]) != normalise_url(out.page.final_url or out.page.url)
    where = f" (without JavaScript the browser ended at {nojs['final_url']})" if moved else ""
    out.add(
        "content-missing-without-javascript",
        "fail",
        "serious",
        (),
        NO_SCRIPT_GROUPS,
        f"Without JavaScript the page shows {ratio:.0%} of its main text ({nojs_words} of {js_words} words)"
        + (f"; missing: {_quote_list(missing, 3)}." if missing else "."),
        f"Someone whose JavaScript fails or is switched off misses the rest of the content{where}.{headings} "
        "Send the content as HTML from the server and use JavaScript only to enhance it.",
        PROGRESSIVE_ENHANCEMENT,
        js_text.get("main_selector") or "html",
        js_text.get("main_snippet") or "",
    )


def _links(out: FindingList, controls: Mapping[str, Any]) -> None:
    for link in controls.get("script_links", ()):
        href = link.get("href", "")
        if href.strip() == "#" and _TO_TOP.match(_WS.sub(" ", link.get("text", "")).strip()):
            continue  # "Back to top": href="#" does its job without script
        out.add(
            "link-needs-javascript",
            "fail",
            "serious",
            (),
            ("older-devices",),
            f"The link {_label(link.get('text', ''))} goes to “{href[:40]}”, so it does nothing without JavaScript.",
            "A link that only runs a script is a dead end when the script fails. Give it a real address that works without "
            "script (and enhance it), or, if it performs an action on the page, make it a button that is shown only when script runs.",
            PROGRESSIVE_ENHANCEMENT,
            link.get("selector", "a"),
            link.get("snippet", ""),
        )


def _handlers(out: FindingList, controls: Mapping[str, Any]) -> set[str]:
    """Click handlers on elements that are not controls. Returns the selectors reported."""
    reported: set[str] = set()
    for element in controls.get("handlers", ()):
        focusable = bool(element.get("focusable"))
        has_role = bool(element.get("interactive_role"))
        if focusable and has_role:
            continue  # a scripted control with a role and a tab stop: judged as a button below
        wcag = (() if focusable else ("2.1.1",)) + (() if has_role else ("4.1.2",))
        groups = (() if focusable else ("keyboard",)) + (() if has_role else ("screen-reader",)) + ("older-devices",)
        missing = " and ".join(p for p in ("cannot be reached with the keyboard" if not focusable else "", "is not announced as a control" if not has_role else "") if p)
        selector = element.get("selector", "")
        reported.add(selector)
        out.add(
            "control-needs-javascript",
            "fail",
            "serious",
            wcag,
            groups,
            f"The <{element.get('tag', 'element')}> {_label(element.get('text', ''))} responds to clicks through a script, {missing}, and does nothing without JavaScript.",
            "Only people who click with a mouse, with script running, can use it. Use a real control: a link to an address "
            "that works without script, or a <button> (which is focusable and announced as a button).",
            UNDERSTANDING_KEYBOARD if not focusable else UNDERSTANDING_NAME_ROLE_VALUE,
            selector,
            element.get("snippet", ""),
        )
    return reported


def _buttons(out: FindingList, controls: Mapping[str, Any], already: set[str]) -> None:
    """Buttons outside any form: they can only run a script. Reported when
    they are the only way forward (no link and no form in the main content)
    or their words say they move the journey on."""
    only_way = not controls.get("main_links") and not any(f.get("in_main") for f in controls.get("forms", ()))
    for button in controls.get("buttons", ()):
        selector = button.get("selector", "")
        text = _WS.sub(" ", button.get("text", "")).strip()
        if selector in already or not (only_way or _FORWARD.match(text)):
            continue
        why = "the only way forward from the main content" if only_way else "the way forward"
        out.add(
            "control-needs-javascript",
            "fail",
            "serious",
            (),
            ("older-devices",),
            f"The button {_label(text)} belongs to no form, so it does nothing without JavaScript, and it is {why}.",
            "When script fails, the person is stuck on this page. Make the next step a link to a real address, or put the "
            "button in a form that the server can handle.",
            PROGRESSIVE_ENHANCEMENT,
            selector,
            button.get("snippet", ""),
        )


def _matches(form: Mapping[str, Any], others: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    for key in ("id", "selector"):
        value = form.get(key)
        if value:
            for other in others:
                if other.get(key) == value:
                    return other
    for other in others:
        if (other.get("action"), other.get("method")) == (form.get("action"), form.get("method")):
            return other
    return None


def _forms(out: FindingList, controls: Mapping[str, Any], nojs: Mapping[str, Any]) -> int:
    """Forms that cannot be sent without script. Returns how many exist only with script."""
    unmatched = list(nojs.get("forms", ()))
    only_with_script = 0
    for form in controls.get("forms", ()):
        selector = form.get("selector", "form")
        snippet = form.get("snippet", "")
        action = form.get("action")
        match = _matches(form, unmatched)
        if match is not None:
            unmatched.remove(match)
        stripped = (action or "").strip()
        if match is None:
            only_with_script += 1
            problem = ("fail", "The form appears only when JavaScript runs: the page without it does not show this form.")
        elif stripped.lower().startswith("javascript:"):
            problem = ("fail", "The form's action is a “javascript:” address, so it cannot be sent without JavaScript.")
        elif not form.get("has_submit") and not form.get("implicit_submit"):
            problem = ("fail", "The form has no submit button, so only a script can send it.")
        elif stripped in ("", "#"):
            what = "no action" if action is None else f"the action “{stripped}”"
            problem = ("review", f"The form has {what}, so it is sent back to this same address: it works without JavaScript only if the server handles it there.")
        else:
            continue
        outcome, summary = problem
        out.add(
            "form-needs-javascript",
            outcome,
            "serious",
            (),
            ("older-devices",),
            summary,
            "Someone whose JavaScript fails cannot send the form, so cannot finish the task. Give every form a real action "
            "the server handles and a submit button, and enhance it with script if you like.",
            PROGRESSIVE_ENHANCEMENT,
            selector,
            snippet,
        )
    return only_with_script


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    threshold = min_text_ratio(page)
    nojs = artifacts["nojs"]
    js_text = artifacts["text"]
    controls = artifacts["controls"]
    nojs_text = nojs.get("text") or {}

    js_words = count_words(js_text.get("main_text", ""))
    nojs_words = count_words(nojs_text.get("main_text", ""))
    ratio = text_ratio(nojs_words, js_words)
    missing = missing_headings(js_text, nojs_text)

    out = FindingList(CHECK_ID, page)
    _content(out, js_text, nojs, ratio, threshold, nojs_words, js_words, missing)
    _links(out, controls)
    reported = _handlers(out, controls)
    _buttons(out, controls, reported)
    forms_only_with_script = _forms(out, controls, nojs)

    metrics = {
        "nojs_text_ratio": round(ratio, 3),
        "nojs_words": nojs_words,
        "js_words": js_words,
        "nojs_missing_headings": missing,
        "nojs_forms": len(nojs.get("forms", ())),
        "js_forms": len(controls.get("forms", ())),
        "nojs_forms_missing": forms_only_with_script,
        "nojs_links": nojs.get("links", 0),
        "js_links": controls.get("links", 0),
        "nojs_dependent_controls": sum(1 for f in out.items if f.rule in CONTROL_RULES and f.outcome == "fail"),
    }
    return CheckResult(findings=tuple(out.items), metrics=metrics)


CHECK = Check(id=CHECK_ID, title="Without JavaScript", needs=("nojs", "text", "controls"), evaluate=evaluate, settings=settings, metrics=METRICS, profiles=("low-bandwidth",))
