"""The command line: one module per command group. `catchball --help` loads no Textual."""

from .main import APP_COMMANDS, build_parser, main

__all__ = ["APP_COMMANDS", "build_parser", "main"]
