"""Commands that open the app (new, resume, ...). Textual is imported only when they run."""

from __future__ import annotations

import argparse


def add_parsers(sub, parser: argparse.ArgumentParser) -> None:
    """Register the app-opening subcommands (filled in as the screens land)."""
