"""Settings: validation, the config-file mapping and TOML loading."""

from __future__ import annotations

import pytest

from auditor.config import FAIL_ON_CHOICES, WCAG_AA_TAGS, AuditConfig, ConfigError, load_config_file
from auditor.registry import run_settings


def settled(config: AuditConfig) -> AuditConfig:
    """``config`` as a run reads it: checked against what is registered, its checks filled in."""
    return run_settings(config).config


def one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc.value)
    assert message and "\n" not in message, f"not a one-line message: {message!r}"
    return message


# AuditConfig validation


def test_defaults_are_valid():
    config = AuditConfig()
    assert config.fail_on == "serious"
    assert config.concurrency >= 1
    assert config.formats == ("json", "html")
    assert config.profile == "default"
    assert config.checks == ()  # the profile's, filled in when a run's settings are checked
    assert settled(config).checks == ("axe", "bandwidth", "nojs", "reflow", "zoom", "keyboard", "reading", "documents", "timing", "widgets", "hears", "language", "typography", "motion", "forms", "links", "structure", "order", "presentation", "offline", "trust")


def test_profiles_choose_families_and_checks_override():
    assert settled(AuditConfig(profile="quick")).checks == ("axe",)
    assert settled(AuditConfig(profile="low-bandwidth")).checks == ("bandwidth", "nojs", "documents")
    assert settled(AuditConfig(profile="quick", checks=("reading",))).checks == ("reading",)
    mine = settled(AuditConfig(profile="mine", profiles={"mine": {"checks": ["reading", "axe"]}}))
    assert mine.checks == ("reading", "axe")
    with pytest.raises(ConfigError, match="unknown profile 'fast'"):
        settled(AuditConfig(profile="fast"))


def test_family_tables_become_check_options(tmp_path):
    path = write(tmp_path, '[audit]\nprofile = "quick"\n[reading]\ntarget_reading_age = 11\n[profiles.mine]\nchecks = ["reading"]\n')
    config = AuditConfig.from_mapping(load_config_file(path))
    assert config.options("reading") == {"target_reading_age": 11}
    assert config.options("bandwidth") == {}
    assert config.profiles == {"mine": {"checks": ["reading"]}}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"fail_on": "severe"}, "fail_on must be one of"),
        ({"fail_on": ""}, "fail_on must be one of"),
        ({"concurrency": 0}, "concurrency must be at least 1"),
        ({"concurrency": -3}, "concurrency must be at least 1"),
        ({"timeout": 0}, "timeout must be a positive"),
        ({"timeout": -1.0}, "timeout must be a positive"),
        ({"retries": -1}, "retries cannot be negative"),
        ({"formats": ("json", "pdf")}, "unknown format 'pdf'"),
        ({"checks": ("axe", "lighthouse")}, "unknown check 'lighthouse'"),
        ({"engine": "firefox"}, "unknown engine 'firefox'"),
        ({"axe_script": "/nonexistent/axe.min.js"}, "is not a readable file"),
        ({"relaunch_every": 0}, "relaunch_every must be at least 1"),
    ],
)
def test_invalid_settings_raise_config_error(changes, message):
    with pytest.raises(ConfigError, match=message) as exc:
        settled(AuditConfig(**changes))
    one_line(exc)


def test_replace_validates_too():
    with pytest.raises(ConfigError, match="concurrency"):
        AuditConfig().replace(concurrency=0)


def test_axe_script_must_be_a_file(tmp_path):
    with pytest.raises(ConfigError, match="axe_script"):
        AuditConfig(axe_script=str(tmp_path))  # a folder
    script = tmp_path / "axe.min.js"
    script.write_text("window.axe = {};", encoding="utf-8")
    assert AuditConfig(axe_script=str(script)).axe_script == str(script)


@pytest.mark.parametrize("fail_on", FAIL_ON_CHOICES)
def test_every_fail_on_choice_is_accepted(fail_on):
    assert AuditConfig(fail_on=fail_on).fail_on == fail_on
    assert "none" in FAIL_ON_CHOICES


def test_axe_tags():
    assert AuditConfig().axe_tags == WCAG_AA_TAGS
    assert AuditConfig(best_practice=True).axe_tags == (*WCAG_AA_TAGS, "best-practice")


def test_to_dict_is_json_shaped_and_round_trips():
    config = settled(AuditConfig(urls=("https://example.org/",), concurrency=2, fail_on="minor"))
    data = config.to_dict()
    assert data["urls"] == ["https://example.org/"]
    assert data["formats"] == ["json", "html"]
    assert data["checks"] == ["axe", "bandwidth", "nojs", "reflow", "zoom", "keyboard", "reading", "documents", "timing", "widgets", "hears",
                             "language", "typography", "motion", "forms", "links", "structure", "order", "presentation", "offline", "trust"]
    assert not any(isinstance(v, tuple) for v in data.values())
    assert AuditConfig.from_mapping(data) == config


