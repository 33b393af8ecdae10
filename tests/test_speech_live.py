"""The live voice: what a followed session says, when, and what pausing, skipping, changing the
plan and the voice switch do to it. Driven by a clock the test moves, so times are exact."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fakeclock import FakeClock as Clock
from speech_helpers import noise

from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech import VoiceChoice, VoiceSetup
from backtimer.audio.speech.announce import Kind, Priority, announcements
from backtimer.audio.speech.engines import Engine, VoiceOptions
from backtimer.audio.speech.live import BEAT_LATE, LiveVoice
from backtimer.core import adjustments as adj
from backtimer.core.loader import load_routine_text
from backtimer.core.plan import Plan, compile_plan
from backtimer.core.session import Session

ROUTINE = """\
title: Voice
rounds: 1
count_seconds: 1.0
get_ready: 2
cue_seconds: 3
rest: {between_exercises: 12, between_rounds: 12}
exercises:
  - id: row
    name: Row
    reps: 2
    cues: [Sit tall., Pull to the belly.]
    rep:
      - {move: Pull, counts: 1, cue: 2}
      - {hold: Pause, counts: 2, cue: 2}
      - {move: Return, counts: 2, cue: 2}
  - id: lift
    name: Lift
    reps: 2
    cues: [Lie face down.]
    rep:
      - {move: Lift, counts: 1}
      - {hold: Hold, counts: 3}
"""


class Scripted(Engine):
    """Noise of 20 ms a letter for each phrase; ``gate`` holds every phrase until set."""

    name = "scripted"

    def __init__(self, gate: threading.Event | None = None) -> None:
        super().__init__(VoiceOptions())
        self.gate = gate

    def synth(self, text: str) -> Pcm:
        if self.gate is not None:
            self.gate.wait(10)
        return noise(0.02 * len(text), seed=len(text))


class Speaker:
    """Remembers each phrase handed over and each hush, on the test's clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.spoken: list[tuple[float, Pcm]] = []
        self.hushed: list[float] = []

    def speak(self, sound: Pcm) -> None:
        self.spoken.append((self.clock(), sound))

    def hush(self) -> None:
        self.hushed.append(self.clock())


class Rig:
    """A session of ROUTINE and a voice following it, driven from one due time to the next."""

    def __init__(self, tmp: Path, plan: Plan, *, gate: threading.Event | None = None) -> None:
        self.clock = Clock()
        self.plan = plan
        self.session = Session(plan, clock=self.clock)
        self.speaker = Speaker(self.clock)
        self.engine = Scripted(gate)
        self.voice = LiveVoice(
            VoiceSetup("espeak-ng"),
            self.speaker,
            clock=self.clock,
            cache_dir=tmp,
            opener=lambda setup: VoiceChoice(self.engine),
            start=False,
        )
        self.voice.open()

    def ready(self) -> None:
        self.voice.step()  # hands the phrases to the renderer
        assert self.voice.renderer is not None
        assert self.voice.renderer.wait(10)
        self.voice.step()

    def start(self) -> float:
        self.voice.follow(self.session)
        self.ready()
        self.session.start()
        self.voice.step()
        return self.clock.now

    def run_until(self, t: float) -> None:
        """Move the clock to each moment the session or the voice has something due."""
        while True:
            dues = [d for d in (self.session.next_due(), self.voice.next_due()) if d is not None]
            if not dues or min(dues) > t:
                break
            self.clock.now = max(self.clock.now, min(dues))
            self.session.update()
            self.voice.step()
        self.clock.now = t
        self.session.update()
        self.voice.step()

    def said(self, since: float = 0.0) -> list[tuple[float, str]]:
        return [(at, text) for at, text in self.voice.spoken if at >= since]


@pytest.fixture
def plan() -> Plan:
    return compile_plan(load_routine_text(ROUTINE, "voice.yaml"))


@pytest.fixture
def rig(tmp_path: Path, plan: Plan) -> Iterator[Rig]:
    r = Rig(tmp_path, plan)
    yield r
    r.voice.close()


def test_every_count_and_phase_word_is_said_exactly_on_its_beat(rig: Rig, plan: Plan) -> None:
    t0 = rig.start()
    rig.run_until(t0 + plan.total_seconds + 5)
    said = rig.said()
    beats = [a for a in announcements(plan) if a.priority == Priority.BEAT]
    spoken_at = {(round(at - t0, 6), text) for at, text in said}
    for a in beats:
        assert (round(a.at, 6), a.text) in spoken_at, f"{a.text!r} at {a.at} not said on time"
    # Names and cues are said too, and the workout ends with its words.
    texts = [text for _, text in said]
    assert texts[:2] == ["Row", "Sit tall."]
    assert "Next: Lift" in texts and texts[-1] == "Workout complete"
    # One voice: no phrase starts before the one before it has ended (or was cut).
    for (a, _), (b, _) in itertools.pairwise(rig.speaker.spoken):
        assert b >= a
    assert rig.speaker.hushed == []


