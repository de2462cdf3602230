"""The errors a person can act on, at the bottom of the layers so that every
module may raise them without importing anything above itself."""

from __future__ import annotations


class ConfigError(ValueError):
    """Bad settings or bad input; the CLI prints it as one line and exits 1."""
