"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles.

Reading a routine, compiling a plan and starting the program each build thousands of small
objects that live on or are freed by reference counting; a collection pass in the middle of that
is wasted time (a quarter of compiling a large routine).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection passes inside the ``with`` block; afterwards the collector is on again if
    it was on before (a block that turns it on itself leaves it on)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
