"""The training log in the screens: the rest asks the load and effort without stopping the clock,
last time and the advice during the exercise and in the preview, the summary against the last
session, quitting recorded as quit, history from the picker and the summary, a damaged log."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from conftest import ROOT, RunCli
from fakeclock import FakeClock
from textual.pilot import Pilot
from tui_helpers import (
    TINY_YAML,
    RecordingPlayer,
    advance,
    advance_to,
    choices_loaded,
    notice,
    run_async,
    screen_of,
    screen_text,
    tiny_routine,
    workout,
    workout_app,
)

from backtimer.core.loader import load_routine
from backtimer.core.model import Routine
from backtimer.log import SessionRecord, default_path, open_log
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.screens.history import HistoryScreen
from backtimer.tui.screens.summary import SummaryScreen, skipped_line
from backtimer.tui.screens.workout import WorkoutScreen
from backtimer.tui.widgets.hanging import Hanging
from backtimer.tui.widgets.keyline import KeyLine
from backtimer.tui.widgets.log_line import LogLine
from backtimer.tui.widgets.log_panels import PreviewLog, SummaryLog

SIZE = (80, 24)
X = "\N{MULTIPLICATION SIGN}"
# The tiny routine (see tui_helpers), its pull with the article's kind of rule.
RULED = TINY_YAML.replace(
    "    tips: [Keep your shoulders down]\n",
    "    tips: [Keep your shoulders down]\n"
    "    progress: If it's not hard after 2x, increase your weight.\n"
    "    progression: {reps_reached: 2}\n",
)


def logged_app(path: Path, routine: Routine | None = None, **kwargs: Any) -> tuple[Any, ...]:
    app, clock, player = workout_app(routine or tiny_routine(RULED), **kwargs)
    app.log_path = path
    return app, clock, player


def log_line(app: BacktimerApp) -> str:
    return app.screen.query_one(LogLine).text


async def ready(pilot: Pilot[Any]) -> None:
    """Let the log's reads (worker threads) finish and their results show."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def sessions(path: Path) -> list[SessionRecord]:
    with open_log(path) as log:
        return log.sessions()


