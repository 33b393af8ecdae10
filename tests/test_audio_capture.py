"""Tests that hear the sound: real backends play into ALSA's file plugin, and the captured samples
must be each event's sound, whole, at its pitch.

The capture needs no sound card: a standalone ALSA config (``ALSA_CONFIG_PATH``) makes the default
device a file writer over a null device. Each test runs playback in a subprocess, since ALSA reads
its config once per process.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from audio_helpers import (
    ROOT,
    SOUNDS,
    capture_config,
    captures,
    dominant_hz,
    make_sounds,
    samples_of,
    wav_frames,
)

from backtimer.audio.backends import simpleaudio_problem
from backtimer.audio.pcm import Pcm
from backtimer.core.events import SoundEvent

TONES = make_sounds().TONES


def _have_libasound() -> bool:
    try:
        ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or not _have_libasound(),
        reason="ALSA file capture needs Linux with libasound2",
    ),
    pytest.mark.slow,
]


def _simpleaudio_skip_reason() -> str | None:
    problem = simpleaudio_problem()
    if problem:
        return f"simpleaudio: {problem} (on Debian, apt-get install libasound2-dev first)"
    try:
        import simpleaudio  # noqa: F401
    except ImportError as exc:
        return f"simpleaudio cannot be imported: {exc}"
    return None


SIMPLEAUDIO_SKIP = _simpleaudio_skip_reason()
needs_simpleaudio = pytest.mark.skipif(SIMPLEAUDIO_SKIP is not None, reason=SIMPLEAUDIO_SKIP or "")


def _env(conf: Path) -> dict[str, str]:
    env = dict(os.environ, ALSA_CONFIG_PATH=str(conf))
    # miniaudio tries PulseAudio first; a sound server on a developer's machine would take the
    # sound away from the capture.
    env["PULSE_SERVER"] = "unix:/nonexistent"
    env.pop("BACKTIMER_CONFIG_DIR", None)
    return env


def _run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _sound_checks(backend: str, runs: list[tuple[dict[str, str], list[str]]]) -> list[str]:
    """``backtimer sounds --audio BACKEND`` once for each (environment, extra arguments), all at
    the same time (each spends its time waiting out its sounds); what each printed."""
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "backtimer",
                "sounds",
                "--audio",
                backend,
                "--pause",
                "0.05",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for env, extra in runs
    ]
    printed = []
    try:
        for proc in procs:
            stdout, stderr = proc.communicate(timeout=60)
            assert proc.returncode == 0, stdout + stderr
            assert stderr == "", stderr  # nothing may reach the terminal behind the UI
            assert f"playing through {backend}" in stdout, stdout
            printed.append(stdout)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return printed


def _sounds_command(backend: str, env: dict[str, str], *extra: str) -> str:
    return _sound_checks(backend, [(env, list(extra))])[0]


def _expect(event: SoundEvent, captured: bytes, volume: float = 1.0) -> None:
    """The captured samples are exactly the event's sound: same length, same pitch."""
    wav = wav_frames(SOUNDS / f"{event.value}.wav")
    want = Pcm(wav).scaled(volume)
    got = samples_of(captured)
    assert len(got) == want.frames, f"{event}: {len(got)} samples captured, {want.frames} expected"
    assert got == want.samples(), f"{event}: the captured samples differ from the WAV"
    assert dominant_hz(got) == pytest.approx(TONES[event.value].dominant_hz, rel=0.02)


def _find_in_order(stream: bytes, volume: float = 1.0) -> None:
    """Each event's sound appears in the stream, in order, whole, with silence in between."""
    at = 0
    total_sound = 0
    for event in SoundEvent:
        want = Pcm(wav_frames(SOUNDS / f"{event.value}.wav")).scaled(volume).data
        found = stream.find(want, at)
        assert found >= 0, f"{event} is not in the capture (after byte {at})"
        assert found % 2 == 0
        _expect(event, stream[found : found + len(want)], volume)
        at = found + len(want)
        total_sound += sum(1 for s in samples_of(want) if s)
    # Nothing else was played: every other sample is silence.
    assert sum(1 for s in samples_of(stream) if s) == total_sound


# -- miniaudio ---------------------------------------------------------------------------------