# from_mapping


def test_from_mapping_accepts_dashed_names_and_comma_lists():
    config = AuditConfig.from_mapping({"fail-on": "minor", "allow-unreachable": True, "formats": "json", "urls": "https://a.example/, https://b.example/,"})
    assert config.fail_on == "minor"
    assert config.allow_unreachable is True
    assert config.formats == ("json",)
    assert config.urls == ("https://a.example/", "https://b.example/")


def test_from_mapping_int_for_float_setting():
    config = AuditConfig.from_mapping({"timeout": 5})
    assert config.timeout == 5.0 and isinstance(config.timeout, float)


def test_from_mapping_lists_and_tuples():
    config = AuditConfig.from_mapping({"checks": ["axe"], "urls": ("https://a.example/",)})
    assert config.checks == ("axe",) and config.urls == ("https://a.example/",)


def test_from_mapping_unknown_setting():
    with pytest.raises(ConfigError) as exc:
        AuditConfig.from_mapping({"fail_on": "minor", "colour": "blue"}, source="audit.toml")
    assert one_line(exc) == "audit.toml: unknown setting 'colour'"


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("concurrency", "4", "concurrency must be int, not str"),
        ("concurrency", True, "concurrency must be int, not bool"),
        ("concurrency", 2.5, "concurrency must be int, not float"),
        ("retries", False, "retries must be int, not bool"),
        ("timeout", "30", "timeout must be float, not str"),
        ("timeout", True, "timeout must be float, not bool"),
        ("fail_on", 3, "fail_on must be str, not int"),
        ("allow_unreachable", "yes", "allow_unreachable must be bool, not str"),
        ("best_practice", 1, "best_practice must be bool, not int"),
        ("urls", [1, 2], "urls must be a list of strings"),
        ("formats", {"json": True}, "formats must be a list of strings"),
        ("checks", 7, "checks must be a list of strings"),
    ],
)
def test_from_mapping_type_errors(key, value, message):
    with pytest.raises(ConfigError) as exc:
        AuditConfig.from_mapping({key: value}, source="my.toml")
    text = one_line(exc)
    assert text.startswith("my.toml: ")
    assert message in text


def test_from_mapping_value_errors_are_config_errors():
    with pytest.raises(ConfigError, match="fail_on must be one of"):
        AuditConfig.from_mapping({"fail_on": "everything"})


# load_config_file


