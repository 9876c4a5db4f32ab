"""Pure domain: models, events, the fold, timeboxes, the coach and the report.

Nothing here reads a clock, touches a file or imports Textual: time is passed in.
"""