def test_miniaudio_plays_every_event_into_the_capture_and_applies_the_volume(
    tmp_path: Path,
) -> None:
    # Two sound checks side by side, each into a capture of its own: as it is, and at half
    # volume.
    volumes: dict[float, list[str]] = {1.0: [], 0.5: ["--volume", "0.5"]}
    setups: dict[float, tuple[Path, Path]] = {}
    for volume in volumes:
        folder = tmp_path / f"volume-{volume}"
        folder.mkdir()
        setups[volume] = capture_config(folder, truncate=False)
    printed = _sound_checks(
        "miniaudio", [(_env(setups[volume][0]), extra) for volume, extra in volumes.items()]
    )
    for stdout, (volume, (_conf, out)) in zip(printed, setups.items(), strict=True):
        assert "miniaudio (ALSA)" in stdout
        files = captures(out)
        # One device, opened once, for the whole sound check.
        assert len(files) == 1, files
        _find_in_order(files[0].read_bytes(), volume=volume)


def test_miniaudio_plays_a_users_own_wav_converted(tmp_path: Path) -> None:
    import math
    import wave

    mine = tmp_path / "mine.wav"
    rate = 22050
    with wave.open(str(mine), "wb") as w:  # 8-bit stereo at 22.05 kHz, 0.4 s of 600 Hz
        w.setnchannels(2)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                bytes([round(128 + 60 * math.sin(2 * math.pi * 600 * k / rate))]) * 2
                for k in range(round(0.4 * rate))
            )
        )
    conf, out = capture_config(tmp_path, truncate=False)
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from backtimer.audio import open_audio, SoundEvent
        p = open_audio("miniaudio", user_sounds={{SoundEvent.GO: Path({str(mine)!r})}})
        print(p.name, p.notices)
        p.play(SoundEvent.GO)
        time.sleep(0.5)
        p.close()
        """
    )
    result = _run([sys.executable, "-c", script], _env(conf))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.startswith("miniaudio ()"), result.stdout
    got = samples_of(captures(out)[0].read_bytes())
    loud = [i for i, s in enumerate(got) if abs(s) > 300]
    sound = got[loud[0] : loud[-1] + 1]
    assert len(sound) / 44100 == pytest.approx(0.4, abs=0.01)
    assert dominant_hz(sound) == pytest.approx(600, rel=0.02)


def test_exiting_without_close_stops_the_device_and_does_not_hang(tmp_path: Path) -> None:
    # A started miniaudio device left open at exit can hang the interpreter; the player's exit
    # hook stops and closes it, here while the device is still running.
    conf, _ = capture_config(tmp_path, truncate=False)
    script = textwrap.dedent(
        """
        import atexit
        # Registered before the player's hook, so it runs after it (atexit runs in reverse).
        atexit.register(lambda: print("device closed:", p._backend._device is None))
        from backtimer.audio import open_audio, SoundEvent
        from backtimer.audio.backends import MiniaudioBackend
        MiniaudioBackend.TAIL_SECONDS = 3600  # never idle: the device runs until exit
        p = open_audio("miniaudio")
        assert p.name == "miniaudio", p.describe()
        for e in SoundEvent:
            p.play(e)
        """
    )
    result = _run([sys.executable, "-c", script], _env(conf), timeout=20)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "device closed: True" in result.stdout


def test_miniaudio_with_no_device_reports_and_moves_on(tmp_path: Path) -> None:
    conf = tmp_path / "empty.conf"
    conf.write_text("# no devices at all\n")
    script = (
        "from backtimer.audio import open_audio\n"
        "notes = []\n"
        "p = open_audio('miniaudio', on_notice=notes.append, on_bell=lambda e: None)\n"
        "print(p.name); print(p.skipped); print(notes); p.close()\n"
    )
    result = _run([sys.executable, "-c", script], _env(conf))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    name, skipped, notes = result.stdout.splitlines()
    # Not miniaudio's silent null device: the bell, with one notice saying why.
    assert name == "bell"
    assert "miniaudio" in skipped and "no sound device" in skipped
    assert notes.count("Sound: miniaudio is not available") == 1


# -- simpleaudio ---------------------------------------------------------------------------------


@needs_simpleaudio
def test_simpleaudio_plays_every_event_into_the_capture(tmp_path: Path) -> None:
    conf, out = capture_config(tmp_path, truncate=False)
    _sounds_command("simpleaudio", _env(conf))
    files = captures(out)
    # simpleaudio opens the device for each sound, and ALSA writes one file per open: first the
    # silent probe that checks the device at open, then one file per event.
    assert len(files) == 1 + len(SoundEvent), files
    assert set(files[0].read_bytes()) == {0}
    for event, path in zip(SoundEvent, files[1:], strict=True):
        _expect(event, path.read_bytes())


@needs_simpleaudio
def test_simpleaudio_applies_the_volume(tmp_path: Path) -> None:
    conf, out = capture_config(tmp_path, truncate=False)
    _sounds_command("simpleaudio", _env(conf), "--volume", "0.25")
    for event, path in zip(SoundEvent, captures(out)[1:], strict=True):
        _expect(event, path.read_bytes(), volume=0.25)


@needs_simpleaudio
def test_simpleaudio_with_no_device_falls_back_to_miniaudio_then_bell(tmp_path: Path) -> None:
    conf = tmp_path / "empty.conf"
    conf.write_text("# no devices at all\n")
    script = (
        "from backtimer.audio import open_audio\n"
        "p = open_audio('auto', on_bell=lambda e: None)\n"
        "print(p.name); print(dict(p.skipped)); p.close()\n"
    )
    result = _run([sys.executable, "-c", script], _env(conf))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    name, skipped = result.stdout.splitlines()
    assert name == "bell"
    assert "cannot open the sound device" in skipped


def test_no_file_or_thread_leaks_over_many_sounds_and_reopenings(tmp_path: Path) -> None:
    # Each sound starts the device and each idle spell stops it (the capture drains at once);
    # each player opens and closes its own device. Neither may leave a descriptor or a thread.
    conf, _ = capture_config(tmp_path, truncate=True)
    script = textwrap.dedent(
        """
        import json, os, threading, time
        from backtimer.audio import open_audio, SoundEvent

        def counts():
            return len(os.listdir("/proc/self/fd")), threading.active_count()

        def settled(want, timeout=5.0):
            # The device stops on a thread of its own after an idle spell: on a busy machine
            # that can take a while. A leak never comes back to the count; a slow stop does.
            # The count before may itself have caught the device playing (more descriptors).
            end = time.monotonic() + timeout
            now = counts()
            while not (now[0] <= want[0] and now[1] <= want[1]) and time.monotonic() < end:
                time.sleep(0.02)
                now = counts()
            return now

        p = open_audio("miniaudio"); p.play(SoundEvent.TICK); time.sleep(0.1); p.close()
        before = counts()
        for _ in range(10):
            p = open_audio("miniaudio")
            assert p.name == "miniaudio", p.describe()
            for _ in range(5):
                p.play(SoundEvent.TICK)
                time.sleep(0.01)
            p.close()
        reopen = [before, settled(before)]
        p = open_audio("miniaudio")
        p.play(SoundEvent.TICK)
        time.sleep(0.1)
        before = counts()
        for _ in range(150):
            p.play(SoundEvent.TICK)
            time.sleep(0.01)
        end = time.monotonic() + 5  # the last sounds may still be on their way to the device
        while p.played + p.dropped < 151 and time.monotonic() < end:
            time.sleep(0.02)
        sounds = [before, settled(before)]
        out = {"reopen": reopen, "sounds": sounds, "played": p.played, "dropped": p.dropped}
        print(json.dumps(out))
        p.close()
        """
    )
    result = _run([sys.executable, "-c", script], _env(conf))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    counts = json.loads(result.stdout)
    # (open descriptors, threads) before and after
    for before, after in (counts["reopen"], counts["sounds"]):
        assert after[0] <= before[0] and after[1] <= before[1], counts
    # Each sound played, or dropped as too late to mark its moment (a loaded machine): none lost.
    assert counts["played"] + counts["dropped"] == 151 and counts["played"] > 100, counts


# -- a live run with the voice on -----------------------------------------------------------------

VOICED_ROUTINE = """\
title: Voiced
rounds: 1
count_seconds: 0.5
get_ready: 0
cue_seconds: 0
rest: {between_exercises: 0, between_rounds: 0}
exercises:
  - name: Lift
    reps: 1
    cues: [Lift and hold.]
    rep:
      - {move: Lift, counts: 1}
      - {hold: Hold, counts: 3}