def test_a_cue_cut_by_a_count_is_handed_over_cut_short(rig: Rig, plan: Plan) -> None:
    t0 = rig.start()
    rig.run_until(t0 + plan.total_seconds + 5)
    spoken = rig.speaker.spoken
    for (at, pcm), (nxt, _) in itertools.pairwise(spoken):
        # Each phrase ends by the time the next begins: the arrangement cut it there.
        assert at + pcm.frames / RATE <= nxt + 1e-6


def test_nothing_is_said_while_paused_and_resuming_speaks_from_then_on(
    rig: Rig, plan: Plan
) -> None:
    t0 = rig.start()
    hold = next(s for s in plan.steps if s.kind == "hold")
    rig.run_until(t0 + hold.start + 0.5)  # the first hold: "Pause" said, "two" to come
    rig.session.pause()
    rig.voice.step()
    paused_at = rig.clock.now
    assert rig.speaker.hushed[-1] == paused_at
    rig.run_until(paused_at + 30)
    assert rig.said(paused_at + 1e-9) == []
    rig.session.resume()
    rig.voice.step()
    resumed = rig.clock.now
    rig.run_until(resumed + 1.0)
    # "two" comes on the hold's second beat, 30 s later than planned; nothing repeats.
    assert rig.said(resumed) == [(pytest.approx(t0 + hold.start + 1.0 + 30), "two")]


def test_skipping_hushes_and_the_new_step_is_spoken_from_its_start(rig: Rig, plan: Plan) -> None:
    t0 = rig.start()
    rig.run_until(t0 + 1.0)  # in the first set-up cue
    rig.session.next_exercise()
    rig.voice.step()
    jumped = rig.clock.now
    assert rig.speaker.hushed[-1] == jumped
    rig.run_until(jumped + 0.5)
    step = rig.session.step
    assert step.exercise == "lift"
    assert rig.said(jumped) == [(jumped, "Lift")]  # the name, on the jump
    # Going back to a step already done speaks it again.
    rig.session.previous_step()
    rig.voice.step()
    back = rig.clock.now
    rig.run_until(back + 0.1)
    assert [text for _, text in rig.said(back)] == ["Rest, twelve seconds"]


def test_a_longer_hold_counts_on_to_its_new_last_beat(rig: Rig, plan: Plan) -> None:
    t0 = rig.start()
    hold = next(s for s in plan.steps if s.kind == "hold")
    rig.run_until(t0 + hold.start + 0.5)
    longer = compile_plan(plan.routine, {adj.hold_key("row", 1): 3})
    rig.session.replace_plan(longer)
    rig.voice.step()
    rig.run_until(t0 + hold.start + 3.5)
    assert [(round(at - t0 - hold.start, 6), text) for at, text in rig.said(t0 + hold.start)] == [
        (0.0, "Pause"),
        (1.0, "two"),
        (2.0, "three"),
        (3.0, "Return"),
    ]
    assert rig.speaker.hushed == []  # "Pause" was not cut for the change


def test_the_voice_switch_silences_it_and_it_speaks_again_from_then(rig: Rig, plan: Plan) -> None:
    assert rig.voice.toggle() is False
    t0 = rig.start()
    rig.run_until(t0 + 20)
    assert rig.said() == []
    assert rig.voice.toggle() is True
    rig.run_until(t0 + 40)
    said = rig.said()
    assert said and min(at for at, _ in said) > t0 + 20
    rig.voice.muted = True
    rig.run_until(t0 + 60)
    assert rig.said(t0 + 40 + 1e-9) == []


def test_a_workout_ended_by_hand_ends_quietly(rig: Rig, plan: Plan) -> None:
    t0 = rig.start()
    rig.run_until(t0 + 5.5)  # "Pull" said at 5 s and still sounding
    rig.session.finish()
    rig.voice.step()
    rig.run_until(t0 + 30)
    assert rig.said(t0 + 5.5) == []
    assert rig.speaker.hushed == [t0 + 5.5]


def test_phrases_not_rendered_yet_are_left_out_and_come_in_once_ready(
    tmp_path: Path, plan: Plan
) -> None:
    gate = threading.Event()
    rig = Rig(tmp_path, plan, gate=gate)
    try:
        rig.voice.follow(rig.session)
        rig.voice.step()
        rig.session.start()
        t0 = rig.clock.now
        rig.run_until(t0 + 5)
        assert rig.said() == []  # nothing is ready: the beeps play alone
        gate.set()
        assert rig.voice.renderer is not None and rig.voice.renderer.wait(10)
        rig.run_until(t0 + plan.total_seconds + 5)
        texts = [text for _, text in rig.said()]
        assert "Pause" in texts and "Workout complete" in texts
        assert "Sit tall." not in texts  # due while nothing was ready: not said late
    finally:
        rig.voice.close()


