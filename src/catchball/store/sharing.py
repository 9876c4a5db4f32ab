"""A sessions folder kept in a git repository: what stays out of it.

Finished sessions never change, so they merge cleanly between facilitators; what belongs to a
session being run on one machine (participants' inboxes, locks, temp files) is ignored.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import write_atomic

GITIGNORE = """\
# catchball: a session's live files stay on the machine that runs it (see the README)
*/inbox/
*/.lock
.index.json
.*.tmp
*/.*.tmp
"""


def ensure_gitignore(sessions_dir: Path) -> bool:
    """Write the sessions folder's .gitignore unless it has one; True when written."""
    path = sessions_dir / ".gitignore"
    if path.exists():
        return False
    write_atomic(path, GITIGNORE.encode())
    return True
