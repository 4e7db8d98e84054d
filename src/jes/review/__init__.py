"""Pillar 2: PRISMA 2020 systematic review engine (work in progress; see issue 3)."""
