"""The rows of the session browser (`review_screen.py`): check-ins under their planning session,
and each listed session's cells, rendered literally (`Text`, never markup)."""

from __future__ import annotations

from rich.text import Text

from ...domain.text import one_line
from ...domain.timer import format_duration
from ...store.session_index import Listed


def duration_text(minutes: float | None) -> str:
    return "-" if minutes is None else format_duration(minutes * 60)


def grouped(rows: dict[str, Listed]) -> dict[str, Listed]:
    """Planning sessions newest first, each followed by its weekly check-ins, oldest first."""
    def checkin_of(row: Listed) -> str | None:
        info = row.summary
        return info.planning if info is not None and info.kind == "check-in" else None

    children: dict[str, list[str]] = {}
    for key, row in rows.items():
        parent = checkin_of(row)
        if parent in rows:
            children.setdefault(parent, []).append(key)
    out: dict[str, Listed] = {}
    for key, row in rows.items():
        if checkin_of(row) in rows:
            continue
        out[key] = row
        for child in sorted(children.get(key, [])):
            out[child] = rows[child]
    return out


def cell(text: str, width: int | None = None) -> Text:
    """One cell, on one line, cut with an ellipsis."""
    return Text(one_line(text, width), no_wrap=True, overflow="ellipsis")


def row_cells(row: Listed, marked: str | None, wide: int) -> list[Text]:
    """The table's cells for one listed session; `wide` is how much of a title or objective shows."""
    mark = cell("A" if row.folder.name == marked else "")
    if not row.readable:
        date = row.folder.name[:10] if row.folder.name[:4].isdigit() else "?"
        return [mark, cell(date), cell(row.folder.name, wide), cell("?"), cell("?"), cell(row.status),
                cell("-"), Text("-", justify="right"), cell(row.error or "", 2 * wide)]
    info = row.summary
    if info.kind == "check-in":  # listed under its planning session
        day = info.checkin_date
        return [mark, cell(f"{day:%Y-%m-%d}"), cell(f"  └ weekly check-in {day:%Y-%m-%d}", wide),
                cell(info.level), cell("check-in"), cell(row.status), cell(duration_text(info.minutes)),
                Text(str(row.events), justify="right"), cell(info.checkin or "-", wide)]
    return [mark, cell(f"{info.created:%Y-%m-%d}"), cell(row.title, wide), cell(info.level),
            cell(info.mode), cell(row.status), cell(duration_text(info.minutes)),
            Text(str(row.events), justify="right"), cell(info.focus or "-", wide)]
