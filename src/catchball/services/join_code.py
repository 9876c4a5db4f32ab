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


def qr_lines(url: str, compact: bool, border: int = 2) -> list[str]:
    """The address as a QR code in lines of text, light modules drawn as blocks (a dark screen shows
    dark ones): `compact` puts two module rows in one line with half blocks (about 15 lines for a
    local address), otherwise each module is two columns of one line (square, twice as large)."""
    try:
        import segno
    except ImportError:
        return []
    rows = [[bool(v) for v in row] for row in segno.make(url, error="m").matrix]
    size = len(rows)
    light = [[not (0 <= y - border < size and 0 <= x - border < size and rows[y - border][x - border])
              for x in range(size + 2 * border)] for y in range(size + 2 * border)]
    if not compact:
        return ["".join("██" if cell else "  " for cell in row) for row in light]
    if len(light) % 2:
        light.append([False] * len(light[0]))
    half = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(half[(a, b)] for a, b in zip(top, bottom)) for top, bottom in zip(light[::2], light[1::2])]
