"""The structure of forms that only markup can carry: which question a
choice answers, what a field is for, which hint belongs to which field
(WCAG 1.3.1 Info and Relationships, 3.3.2 Labels or Instructions, 2.4.6
Headings and Labels).

Reads the ``forms`` artifact (:mod:`auditor.collectors.forms`).

Rules:

``choices-not-grouped`` (WCAG 1.3.1, 3.3.2)
    two or more radio buttons or checkboxes of one question (the same
    ``name`` in the same form) not inside a ``fieldset`` with a legend, or a
    ``role=group|radiogroup`` with a name: a screen reader reads "Yes" and
    "No" without the question. axe-core has no rule for it (its old
    ``radiogroup`` and ``checkboxgroup`` rules were retired).
``empty-legend`` (WCAG 1.3.1)
    a ``fieldset`` whose ``legend`` holds no text: the group is announced
    without its question. (Choices in it are not also reported as ungrouped:
    one barrier, once.)
``placeholder-label`` (WCAG 3.3.2)
    a field whose only name is its ``placeholder``: the words go as soon as
    people type, many screen readers and voice control tools do not use
    them, and they are usually too faint to read. axe-core's ``label``
    accepts a placeholder as a name, so it does not report this; a field
    with no name at all is axe's ``label`` and one named only by ``title``
    is axe's ``label-title-only``, and this family leaves both to axe.
``duplicate-label`` (WCAG 2.4.6, 1.3.1)
    two fields on the page with the same label (in the same group, or in
    none), so people listening to the list of fields, or speaking a
    field's name, cannot tell which is which. Radio buttons and checkboxes
    are left out: "Yes" and "No" repeat under each question, which their
    group names.
``hint-not-described`` (WCAG 1.3.1, 3.3.2)
    a hint or error message (an element whose class or id holds ``hint`` or
    ``error``) in a field's form group that is not tied to the field by
    ``aria-describedby`` (or ``aria-errormessage``, or by being part of its
    label): a screen reader on the field never reads it.

Metrics: ``form_fields`` (visible fields read).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from ..rule import Rule, by_id
from ..words import plural
from .base import Check, CheckResult, Metric, PageContext, PageFindings

ID = "forms"

UNDERSTANDING_INFO = "https://www.w3.org/WAI/WCAG22/Understanding/info-and-relationships.html"
UNDERSTANDING_LABELS = "https://www.w3.org/WAI/WCAG22/Understanding/labels-or-instructions.html"
UNDERSTANDING_HEADINGS = "https://www.w3.org/WAI/WCAG22/Understanding/headings-and-labels.html"
GROUPS = ("screen-reader", "cognitive")
CHOICES = ("radio", "checkbox")

RULES = (
    Rule("choices-not-grouped", ID, "serious", ("1.3.1", "3.3.2"), GROUPS, UNDERSTANDING_INFO,
         "Radio buttons or checkboxes of one question are not grouped with the question.",
         "Put the choices in a fieldset whose legend asks the question (or a role=\"group\" or \"radiogroup\" named by the question)."),
    Rule("empty-legend", ID, "serious", ("1.3.1",), GROUPS, UNDERSTANDING_INFO,
         "A group of fields has an empty legend, so it is announced without its question.",
         "Write the question, or what the fields have in common, in the legend."),
    Rule("placeholder-label", ID, "serious", ("3.3.2",), GROUPS, UNDERSTANDING_LABELS,
         "A field is named only by its placeholder, which goes as soon as people type.",
         "Give the field a visible label (a label element tied to it by for and id); keep examples in a hint."),
    Rule("duplicate-label", ID, "moderate", ("2.4.6", "1.3.1"), GROUPS, UNDERSTANDING_HEADINGS,
         "Two fields have the same label, so people cannot tell them apart by name.",
         "Give each field a label that says what it is for, or group them under a legend that tells them apart."),
    Rule("hint-not-described", ID, "serious", ("1.3.1", "3.3.2"), GROUPS, UNDERSTANDING_INFO,
         "A hint or error message beside a field is not tied to it, so a screen reader does not read it with the field.",
         "Give the hint or error message an id and add it to the field's aria-describedby."),
)
RULE = by_id(RULES)

METRICS = (
    Metric("form_fields", "Form fields", "count", "Visible form fields read on the page (inputs, selects and text areas).",
           noun="field", shown="if-any"),
)

_TRAILING = re.compile(r"[\s:*]+$")


def field_name(field: Mapping[str, Any]) -> str:
    """The name a field's markup gives it, without its placeholder or title:
    ``aria-labelledby``, then ``aria-label``, then its labels (the order in
    which browsers compute it)."""
    return field.get("labelledby") or field.get("aria_label") or field.get("label") or ""


def placeholder_only(field: Mapping[str, Any]) -> bool:
    """Whether a field's only name is its placeholder (one with no name at
    all, or a title, is axe-core's to report)."""
    return bool(field.get("placeholder")) and not field_name(field) and not field.get("title")


