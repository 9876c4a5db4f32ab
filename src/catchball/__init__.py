"""catchball: the facilitator's co-pilot for OKR planning sessions.

Importing this package must stay cheap: no Textual at import time.
"""

__version__ = "0.1.0"
