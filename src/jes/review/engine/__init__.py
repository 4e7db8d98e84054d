"""Pure Python review engine: formats, query language, deduplication, ranking, PRISMA, metrics.

Never imports Django (enforced by import-linter): it can be read, tested and benchmarked alone.
"""
