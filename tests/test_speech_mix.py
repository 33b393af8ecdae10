"""What plays when: one voice that never talks over itself and never delays a beat word, beeps
that stay on their frames, and a sum that never reaches full scale."""

from __future__ import annotations

import itertools
from array import array

import pytest
from conftest import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st
from speech_helpers import is_broadband, noise, peak, tone

from backtimer.audio import load_sounds
from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.speech import open_voice
from backtimer.audio.speech.announce import Announcement, Kind, announcements, phrases
from backtimer.audio.speech.arrange import arrange, to_frame
from backtimer.audio.speech.mixdown import (
    FULL_SCALE,
    LIMIT,
    Play,
    beep_plays,
    clip_safe,
    layout,
    mix,
)
from backtimer.audio.speech.wavdata import VOICE_PEAK
from backtimer.core.adjustments import ROUNDS
from backtimer.core.loader import load_routine
from backtimer.core.plan import compile_plan


def _ann(at: float, text: str, kind: Kind, until: float | None = None) -> Announcement:
    return Announcement(at, text, kind, 0, at if until is None else until)


def _phrases(**seconds: float) -> dict[str, Pcm]:
    return {text: noise(length, seed=i + 1) for i, (text, length) in enumerate(seconds.items())}


def test_a_count_cuts_a_long_cue_on_its_beat() -> None:
    voice = _phrases(cue=3.0, two=0.3)
    said = [_ann(0.0, "cue", Kind.CUE, until=5.0), _ann(2.0, "two", Kind.COUNT)]
    cue, two = arrange(said, voice.get)
    assert (cue.start, cue.frames, cue.cut) == (0, 2 * RATE, True)
    assert (two.start, two.frames, two.cut) == (2 * RATE, voice["two"].frames, False)


def test_news_cuts_a_cue_and_a_cue_waits_for_news() -> None:
    voice = _phrases(cue=2.0, rest=1.0, later=1.0)
    said = [
        _ann(0.0, "cue", Kind.CUE, until=9.0),
        _ann(1.5, "rest", Kind.INFO, until=9.0),
        _ann(2.0, "later", Kind.CUE, until=9.0),
    ]
    cue, rest, later = arrange(said, voice.get)
    assert cue.frames == round(1.5 * RATE)  # three quarters said, then cut
    assert rest.start == round(1.5 * RATE)
    assert later.start == rest.end  # waits for the news to end, then follows at once


def test_a_phrase_that_cannot_start_in_time_is_left_out() -> None:
    voice = _phrases(first=2.0, stale=0.5, fresh=0.5)
    said = [
        _ann(0.0, "first", Kind.CUE, until=9.0),
        _ann(0.5, "stale", Kind.CUE, until=1.0),  # only worth saying in the first second
        _ann(0.6, "fresh", Kind.CUE, until=3.0),
    ]
    assert [u.announcement.text for u in arrange(said, voice.get)] == ["first", "fresh"]


def test_a_phrase_that_would_be_cut_before_half_of_it_is_left_out() -> None:
    voice = _phrases(long=2.0, Pull=0.3)
    said = [_ann(0.0, "long", Kind.INFO, until=1.0), _ann(0.5, "Pull", Kind.PHASE)]
    assert [u.announcement.text for u in arrange(said, voice.get)] == ["Pull"]


def test_waiting_phrases_go_highest_priority_first() -> None:
    voice = _phrases(busy=1.0, cue=0.5, news=0.5)
    said = [
        _ann(0.0, "busy", Kind.INFO, until=9.0),
        _ann(0.2, "cue", Kind.CUE, until=9.0),
        _ann(0.4, "news", Kind.INFO, until=9.0),
    ]
    assert [u.announcement.text for u in arrange(said, voice.get)] == ["busy", "news", "cue"]


def test_a_phrase_not_rendered_yet_is_left_out_and_the_rest_keep_their_times() -> None:
    voice = _phrases(Pull=0.3, two=0.3)
    said = [
        _ann(0.0, "Pull", Kind.PHASE),
        _ann(1.0, "Pause", Kind.PHASE),
        _ann(2.0, "two", Kind.COUNT),
    ]
    assert [(u.announcement.text, u.start) for u in arrange(said, voice.get)] == [
        ("Pull", 0),
        ("two", 2 * RATE),
    ]


def test_since_leaves_out_what_was_due_before() -> None:
    voice = _phrases(a=0.2, b=0.2)
    said = [_ann(1.0, "a", Kind.COUNT), _ann(2.0, "b", Kind.COUNT)]
    assert [u.announcement.text for u in arrange(said, voice.get, since=1.5)] == ["b"]


_KINDS = st.sampled_from(list(Kind))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 20, allow_nan=False),
            _KINDS,
            st.floats(0.05, 4.0),  # phrase length
            st.floats(0, 5),  # how long after ``at`` it may still start
        ),
        max_size=25,
    )
)
def test_the_voice_never_overlaps_itself_and_beat_words_are_never_late(
    items: list[tuple[float, Kind, float, float]],
) -> None:
    said = [
        _ann(at, f"p{i}", kind, until=at + slack) for i, (at, kind, _, slack) in enumerate(items)
    ]
    voice = {
        f"p{i}": Pcm(bytes(2 * max(1, round(length * RATE))))
        for i, (_, _, length, _) in enumerate(items)
    }
    out = arrange(said, voice.get)
    for u in out:
        a = u.announcement
        assert to_frame(a.at) <= u.start <= to_frame(a.until)
        assert 0 < u.frames <= u.pcm.frames
        assert u.frames >= 0.5 * u.pcm.frames
    for before, after in itertools.pairwise(out):
        assert before.end <= after.start
    # A beat word is said on its frame, or left out because the next beat word comes before half
    # of it could be said; nothing else ever moves or drops one.
    started = {u.announcement.text: u.start for u in out}
    beats = [(i, a) for i, a in enumerate(said) if a.priority == 3]
    for i, a in beats:
        if a.text in started:
            assert started[a.text] == to_frame(a.at)
            continue
        at, half = to_frame(a.at), 0.5 * voice[a.text].frames
        assert any(
            at <= to_frame(b.at) < at + half and (b.at, j) > (a.at, i) for j, b in beats if j != i
        ), a


