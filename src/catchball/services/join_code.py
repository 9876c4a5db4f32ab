"""The join code of a served session, and its address as a QR code in text (segno)."""

from __future__ import annotations

import io
import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # nothing that reads as another letter aloud


def join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def qr_text(url: str) -> str:
    """The address as a QR code drawn with block characters, or "" without segno."""
    try:
        import segno
    except ImportError:
        return ""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue().rstrip("\n")