@run_async
async def test_the_rest_asks_load_and_effort_and_the_clock_runs_on(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    app, clock, _ = logged_app(path)
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance_to(pilot, clock, t0, 14)  # the rest after the pull (13 to 18)
        assert log_line(app) == "Lat pull down: 20 kg  ↑↓ load · e easy  o ok  h hard"
        await pilot.press("up", "up", "e")
        assert log_line(app) == "Lat pull down: 25 kg  ↑↓ load · [e] easy  o ok  h hard"
        session = workout(app).session
        assert not session.paused and session.step.kind == "rest"
        await advance_to(pilot, clock, t0, 18.5)  # the rest ended on time: hyper's get-ready
        assert session.step.kind == "get-ready"
        assert log_line(app) == ""  # hyper was never done: nothing to say
        await pilot.press("up")  # no question now: the keys are the screen's again
        await advance_to(pilot, clock, t0, 30)  # the rest after hyper: body weight
        assert log_line(app) == "Hyperextension: how hard?  e easy  o ok  h hard"
        # Ignored: the rest passes, and round 2's pull starts from this workout's 25 kg.
        await advance_to(pilot, clock, t0, 51)
        assert log_line(app) == "Lat pull down: 25 kg  ↑↓ load · e easy  o ok  h hard"
    (done,) = sessions(path)
    assert done.status == "interrupted"  # the app ended mid-workout
    sets = {(s.exercise_id, s.round): s for s in done.sets}
    assert (sets["pull", 1].load, sets["pull", 1].unit, sets["pull", 1].effort) == (
        25,
        "kg",
        "easy",
    )
    assert (sets["hyper", 1].load, sets["hyper", 1].effort) == (None, None)  # ignored
    assert sets["pull", 2].load is None


@run_async
async def test_last_time_and_the_advice_on_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    app, clock, _ = logged_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 14)
        await pilot.press("up", "up", "up", "up", "e")  # 30 kg, easy
        await advance(pilot, clock, 60, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        body = app.screen.query_one(SummaryLog).lines()
        assert body == [
            "Lat pull down: 30 kg",
            "Next time:",
            "  Lat pull down: not hard today, try 32.5 kg next time",
        ]
    assert [s.status for s in sessions(path)] == ["completed"]

    app, clock, _ = logged_app(path)
    t0 = clock.now
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance_to(pilot, clock, t0, 4.5)
        assert log_line(app) == f"last time: 30 kg {X} 2, easy · Not hard last time: try 32.5 kg"
        assert "If it's not hard after 2x, increase your weight." in screen_text(app)
        await advance_to(pilot, clock, t0, 14)
        assert log_line(app).startswith("Lat pull down: 30 kg")  # last time's load to start
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await ready(pilot)
        assert isinstance(app.screen, SummaryScreen)
        lines = app.screen.query_one(SummaryLog).lines()
        assert lines[0].startswith("Last time (") and lines[0].endswith("2 of 2 rounds (completed)")
        assert lines[1] == "Lat pull down: no load given (last time 30 kg)"
        # On screen, under a heading of their own (below the summary's keys).
        shown = screen_text(app).splitlines()
        heading = next(i for i, line in enumerate(shown) if line.strip() == "Training log:")
        assert shown[heading + 2].strip() == lines[1]
    _, second = sessions(path)
    assert second.status == "quit"
    assert [(s.exercise_id, s.reps_done) for s in second.sets] == [("pull", 2)]


def footer_keys(app: BacktimerApp) -> list[str]:
    shown = app.screen.query_one(KeyLine).keys()
    return [key.description for key in shown]


@run_async
async def test_the_line_follows_jumps_made_while_paused(tmp_path: Path) -> None:
    """Paused, n p N r start a step with nothing said until resumed: the line still follows the
    exercise on screen, and the rest's question (with its keys) comes and goes with the rest."""
    path = tmp_path / "log.sqlite3"
    app, clock, _ = logged_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 14)
        await pilot.press("e")  # last time: 20 kg x 2, easy

    app, clock, _ = logged_app(path)
    t0 = clock.now
    pull = f"last time: 20 kg {X} 2, easy · Not hard last time: try 22.5 kg"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        session = workout(app).session
        await advance_to(pilot, clock, t0, 4.5)
        assert log_line(app) == pull
        await pilot.press("space", "N")
        assert session.paused and session.step.exercise == "hyper"
        assert log_line(app) == ""  # hyper was never done
        await pilot.press("p", "p")  # the rest, then the pull's last step
        assert session.paused and session.step.exercise == "pull"
        assert log_line(app) == pull
        await pilot.press("n", "n", "r")  # hyper's get-ready again
        assert session.paused and session.step.exercise == "hyper"
        assert log_line(app) == ""
        await pilot.press("p", "p", "p", "p", "space")  # back to the pull's rep 2, and on
        assert not session.paused and (session.step.exercise, session.step.rep) == ("pull", 2)
        assert log_line(app) == pull
        while session.step.kind != "rest":  # the pull done: the rest asks
            await advance(pilot, clock, 1.0)
        question = "Lat pull down: 20 kg  ↑↓ load · e easy  o ok  h hard"
        assert log_line(app) == question
        await pilot.press("space", "N")  # paused in the rest, on to hyper: no question
        await pilot.pause()
        assert session.paused and session.step.kind == "get-ready"
        assert log_line(app) == ""
        assert "Easy" not in footer_keys(app) and "Load +" not in footer_keys(app)
        await pilot.press("p")  # the rest again: its question and its keys
        await pilot.pause()
        assert session.paused and session.step.kind == "rest"
        assert log_line(app) == question
        assert "Easy" in footer_keys(app) and "Load +" in footer_keys(app)
        await pilot.press("space")
        assert log_line(app) == question


