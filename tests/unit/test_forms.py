"""The forms family on hand-made artifacts: choices not grouped with their
question, empty legends, fields named only by a placeholder, fields of one
label, and hints not tied to their field."""

from __future__ import annotations

from auditor.checks import PageContext, family_options, forms
from auditor.checks.forms import duplicates, grouped, label_key, loose_hints, placeholder_only, questions
from auditor.config import AuditConfig
from auditor.registry import CHECKS, FAMILIES

URL = "https://council.example/bins/"


def field(selector, type="text", name="", form="form", label="", group=None, hints=(), **names):
    return {"selector": selector, "snippet": f'<input id="{selector[1:]}">', "type": type, "name": name, "form": form,
            "label": label, "labelledby": names.get("labelledby", ""), "aria_label": names.get("aria_label", ""),
            "title": names.get("title", ""), "placeholder": names.get("placeholder", ""), "group": group, "hints": list(hints)}


def fieldset(name="", has_legend=True, selector="fieldset"):
    return {"selector": selector, "kind": "fieldset", "name": name, "has_legend": has_legend}


def run(fields=(), empty_legends=()):
    context = PageContext(URL, URL, family_options(CHECKS["forms"], {}, AuditConfig(urls=(URL,))))
    return forms.evaluate({"forms": {"fields": list(fields), "empty_legends": list(empty_legends)}}, context)


def rules(result):
    return [(f.rule, f.targets[0].selector) for f in result.findings]


def test_the_family_is_registered():
    assert "forms" in FAMILIES


def test_radio_buttons_without_a_question_are_one_finding():
    yes = field("#yes", "radio", "bin", label="Yes")
    no = field("#no", "radio", "bin", label="No")
    result = run([yes, no])
    assert rules(result) == [("choices-not-grouped", "#yes")]
    assert result.findings[0].summary == "2 radio buttons named “bin” are not grouped with their question."


def test_choices_in_a_named_group_or_alone_are_fine():
    group = fieldset("Do you have a bin?")
    named_role = {"selector": "#sizes", "kind": "role", "name": "Sizes", "has_legend": False}
    fields = [field("#yes", "radio", "bin", group=group), field("#no", "radio", "bin", group=group),
              field("#s", "checkbox", "size", group=named_role), field("#l", "checkbox", "size", group=named_role),
              field("#terms", "checkbox", "terms", label="I agree")]
    assert rules(run(fields)) == []


def test_a_role_group_with_no_name_or_choices_split_across_groups_are_not_grouped():
    unnamed = {"selector": "#g", "kind": "role", "name": "", "has_legend": False}
    assert not grouped([field("#a", "radio", "q", group=unnamed), field("#b", "radio", "q", group=unnamed)])
    assert not grouped([field("#a", "radio", "q", group=fieldset("Q", selector="#f1")), field("#b", "radio", "q", group=fieldset("Q", selector="#f2"))])


def test_same_name_in_two_forms_is_two_questions_of_one_choice():
    assert questions([field("#a", "radio", "q", form="#f1"), field("#b", "radio", "q", form="#f2")]) == []


def test_an_empty_legend_is_reported_once_not_also_as_ungrouped_choices():
    blank = fieldset("", has_legend=True)
    result = run([field("#yes", "radio", "bin", group=blank), field("#no", "radio", "bin", group=blank)],
                 [{"selector": "fieldset", "snippet": "<fieldset>"}])
    assert rules(result) == [("empty-legend", "fieldset")]


def test_placeholder_only_and_what_axe_reports_instead():
    assert placeholder_only(field("#pc", placeholder="Postcode"))
    assert not placeholder_only(field("#pc", placeholder="RV1 2AB", label="Postcode"))
    assert not placeholder_only(field("#pc", placeholder="RV1 2AB", aria_label="Postcode"))
    assert not placeholder_only(field("#pc", placeholder="Postcode", title="Postcode"))  # axe's label-title-only
    assert not placeholder_only(field("#pc"))  # no name at all: axe's label
    assert rules(run([field("#pc", placeholder="Postcode")])) == [("placeholder-label", "#pc")]


def test_duplicate_labels_compare_as_heard_within_their_group():
    assert label_key(" Address  line * ") == "address line"
    assert label_key("Email:") == "email"
    same = [field("#a", label="Address line"), field("#b", label="address line:")]
    assert [[f["selector"] for f in d] for d in duplicates(same)] == [["#a", "#b"]]
    apart = [field("#a", label="Address line 1", group=fieldset("Home")), field("#b", label="Address line 1", group=fieldset("Post"))]
    assert duplicates(apart) == []
    choices = [field("#y1", "radio", "q1", label="Yes"), field("#y2", "radio", "q2", label="Yes")]
    assert duplicates(choices) == []
    result = run(same)
    assert rules(result) == [("duplicate-label", "#b")]
    assert result.findings[0].summary == "2 fields have the same label, “Address line”."


def test_a_hint_tied_to_any_choice_of_the_question_is_tied():
    hint = {"selector": "#when-hint", "snippet": '<p class="hint" id="when-hint">', "text": "Choose one.", "tied": False}
    tied = dict(hint, tied=True)
    group = fieldset("When?")
    assert loose_hints([field("#a", "radio", "when", group=group, hints=[hint]), field("#b", "radio", "when", group=group, hints=[tied])]) == []


def test_loose_hints_and_error_messages_are_each_one_finding():
    hint = {"selector": "#ref-hint", "snippet": '<p class="hint" id="ref-hint">', "text": "8 digits.", "tied": False}
    error = {"selector": "#email-error", "snippet": '<p class="error-message" id="email-error">', "text": "Enter an email address", "tied": False}
    result = run([field("#ref", label="Reference", hints=[hint]), field("#email", label="Email", hints=[error])])
    assert rules(result) == [("hint-not-described", "#ref-hint"), ("hint-not-described", "#email-error")]
    assert result.findings[0].summary == "The hint “8 digits.” is not tied to the field “Reference”."
    assert result.findings[1].summary == "The error message “Enter an email address” is not tied to the field “Email”."
    assert result.metrics == {"form_fields": 2}
