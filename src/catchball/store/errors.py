"""Errors the store raises: each one sentence, naming the file and what was expected."""


class StoreError(Exception):
    """A session that cannot be read or written; str() is one sentence for the user."""


class SessionNotFound(StoreError):
    pass


class NoSuchSession(SessionNotFound):
    """The name given on the command line names no session: a usage error (exit 2)."""


class SessionLocked(StoreError):
    """Another live catchball holds the session."""


class NewerSchema(StoreError):
    pass
