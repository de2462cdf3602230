"""The nojs check on hand-made artifacts: the text ratio, missing headings,
<noscript> warnings, links, click handlers, buttons and forms that need
JavaScript, settings (no browser)."""

from __future__ import annotations

import json

import pytest

from auditor.checks import nojs
from auditor.registry import CHECKS
from auditor.checks.base import PageContext, family_options
from auditor.checks.nojs import count_words, missing_headings, text_ratio
from auditor.collectors import COLLECTORS, plan
from auditor.config import AuditConfig
from auditor.model import GROUPS, IMPACTS, fingerprint

URL = "https://council.example/permits"


def context(**options):
    return PageContext(URL, URL, family_options(CHECKS["nojs"], options, AuditConfig(urls=(URL,), checks=("nojs",))))


def text(main_text="", headings=()):
    return {
        "lang": "en",
        "main_found": True,
        "main_text": main_text,
        "main_selector": "main",
        "main_snippet": "<main>",
        "body_text": main_text,
        "headings": [{"level": 2, "text": h, "in_main": True} for h in headings],
        "blocks": [],
        "noscript": [],
    }


def form(selector="main > form", action="/apply", has_submit=True, implicit_submit=False, form_id="", method="post", **extra):
    return {
        "selector": selector,
        "snippet": f'<form action="{action}">',
        "id": form_id,
        "action": action,
        "method": method,
        "has_submit": has_submit,
        "implicit_submit": implicit_submit,
        "fields": 2,
        "search": False,
        "in_main": True,
        **extra,
    }


def controls(script_links=(), handlers=(), buttons=(), forms=(), main_links=3):
    return {"script_links": list(script_links), "handlers": list(handlers), "buttons": list(buttons), "forms": list(forms), "links": main_links, "main_links": main_links}


def run(js_text=None, nojs_text=None, noscript="", js_controls=None, nojs_forms=None, final_url=URL, **options):
    js_text = js_text or text("Apply for a permit. You can apply online.", ["How to apply"])
    nojs_text = nojs_text if nojs_text is not None else js_text
    js_controls = js_controls or controls()
    artifact = {
        "final_url": final_url,
        "text": nojs_text,
        "forms": list(nojs_forms if nojs_forms is not None else js_controls["forms"]),
        "links": 3,
        "noscript_main_text": noscript,
    }
    return nojs.evaluate({"nojs": artifact, "text": js_text, "controls": js_controls}, context(**options))


def rules(result):
    return [f.rule for f in result.findings]


# words and ratio


def test_count_words_counts_words_not_punctuation():
    assert count_words("Apply for a permit — it costs £60 a year.") == 9
    assert count_words("Don't re-apply: it's 2025.") == 4
    assert count_words("") == 0


@pytest.mark.parametrize(
    ("nojs_words", "js_words", "expected"),
    [(0, 0, 1.0), (5, 0, 1.0), (0, 10, 0.0), (3, 12, 0.25), (20, 10, 1.0)],
)
def test_text_ratio_is_capped_and_one_when_both_empty(nojs_words, js_words, expected):
    assert text_ratio(nojs_words, js_words) == expected


def test_missing_headings_keeps_order_ignores_case_and_headings_outside_main():
    js = text("x", ["Who can apply", "How to apply", "Fees"])
    js["headings"].append({"level": 2, "text": "Cookies on this site", "in_main": False})
    assert missing_headings(js, text("x", ["how  to APPLY"])) == ["Who can apply", "Fees"]


@pytest.mark.timeout(300, method="signal")
def test_missing_headings_is_one_pass_over_many_headings():
    """400,000 headings that JavaScript draws: looked up in a list of those
    already found, that was eighty billion comparisons (200,000 took four
    minutes)."""
    headings = [f"Section {i}" for i in range(400_000)]
    assert missing_headings(text("x", headings + headings[:10]), text("x", [])) == headings


# content


def test_same_page_without_javascript_is_clean():
    result = run()
    assert result.findings == ()
    assert result.metrics["nojs_text_ratio"] == 1.0
    assert result.metrics["nojs_missing_headings"] == []


def test_content_missing_names_missing_headings_and_ratio():
    js = text("Apply for a permit. Who can apply. Residents of a zone. How to apply. Online or by post.", ["Who can apply", "How to apply"])
    bare = text("Apply for a permit.", [])
    result = run(js, bare)
    (finding,) = result.findings
    assert finding.rule == "content-missing-without-javascript"
    assert (finding.outcome, finding.impact, finding.wcag) == ("fail", "serious", ())
    assert finding.groups == ("older-devices", "low-bandwidth")
    assert "“Who can apply”, “How to apply”" in finding.summary
    assert "4 of 18 words" in finding.summary
    assert finding.targets[0].selector == "main"
    assert finding.fingerprint == fingerprint("content-missing-without-javascript", URL, "main")
    assert result.metrics["nojs_words"] == 4
    assert result.metrics["js_words"] == 18
    assert result.metrics["nojs_text_ratio"] == round(4 / 18, 3)
    assert result.metrics["nojs_missing_headings"] == ["Who can apply", "How to apply"]