def write(tmp_path, text: str, name: str = "audit.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_audit_table(tmp_path):
    path = write(tmp_path, '[audit]\nfail_on = "minor"\nconcurrency = 2\nurls = ["https://example.org/"]\n')
    data = load_config_file(path)
    assert data == {"fail_on": "minor", "concurrency": 2, "urls": ["https://example.org/"]}
    config = AuditConfig.from_mapping(data, source=str(path))
    assert config.fail_on == "minor" and config.concurrency == 2


def test_load_top_level_settings_and_audit_table_together(tmp_path):
    path = write(tmp_path, 'timeout = 10\n[audit]\nretries = 3\n')
    assert load_config_file(path) == {"timeout": 10, "retries": 3}


def test_load_unknown_section(tmp_path):
    path = write(tmp_path, '[audit]\nretries = 3\n[lighthouse]\nruns = 2\n')
    with pytest.raises(ConfigError) as exc:
        settled(AuditConfig.from_mapping(load_config_file(path)))
    assert one_line(exc) == "unknown section [lighthouse] (check families: axe, bandwidth, nojs, reflow, zoom, keyboard, reading, documents, timing, widgets, hears, language, typography, motion, forms, links, structure, order, presentation, offline, trust)"


def test_load_malformed_toml(tmp_path):
    path = write(tmp_path, 'fail_on = \n[audit\n')
    with pytest.raises(ConfigError) as exc:
        load_config_file(path)
    message = one_line(exc)
    assert "is not valid TOML" in message and str(path) in message


def test_load_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as exc:
        load_config_file(path)
    message = one_line(exc)
    assert message.startswith("cannot read config file") and "nope.toml" in message


def test_load_folder_instead_of_file(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config_file(tmp_path)
    assert one_line(exc).startswith("cannot read config file")


def test_load_non_utf8_file_is_a_config_error(tmp_path):
    """BUG (auditor/config.py, load_config_file): ``read_text`` raises
    UnicodeDecodeError, which is not an OSError, so a config file that is not
    UTF-8 escapes as a traceback instead of a one-line ConfigError."""
    path = tmp_path / "latin1.toml"
    path.write_bytes('fail_on = "minor" # café\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as exc:
        load_config_file(path)
    one_line(exc)


@pytest.mark.parametrize("text", ["audit = 5\n", 'audit = "minor"\n', "audit = [1, 2]\n"])
def test_load_audit_that_is_not_a_table_is_a_config_error(tmp_path, text):
    """BUG (auditor/config.py, load_config_file): ``dict(data.pop("audit", {}))``
    raises TypeError/ValueError when ``audit`` is not a table, so the CLI
    prints a traceback instead of a one-line error."""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_config_file(path)
    one_line(exc)


@pytest.mark.parametrize(
    "table, message",
    [
        ("[bandwidth]\nprice_per_gb_gbp = \"cheap\"\n", "[bandwidth] price_per_gb_gbp must be a number"),
        ("[bandwidth]\nbudget_bytes = 5\n", "[bandwidth] has no setting 'budget_bytes'"),
        ("[reading]\ntarget_reading_age = \"nine\"\n", "[reading] target_reading_age must be"),
        ("[nojs]\nmin_text_ratio = 3\n", "[nojs] min_text_ratio must be a number from 0 to 1"),
        ("[documents]\nrequire_accessibility_statement = \"yes\"\n", "[documents] require_accessibility_statement must be true or false"),
        ("[keyboard]\nmax_tab_stops = \"many\"\n", "[keyboard]"),
        ("[reflow]\nwidth = 320\n", "[reflow] has no setting 'width'"),
    ],
)
def test_family_settings_are_checked_before_the_run(tmp_path, table, message):
    path = write(tmp_path, table)
    with pytest.raises(ConfigError) as exc:
        settled(AuditConfig.from_mapping(load_config_file(path)))
    assert one_line(exc).startswith(message)


INF, NAN = float("inf"), float("nan")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"timeout": NAN}, "timeout must be a positive number of seconds"),
        ({"timeout": INF}, "timeout must be a positive number of seconds"),
        ({"timeout": 1e308}, "timeout must be at most 3600 seconds"),
        ({"min_delay": NAN}, "min_delay must be a number of seconds from 0 to 3600"),
        ({"min_delay": INF}, "min_delay must be a number of seconds from 0 to 3600"),
        ({"viewport_width": -50}, "viewport_width must be from 200 to 10000 pixels"),
        ({"viewport_width": 0}, "viewport_width must be from 200 to 10000 pixels"),
        ({"viewport_width": 1_000_000_000}, "viewport_width must be from 200 to 10000 pixels"),
        ({"viewport_height": 10}, "viewport_height must be from 200 to 10000 pixels"),
        ({"concurrency": 200_000}, "concurrency must be from 1 to 64"),
        ({"per_host": 200_000}, "per_host must be from 1 to 64"),
        ({"retries": 1_000}, "retries must be from 0 to 10"),
    ],
)
def test_non_finite_and_absurd_numbers_are_refused(changes, message):
    with pytest.raises(ConfigError, match=message) as exc:
        settled(AuditConfig(**changes))
    one_line(exc)


