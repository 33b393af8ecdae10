"""``printable``, the one function every text from a file or an argument passes on its way out."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtimer.core.fmt import printable
from backtimer.tui.text import literal

# What must never reach a terminal as it is: controls (C0, C1, DEL), format characters (bidi
# controls, zero-width characters, tags), line and paragraph separators, lone surrogates.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def hidden(c: str) -> bool:
    return c != "\n" and unicodedata.category(c) in HIDDEN_CATEGORIES


def test_every_hidden_character_this_python_knows_is_made_visible() -> None:
    every = [chr(i) for i in range(sys.maxunicode + 1) if hidden(chr(i))]
    assert len(every) > 2000  # the controls, 2048 surrogates and the format characters
    shown = printable("".join(every))
    assert not any(hidden(c) for c in shown)
    # Each one shows as something: nothing disappears without a trace.
    assert len(shown) >= len(every)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mb", "a␛[31mb"),
        ("bell\x07", "bell␇"),
        ("tab\there", "tab␉here"),
        ("del\x7f", "del␡"),
        ("csi\x9b2J", "csi\ufffd2J"),
        ("right-to-left \u202eevil", "right-to-left <U+202E>evil"),
        ("isolate \u2066x\u2069", "isolate <U+2066>x<U+2069>"),
        ("marks \u200e\u200f\u061c", "marks <U+200E><U+200F><U+061C>"),
        (
            "zero\u200bwidth\u200c\u200d\u2060\ufeff",
            "zero<U+200B>width<U+200C><U+200D><U+2060><U+FEFF>",
        ),
        ("line\u2028para\u2029", "line<U+2028>para<U+2029>"),
        ("tag\U000e0041", "tag<U+E0041>"),
        ("undecodable \udcff", "undecodable \ufffd"),
        ("two\nlines", "two\nlines"),
    ],
)
def test_what_each_kind_becomes(text: str, shown: str) -> None:
    assert printable(text) == shown


@given(st.text(st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_text_with_nothing_hidden_is_left_as_it_is(text: str) -> None:
    # Accents, other scripts, wide characters, emoji, symbols: all are content.
    assert printable(text) == text


@given(st.text())
def test_nothing_hidden_survives_and_printing_twice_changes_nothing(text: str) -> None:
    once = printable(text)
    assert not any(hidden(c) for c in once)
    assert printable(once) == once


def test_the_screens_show_text_through_the_same_function() -> None:
    text = "Row \x1b[2J\u202eeno\u200b"
    assert literal(text).plain == printable(text) == "Row ␛[2J<U+202E>eno<U+200B>"