def test_say_speaks_at_once_and_cuts_what_is_being_said(rig: Rig) -> None:
    rig.voice.prepare_texts(["Pull to the belly."])
    rig.ready()
    rig.voice.say("Pull to the belly.")
    rig.voice.step()
    assert rig.said() == [(rig.clock.now, "Pull to the belly.")]
    assert rig.speaker.hushed == [rig.clock.now]
    # Not rendered yet: said once it is.
    rig.voice.say("Something new.")
    rig.voice.step()
    assert rig.voice.renderer is not None and rig.voice.renderer.wait(10)
    rig.voice.step()
    assert rig.said()[-1][1] == "Something new."


def test_a_phrase_is_played_at_the_volume(tmp_path: Path, plan: Plan) -> None:
    rig = Rig(tmp_path, plan)
    try:
        rig.voice.use_sounds({}, 0.5)
        t0 = rig.start()
        rig.run_until(t0 + 0.1)
        (_, pcm), *_ = rig.speaker.spoken
        full = rig.engine.synth("Row")
        assert max(pcm.samples()) == pytest.approx(max(full.samples()) * 0.5, abs=2)
    finally:
        rig.voice.close()


def test_off_opens_nothing_and_says_nothing(tmp_path: Path, plan: Plan) -> None:
    opened: list[str] = []
    voice = LiveVoice(
        VoiceSetup("off"),
        Speaker(Clock()),
        cache_dir=tmp_path,
        opener=lambda setup: opened.append(setup.engine) or VoiceChoice(None),
    )
    voice.prepare(plan)
    voice.say("Row")
    voice.close()
    assert opened == [] and voice.engine_name == "off" and voice.spoken == []


@pytest.mark.slow
def test_the_thread_speaks_on_the_real_clock_on_time(tmp_path: Path) -> None:
    """With its own thread and time.monotonic: counts of a 0.25 s count, within a few ms."""
    fast = compile_plan(
        load_routine_text(ROUTINE, "voice.yaml"),
        {
            adj.COUNT_SECONDS: 0.25,
            adj.REST_BETWEEN_EXERCISES: 0.5,
            adj.REST_BETWEEN_ROUNDS: 0.5,
            adj.reps_key("row"): 1,
            adj.reps_key("lift"): 1,
        },
    )
    fast = compile_plan(replace(fast.routine, cue_seconds=0.0, get_ready=0.0))
    speaker = Speaker(Clock())
    speaker.clock = time.monotonic  # type: ignore[assignment]
    voice = LiveVoice(
        VoiceSetup("espeak-ng", level="phases"),
        speaker,
        cache_dir=tmp_path,
        opener=lambda setup: VoiceChoice(Scripted()),
    )
    try:
        voice.prepare(fast)
        deadline = time.monotonic() + 10
        while (voice.renderer is None or not voice.renderer.done) and time.monotonic() < deadline:
            time.sleep(0.01)
        session = Session(fast)
        voice.follow(session)
        session.start()
        t0 = session.stats.started_at
        assert t0 is not None
        while not session.finished:
            due = session.next_due()
            if due is not None:
                time.sleep(max(0.0, due - time.monotonic()))
            session.update()
        time.sleep(0.2)
        errors = {}
        beats = {(a.at, a.text) for a in announcements(fast, "phases")}
        for at, text in voice.spoken:
            near = min(beats, key=lambda b: abs(t0 + b[0] - at) if b[1] == text else 1e9)
            errors[(near[0], text)] = at - (t0 + near[0])
        assert len(errors) == len(beats)
        late = sorted(errors.values())
        assert late[len(late) // 2] < 0.01, late  # median: well inside a count
        assert max(late) < BEAT_LATE, late
    finally:
        voice.close()


def test_announcement_kinds_at_each_level_reach_the_live_voice(tmp_path: Path, plan: Plan) -> None:
    rig = Rig(tmp_path, plan)
    rig.voice.setup = VoiceSetup("espeak-ng", level="counts")
    try:
        t0 = rig.start()
        rig.run_until(t0 + plan.total_seconds + 5)
        counted = {text for _, text in rig.said()}
        wanted = {a.text for a in announcements(plan, "counts") if a.kind is Kind.COUNT}
        assert counted == wanted == {"one", "two", "three"}
    finally:
        rig.voice.close()


@pytest.mark.parametrize(
    ("engine", "notice"),
    [
        ("espeak-ng", "Voice: espeak-ng cannot be used (not on PATH); no voice."),
        ("auto", "Voice: no speech engine could be used; beeps only (README: Voice)."),
    ],
)
def test_a_voice_that_cannot_start_says_so_once(tmp_path: Path, engine: str, notice: str) -> None:
    heard: list[str] = []
    voice = LiveVoice(
        VoiceSetup(engine),
        Speaker(Clock()),
        cache_dir=tmp_path,
        on_notice=heard.append,
        opener=lambda setup: VoiceChoice(None, (("espeak-ng", "not on PATH"),)),
        start=False,
    )
    voice.open()
    assert heard == [notice]
    assert voice.engine_name == "off" and voice.renderer is None
    voice.say("Row")
    voice.step()  # nothing to speak with: nothing happens, nothing fails
    assert voice.spoken == []
