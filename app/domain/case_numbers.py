"""Case numbers as officers read them out: year and a gap-free sequence (``2026-00042``)."""

from __future__ import annotations


def format_number(year: int, seq: int) -> str:
    """The case number officers read out: ``2026-00042``."""
    return f"{year}-{seq:05d}"
