"""The one error type of the contract package."""

from __future__ import annotations

__all__ = ["ContractError"]


class ContractError(ValueError):
    """A document does not satisfy the status.json contract.

    ``path`` is the JSON path of the offending value (``$.uptime.last_24h``),
    or ``$`` when the document as a whole is unreadable (not JSON, not an
    object). ``reason`` is the explanation without the path.
    """

    def __init__(self, reason: str, path: str = "$") -> None:
        super().__init__(f"{reason} at {path}" if path != "$" else reason)
        self.reason = reason
        self.path = path
