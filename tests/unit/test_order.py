"""The order family on hand-made artifacts: how two boxes are ordered as
seen, which CSS explains a pair drawn against its DOM order, and one
finding a container, a fail where Tab jumps between controls."""

from __future__ import annotations

from auditor.checks import PageContext, family_options, order
from auditor.checks.order import causes, describe, inversions, visual_order
from auditor.config import AuditConfig
from auditor.registry import CHECKS, FAMILIES

URL = "https://council.example/pay/"


def box(x, y, width=100, height=20):
    return {"x": x, "y": y, "width": width, "height": height}


def child(selector, where, text="", control=False, **style):
    return {"selector": selector, "snippet": "<p>", "text": text or selector, "control": control, "box": where,
            "order": 0, "float": "none", "position": "static", "top": "auto", "right": "auto", "bottom": "auto",
            "left": "auto", "grid_row": "auto", "grid_column": "auto", "grid_area": "auto", **style}


def container(*children, selector="#box", display="block", dir="ltr", direction="", **style):
    return {"selector": selector, "snippet": "<div>", "display": display, "flex_direction": "row", "flex_wrap": "nowrap",
            "grid_template_areas": "none", "direction": direction or dir, "dir": dir, "children": list(children), **style}


def run(*containers, blocks=10, truncated=False):
    context = PageContext(URL, URL, family_options(CHECKS["order"], {}, AuditConfig(urls=(URL,))))
    return order.evaluate({"order": {"blocks": blocks, "scanned": 50, "truncated": truncated, "containers": list(containers)}}, context)


def test_the_family_is_registered():
    assert "order" in FAMILIES


def test_one_above_the_other_is_read_top_first():
    assert visual_order(box(0, 0), box(0, 40)) == -1
    assert visual_order(box(0, 40), box(0, 0)) == 1
    assert visual_order(box(0, 0), box(0, 21)) == -1  # touching, within the tolerance


def test_side_by_side_is_read_left_first_or_right_first_in_rtl():
    assert visual_order(box(0, 0), box(200, 5)) == -1
    assert visual_order(box(200, 0), box(0, 5)) == 1
    assert visual_order(box(200, 0), box(0, 5), rtl=True) == -1


def test_a_row_below_on_the_left_comes_after_the_end_of_the_row_above():
    # A wrapped row: the first item of the second line is left of the last of the first.
    assert visual_order(box(300, 0), box(0, 30)) == -1


def test_boxes_that_overlap_both_ways_have_no_order():
    assert visual_order(box(0, 0, 200, 100), box(50, 50, 200, 100)) == 0


def test_no_cause_no_inversion():
    # CSS columns: the third paragraph is up and right of the second, and nothing moved it.
    columns = container(child("#p1", box(0, 0)), child("#p2", box(0, 30)), child("#p3", box(200, 0)))
    assert inversions(columns) == []
    assert run(columns).findings == ()


def test_flex_order_is_the_cause_and_one_finding_covers_the_container():
    steps = container(child("#one", box(0, 60), "Step 1", order=3), child("#two", box(0, 0), "Step 2"),
                      child("#three", box(0, 30), "Step 3"), display="flex", flex_direction="column")
    found = inversions(steps)
    assert [(i.first["selector"], i.second["selector"]) for i in found] == [("#one", "#two"), ("#one", "#three")]
    assert found[0].causes == ("order: 3 on #one",)
    (finding,) = run(steps).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag) == ("visual-order-differs-from-reading-order", "review", "moderate", ("1.3.2",))
    assert finding.targets[0].selector == "#box"
    assert finding.summary == "CSS shows 3 blocks in #box in another order than they are read."
    assert finding.detail.startswith("“Step 2” is shown before “Step 1”, which is read first; “Step 3” is shown before “Step 1”, which is read first. "
                                     "Caused by order: 3 on #one.")


def test_order_matters_only_in_flex_and_grid():
    plain = container(child("#a", box(0, 30), order=2), child("#b", box(0, 0)))
    assert causes(plain, *plain["children"]) == ()