@pytest.mark.parametrize(
    "text, message",
    [
        ("timeout = inf\n", "timeout must be a positive number of seconds"),
        ("timeout = nan\n", "timeout must be a positive number of seconds"),
        ("min_delay = inf\n", "min_delay must be a number of seconds from 0 to 3600"),
        ("viewport_width = 1e9\n", "viewport_width must be int, not float"),
        ("[bandwidth]\nbudget_transfer_bytes = inf\n", "budget_transfer_bytes must be a positive number, not inf"),
        ("[bandwidth]\nprice_per_gb_gbp = nan\n", "price_per_gb_gbp must be a positive number, not nan"),
    ],
)
def test_non_finite_numbers_in_a_config_file_are_refused(tmp_path, text, message):
    path = tmp_path / "audit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as exc:
        settled(AuditConfig.from_mapping(load_config_file(path), source=str(path)))
    one_line(exc)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--timeout", "nan"], "timeout must be a positive number of seconds"),
        (["--timeout", "1e308"], "timeout must be at most 3600 seconds"),
        (["--delay", "nan"], "min_delay must be a number of seconds from 0 to 3600"),
        (["--concurrency", "200000"], "concurrency must be from 1 to 64"),
    ],
)
def test_the_cli_refuses_absurd_numbers_in_one_line_before_any_page(tmp_path, capsys, args, message):
    from auditor.cli import main

    code = main(["run", "http://127.0.0.1:9/", *args, "--out", str(tmp_path / "out"), "--db", str(tmp_path / "runs.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_toml_nested_deeper_than_the_limit_is_refused_in_one_line(tmp_path):
    """One loader reads every TOML file (config, journey, ignore file): the
    deepest nesting it accepts is MAX_TOML_DEPTH tables or arrays."""
    from auditor.config import MAX_TOML_DEPTH, read_toml

    fits = "a = " + "[" * (MAX_TOML_DEPTH - 1) + "1" + "]" * (MAX_TOML_DEPTH - 1) + "\n"  # the file itself is one table
    assert read_toml(write(tmp_path, fits), "config file")["a"]
    for text in ("a = " + "[" * MAX_TOML_DEPTH + "1" + "]" * MAX_TOML_DEPTH + "\n", "a = " + "[" * 600 + "]" * 600 + "\n"):
        with pytest.raises(ConfigError) as exc:
            read_toml(write(tmp_path, text), "journey file")
        assert one_line(exc).startswith("journey file ") and f"nested more than {MAX_TOML_DEPTH} levels deep" in one_line(exc)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[profiles.mine]\nchecks = ["axe", "lighthouse"]\n', "[profiles.mine] unknown check 'lighthouse'"),
        ("[profiles.mine]\nchecks = 5\n", "[profiles.mine] checks must be a list of check families"),
        ('[profiles.mine]\nchecks = ["axe", 5]\n', "[profiles.mine] checks must be a list of check families"),
        ("[profiles.mine]\nchecks = []\n", "[profiles.mine] checks must name at least one check family"),
        ('[profiles.mine]\nfamilies = ["axe"]\n', "[profiles.mine] has no setting 'families' (a profile has checks)"),
        ("[profiles.mine]\n", "[profiles.mine] needs checks"),
        ("[profiles]\nmine = 5\n", "profiles must be a table of tables"),
    ],
)
def test_profile_tables_are_type_checked_even_when_not_chosen(tmp_path, text, message):
    """A profile that is wrong is found when the file is read, whether or not
    this run chooses it."""
    with pytest.raises(ConfigError) as exc:
        settled(AuditConfig.from_mapping(load_config_file(write(tmp_path, text))))
    assert message in one_line(exc)


def test_a_profile_with_one_check_as_text_is_that_check_not_its_letters(tmp_path):
    """``checks = "axe"`` once read as the checks 'a', 'x' and 'e'; a
    profile's checks are read as the top-level ``checks`` setting is (text
    is a comma-separated list)."""
    config = settled(AuditConfig.from_mapping(load_config_file(write(tmp_path, '[audit]\nprofile = "mine"\n[profiles.mine]\nchecks = "axe"\n'))))
    assert config.checks == ("axe",)
    config = settled(AuditConfig.from_mapping(load_config_file(write(tmp_path, '[audit]\nprofile = "two"\n[profiles.two]\nchecks = "axe, reading"\n'))))
    assert config.checks == ("axe", "reading")


@pytest.mark.parametrize("text", ["formats = []\n", 'formats = ""\n', '[audit]\nformats = " , "\n'])
def test_no_report_format_is_refused(tmp_path, text):
    """An empty list of formats once wrote no report, silently."""
    with pytest.raises(ConfigError) as exc:
        settled(AuditConfig.from_mapping(load_config_file(write(tmp_path, text))))
    assert "formats must name at least one format (choose from json, html, junit, sarif, csv)" in one_line(exc)


# A config file found without --config


def test_a_config_file_in_the_folder_is_found(tmp_path):
    from auditor.config import find_config_file

    assert find_config_file(tmp_path) is None
    write(tmp_path, '[project]\nname = "service"\n', "pyproject.toml")
    assert find_config_file(tmp_path) is None  # a pyproject.toml without the tool's table
    write(tmp_path, '[project]\nname = "service"\n[tool.inclusion-audit]\nfail_on = "critical"\n[tool.inclusion-audit.reading]\ntarget_reading_age = 11\n',
          "pyproject.toml")
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    config = settled(AuditConfig.from_mapping(load_config_file(tmp_path / "pyproject.toml")))
    assert config.fail_on == "critical" and config.check_options == {"reading": {"target_reading_age": 11}}
    write(tmp_path, 'fail_on = "minor"\n', "inclusion-audit.toml")
    assert find_config_file(tmp_path) == tmp_path / "inclusion-audit.toml"  # the tool's own file first


def test_a_pyproject_without_the_table_given_as_config_is_one_line(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config_file(write(tmp_path, '[project]\nname = "service"\n', "pyproject.toml"))
    assert one_line(exc) == "pyproject.toml has no [tool.inclusion-audit] table of settings"


def test_a_count_threshold_is_a_setting():
    assert AuditConfig.from_mapping({"threshold": 12}).threshold == 12
    for bad in (-1, 10_000_001):
        with pytest.raises(ConfigError, match="threshold must be a number of barriers from 0 to 10,000,000"):
            AuditConfig(threshold=bad)
