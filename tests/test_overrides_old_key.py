"""Settings saved for a routine given by path under the key it had before keys existed: its file's
name alone (``overrides/<name>.yaml``). Used, and moved to the routine's key on the next save,
only where they can be told to be that routine's; otherwise left where they are, untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import CONTENT, RunCli

from backtimer.core.adjustments import ROUNDS, Key, Number, hold_key
from backtimer.core.loader import load_routine
from backtimer.settings import atomic
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers
from backtimer.settings.overrides import (
    SaveError,
    build_layers,
    entry_key,
    overrides_path,
    read_values,
    remove_old_key_file,
    save_layers,
)

BORDEN = load_routine(CONTENT / "borden-back.yaml")
LAT_HOLD = hold_key("lat-pull-down", 1)  # Pause, 2 counts
HYPER_HOLD = hold_key("hyperextension", 1)  # Hold, 3 counts


def old_file(name: str, title: str = BORDEN.title, exercise: str = "lat-pull-down") -> str:
    """A settings file as backtimer wrote it under the old key: holds by name."""
    return f"""\
# backtimer: your settings for the routine "{name}" ({title}).
#
# These values replace the routine's own whenever you run or show it; anything not
# listed keeps the routine's value. backtimer writes this file when you save changes
# made in a workout (or run `backtimer show ROUTINE ... --save`), and you can edit it:
# exercises are keyed by id, holds by name (or phase number) and hold lengths are counts.
# Saving again rewrites the file, so comments of your own are not kept.
#
# To go back to the routine's own values: backtimer reset {name}
# (or delete this file).
rounds: 4                     # routine: 3
exercises:
  {exercise}:              # Lat pull down
    holds:
      Pause: 3                # routine: 2 counts
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(folder))
    return folder


def given_by_path(tmp_path: Path, name: str) -> Entry:
    """A copy of borden-back in a file of that name, as `backtimer run PATH` finds it."""
    path = tmp_path / "plans" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((CONTENT / "borden-back.yaml").read_bytes())
    return Entry(path.stem, path, "file")


def saved_under_old_key(config: Path, name: str, text: str) -> Path:
    path = config / "overrides" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def saved_before(config: Path, tmp_path: Path, name: str) -> tuple[Entry, str, Path]:
    """A routine given by path, the file it saved under its old key, and that file's path."""
    text = old_file(name)
    return given_by_path(tmp_path, name), text, saved_under_old_key(config, name, text)


def yours(layers: Layers) -> dict[Key, Number]:
    return {o.key: o.value for o in layers.provenance() if o.layer == "yours"}


def test_old_key_settings_are_used_then_moved_to_the_key_on_the_next_save(
    config: Path, tmp_path: Path
) -> None:
    entry = given_by_path(tmp_path, "my-back")
    old = saved_under_old_key(config, "my-back", old_file("my-back"))
    new = overrides_path(entry_key(entry))
    assert new != old

    layers = build_layers(entry, BORDEN)
    assert yours(layers) == {ROUNDS: 4, LAT_HOLD: 3}
    assert layers.effective.rounds == 4
    assert layers.overrides_path == new
    assert not os.path.lexists(new)  # reading moves nothing

    layers.adjust_hold("hyperextension", 1, +1)
    assert save_layers(layers) == new
    assert read_values(new, BORDEN) == {ROUNDS: 4, LAT_HOLD: 3, HYPER_HOLD: 4}
    assert not os.path.lexists(old)
    assert f'"{entry_key(entry)}"' in new.read_text().splitlines()[0]  # the key's own file now
    # And the next run reads it from there.
    assert yours(build_layers(entry, BORDEN)) == {ROUNDS: 4, LAT_HOLD: 3, HYPER_HOLD: 4}


