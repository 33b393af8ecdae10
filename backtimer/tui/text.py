"""Routine text as literal, inert content: never parsed as markup, control characters shown."""

from __future__ import annotations

from textual.content import Content

from backtimer.core.fmt import printable


def literal(text: str) -> Content:
    """Content that shows ``text`` exactly: ``[bold]`` stays brackets, ESC shows as a symbol."""
    return Content(printable(text))
