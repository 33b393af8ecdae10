"""The cache of drawn big letters: a line drawn once is read back the same in a later run without
pyfiglet, and a damaged, foreign or unwritable cache file only costs the drawing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import backtimer.tui.widgets.bigtext as big
from backtimer.tui.widgets.letter_cache import FILE_NAME, MAX_LINES, LetterCache

CODE = Path(big.__file__)
DRAW = (
    "import sys; from backtimer.tui.widgets.bigtext import fit_text;"
    "fit = fit_text('PAUSE 2', 80, 12);"
    "print(repr(fit.rows) if hasattr(fit, 'rows') else repr(fit));"
    "print('pyfiglet' in sys.modules)"
)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(tmp_path))
    return tmp_path


def run_draw(cache_dir: Path) -> tuple[str, bool]:
    done = subprocess.run(
        [sys.executable, "-c", DRAW],
        capture_output=True,
        text=True,
        check=True,
        env={"BACKTIMER_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"},
    )
    drawn, loaded = done.stdout.splitlines()
    return drawn, loaded == "True"


def test_a_later_run_draws_the_same_letters_without_pyfiglet(cache_dir: Path) -> None:
    first, first_loaded = run_draw(cache_dir)
    assert first_loaded  # nothing drawn before: pyfiglet draws
    assert (cache_dir / FILE_NAME).is_file()
    second, second_loaded = run_draw(cache_dir)
    assert second == first
    assert not second_loaded


def test_lines_read_back_are_the_lines_drawn(cache_dir: Path) -> None:
    rows = big._draw_rows("ansi_regular", "REST 0:27")
    written = LetterCache(CODE)
    assert written.get("ansi_regular", "REST 0:27") == (False, None)
    written.put("ansi_regular", "REST 0:27", rows)
    written.put("future", "ⅩⅡ", None)  # a line the font cannot draw is remembered too
    written.save()
    read = LetterCache(CODE)
    assert read.get("ansi_regular", "REST 0:27") == (True, rows)
    assert read.get("future", "ⅩⅡ") == (True, None)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"key": "another key", "lines": {"future\\tPULL": ["x"]}}',
        b'{"lines": {"future\\tPULL": ["x"]}}',
        None,  # the right key, but entries of the wrong shape
    ],
    ids=["garbage", "a list", "another key", "no key", "wrong entries"],
)
def test_a_damaged_or_foreign_file_is_ignored(cache_dir: Path, content: bytes | None) -> None:
    if content is None:
        key = LetterCache(CODE)._make_key()
        content = json.dumps(
            {"key": key, "lines": {"future\tPULL": [1, 2], "future\tREST": "row"}}
        ).encode()
    (cache_dir / FILE_NAME).write_bytes(content)
    cache = LetterCache(CODE)
    assert cache.get("future", "PULL") == (False, None)
    assert cache.get("future", "REST") == (False, None)


def test_entries_of_the_wrong_shape_are_not_written_back(cache_dir: Path) -> None:
    key = LetterCache(CODE)._make_key()
    lines = {"future\tPULL": [1, 2], "future\tREST": ["ok"], "future\tHOLD": None}
    (cache_dir / FILE_NAME).write_text(json.dumps({"key": key, "lines": lines}))
    cache = LetterCache(CODE)
    cache.put("future", "LOWER", ("x",))
    cache.save()
    kept = json.loads((cache_dir / FILE_NAME).read_text())["lines"]
    assert kept == {"future\tREST": ["ok"], "future\tHOLD": None, "future\tLOWER": ["x"]}


def test_other_drawing_code_does_not_read_these_lines(cache_dir: Path, tmp_path: Path) -> None:
    written = LetterCache(CODE)
    written.put("future", "PULL", ("x",))
    written.save()
    other = tmp_path / "other.py"
    other.write_text(CODE.read_text() + "\n# changed\n")
    assert LetterCache(other).get("future", "PULL") == (False, None)


def test_an_unwritable_cache_costs_nothing_but_the_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("in the way")
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(blocked / "cache"))
    cache = LetterCache(CODE)
    cache.put("future", "PULL", ("x",))
    cache.save()  # no error
    assert LetterCache(CODE).get("future", "PULL") == (False, None)


def test_the_file_keeps_the_newest_lines(cache_dir: Path) -> None:
    cache = LetterCache(CODE)
    for n in range(MAX_LINES + 5):
        cache.put("future", str(n), (str(n),))
    cache.save()
    read = LetterCache(CODE)
    assert read.get("future", "4") == (False, None)
    assert read.get("future", str(MAX_LINES + 4)) == (True, (str(MAX_LINES + 4),))
