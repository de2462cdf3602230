"""axe-core's rules in plain words: every rule of the bundled axe-core that the
tool runs has a sentence for a person who is not a specialist, a how-to-fix and
who makes the fix, and axe's own wording is kept as the rule's technical text.

The rule ids and tags are read from the bundled axe.min.js itself, where each
rule is an object literal ``{id:"...", ..., tags:[...], ...}`` (a check is
``{id:"...", evaluate:...}`` and has no tags); the count guards the pattern, so
a change of axe's packaging fails here rather than passing with no rules."""

from __future__ import annotations

import re

import pytest

from auditor.checks.axe import axe_rule, findings_from_axe
from auditor.checks.axe_words import WORDS
from auditor.collectors.axe import bundled_axe_path
from auditor.config import WCAG_AA_TAGS
from auditor.rule import FIXERS

RULE_LITERAL = re.compile(r'\{id:"([a-z0-9-]+)",[^{}]*?tags:\[([^\]]*)\]')
RUN_TAGS = set(WCAG_AA_TAGS) | {"best-practice"}

# Markup a sentence for a service owner should not need: angle brackets,
# attribute syntax, and the names of elements and attributes as words.
MARKUP = re.compile(r'[<>`="\[\]]|\baria\b|\baria-|\b(?:alt|dl|dt|dd|ul|ol|li|td|th|iframe|svg|img|div|html|tabindex|lang|role)\b', re.I)


def bundled_rules(source: str) -> dict[str, tuple[str, ...]]:
    """axe-core's rules in its minified source, by id, with their tags."""
    return {m.group(1): tuple(re.findall(r'"([^"]*)"', m.group(2))) for m in RULE_LITERAL.finditer(source)}


@pytest.fixture(scope="module")
def run_rules() -> set[str]:
    rules = bundled_rules(bundled_axe_path().read_text(encoding="utf-8"))
    assert len(rules) > 90, "the pattern no longer finds axe-core's rules in axe.min.js"
    return {rule for rule, tags in rules.items() if RUN_TAGS & set(tags)}


def test_the_rule_pattern_reads_rules_not_checks():
    source = ('x={id:"image-alt",impact:"critical",selector:"img",tags:["cat.text-alternatives","wcag2a","wcag111"],all:[]},'
              '{id:"has-alt",evaluate:"has-alt-evaluate",options:{x:1}}')
    assert bundled_rules(source) == {"image-alt": ("cat.text-alternatives", "wcag2a", "wcag111")}


def test_every_rule_the_tool_runs_has_plain_words(run_rules):
    assert sorted(run_rules - set(WORDS)) == []


def test_no_words_for_a_rule_the_bundled_axe_does_not_run(run_rules):
    assert sorted(set(WORDS) - run_rules) == []


@pytest.mark.parametrize("rule", sorted(WORDS))
def test_a_description_is_one_plain_sentence(rule):
    text = WORDS[rule].description
    assert text[0].isupper() and text.endswith("."), text
    assert not re.search(r"[.!?;:]\s", text), f"more than one sentence: {text}"
    assert len(text.split()) <= 25, f"over 25 words: {text}"
    assert not MARKUP.search(text), f"markup in: {text}"


@pytest.mark.parametrize("rule", sorted(WORDS))
def test_a_fix_is_short_and_someone_makes_it(rule):
    words = WORDS[rule]
    assert words.how_to_fix.endswith(".") and len(words.how_to_fix.split()) <= 30, words.how_to_fix
    assert words.fixed_by in FIXERS and words.fixed_by != "hosting"


def test_design_and_content_fix_what_designers_and_editors_write():
    for rule in ("color-contrast", "image-alt", "link-name", "heading-order", "document-title", "video-caption"):
        assert WORDS[rule].fixed_by == "design", rule
    for rule in ("button-name", "label", "aria-roles", "scrollable-region-focusable", "list"):
        assert WORDS[rule].fixed_by == "code", rule


META = {"id": "definition-list", "impact": "serious", "tags": ["cat.structure", "wcag2a", "wcag131"],
        "help": "<dl> elements must only directly contain properly-ordered <dt> and <dd> groups",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/definition-list"}


def test_an_axe_rule_reads_plain_words_and_keeps_axes_as_technical():
    rule = axe_rule(META)
    words = WORDS["definition-list"]
    assert (rule.description, rule.how_to_fix, rule.fixed_by) == (words.description, words.how_to_fix, "code")
    assert rule.technical == META["help"]
    entry = rule.to_dict()
    assert entry["technical"] == META["help"] and entry["description"] == words.description


def test_a_rule_missing_from_the_table_keeps_axes_words():
    rule = axe_rule({**META, "id": "a-rule-of-a-newer-axe"})
    assert (rule.description, rule.technical, rule.how_to_fix, rule.fixed_by) == (META["help"], META["help"], "", "code")


def test_findings_keep_axes_own_summary():
    artifact = {"violations": [{**META, "nodes": [{"target": ["dl"], "html": "<dl><p>x</p></dl>", "failureSummary": "Fix this"}]}]}
    (finding,) = findings_from_axe(artifact, "https://council.example/")
    assert finding.summary == META["help"] and finding.detail == "Fix this"
