from __future__ import annotations


class DomainError(Exception):
    """A refusal by a business rule, with a message meant for the user (in Vietnamese)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
