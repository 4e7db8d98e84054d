"""Anonymous reports (being written)."""

__all__: list[str] = []
