"""Journey files: the documented example loads; every mistake is one line
naming the file and the step, and the command line exits 1 on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.cli import main
from auditor.config import ConfigError
from auditor.journeys import checkpoint_key, load_journey, load_journeys

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "journey.toml"


def test_the_documented_example_loads():
    journey = load_journey(EXAMPLE)
    assert journey.name == "Apply for a parking permit"
    assert [s.action for s in journey.steps] == [
        "audit", "click", "submit", "audit", "fill", "fill", "select", "check", "press", "wait_for", "audit", "goto", "submit", "audit",
    ]
    assert [c.target for c in journey.checkpoints] == ["Start page", "Name, with errors", "Check your answers", "Confirmation"]
    assert journey.steps[2].timeout == 10.0 and journey.steps[5].value_env == "PERMIT_TEST_EMAIL"
    assert journey.steps[8].describe() == 'step 9 (press "Enter" on "#continue")'
    assert journey.targets()[0] == checkpoint_key(journey.start, journey.name, "Start page")
    assert journey.targets()[1].endswith("#journey=Apply%20for%20a%20parking%20permit&checkpoint=Name%2C%20with%20errors")


GOOD = 'name = "J"\nstart = "https://a.example/"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "is not valid TOML"),
        ('start = "https://a.example/"\n[[steps]]\naudit = "A"', "the journey needs a name"),
        ('name = "J"\nstart = "a.example"\n[[steps]]\naudit = "A"', "start must be an http(s) address"),
        (GOOD, "the journey needs steps"),
        (GOOD + '[[steps]]\nclick = "#a"', "the journey has no audit step"),
        (GOOD + '[[steps]]\nclick = "#a"\nfill = "#b"', "step 1: give exactly one action"),
        (GOOD + '[[steps]]\ntap = "#a"', "step 1: unknown key 'tap'"),
        (GOOD + '[[steps]]\nfill = "#a"', "step 1: fill needs a value (or value_env)"),
        (GOOD + '[[steps]]\nclick = "#a"\nvalue = "x"', "step 1: click takes no value"),
        (GOOD + '[[steps]]\nclick = ""', "step 1: click needs a non-empty string"),
        (GOOD + '[[steps]]\ngoto = "/next"', "step 1: goto needs an http(s) address"),
        (GOOD + '[[steps]]\nclick = "#a"\ntimeout = -1', "step 1: timeout must be a positive number"),
        (GOOD + '[[steps]]\naudit = "A"\n[[steps]]\naudit = "A"', "two checkpoints are named 'A'"),
        ('name = "J"\nstart = "https://a.example/"\nextra = 1\n[[steps]]\naudit = "A"', "unknown setting 'extra'"),
    ],
)
def test_bad_journey_files_are_one_line_errors(tmp_path, text, message):
    path = tmp_path / "journey.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_journey(path)
    assert message in str(caught.value) and str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_two_journeys_cannot_share_a_name(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD + '[[steps]]\naudit = "A"', encoding="utf-8")
    with pytest.raises(ConfigError, match="two journeys are named 'J'"):
        load_journeys((str(tmp_path / "a.toml"), str(tmp_path / "a.toml")))


def test_the_command_line_exits_1_on_a_bad_journey_file(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD + '[[steps]]\nclick = "#a"', encoding="utf-8")
    code = main(["run", "--journey", str(path), "--no-store", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err == f"inclusion-audit: error: journey file {str(path)!r}: the journey has no audit step, so nothing would be audited"
    code = main(["run", "--journey", str(tmp_path / "missing.toml"), "--no-store", "--out", str(tmp_path / "out")])
    assert code == 1 and "cannot read journey file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_readme_shows_the_example_journey_as_it_is():
    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml file=examples/journey.toml\n", 1)[1].split("```", 1)[0]
    assert block == EXAMPLE.read_text(encoding="utf-8")
