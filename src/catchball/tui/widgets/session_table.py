"""The review's table of sessions: Textual's `DataTable`, whose new rows can be measured at once.

A `DataTable` measures the rows added to it (the columns' widths) when it is next idle. Rows
added just before a frame are then drawn at the columns' old widths, and drawn again once
measured; the review's first rows would be drawn twice before the first frame shows them, and
rows appended while the listing comes in would show cut at the earlier rows' widths meanwhile.
"""

from __future__ import annotations

from textual.widgets import DataTable


class SessionTable(DataTable):
    def measure_now(self) -> None:
        """Measure the rows added since the last measure now, as the table's idle handler would."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)