def test_threshold_is_configurable():
    js = text("one two three four five six seven eight nine ten")
    bare = text("one two three four")
    assert rules(run(js, bare)) == ["content-missing-without-javascript"]
    assert rules(run(js, bare, min_text_ratio=0.4)) == []
    assert rules(run(js, bare, min_text_ratio=0)) == []


@pytest.mark.parametrize("value", [1.5, -0.1, "half", True])
def test_bad_threshold_is_a_clear_error(value):
    with pytest.raises(ValueError, match="min_text_ratio"):
        run(min_text_ratio=value)


def test_redirect_without_javascript_is_mentioned():
    js = text("one two three four five six seven eight nine ten")
    result = run(js, text("Sorry"), final_url="https://council.example/no-js")
    assert "https://council.example/no-js" in result.findings[0].detail


def test_noscript_only_warning_replaces_content_missing():
    js = text(
        "Check your bin day. Household waste is collected every week. Your next collections. Tuesday: household waste. "
        "Thursday: recycling and garden waste.",
        ["Your next collections"],
    )
    bare = text("You need to enable JavaScript to run this app.")
    result = run(js, bare, noscript="You need to enable JavaScript to run this app.")
    (finding,) = result.findings
    assert finding.rule == "noscript-only-warning"
    assert (finding.outcome, finding.impact, finding.wcag) == ("fail", "critical", ())
    assert "older-devices" in finding.groups
    assert "enable JavaScript" in finding.summary
    assert "“Your next collections”" in finding.detail


def test_noscript_with_real_content_is_not_a_warning():
    js = text("Timetable. Route 12 leaves at ten past the hour. Route 7 leaves at quarter past. Route 9 leaves on the hour.")
    bare = text("Timetable. Download the timetable as a spreadsheet.")
    result = run(js, bare, noscript="Download the timetable as a spreadsheet.")
    assert rules(result) == ["content-missing-without-javascript"]


def test_noscript_note_on_a_complete_page_is_clean():
    js = text("Bin day. Household waste is collected every Tuesday.")
    bare = text("Bin day. Household waste is collected every Tuesday. Turn on JavaScript to add dates to your calendar.")
    assert run(js, bare, noscript="Turn on JavaScript to add dates to your calendar.").findings == ()


# links


def link(href, text_="Show times", selector="main > p > a"):
    return {"selector": selector, "snippet": f'<a href="{href}">', "text": text_, "href": href, "in_main": True}


def test_links_to_hash_and_javascript_need_javascript():
    result = run(js_controls=controls(script_links=[link("#", selector="#show"), link("javascript:window.print()", "Print", "#print")]))
    assert rules(result) == ["link-needs-javascript", "link-needs-javascript"]
    first, second = result.findings
    assert (first.outcome, first.impact, first.wcag, first.groups) == ("fail", "serious", (), ("older-devices",))
    assert first.targets[0].selector == "#show"
    assert "“Print”" in second.summary
    assert result.metrics["nojs_dependent_controls"] == 2


@pytest.mark.parametrize("label", ["Back to top", "back to the top of the page", "Top", "Return to top ↑"])
def test_back_to_top_links_work_without_javascript(label):
    assert run(js_controls=controls(script_links=[link("#", label)])).findings == ()


def test_javascript_back_to_top_still_needs_javascript():
    assert rules(run(js_controls=controls(script_links=[link("javascript:scrollTo(0,0)", "Back to top")]))) == ["link-needs-javascript"]


# click handlers and buttons


def handler(tag="div", role="", focusable=False, selector="main > div.card", text_="Council tax"):
    return {"selector": selector, "snippet": f"<{tag}>", "text": text_, "tag": tag, "role": role, "interactive_role": bool(role), "focusable": focusable, "in_main": True}


def test_click_handler_on_a_div_fails_keyboard_and_name_role_value():
    (finding,) = run(js_controls=controls(handlers=[handler()])).findings
    assert finding.rule == "control-needs-javascript"
    assert finding.wcag == ("2.1.1", "4.1.2")
    assert finding.groups == ("keyboard", "screen-reader", "older-devices")
    assert finding.help_url.endswith("/keyboard.html")