# ---------------------------------------------------------------------------------------------
# beeps and voice together


def _borden():  # type: ignore[no-untyped-def]
    return compile_plan(load_routine(CONTENT / "borden-back.yaml"))


def test_beeps_play_on_the_plans_frames() -> None:
    plan = _borden()
    sounds = load_sounds()
    plays = beep_plays(plan, sounds)
    expected = sorted(
        (to_frame(step.start + s.offset), s.event.value) for step in plan.steps for s in step.sounds
    )
    assert sorted((p.start, p.label) for p in plays) == expected


def test_a_play_alone_comes_out_unchanged_and_overlaps_add_up() -> None:
    a = Play(10, Pcm.from_samples(array("h", [1000] * 100)), "a", False)
    b = Play(60, Pcm.from_samples(array("h", [-300] * 100)), "b", True)
    out = mix([a, b], 200).samples()
    assert list(out[:10]) == [0] * 10
    assert list(out[10:60]) == [1000] * 50
    assert list(out[60:110]) == [700] * 50
    assert list(out[110:160]) == [-300] * 50
    assert list(out[160:]) == [0] * 40
    assert mix([a, b]).frames == 160  # without a length: until the last sound ends


def test_a_loud_voice_over_a_beep_is_turned_down_only_where_needed() -> None:
    beep = Play(0, tone(0.2, level=16383), "tick", False)
    said = [_ann(0.0, "over", Kind.COUNT), _ann(1.0, "alone", Kind.COUNT)]
    voice = _phrases(over=0.3, alone=0.3)
    plays = clip_safe([beep], arrange(said, voice.get), voice_gain=2.0)
    over = next(p for p in plays if p.label == "over")
    alone = next(p for p in plays if p.label == "alone")
    assert peak(alone.pcm) == pytest.approx(2 * peak(voice["alone"]), abs=2)
    assert peak(over.pcm) < 2 * peak(voice["over"])
    track = mix(plays)
    assert peak(track) <= LIMIT < FULL_SCALE


def test_beeps_that_pile_up_are_turned_down_together() -> None:
    loud = [
        Play(0, tone(0.1, level=30000), "a", False),
        Play(0, tone(0.1, level=30000), "b", False),
    ]
    plays = clip_safe(loud, [], voice_gain=1.0)
    assert peak(mix(plays)) <= LIMIT


def test_a_cut_phrase_fades_out_at_the_cut() -> None:
    voice = _phrases(cue=3.0, two=0.3)
    said = [_ann(0.0, "cue", Kind.CUE, until=5.0), _ann(2.0, "two", Kind.COUNT)]
    plays = clip_safe([], arrange(said, voice.get), voice_gain=1.0)
    cue = next(p for p in plays if p.label == "cue")
    assert cue.end == 2 * RATE
    tail = cue.pcm.samples()[-3:]
    assert max(abs(s) for s in tail) < peak(voice["cue"]) // 50


def test_voice_gain_is_bounded() -> None:
    plan = _borden()
    with pytest.raises(ValueError, match="voice gain"):
        layout(plan, [], lambda text: None, {}, voice_gain=3.0)


def test_a_workout_with_a_loud_stand_in_voice_never_reaches_full_scale() -> None:
    plan = compile_plan(load_routine(CONTENT / "borden-back.yaml"), {ROUNDS: 1})
    said = announcements(plan)
    voice = {
        text: noise(0.1 + 0.04 * len(text), peak=VOICE_PEAK, seed=i + 1)
        for i, text in enumerate(phrases(said))
    }
    plays = layout(plan, said, voice.get, load_sounds(), voice_gain=2.0)
    track = mix(plays, to_frame(plan.total_seconds) + 2 * RATE)
    samples = track.samples()
    assert max(samples) <= LIMIT and -min(samples) <= LIMIT + 1
    # The beeps are all there, on their frames, whatever the voice does.
    assert [p.start for p in plays if not p.voice] == [
        p.start for p in beep_plays(plan, load_sounds())
    ]
    spoken = [p for p in plays if p.voice]
    for before, after in itertools.pairwise(spoken):
        assert before.end <= after.start


def test_spoken_counts_are_heard_on_the_beats_of_the_pause() -> None:
    choice = open_voice("auto")
    if choice.engine is None:
        pytest.skip(f"no speech engine here: {choice.describe()}")
    plan = _borden()
    said = announcements(plan, "counts")
    voice = {text: choice.engine.synth(text) for text in phrases(said)}
    sounds = load_sounds()
    track = mix(layout(plan, said, voice.get, sounds), to_frame(plan.total_seconds))
    samples = track.samples()
    pause = next(s for s in plan.steps if s.label == "Pause")
    for beat in (pause.start, pause.start + 1.0):
        at = to_frame(beat)
        # Speech over the beep: broadband sound in the 0.3 s after the beat, where a beep alone
        # is a pure tone.
        assert is_broadband(samples[at : at + round(0.3 * RATE)])
    # and in the silence of a rest, nothing at all at this level
    rest = next(s for s in plan.steps if s.kind == "rest")
    quiet = samples[to_frame(rest.start + 5) : to_frame(rest.start + 10)]
    assert max(quiet) == 0 == min(quiet)
