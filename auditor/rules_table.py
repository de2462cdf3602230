"""The README's rule tables, written from the families' ``RULES``.

``python -m auditor.rules_table`` rewrites the part of README.md between the
two markers below; ``--check`` only says whether it is up to date (exit 1
when not). A unit test keeps the README and the rules equal, so a rule's
facts are written once, in its family's module.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Iterable, Sequence

from .registry import CHECKS, declared_rules
from .journeys import RULES as JOURNEY_RULES
from .rule import Rule

START = "<!-- rules:start (written by `python -m auditor.rules_table` from each family's RULES: edit those, then run it) -->"
END = "<!-- rules:end -->"
COMMAND = "python -m auditor.rules_table"
README = Path(__file__).resolve().parent.parent / "README.md"


def _cell(text: str) -> str:
    """Text for a table cell: a ``|`` would end the cell, and ``<button>``
    would be read as HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|").replace("\n", " ")


def family_table(family: str, rules: Sequence[Rule]) -> str:
    """One family's rules as a Markdown table."""
    lines = [
        f"##### `{family}`: {CHECKS[family].title}",
        "",
        "| rule | impact | WCAG | who | what it finds | how to fix |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in rules:
        impact = rule.impact + (" (review)" if rule.outcome == "review" else "")
        lines.append(f"| `{rule.id}` | {impact} | {', '.join(rule.wcag) or '–'} | {', '.join(rule.groups)} | "
                     f"{_cell(rule.description)} | {_cell(rule.how_to_fix)} |")
    return "\n".join(lines)


def markdown(rules: Iterable[Rule] | None = None) -> str:
    """Every family's rule table, in report order (axe-core's rules come
    from axe at run time and are not listed)."""
    rules = list(declared_rules(JOURNEY_RULES) if rules is None else rules)
    families = [c.id for c in CHECKS.values() if any(r.family == c.id for r in rules)]
    return "\n\n".join(family_table(f, [r for r in rules if r.family == f]) for f in families)


def section(text: str) -> str | None:
    """The generated part of a README (markers included), or None without markers."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(END)]


def expected() -> str:
    return f"{START}\n\n{markdown()}\n\n{END}"


def rewrite(text: str) -> str:
    """``text`` with its generated part written afresh."""
    current = section(text)
    if current is None:
        raise ValueError(f"README.md has no {START!r} marker")
    return text.replace(current, expected())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Write the README's rule tables from the families' RULES.")
    parser.add_argument("--check", action="store_true", help="only say whether README.md is up to date (exit 1 if not)")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    try:
        fresh = rewrite(text)
    except ValueError as exc:
        print(f"{COMMAND}: {exc}", file=sys.stderr)
        return 1
    if args.check:
        if fresh != text:
            print(f"{args.readme}: the rule tables differ from RULES; run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        args.readme.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
