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

    @property
    def by_field(self) -> dict[str, list[str]]:
        """The messages by field name ("" for the form as a whole)."""
        return {self.field: [self.message]}


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

    @property
    def by_field(self) -> dict[str, list[str]]:
        return self.errors


def show_on_form(form, exc: DomainError, rename=lambda field: field) -> None:
    """Put an action's refusal on a Django form: each message on its field when the form has
    that field (after `rename`, for prefixed names), otherwise on the form as a whole."""
    for field, texts in exc.by_field.items():
        name = rename(field)
        for text in texts:
            form.add_error(name if name in form.fields else None, text)