"""

LIVE_VOICE_SCRIPT = """
import json, sys, time
from backtimer.audio import open_audio
from backtimer.audio.backends import OPENERS, MiniaudioBackend
from backtimer.audio.speech import VoiceSetup
from backtimer.audio.speech.announce import announcements
from backtimer.audio.speech.live import LiveVoice
from backtimer.core.loader import load_routine_text
from backtimer.core.plan import compile_plan
from backtimer.core.session import Session

handed = []  # (clock time, what) each sound reached the device's mixer

class Logged(MiniaudioBackend):
    def play(self, event, sound):
        handed.append((time.monotonic(), event.value))
        super().play(event, sound)

    def speak(self, sound):
        handed.append((time.monotonic(), "voice"))
        super().speak(sound)

openers = dict(OPENERS, miniaudio=Logged.open)
player = open_audio("miniaudio", openers=openers)
assert player.name == "miniaudio", player.describe()
voice = LiveVoice(VoiceSetup(sys.argv[1], level="phases"), player)
plan = compile_plan(load_routine_text(sys.argv[2]))
voice.prepare(plan)
deadline = time.monotonic() + 20
while (voice.renderer is None or not voice.renderer.done) and time.monotonic() < deadline:
    time.sleep(0.01)
voice.use_sounds(player.sounds, None)
session = Session(plan)
session.subscribe(lambda e: player.play(e.sound) if e.kind == "sound" else None)
voice.follow(session)
session.start()
while not session.finished:
    due = session.next_due()
    if due is not None:
        time.sleep(max(0.0, due - time.monotonic()))
    session.update()
