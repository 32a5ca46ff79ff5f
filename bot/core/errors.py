"""Domain errors. They carry a catalog key and parameters, never a secret."""

from __future__ import annotations


class DomainError(Exception):
    """A rule said no. `key` is a message-catalog key; the handler translates it."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UsageError(DomainError):
    """Bad command text: answer with the usage of `usage_key` (and the problem)."""

    def __init__(self, key: str, /, *, usage_key: str | None = None, **params: object) -> None:
        super().__init__(key, **params)
        self.usage_key = usage_key


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    """The state changed under the user (already decided, duplicate, closed)."""


class Forbidden(DomainError):
    """An unauthorized action. Recorded in the audit log after the rollback."""

    def __init__(
        self, key: str = "error.forbidden", /, *, action: str, subject: str = "", **params: object
    ) -> None:
        super().__init__(key, **params)
        self.action = action
        self.subject = subject


class ValidationFailed(DomainError):
    """Modal input errors: `errors` maps a block_id to a catalog key (inline errors)."""

    def __init__(self, errors: dict[str, tuple[str, dict[str, object]]]) -> None:
        super().__init__("error.validation")
        self.errors = errors