def test_click_handler_with_role_but_no_tab_stop_fails_keyboard_only():
    (finding,) = run(js_controls=controls(handlers=[handler("span", role="button")])).findings
    assert finding.wcag == ("2.1.1",)
    assert finding.groups == ("keyboard", "older-devices")


def test_focusable_element_without_role_fails_name_role_value_only():
    (finding,) = run(js_controls=controls(handlers=[handler(focusable=True)])).findings
    assert finding.wcag == ("4.1.2",)
    assert finding.groups == ("screen-reader", "older-devices")


def test_scripted_control_with_role_and_tab_stop_is_judged_as_a_button():
    assert run(js_controls=controls(handlers=[handler(role="button", focusable=True)])).findings == ()


def button(text_, selector="main > button"):
    return {"selector": selector, "snippet": '<button type="button">', "text": text_, "tag": "button"}


def test_button_outside_forms_that_moves_the_journey_on():
    (finding,) = run(js_controls=controls(buttons=[button("Continue")])).findings
    assert finding.rule == "control-needs-javascript"
    assert (finding.wcag, finding.groups) == ((), ("older-devices",))
    assert "“Continue”" in finding.summary


def test_other_buttons_are_fine_while_links_lead_on():
    assert run(js_controls=controls(buttons=[button("Show all sections")])).findings == ()


def test_any_button_is_flagged_when_it_is_the_only_way_forward():
    (finding,) = run(js_controls=controls(buttons=[button("Show all sections")], main_links=0)).findings
    assert "only way forward" in finding.summary


def test_element_reported_for_its_handler_is_not_reported_again_as_a_button():
    result = run(js_controls=controls(handlers=[handler("span", role="button", selector="#more")], buttons=[button("Continue", "#more")]))
    assert len(result.findings) == 1


# forms


def test_good_form_is_clean():
    assert run(js_controls=controls(forms=[form()])).findings == ()


def test_form_with_javascript_action_fails():
    (finding,) = run(js_controls=controls(forms=[form(action="javascript:send()")])).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.groups) == ("form-needs-javascript", "fail", "serious", ("older-devices",))
    assert "javascript:" in finding.summary


def test_form_without_submit_fails_unless_enter_submits_it():
    assert rules(run(js_controls=controls(forms=[form(has_submit=False)]))) == ["form-needs-javascript"]
    assert run(js_controls=controls(forms=[form(has_submit=False, implicit_submit=True)])).findings == ()


@pytest.mark.parametrize("action", [None, "", "#"])
def test_form_without_action_is_for_review(action):
    (finding,) = run(js_controls=controls(forms=[form(action=action)])).findings
    assert finding.outcome == "review"
    assert "same address" in finding.summary


def test_form_only_present_with_javascript_fails():
    scripted = form(selector="#reminder > form", action="/reminder")
    result = run(js_controls=controls(forms=[form(), scripted]), nojs_forms=[form()])
    (finding,) = result.findings
    assert finding.targets[0].selector == "#reminder > form"
    assert "only when JavaScript runs" in finding.summary
    assert result.metrics["nojs_forms_missing"] == 1
    assert (result.metrics["js_forms"], result.metrics["nojs_forms"]) == (2, 1)


def test_forms_match_across_renders_by_id_then_selector_then_action():
    js_forms = [form(selector="main > form:nth-of-type(2)", form_id="search"), form(selector="#other", action="/b")]
    bare_forms = [form(selector="main > form:nth-of-type(1)", form_id="search"), form(selector="main > form:nth-of-type(3)", action="/b")]
    assert run(js_controls=controls(forms=js_forms), nojs_forms=bare_forms).findings == ()


# metadata


def test_every_finding_is_well_formed():
    result = run(
        text("one two three four five six seven eight nine ten", ["A", "B"]),
        text("one"),
        js_controls=controls(script_links=[link("#")], handlers=[handler()], buttons=[button("Next")], forms=[form(action="javascript:x()")]),
    )
    assert len(result.findings) == 5
    for finding in result.findings:
        assert finding.check == "nojs"
        assert finding.impact in IMPACTS
        assert finding.outcome in ("fail", "review")
        assert set(finding.groups) <= set(GROUPS)
        assert "older-devices" in finding.groups
        assert finding.help_url.startswith("https://")
        assert finding.summary and finding.detail
        assert len(finding.fingerprint) == 20
    json.dumps(result.metrics)


def test_collectors_are_declared_as_the_check_needs():
    assert nojs.CHECK.needs == ("nojs", "text", "controls")
    assert COLLECTORS["nojs"].separate_visit and not COLLECTORS["nojs"].javascript
    assert not COLLECTORS["controls"].separate_visit
    planned = plan(set(nojs.CHECK.needs))
    assert {c.id for c in planned} == {"nojs", "text", "controls"}
