"""The voice on the screens: the workout speaks from its session, ``v`` switches the voice off and
on with a mark that lasts, ``m`` silences it too, and practice's ``s`` says the cue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT
from speech_helpers import noise
from textual.pilot import Pilot
from tui_helpers import (
    FakeClock,
    RecordingPlayer,
    advance,
    flat,
    heading,
    notice,
    run_async,
    screen_of,
    text,
    tiny_routine,
)

from backtimer.audio.pcm import Pcm
from backtimer.audio.speech import VoiceChoice, VoiceSetup
from backtimer.audio.speech.engines import Engine, VoiceOptions
from backtimer.audio.speech.live import LiveVoice
from backtimer.core.loader import load_routine
from backtimer.settings.catalog import Entry
from backtimer.tui.app import BacktimerApp
from backtimer.tui.dialogs.help import Help
from backtimer.tui.screens.practice import PracticeScreen

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def own_folders(config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKTIMER_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(tmp_path / "cache"))


class Scripted(Engine):
    name = "scripted"

    def synth(self, text: str) -> Pcm:
        return noise(0.02 * len(text), seed=len(text))


class SpeakingPlayer(RecordingPlayer):
    """A recording player that also takes phrases, as the real one does."""

    def __init__(self) -> None:
        super().__init__()
        self.phrases: list[Pcm] = []
        self.hushed = 0

    def speak(self, sound: Pcm) -> None:
        self.phrases.append(sound)

    def hush(self) -> None:
        self.hushed += 1


def voiced_app(
    start: str = "workout", *, setup: VoiceSetup | None = None
) -> tuple[BacktimerApp, FakeClock, SpeakingPlayer]:
    """An app whose voice runs on the test's clock: ``step_voice`` does the voice thread's work."""
    clock = FakeClock()
    player = SpeakingPlayer()
    if start == "practice":
        path = CONTENT / "borden-back.yaml"
        entry, routine = Entry("borden-back", path, "shipped"), load_routine(path)
    else:
        entry, routine = Entry("tiny", Path("tiny.yaml"), "file"), tiny_routine()
    setup = setup or VoiceSetup("espeak-ng")
    app = BacktimerApp(
        start=start,  # type: ignore[arg-type]
        entry=entry,
        routine=routine,
        player=player,
        clock=clock,
        voice=setup,
    )

    def open_voice() -> None:
        if setup.off:
            return
        voice = LiveVoice(
            setup,
            app.sound,
            clock=clock,
            opener=lambda s: VoiceChoice(Scripted(VoiceOptions())),
            start=False,
        )
        voice.open()
        app.voice = app.sound.voice = voice

    app._open_voice = open_voice  # type: ignore[method-assign]
    return app, clock, player


def step_voice(app: BacktimerApp) -> None:
    voice = app.voice
    assert voice is not None and voice.renderer is not None
    voice.step()
    assert voice.renderer.wait(10)
    voice.step()


async def run_for(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    """The clock moved on by small steps, the screen and the voice catching up at each."""
    steps = round(seconds / 0.25)
    for _ in range(steps):
        await advance(pilot, clock, 0.25)
        step_voice(pilot.app)  # type: ignore[arg-type]


def said(app: BacktimerApp) -> list[str]:
    assert app.voice is not None
    return [text for _, text in app.voice.spoken]


@run_async
async def test_the_workout_is_spoken_through_the_player_as_it_runs() -> None:
    app, clock, player = voiced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step_voice(app)
        await run_for(pilot, clock, 7.0)
        # The name and get-ready, then the first rep's words, each on its beat.
        assert said(app)[:4] == ["Lat pull down", "Pull", "Pause", "two"]
        assert len(player.phrases) == len(said(app))


@run_async
async def test_v_switches_the_voice_off_with_a_mark_that_lasts_and_back_on() -> None:
    app, clock, player = voiced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step_voice(app)
        await pilot.press("v")
        await pilot.pause()
        assert notice(app) == "Voice off (v: on)"
        assert "voice off" in heading(app).position
        before = len(player.phrases)  # the name, said as the workout began
        await run_for(pilot, clock, 7.5)
        assert len(said(app)) == len(player.phrases) == before
        assert "voice off" in heading(app).position  # long after the notice went
        await pilot.press("v")
        await pilot.pause()
        assert notice(app) == "Voice on"
        assert "voice off" not in heading(app).position
        await run_for(pilot, clock, 2.0)  # rep 2 (the last) begins at 8 s
        assert said(app)[before : before + 3] == ["Pull", "Last rep", "Pause"]


@run_async
async def test_mute_silences_the_voice_too() -> None:
    app, clock, player = voiced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step_voice(app)
        await pilot.press("m")
        await pilot.pause()
        before, beeps = len(player.phrases), len(player.events)
        await run_for(pilot, clock, 6.0)
        assert len(player.phrases) == before and len(player.events) == beeps
        await pilot.press("m")
        await pilot.pause()
        await run_for(pilot, clock, 3.0)
        assert len(player.phrases) > before


@run_async
async def test_help_names_the_voice() -> None:
    app, _clock, _player = voiced_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, Help)
        assert any(line[0] == "v" for line in app.screen.lines)


@run_async
async def test_with_the_voice_off_v_says_how_to_have_one() -> None:
    app, _clock, _player = voiced_app(setup=VoiceSetup("off"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert notice(app) == "No voice: it is off (--voice, or voice: in config.yaml)"
        assert "voice off" not in heading(app).position


@run_async
async def test_practice_s_says_the_cue_and_a_hold_is_counted_aloud() -> None:
    app, clock, _player = voiced_app("practice")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        step_voice(app)
        await pilot.press("s")
        await pilot.pause()
        step_voice(app)
        cue = load_routine(CONTENT / "borden-back.yaml").exercises[0].cues[0]
        assert said(app) == [cue]
        await pilot.press("h")  # the Pause of the lat pull down: 2 counts
        await pilot.pause()
        step_voice(app)
        screen = screen_of(app, PracticeScreen)
        for _ in range(12):
            clock.advance(0.25)
            screen.tick()
            step_voice(app)
        await pilot.pause()
        assert said(app)[1:] == ["Pause", "two"]
        await pilot.press("v")
        await pilot.pause()
        assert "voice off" in flat(text(app, "#practice-title"))


@run_async
async def test_a_routine_previewed_in_the_picker_has_its_words_rendered_before_start() -> None:
    from tui_helpers import choices_loaded

    from backtimer.audio.speech.announce import announcements, phrases
    from backtimer.core.plan import compile_plan
    from backtimer.tui.screens.preview import PreviewScreen

    app, _clock, _player = voiced_app("picker")
    async with app.run_test(size=SIZE) as pilot:
        await choices_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        step_voice(app)
        assert app.voice is not None and app.voice.renderer is not None
        wanted = phrases(announcements(compile_plan(load_routine(CONTENT / "borden-back.yaml"))))
        assert all(app.voice.renderer.get(t) is not None for t in wanted)
