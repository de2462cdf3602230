"""The config examples in the README are accepted as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.config import AuditConfig, load_config_file
from auditor.registry import run_settings

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_has_config_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_config_example_is_valid(tmp_path, index):
    path = tmp_path / "audit.toml"
    path.write_text(BLOCKS[index], encoding="utf-8")
    config = run_settings(AuditConfig.from_mapping(load_config_file(path))).config
    assert config.checks
