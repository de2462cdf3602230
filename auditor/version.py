"""The tool's version: a leaf, so that the modules that send it (the
User-Agent, the report's tool block) need not import the package's public API."""

__version__ = "0.1.0"
