"""The stylesheet's parse results, restored at start and kept for the next (store/css_cache.py).

Textual keeps what it parses in the stylesheet's parse cache, keyed by each source's exact
CSS text and origin, for as long as the theme's variables stay the same. That cache is
filled from the kept file before the first parse and written back, once the first frame is
on screen, when the start parsed anything it did not have. A Textual without that cache
simply parses, as it always did.
"""

from __future__ import annotations

import sys

import textual.css.stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet

from ..store import css_cache
from ..store.user_cache import stamp


def _key(variables: dict[str, str]) -> str:
    """The theme's variables, Python's version and the installed Textual's parser and rule
    classes (whose objects the file holds)."""
    from textual.css import model, parse, styles

    installed = stamp(parse.__file__, model.__file__, styles.__file__, stylesheet_module.__file__)
    return repr((sys.version_info[:2], installed, sorted(variables.items())))


def restore(stylesheet: Stylesheet, variables: dict[str, str]) -> set:
    """Fill the parse cache with what was kept for these variables; returns the keys restored."""
    cache = getattr(stylesheet, "_parse_cache", None)
    if cache is None or not hasattr(cache, "grow"):
        return set()
    entries = css_cache.load(_key(variables))
    cache.grow(len(entries) + 64)  # room for them and for this start's own sources
    for key, rules in entries.items():
        cache[key] = rules
    return set(entries)


def keep(stylesheet: Stylesheet, variables: dict[str, str], restored: set) -> bool:
    """Write the parse cache back when it holds entries that were not restored; True if written."""
    cache = getattr(stylesheet, "_parse_cache", None)
    if cache is None or stylesheet._variables != variables:  # the theme changed since: not these
        return False
    keys = list(cache.keys())
    if set(keys) <= restored:
        return False
    entries = {key: cache[key] for key in keys}
    if len(entries) > css_cache.MOST:
        entries = {key: rules for key, rules in entries.items() if key[1] in stylesheet.source}
    css_cache.save(_key(variables), entries)
    return True
