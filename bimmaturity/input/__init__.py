"""Input: everything that reads what organisations send (exports, cost table, column mapping)."""

__all__: list[str] = []