def test_reversed_flex_and_wrap_reverse():
    row = container(child("#a", box(200, 0)), child("#b", box(0, 0)), display="flex", flex_direction="row-reverse")
    assert causes(row, *row["children"]) == ("flex-direction: row-reverse",)
    wrapped = container(child("#a", box(0, 30)), child("#b", box(0, 0)), display="flex", flex_wrap="wrap-reverse")
    assert causes(wrapped, *wrapped["children"]) == ("flex-wrap: wrap-reverse",)


def test_grid_placement_and_areas():
    placed = container(child("#card", box(0, 30), grid_row="card", grid_area="card"), child("#summary", box(0, 0), grid_row="summary", grid_area="summary"),
                       display="grid")
    assert causes(placed, *placed["children"]) == ("grid placement (#card at grid-area card; #summary at grid-area summary)",)
    auto = container(child("#a", box(0, 30)), child("#b", box(0, 0)), display="grid")
    assert causes(auto, *auto["children"]) == ()


def test_float_right_and_positioning():
    floats = container(child("#count", box(300, 0), float="right"), child("#shown", box(150, 0), float="right"))
    assert causes(floats, *floats["children"]) == ("float: right on #count", "float: right on #shown")
    absolute = container(child("#later", box(0, 60), position="absolute", top="60px"), child("#sooner", box(0, 0)))
    assert causes(absolute, *absolute["children"]) == ("position: absolute on #later",)
    nudged = container(child("#a", box(0, 30), position="relative", top="30px"), child("#b", box(0, 0)))
    assert causes(nudged, *nudged["children"]) == ("position: relative on #a",)
    still = container(child("#a", box(0, 30), position="relative", top="0px"), child("#b", box(0, 0)))
    assert causes(still, *still["children"]) == ()


def test_sticky_and_fixed_are_no_cause():
    sticky = container(child("#header", box(0, 500), position="sticky", top="0px"), child("#main", box(0, 0, 100, 400)))
    assert causes(sticky, *sticky["children"]) == ()
    # A banner first in the HTML, fixed to the foot of the window, is read first as it should be.
    banner = container(child("#cookies", box(0, 700), position="fixed", bottom="0px"), child("#header", box(0, 0)),
                       child("#footer", box(0, 2000)))
    assert inversions(banner) == []


def test_direction_against_the_markup():
    trick = container(child("#a", box(200, 0)), child("#b", box(0, 0)), display="flex", direction="rtl", dir="ltr")
    assert causes(trick, *trick["children"]) == ("direction: rtl where the markup reads ltr",)
    assert len(inversions(trick)) == 1


def test_rtl_markup_reads_right_first():
    welsh_arabic = container(child("#a", box(200, 0)), child("#b", box(0, 0)), display="flex", dir="rtl")
    assert inversions(welsh_arabic) == []


def test_controls_on_both_sides_fail_focus_order():
    actions = container(child("#send", box(200, 0), "Send application", control=True),
                        child("#change", box(0, 0), "Change your answers", control=True),
                        selector="#actions", display="flex", flex_direction="row-reverse")
    (finding,) = run(actions).findings
    assert (finding.rule, finding.outcome, finding.impact, finding.wcag, finding.groups) == (
        "focus-order-differs-from-visual-order", "fail", "serious", ("2.4.3", "1.3.2"), ("keyboard", "screen-reader", "cognitive"))
    assert finding.detail.startswith("“Change your answers” is shown before “Send application”, which is read first. Caused by flex-direction: row-reverse.")


def test_a_control_on_one_side_only_is_a_review():
    mixed = container(child("#price", box(200, 0), "£45"), child("#pay", box(0, 0), "Pay", control=True),
                      display="flex", flex_direction="row-reverse")
    assert [f.rule for f in run(mixed).findings] == ["visual-order-differs-from-reading-order"]


def test_many_pairs_are_counted_after_three():
    kids = [child(f"#i{n}", box(0, 100 - 20 * n), f"Item {n}", order=5 - n) for n in range(5)]
    text = describe(inversions(container(*kids, display="flex", flex_direction="column")))
    assert "(and 7 more pairs)" in text
    assert text.endswith("Caused by order: 5 on #i0, order: 4 on #i1, order: 3 on #i2, order: 2 on #i3 (and 1 more).")


def test_metric_and_note():
    result = run(blocks=42, truncated=True)
    assert result.metrics == {"order_blocks": 42}
    assert result.notes == ("Reading order: only the first part of a long page was compared.",)
    assert run(blocks=3).notes == ()