def test_the_old_key_of_a_routine_in_the_catalog_stays_that_routines(
    config: Path, tmp_path: Path
) -> None:
    # overrides/borden-back.yaml is the shipped borden-back's file, whoever wrote it.
    entry, text, old = saved_before(config, tmp_path, "borden-back")
    layers = build_layers(entry, BORDEN)
    assert yours(layers) == {}
    layers.adjust_hold("hyperextension", 1, +1)
    assert save_layers(layers) == overrides_path(entry_key(entry))
    assert old.read_text(encoding="utf-8") == text
    assert read_values(overrides_path(entry_key(entry)), BORDEN) == {HYPER_HOLD: 4}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(old_file("legs", title="Leg day"), id="another title"),
        pytest.param(old_file("legs", exercise="squat"), id="another routine's exercise"),
        pytest.param(old_file("legs").split("\n", 10)[-1], id="no header: written by hand"),
        pytest.param(old_file("other"), id="written for another name"),
    ],
)
def test_an_old_key_file_that_cannot_be_told_to_be_this_routines_is_left(
    config: Path, tmp_path: Path, text: str
) -> None:
    entry = given_by_path(tmp_path, "legs")
    old = saved_under_old_key(config, "legs", text)
    layers = build_layers(entry, BORDEN)
    assert yours(layers) == {}
    layers.set_rounds(5)
    save_layers(layers)
    assert old.read_text(encoding="utf-8") == text
    assert read_values(overrides_path(entry_key(entry)), BORDEN) == {ROUNDS: 5}


def test_a_failed_save_leaves_the_old_file_whole_and_a_later_one_moves_it(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, text, old = saved_before(config, tmp_path, "my-back")
    new = overrides_path(entry_key(entry))
    layers = build_layers(entry, BORDEN)
    layers.set_rounds(5)

    def full_disk(path: Path, text: str, *, mode: int | None = None) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(atomic, "write_text", full_disk)
        with pytest.raises(SaveError, match="full"):
            save_layers(layers)
    assert old.read_text(encoding="utf-8") == text
    assert not os.path.lexists(new)

    assert save_layers(layers) == new
    assert read_values(new, BORDEN) == {ROUNDS: 5, LAT_HOLD: 3}
    assert not os.path.lexists(old)


def test_once_the_key_has_its_own_file_the_old_one_is_neither_read_nor_removed(
    config: Path, tmp_path: Path
) -> None:
    entry, text, old = saved_before(config, tmp_path, "my-back")
    layers = build_layers(entry, BORDEN)
    # Another run saved meanwhile, moving the old file; then it is back (say a crash of a save
    # between writing the new file and removing the old one left both).
    other = build_layers(entry, BORDEN)
    other.adjust_hold("hyperextension", 1, +1)
    new = save_layers(other)
    assert new is not None and not os.path.lexists(old)
    old.write_text(text.replace("rounds: 4", "rounds: 6"), encoding="utf-8")
    layers.adjust_hold("lat-pull-down", 1, +1)
    assert save_layers(layers) == new
    # Merged into the key's file; the old file is not read into it, nor removed.
    assert read_values(new, BORDEN) == {ROUNDS: 4, LAT_HOLD: 4, HYPER_HOLD: 4}
    assert "rounds: 6" in old.read_text(encoding="utf-8")
    assert yours(build_layers(entry, BORDEN)) == {ROUNDS: 4, LAT_HOLD: 4, HYPER_HOLD: 4}


def test_reset_removes_the_old_key_file_the_routine_reads_and_no_other(
    config: Path, tmp_path: Path
) -> None:
    entry = given_by_path(tmp_path, "my-back")
    old = saved_under_old_key(config, "my-back", old_file("my-back"))
    shipped = saved_under_old_key(config, "borden-back", old_file("borden-back"))
    assert remove_old_key_file(entry) == old
    assert not os.path.lexists(old)
    assert yours(build_layers(entry, BORDEN)) == {}
    assert remove_old_key_file(entry) is None
    # The shipped borden-back's file is not a copy's to remove.
    assert remove_old_key_file(given_by_path(tmp_path, "borden-back")) is None
    assert shipped.exists()


def test_backtimer_reset_path_forgets_the_settings_saved_under_the_old_key(
    config_dir: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    entry = given_by_path(tmp_path, "my-back")
    old = saved_under_old_key(config_dir, "my-back", old_file("my-back"))
    result = run_cli("reset", str(entry.path))
    assert result.returncode == 0, result.stderr
    assert f"Removed your saved settings for {entry_key(entry)}: {old}" in result.stdout
    assert not os.path.lexists(old)
    # Nothing left to come back on the next run.
    assert "No saved settings" in run_cli("reset", str(entry.path)).stdout