time.sleep(1.0)
t0 = session.stats.started_at
beats = [(a.at, a.text) for a in announcements(plan, "phases")]
print(json.dumps({
    "t0": t0,
    "beats": beats,
    "spoken": voice.spoken,
    "handed": handed,
    "engine": voice.engine_name,
}))
voice.close()
player.close()
"""


def test_a_live_run_speaks_each_count_on_its_beat_with_its_beep(tmp_path: Path) -> None:
    """The voice and the beeps of a workout, live through miniaudio into the capture: each
    count's word reaches the mixer on its beat, beside its beep, and the mix never clips.

    ALSA's file plugin takes samples as fast as they come, so a capture keeps what was played,
    not when: the timing is read from when each sound reached the mixer, the sound from the file.
    """
    from backtimer.audio.speech import open_voice

    choice = open_voice("auto")
    choice.close()
    if choice.engine is None:
        pytest.skip(f"no speech engine: {choice.describe()}")
    from speech_helpers import is_broadband

    conf, out = capture_config(tmp_path, truncate=False)
    env = _env(conf)
    env["BACKTIMER_CACHE_DIR"] = str(tmp_path / "cache")
    script = [sys.executable, "-c", LIVE_VOICE_SCRIPT, choice.name, VOICED_ROUTINE]
    result = _run(script, env, timeout=90)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    run = json.loads(result.stdout)
    t0 = run["t0"]
    words = [(at, text) for at, text in run["spoken"]]
    beeps = [at for at, what in run["handed"] if what != "voice"]
    voiced = [at for at, what in run["handed"] if what == "voice"]
    assert len(voiced) == len(words)
    late = []
    for offset, text in run["beats"]:
        planned = t0 + offset
        said = [at for at, word in words if word == text and abs(at - planned) < 0.25]
        assert said, f"{text!r} at {offset} s was not said"
        late.append(said[0] - planned)
        # Its beep reached the mixer on the same beat: the voice held no count back.
        assert min(abs(b - planned) for b in beeps) < 0.05, (text, offset)
    late.sort()
    assert late[len(late) // 2] < 0.02, late
    assert late[-1] < 0.1, late
    # The capture holds the words (broadband) and never reaches full scale.
    stream = b"".join(path.read_bytes() for path in captures(out))
    samples = samples_of(stream)
    assert max(samples) < 32767 and min(samples) > -32768
    wanted = len(run["beats"]) // 2
    spoken = 0
    for at in range(0, len(samples), 4410):  # 0.1 s windows of the stream
        window = samples[at : at + 4410]
        if max(window) > 2000 and is_broadband(window):
            spoken += 1
            if spoken >= wanted:
                break
    assert spoken >= wanted
