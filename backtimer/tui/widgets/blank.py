"""Containers that draw nothing of their own: only their children show.

Textual renders every widget whose clip overlaps a frame's changed lines, containers included, and
the workout screen changes once a second. A container with no border, no background of its own
and no content can say so (``BLANK``), and its lines cost nothing to draw.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class Row(Horizontal):
    """A horizontal container with nothing of its own to draw."""

    BLANK = True


class Column(Vertical):
    """A vertical container with nothing of its own to draw."""

    BLANK = True
