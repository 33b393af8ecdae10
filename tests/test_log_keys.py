"""Which routine a logged workout belongs to: a routine given by path is logged under the key its
saved settings go by, so it never shares last time and the advice with a shipped or saved routine
that has the same id."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import advance, run_async, workout_app

from backtimer.log import open_log
from backtimer.settings.catalog import Entry
from backtimer.settings.overrides import entry_key
from backtimer.tui.screens.summary import SummaryScreen


async def _logged_run(entry: Entry, log: Path) -> None:
    app, clock, _ = workout_app()
    app.entry = entry
    app.log_path = log
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await advance(pilot, clock, 80, step=1.0)
        assert isinstance(app.screen, SummaryScreen)


@run_async
async def test_a_routine_given_by_path_is_logged_apart_from_one_of_the_same_id(
    tmp_path: Path,
) -> None:
    log = tmp_path / "log.sqlite3"
    by_path = Entry("tiny", tmp_path / "tiny.yaml", "file")
    await _logged_run(by_path, log)
    await _logged_run(Entry("tiny", Path("tiny.yaml"), "user"), log)
    with open_log(log) as opened:
        assert [s.routine_id for s in opened.sessions()] == [entry_key(by_path), "tiny"]
        assert entry_key(by_path) != "tiny"
        assert len(opened.sessions("tiny")) == 1