def label_key(text: str) -> str:
    """A label as people hear it, for comparing two: case, spacing and a
    trailing colon or asterisk (a required mark) make no difference."""
    return _TRAILING.sub("", re.sub(r"\s+", " ", text).strip().lower())


def questions(fields: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The radio buttons and checkboxes of each question (same form, same
    ``name``, two or more), in page order."""
    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for field in fields:
        if field.get("type") in CHOICES and field.get("name"):
            by_key.setdefault((field.get("form", ""), field["name"]), []).append(field)
    return [group for group in by_key.values() if len(group) > 1]


def grouped(choices: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the choices of a question share a group that names it, or
    one with an empty legend (reported as ``empty-legend`` instead)."""
    groups = {(c.get("group") or {}).get("selector") for c in choices}
    if len(groups) != 1 or None in groups:
        return False
    group = choices[0]["group"]
    return bool(group.get("name")) or bool(group.get("has_legend"))


def duplicates(fields: Iterable[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Fields (not choices) that share a label within the same group or
    none, in page order: each list two or more."""
    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for field in fields:
        name = label_key(field_name(field))
        if field.get("type") in CHOICES or not name:
            continue
        context = label_key((field.get("group") or {}).get("name", ""))
        by_key.setdefault((context, name), []).append(field)
    return [same for same in by_key.values() if len(same) > 1]


def loose_hints(fields: Iterable[Mapping[str, Any]]) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(field, hint) for each hint or error message in a field's form group
    that is tied to none of the fields it sits beside; a question's choices
    share theirs, so each hint is reported once."""
    seen: dict[str, tuple[Mapping[str, Any], Mapping[str, Any], bool]] = {}
    for field in fields:
        for hint in field.get("hints", ()):
            key = hint.get("selector", "")
            first, _, tied = seen.get(key, (field, hint, False))
            seen[key] = (first, hint, tied or bool(hint.get("tied")))
    return [(field, hint) for field, hint, tied in seen.values() if not tied]


def _what(field: Mapping[str, Any]) -> str:
    name = field_name(field) or field.get("placeholder") or field.get("name") or field.get("type", "field")
    return f"“{name[:80]}”"


def evaluate(artifacts: Mapping[str, Any], page: PageContext) -> CheckResult:
    found = artifacts["forms"]
    fields = list(found.get("fields", ()))
    out = PageFindings(page, RULE)
    for legend in found.get("empty_legends", ()):
        out.add("empty-legend", "A fieldset has a legend with no text.",
                "A screen reader announces the group without the question it asks. " + RULE["empty-legend"].how_to_fix,
                legend.get("selector") or "fieldset", legend.get("snippet", ""))
    for choices in questions(fields):
        if grouped(choices):
            continue
        first = choices[0]
        kind = "radio buttons" if first.get("type") == "radio" else "checkboxes"
        out.add("choices-not-grouped",
                f"{len(choices)} {kind} named “{first['name'][:80]}” are not grouped with their question.",
                "A screen reader reads each choice (“Yes”, “No”) without the question it answers. " + RULE["choices-not-grouped"].how_to_fix,
                first.get("selector") or "input", first.get("snippet", ""))
    for field in fields:
        if placeholder_only(field):
            out.add("placeholder-label", f"The field {_what(field)} is named only by its placeholder.",
                    "The placeholder disappears when people type, is often too faint to read, and is not read by every "
                    "screen reader or voice control tool. " + RULE["placeholder-label"].how_to_fix,
                    field.get("selector") or "input", field.get("snippet", ""))
    for same in duplicates(fields):
        out.add("duplicate-label", f"{plural(len(same), 'field')} have the same label, {_what(same[0])}.",
                "People who list a page's fields, or speak a field's name to select it, cannot tell these apart. "
                + RULE["duplicate-label"].how_to_fix,
                same[1].get("selector") or "input", same[1].get("snippet", ""))
    for field, hint in loose_hints(fields):
        kind = "error message" if "error" in hint.get("snippet", "").lower() else "hint"
        out.add("hint-not-described", f"The {kind} “{hint.get('text', '')[:80]}” is not tied to the field {_what(field)}.",
                "A screen reader on the field reads its label but not this. " + RULE["hint-not-described"].how_to_fix,
                hint.get("selector") or "body", hint.get("snippet", ""))
    return CheckResult(findings=tuple(out), metrics={"form_fields": len(fields)})


CHECK = Check(
    id=ID,
    title="Form structure",
    needs=("forms",),
    evaluate=evaluate,
    rules=RULES,
    metrics=METRICS,
)
