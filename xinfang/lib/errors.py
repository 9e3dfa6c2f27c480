"""Domain errors: raised by actions, shown by views (in Chinese) and the API (structured)."""

from __future__ import annotations


class DomainError(Exception):
    """An action refused: the message says why, in words a user understands."""

    code = "refused"

    def __init__(self, message: str, *, field: str = "", code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class NotAllowed(DomainError):
    code = "not_allowed"


class Unavailable(DomainError):
    """A temporary fault outside the user's input (storage full or read-only, database
    refusing writes): nothing was saved; the user may try again later."""

    code = "unavailable"


class Invalid(DomainError):
    """Input failed validation; `errors` maps field names to messages."""

    code = "invalid"

    def __init__(self, errors: dict[str, list[str]]):
        first = next(iter(errors.values()))[0] if errors else "输入有误"
        super().__init__(first)
        self.errors = errors
