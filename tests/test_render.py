"""``backtimer render``: the rendered file decoded and checked against the plan, on the shipped
routines: its length, every beep on its planned sample, speech where the counts and the exercises
are, nothing at full scale; the other formats, the chapter lists, and the errors."""

from __future__ import annotations

import io
import json
import sys
import wave
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, RunCli
from speech_helpers import is_broadband

from backtimer.audio import load_sounds
from backtimer.audio.pcm import RATE
from backtimer.audio.speech import open_voice
from backtimer.audio.speech.announce import count_beats
from backtimer.audio.speech.arrange import to_frame
from backtimer.audio.speech.mixdown import FULL_SCALE, beep_plays
from backtimer.cli.render import Bar
from backtimer.core.adjustments import ROUNDS
from backtimer.core.loader import load_routine, load_routine_text
from backtimer.core.plan import Plan, compile_plan

SHORT = """\
title: "Short \\"one\\""
rounds: 2
count_seconds: 1.0
get_ready: 2
cue_seconds: 2
rest: {between_exercises: 3, between_rounds: 4}
exercises:
  - id: row
    name: Row
    reps: 2
    cues: [Sit tall.]
    rep:
      - {move: Pull, counts: 1}
      - {hold: Squeeze, counts: 2}
"""


@pytest.fixture(autouse=True)
def speech_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One phrase cache for the whole run: each test renders only what is new to it."""
    folder = tmp_path_factory.getbasetemp() / "speech-cache"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv("BACKTIMER_CACHE_DIR", str(folder))
    return folder


@cache
def _have_voice() -> bool:
    choice = open_voice("auto")
    choice.close()
    return choice.engine is not None


def _samples(path: Path) -> Any:
    np = pytest.importorskip("numpy")
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def _short(tmp_path: Path) -> Path:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    return path


def _sliding_energy(x: Any, n: int) -> Any:
    """The energy of every run of ``n`` samples of ``x``."""
    np = pytest.importorskip("numpy")
    total = np.concatenate(([0.0], np.cumsum(x * x)))
    return total[n:] - total[:-n]


def _onset_error(samples: Any, frame: int, template: Any) -> int:
    """Frames between ``frame`` and where ``template`` best fits the samples, within 10 ms: the
    lag of the highest normalised cross-correlation, so a louder stretch (a word over the beep)
    does not pull the fit towards it."""
    np = pytest.importorskip("numpy")
    reach = RATE // 100
    lo = max(0, frame - reach)
    window = samples[lo : frame + reach + len(template)].astype(np.float64)
    t = template.astype(np.float64)
    fit = np.correlate(window, t, mode="valid")
    score = fit / np.sqrt(np.maximum(_sliding_energy(window, len(t)), 1e-9))
    return int(np.argmax(score)) + lo - frame


@pytest.mark.parametrize("name", ["borden-back", "train-your-back"])
def test_a_rendered_round_is_the_plan_long_with_each_beep_and_word_in_place(
    run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    np = pytest.importorskip("numpy")
    out = tmp_path / "round.wav"
    result = run_cli("render", name, "-o", str(out), "--rounds", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: ")
    plan = compile_plan(load_routine(CONTENT / f"{name}.yaml"), {ROUNDS: 1})
    samples = _samples(out)
    # Exactly the plan's length.
    assert abs(len(samples) - plan.total_seconds * RATE) <= RATE // 100
    # Nothing at full scale, where voice and beeps meet or anywhere else.
    assert int(np.max(np.abs(samples.astype(np.int32)))) < FULL_SCALE
    # Each count's beep starts on its planned sample (within 5 ms), speech or not over it.
    sounds = load_sounds()
    end = to_frame(plan.total_seconds)
    beats = {
        to_frame(step.start + offset)
        for step in plan.steps
        for offset in count_beats(step)
        if to_frame(step.start + offset) < end - RATE  # the closing second is the finale's
    }
    checked = 0
    for beep in beep_plays(plan, sounds):
        if beep.start not in beats:
            continue
        template = np.frombuffer(beep.pcm.data[: 2 * RATE // 50], dtype="<i2")
        assert abs(_onset_error(samples, beep.start, template)) <= RATE // 200, beep
        checked += 1
    assert checked >= len(beats)
    if not _have_voice():
        pytest.skip("no speech engine here: the beeps are checked, the words cannot be")
    # Speech (broadband, where a beep is a pure tone) at each count of each hold...
    window = round(0.25 * RATE)
    for step in plan.steps:
        if step.kind == "hold":
            for offset in count_beats(step):
                at = to_frame(step.start + offset)
                assert is_broadband(samples[at : at + window].tolist()), (step, offset)
    # ... and where each exercise begins (its name is said).
    starts = [s for s in plan.steps if s.kind in ("setup", "get-ready", "move")]
    firsts = {s.exercise_index: s for s in reversed(starts)}
    for step in firsts.values():
        at = to_frame(step.start)
        assert is_broadband(samples[at : at + window].tolist()), step


def test_the_closing_sounds_end_with_the_file(run_cli: RunCli, tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    out = tmp_path / "short.wav"
    assert run_cli("render", str(_short(tmp_path)), "-o", str(out)).returncode == 0
    samples = _samples(out)
    sounds = load_sounds()
    done = np.frombuffer(sounds[next(e for e in sounds if e.value == "workout-done")].data, "<i2")
    # The workout-done beep is there whole, in the last two seconds, not cut by the end.
    reach = 2 * RATE
    tail = samples[-reach:].astype(np.float64)
    t = done.astype(np.float64)
    size = len(tail) + len(t)
    spectrum = np.fft.rfft(tail, size) * np.conj(np.fft.rfft(t, size))
    fit = np.fft.irfft(spectrum, size)[: len(tail) - len(t) + 1]  # np.correlate, by FFT
    score = fit / np.sqrt(np.maximum(_sliding_energy(tail, len(t)), 1e-9) * float(t @ t))
    at = int(np.argmax(score))
    assert score[at] > 0.5
    assert len(samples) - reach + at + len(done) <= len(samples)
    if _have_voice():
        # "Workout complete" is said over the last second, not cut off by the end.
        assert is_broadband(samples[-RATE:].tolist())
        # It ends with the file: the last count gave way to it, and it is not cut short.
        assert is_broadband(samples[-RATE // 5 :].tolist())


def test_voice_off_renders_the_beeps_alone(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "beeps.wav"
    result = run_cli("render", str(_short(tmp_path)), "-o", str(out), "--voice", "off")
    assert result.returncode == 0 and "no voice" in result.stdout
    samples = _samples(out)
    plan = compile_plan(load_routine(_short(tmp_path)))
    squeeze = next(s for s in plan.steps if s.kind == "hold")
    at = to_frame(squeeze.start + 1.0)  # the second count: its tick alone, a pure tone
    assert not is_broadband(samples[at : at + round(0.25 * RATE)].tolist())


@pytest.mark.parametrize("fmt", ["flac", "ogg", "mp3"])
def test_other_formats_decode_to_the_plans_length(
    run_cli: RunCli, tmp_path: Path, fmt: str
) -> None:
    soundfile = pytest.importorskip("soundfile")
    out = tmp_path / f"short.{fmt}"
    result = run_cli("render", str(_short(tmp_path)), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f", {fmt.upper()}, " in result.stdout
    decoded, rate = soundfile.read(str(out), dtype="int16")
    plan = compile_plan(load_routine(_short(tmp_path)))
    assert rate == RATE
    assert abs(len(decoded) - plan.total_seconds * RATE) <= RATE // 100
    if fmt == "flac":  # lossless: the very samples of the WAV
        wav = tmp_path / "short.wav"
        assert run_cli("render", str(_short(tmp_path)), "-o", str(wav)).returncode == 0
        assert decoded.tobytes() == _samples(wav).tobytes()


def test_format_flag_wins_over_the_extension(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "track.audio"
    result = run_cli("render", str(_short(tmp_path)), "-o", str(out), "--format", "WAV")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:4] == b"RIFF"


def test_a_format_that_needs_soundfile_says_how_to_get_it(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "soundfile", None)  # as if it were not installed
    out = tmp_path / "out" / "workout.mp3"
    out.parent.mkdir()
    result = run_cli("render", str(_short(tmp_path)), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr == (
        "backtimer: FLAC, OGG and MP3 need the soundfile package: "
        "pip install 'backtimer[render]' (WAV needs nothing)\n"
    )
    assert list(out.parent.iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.aiff"], "x.aiff: unknown format '.aiff'; use one of wav, flac, ogg, mp3"),
        (["-o", "x"], "x: no extension to tell the format by; add one or --format"),
        (["-o", "x.wav", "--format", "opus"], "--format: unknown format 'opus'; choose one of"),
        (["-o", "x.wav", "--chapters", "x.txt"], "--chapters x.txt: the extension picks"),
        (["-o", "x.wav", "--voice", "robot"], "--voice: unknown engine 'robot'; choose one of"),
        (["-o", "x.wav", "--voice-level", "some"], "--voice-level: unknown level 'some'"),
        (["-o", "x.wav", "--rounds", "0"], "--rounds: must be from 1 to"),
        (
            ["-o", "x.wav", "--rounds", "40", "--chapters", "x.cue"],
            "a CUE sheet holds at most 99 tracks and this workout has 239 chapters; "
            "write them as JSON",
        ),
    ],
)
def test_what_cannot_be_rendered_is_refused_before_any_work(
    run_cli: RunCli, tmp_path: Path, args: list[str], message: str
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    result = run_cli("render", "borden-back", *args, cwd=here)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"backtimer: {message}"), result.stderr
    assert list(here.iterdir()) == []


def test_a_file_that_cannot_be_written_is_reported(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "folder" / "b.wav"
    result = run_cli("render", str(_short(tmp_path)), "-o", str(out), "--voice", "off")
    assert result.returncode == 74  # Exit.OUTPUT
    assert result.stderr == f"backtimer: cannot write {out}: No such file or directory\n"
    assert "Traceback" not in result.stderr


def test_a_chapter_list_that_cannot_be_written_is_named(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "w.wav"
    listing = out / "w.json"  # in a "folder" that is the audio file
    args = ("render", str(_short(tmp_path)), "-o", str(out), "--chapters", str(listing))
    result = run_cli(*args, "--voice", "off")
    assert result.returncode == 74
    assert result.stderr.startswith(f"backtimer: cannot write {listing}: ")
    assert out.exists()  # the audio was written first, whole


def _chapter_plan(tmp_path: Path) -> Plan:
    return compile_plan(load_routine(_short(tmp_path)))


def test_chapters_as_a_cue_sheet(run_cli: RunCli, tmp_path: Path) -> None:
    out, sheet = tmp_path / "audio" / "w.wav", tmp_path / "w.cue"
    out.parent.mkdir()
    args = ("render", str(_short(tmp_path)), "-o", str(out), "--chapters", str(sheet))
    assert run_cli(*args, "--voice", "off").returncode == 0
    assert sheet.read_text() == (
        'REM COMMENT "backtimer"\n'
        "TITLE \"Short 'one'\"\n"
        'FILE "audio/w.wav" WAVE\n'
        "  TRACK 01 AUDIO\n"
        '    TITLE "Row (round 1 of 2)"\n'
        "    INDEX 01 00:00:00\n"
        "  TRACK 02 AUDIO\n"
        '    TITLE "Rest, next: Row"\n'
        "    INDEX 01 00:08:00\n"
        "  TRACK 03 AUDIO\n"
        '    TITLE "Row (round 2 of 2)"\n'
        "    INDEX 01 00:12:00\n"
    )


def test_chapters_as_json_follow_the_plan(run_cli: RunCli, tmp_path: Path) -> None:
    out, listing = tmp_path / "w.ogg", tmp_path / "w.json"
    pytest.importorskip("soundfile")
    args = ("render", str(_short(tmp_path)), "-o", str(out), "--chapters", str(listing))
    assert run_cli(*args, "--voice", "off").returncode == 0
    data = json.loads(listing.read_text())
    plan = _chapter_plan(tmp_path)
    assert data["file"] == "w.ogg" and data["total_seconds"] == plan.total_seconds == 20.0
    assert [(c["start"], c["end"], c["kind"], c["round"]) for c in data["chapters"]] == [
        (0.0, 8.0, "exercise", 1),
        (8.0, 12.0, "rest", 2),
        (12.0, 20.0, "exercise", 2),
    ]
    rest = next(s for s in plan.steps if s.kind == "rest")
    assert data["chapters"][1]["start"] == rest.start


def test_borden_back_has_a_chapter_for_each_exercise_of_each_round_and_each_rest(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from backtimer.audio.speech.chapters import chapters

    plan = compile_plan(load_routine(CONTENT / "borden-back.yaml"))
    found = chapters(plan)
    assert [c.kind for c in found] == ["exercise", "rest"] * 8 + ["exercise"]
    assert [c.title for c in found[:3]] == [
        "Lat pull down (round 1 of 3)",
        "Rest, next: Seated row",
        "Seated row (round 1 of 3)",
    ]
    rests = [s for s in plan.steps if s.kind == "rest"]
    assert [c.start for c in found if c.kind == "rest"] == [s.start for s in rests]
    assert found[-1].end == plan.total_seconds


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_and_is_cleared() -> None:
    stream = _Tty()
    bar = Bar(stream)
    bar.stage("phrases")(1.0)
    bar.stage("write")(1.0)
    bar.done()
    text = stream.getvalue()
    assert "[" + "#" * 14 in text and "speaking phrases" in text
    assert "100% writing" in text
    assert text.endswith("\r")  # the line is blanked for what comes after
    quiet = io.StringIO()
    Bar(quiet).stage("mix")(0.5)
    assert quiet.getvalue() == ""


def test_rendering_uses_your_saved_settings_like_show(
    run_cli: RunCli, tmp_path: Path, config_dir: Path
) -> None:
    assert run_cli("show", "borden-back", "--rounds", "1", "--save").returncode == 0
    shown = run_cli("show", "borden-back", "--json")
    total = json.loads(shown.stdout)["total_seconds"]
    out = tmp_path / "saved.wav"
    assert run_cli("render", "borden-back", "-o", str(out), "--voice", "off").returncode == 0
    with wave.open(str(out), "rb") as w:
        assert w.getnframes() == to_frame(total)


def test_a_routine_text_with_control_characters_reaches_no_chapter_raw(tmp_path: Path) -> None:
    from backtimer.audio.speech.chapters import cue_sheet

    text = SHORT.replace("name: Row", 'name: "Row\\u001b[2J\\nnow"')
    sheet = cue_sheet(compile_plan(load_routine_text(text)), "w.wav", "wav")
    assert "\x1b" not in sheet and "Row [2J now (round 1 of 2)" in sheet