@run_async
async def test_the_last_set_is_asked_at_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    routine = replace(tiny_routine(RULED), rounds=1, max_rounds=2)
    app, clock, _ = logged_app(path, routine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 30, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        assert log_line(app) == "Hyperextension: how hard?  e easy  o ok  h hard"
        await pilot.press("o")
        assert log_line(app) == "Hyperextension: how hard?  e easy  [o] ok  h hard"
        await pilot.press("plus")  # one more round: + is not taken by the question
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert log_line(app) == ""  # round 2: nothing was logged before this workout
        await advance(pilot, clock, 40, step=1.0)
        await pilot.pause()
        assert screen_of(app, SummaryScreen).query_one(LogLine).text.startswith("Hyperextension")
    (done,) = sessions(path)
    assert (done.status, done.rounds_planned, done.rounds_done) == ("completed", 2, 2)
    assert [(s.exercise_id, s.round, s.effort) for s in done.sets] == [
        ("pull", 1, None),
        ("hyper", 1, "ok"),
        ("pull", 2, None),
        ("hyper", 2, None),
    ]


@run_async
async def test_the_preview_shows_last_time_and_h_opens_the_history(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    app, clock, _ = logged_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 14)
        await pilot.press("e")
        await advance(pilot, clock, 60, step=1.0)
        await pilot.press("H")
        await ready(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.routine_id == "tiny"
        assert "History: Tiny back" in screen_text(app)

    app = BacktimerApp(start="picker", player=app.sound, clock=clock, log_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        await pilot.press("H")
        await ready(pilot)
        assert isinstance(app.screen, HistoryScreen) and app.screen.routine_id is None
        assert "borden-back" not in screen_text(app) and "tiny" in screen_text(app)


@run_async
async def test_a_damaged_log_is_said_and_the_workout_runs(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(damaged)
    app, clock, _ = logged_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 5)
        assert notice(app).startswith("Training log: the training log is damaged")
        assert notice(app).endswith(str(path))
        assert workout(app).session.step.kind in ("move", "hold")
        await advance(pilot, clock, 70, step=1.0)
        assert isinstance(app.screen, SummaryScreen)
        assert any(
            line.startswith("Not recorded: ") for line in app.screen.query_one(SummaryLog).lines()
        )
    assert path.read_bytes() == damaged


@run_async
async def test_without_a_log_nothing_is_shown_or_written(tmp_path: Path, data_dir: Path) -> None:
    app, clock, _ = workout_app(tiny_routine(RULED))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 14)
        assert not app.screen.query_one(LogLine).display
        await advance(pilot, clock, 60, step=1.0)
        assert not app.screen.query_one(SummaryLog).display
    assert not data_dir.exists()


@run_async
async def test_the_preview_of_a_routine_done_before(tmp_path: Path) -> None:
    path = tmp_path / "log.sqlite3"
    app, clock, _ = logged_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await advance(pilot, clock, 14)
        await pilot.press("e")
    from backtimer.settings.catalog import Entry
    from backtimer.tui import messages

    app = BacktimerApp(start="picker", player=app.sound, clock=clock, log_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        app.post_message(
            messages.OpenPreview(Entry("tiny", Path("tiny.yaml"), "user"), tiny_routine(RULED))
        )
        await ready(pilot)
        shown = str(app.screen.query_one(PreviewLog).render())
        assert shown.splitlines()[0] == "Last time:"
        assert f"Lat pull down: 20 kg {X} 2, easy (" in shown
        assert "Not hard last time: try 22.5 kg" in shown
        assert "“If it's not hard after 2x, increase your weight.”" in shown


@run_async
async def test_the_help_names_the_rests_keys_when_there_is_a_log(tmp_path: Path) -> None:
    app, _clock, _ = logged_app(tmp_path / "log.sqlite3")
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "In the rest after a set: ↑ ↓ its load, e o h how hard it was" in screen_text(app)
    app, _clock, _ = workout_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert "In the rest after a set" not in screen_text(app)


@run_async
async def test_skip_three_back_one_and_quit_the_summary_and_the_log_agree(
    data_dir: Path, run_cli: RunCli
) -> None:
    """borden-back: the lat pull down done and rated easy, N N N (round 2), p, q y."""
    routine = replace(load_routine(ROOT / "content" / "borden-back.yaml"), count_seconds=0.2)
    clock = FakeClock()
    app = BacktimerApp(
        start="workout",
        entry=Entry("borden-back", ROOT / "content" / "borden-back.yaml", "shipped"),
        routine=routine,
        player=RecordingPlayer(),
        clock=clock,
        log_path=default_path(),
    )
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        session = workout(app).session
        while session.step.kind != "rest":
            await advance(pilot, clock, 1.0)
        assert log_line(app).startswith("Lat pull down: 20 kg")
        await pilot.press("e", "N", "N", "N")
        assert (session.step.kind, session.step.round) == ("get-ready", 2)
        await pilot.press("p")
        assert (session.step.kind, session.step.round) == ("rest", 2)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await ready(pilot)
        assert isinstance(app.screen, SummaryScreen)
        body = app.screen.query_one("#summary-body", Hanging).text.splitlines()
        skipped = body[body.index("Skipped:") + 1 :]
        skipped = skipped[: next(i for i, s in enumerate(skipped) if not s.startswith("  "))]
        assert skipped == [
            "  Round 1, Seated row: the whole set (10 reps)",
            "  Round 1, Hyperextension: the whole set (10 reps)",
        ]
        advice = app.screen.query_one(SummaryLog).lines()
        assert "  Lat pull down: not hard today, try 22.5 kg next time" in advice
    result = run_cli("history", "borden-back", "--json")
    (logged,) = json.loads(result.stdout)["sessions"]
    assert logged["status"] == "quit"
    sets = [(s["round"], s["exercise"], s["reps_done"], s["skipped"]) for s in logged["sets"]]
    assert sets == [
        (1, "lat-pull-down", 10, False),
        (1, "seated-row", 0, True),
        (1, "hyperextension", 0, True),
    ]
    # The summary's list, word for word from the log.
    assert skipped == [
        "  "
        + skipped_line(s["round"], s["name"], s["reps_planned"] - s["reps_done"], s["reps_planned"])
        for s in logged["sets"]
        if s["reps_done"] < s["reps_planned"]
    ]
