"""The audio player with fake backends: play() never waits, fallback order and notices, recovery
from failures mid-workout, sound files that cannot be used, and no thread left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from audio_helpers import ROOT, SOUNDS, wav_frames

from backtimer.audio import (
    backend_chain,
    load_sounds,
    open_audio,
    resolve_sound_paths,
)
from backtimer.audio import backends as backends_mod
from backtimer.audio.backends import (
    Backend,
    BackendContext,
    BackendFailed,
    BackendUnavailable,
    BellBackend,
    Opener,
    _Mixer,
    simpleaudio_problem,
)
from backtimer.audio.pcm import Pcm, read_wav
from backtimer.audio.player import AudioPlayer
from backtimer.core.events import SoundEvent

# -- fakes -----------------------------------------------------------------------------------


class Fake(Backend):
    """Records what it plays; can be told to block, be slow, or fail."""

    name = "fake"

    def __init__(self, name: str, log: list[tuple[str, SoundEvent]]) -> None:
        self.name = name  # type: ignore[misc]
        self.log = log
        self.fail_on: int | None = None  # fail on the n-th play (1-based)
        self.fail_poll = False
        self.delay = 0.0
        self.gate: threading.Event | None = None
        self.plays = 0
        self.closed = 0

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        self.plays += 1
        if self.gate is not None:
            self.gate.wait(10)
        if self.delay:
            time.sleep(self.delay)
        if self.fail_on is not None and self.plays >= self.fail_on:
            raise BackendFailed("device lost")
        self.log.append((self.name, event))

    def poll(self) -> float | None:
        if self.fail_poll:
            raise BackendFailed("the sound device stopped taking sound")
        return None

    def close(self) -> None:
        self.closed += 1


class Bank:
    """Fake backends by name, and openers for the player."""

    def __init__(self, *names: str, unavailable: dict[str, str] | None = None) -> None:
        self.log: list[tuple[str, SoundEvent]] = []
        self.backends = {n: Fake(n, self.log) for n in names}
        self.unavailable = unavailable or {}
        self.opened: list[str] = []

    def opener(self, name: str) -> Opener:
        def open_(ctx: BackendContext) -> Backend:
            if name in self.unavailable:
                raise BackendUnavailable(self.unavailable[name])
            self.opened.append(name)
            return self.backends[name]

        return open_

    @property
    def openers(self) -> dict[str, Opener]:
        return {n: self.opener(n) for n in self.backends}


SOUNDS_ONCE = load_sounds()


def player(bank: Bank, chain: tuple[str, ...], **kw: object) -> AudioPlayer:
    return AudioPlayer(chain, SOUNDS_ONCE, openers=bank.openers, **kw)  # type: ignore[arg-type]


def wait_for(cond: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.005)


CHAIN = ("a", "b", "c", "off")


# -- play() never waits ----------------------------------------------------------------------


def test_play_returns_at_once_while_the_backend_is_busy() -> None:
    bank = Bank(*CHAIN)
    gate = threading.Event()
    bank.backends["a"].gate = gate  # the backend is stuck inside play()
    p = player(bank, CHAIN)
    try:
        # Every call comes back while the backend is still stuck: were play() to wait for it,
        # the calls would never end (the bound is only there to fail rather than hang).
        done = threading.Event()

        def plays() -> None:
            for _ in range(200):
                p.play(SoundEvent.TICK)
            done.set()

        threading.Thread(target=plays, daemon=True).start()
        assert done.wait(10)
        assert not gate.is_set() and bank.backends["a"].plays <= 1
    finally:
        gate.set()
        p.close()


def test_close_returns_even_if_the_backend_hangs() -> None:
    bank = Bank(*CHAIN)
    gate = threading.Event()
    bank.backends["a"].gate = gate
    before = threading.active_count()
    p = player(bank, CHAIN)
    p.play(SoundEvent.GO)
    wait_for(lambda: bank.backends["a"].plays == 1)
    t = time.monotonic()
    p.close(timeout=0.2)
    assert time.monotonic() - t < 1.0
    gate.set()
    wait_for(lambda: threading.active_count() == before)  # the worker then ends on its own


def test_sounds_are_played_in_order_on_the_first_backend() -> None:
    bank = Bank(*CHAIN)
    p = player(bank, CHAIN)
    for event in SoundEvent:
        p.play(event)
    wait_for(lambda: len(bank.log) == len(SoundEvent))
    p.close()
    assert bank.log == [("a", e) for e in SoundEvent]
    assert p.name == "a" and p.skipped == () and p.notices == ()
    assert p.played == len(SoundEvent)


# -- choosing a backend ----------------------------------------------------------------------


def test_auto_tries_simpleaudio_miniaudio_bell_off_in_that_order() -> None:
    assert backend_chain("auto") == ("simpleaudio", "miniaudio", "bell", "off")


def test_a_named_backend_falls_back_only_to_what_needs_no_device() -> None:
    assert backend_chain("miniaudio") == ("miniaudio", "bell", "off")
    assert backend_chain("simpleaudio") == ("simpleaudio", "bell", "off")
    assert backend_chain("bell") == ("bell", "off")
    assert backend_chain("off") == ("off",)
    with pytest.raises(ValueError, match="unknown audio backend"):
        backend_chain("pulse")


def test_unavailable_backends_are_skipped_with_their_reasons() -> None:
    names = ("simpleaudio", "miniaudio", "bell", "off")
    bank = Bank(*names, unavailable={"simpleaudio": "not installed", "miniaudio": "no card"})
    notices: list[str] = []
    p = player(bank, names, on_notice=notices.append)
    p.play(SoundEvent.GO)
    wait_for(lambda: bank.log == [("bell", SoundEvent.GO)])
    p.close()
    assert p.name == "bell"
    assert p.skipped == (("simpleaudio", "not installed"), ("miniaudio", "no card"))
    assert "simpleaudio: not installed" in p.describe()
    # Falling back to the bell is news for the person; one notice says so.
    assert len(notices) == 1 and "terminal bell" in notices[0]
    assert p.notices == tuple(notices)


def test_auto_landing_on_a_device_backend_needs_no_notice() -> None:
    names = ("simpleaudio", "miniaudio", "bell", "off")
    bank = Bank(*names, unavailable={"simpleaudio": "not installed"})
    notices: list[str] = []
    p = player(bank, names, on_notice=notices.append)
    p.close()
    assert p.name == "miniaudio" and notices == []
    assert p.skipped == (("simpleaudio", "not installed"),)


def test_a_named_backend_that_is_missing_gives_one_notice() -> None:
    bank = Bank("miniaudio", "bell", "off", unavailable={"miniaudio": "no card"})
    notices: list[str] = []
    p = player(bank, ("miniaudio", "bell", "off"), requested="miniaudio", on_notice=notices.append)
    p.close()
    assert p.name == "bell"
    assert notices == ["Sound: miniaudio is not available (no card); using bell."]


def test_when_everything_fails_the_workout_goes_on_silently() -> None:
    bank = Bank("a", "b", unavailable={"a": "x", "b": "y"})
    p = player(bank, ("a", "b"))
    p.play(SoundEvent.TICK)
    p.close()
    assert p.name == "off"


def test_a_backend_raising_anything_at_open_is_skipped() -> None:
    def broken(ctx: BackendContext) -> Backend:
        raise RuntimeError("segfault averted")

    bank = Bank("b", "off")
    p = AudioPlayer(("a", "b"), SOUNDS_ONCE, openers={"a": broken, **bank.openers})
    p.close()
    assert p.name == "b" and "segfault averted" in p.skipped[0][1]


# -- failures mid-workout --------------------------------------------------------------------


def test_a_backend_that_fails_mid_workout_hands_over_with_one_notice() -> None:
    bank = Bank(*CHAIN)
    bank.backends["a"].fail_on = 3
    notices: list[str] = []
    p = player(bank, CHAIN, on_notice=notices.append)
    events = [SoundEvent.TICK, SoundEvent.PHASE, SoundEvent.HOLD_START, SoundEvent.TICK]
    for event in events:
        p.play(event)
    wait_for(lambda: len(bank.log) == 4)
    p.close()
    # The sound that failed is played on the next backend, not lost.
    assert bank.log == [
        ("a", SoundEvent.TICK),
        ("a", SoundEvent.PHASE),
        ("b", SoundEvent.HOLD_START),
        ("b", SoundEvent.TICK),
    ]
    assert notices == ["Sound: a stopped working (device lost); now using b."]
    assert bank.backends["a"].closed == 1
    assert p.name == "b"
    assert ("a", "device lost") in p.skipped


def test_failures_cascade_down_the_chain() -> None:
    bank = Bank(*CHAIN)
    bank.backends["a"].fail_on = 1
    bank.backends["b"].fail_on = 1
    notices: list[str] = []
    p = player(bank, CHAIN, on_notice=notices.append)
    p.play(SoundEvent.GO)
    wait_for(lambda: bank.log == [("c", SoundEvent.GO)])
    p.close()
    assert len(notices) == 2 and p.name == "c"


def test_a_device_lost_between_sounds_is_noticed_by_polling() -> None:
    class Watchdog(Fake):
        def poll(self) -> float | None:
            if self.fail_poll:
                raise BackendFailed("the sound device stopped taking sound")
            return 0.01

    log: list[tuple[str, SoundEvent]] = []
    a = Watchdog("a", log)
    bank = Bank("b", "off")
    notices: list[str] = []
    p = AudioPlayer(
        ("a", "b", "off"),
        SOUNDS_ONCE,
        openers={"a": lambda ctx: a, **bank.openers},
        on_notice=notices.append,
    )
    p.play(SoundEvent.TICK)
    wait_for(lambda: len(log) == 1)
    a.fail_poll = True
    wait_for(lambda: p.name == "b")
    p.close()
    assert notices == [
        "Sound: a stopped working (the sound device stopped taking sound); now using b."
    ]


def test_a_failing_notice_callback_does_not_stop_the_sound() -> None:
    bank = Bank(*CHAIN)
    bank.backends["a"].fail_on = 1

    def bad(text: str) -> None:
        raise RuntimeError("UI gone")

    p = player(bank, CHAIN, on_notice=bad)
    p.play(SoundEvent.GO)
    p.play(SoundEvent.TICK)
    wait_for(lambda: len(bank.log) == 2)
    p.close()
    assert len(p.notices) == 1


def test_sounds_too_late_to_mean_anything_are_dropped() -> None:
    bank = Bank(*CHAIN)
    bank.backends["a"].delay = 0.1
    p = player(bank, CHAIN, max_lag=0.25)
    for _ in range(20):
        p.play(SoundEvent.TICK)
    wait_for(lambda: p.played + p.dropped == 20)
    p.close()
    assert p.dropped > 0 and p.played >= 2


# -- closing and leaks -----------------------------------------------------------------------


def test_close_joins_the_worker_and_closes_the_backend_once() -> None:
    bank = Bank(*CHAIN)
    before = threading.active_count()
    p = player(bank, CHAIN)
    p.play(SoundEvent.GO)
    p.close()
    assert threading.active_count() == before
    assert bank.backends["a"].closed == 1
    p.close()  # twice is fine
    p.play(SoundEvent.GO)  # and playing after close is ignored
    assert bank.backends["a"].closed == 1


def test_context_manager_closes() -> None:
    bank = Bank(*CHAIN)
    before = threading.active_count()
    with player(bank, CHAIN) as p:
        p.play(SoundEvent.GO)
    assert threading.active_count() == before
    assert bank.backends["a"].closed == 1


def test_no_threads_or_backends_left_after_many_players_and_many_sounds() -> None:
    before = threading.active_count()
    for _ in range(30):
        bank = Bank(*CHAIN)
        p = player(bank, CHAIN)
        for _ in range(100):
            p.play(SoundEvent.TICK)
        p.close()
        assert bank.backends["a"].closed == 1
    assert threading.active_count() == before


def test_a_long_workout_keeps_one_thread_and_bounded_memory() -> None:
    # 45 minutes of one sound a second, as fast as the worker takes them.
    bank = Bank(*CHAIN)
    before = threading.active_count()
    p = player(bank, CHAIN)
    assert threading.active_count() == before + 1
    for _ in range(2700):
        p.play(SoundEvent.TICK)
    wait_for(lambda: p.played == 2700)
    assert threading.active_count() == before + 1
    assert len(p.latencies()) <= 1000
    p.close()


# -- sound files -----------------------------------------------------------------------------


def test_shipped_sounds_are_decoded_at_full_volume_unchanged() -> None:
    sounds = load_sounds()
    assert set(sounds) == set(SoundEvent)
    for event, pcm in sounds.items():
        assert pcm.data == wav_frames(SOUNDS / f"{event.value}.wav")


def test_a_users_sound_replaces_the_shipped_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.wav"
    mine.write_bytes((SOUNDS / "workout-done.wav").read_bytes())
    sounds = load_sounds({SoundEvent.GO: mine})
    assert sounds[SoundEvent.GO] == read_wav(SOUNDS / "workout-done.wav")


def test_a_missing_or_corrupt_user_sound_falls_back_with_one_notice_each(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF....not really")
    notices: list[str] = []
    bank = Bank("a", "off")
    p = open_audio(
        "auto",
        user_sounds={SoundEvent.GO: tmp_path / "gone.wav", SoundEvent.TICK: bad},
        on_notice=notices.append,
        openers=bank.openers | {"simpleaudio": bank.opener("a")},
    )
    p.play(SoundEvent.GO)
    p.play(SoundEvent.GO)
    wait_for(lambda: len(bank.log) == 2)
    p.close()
    assert len(notices) == 2
    # In event order: tick comes before go.
    assert "bad.wav" in notices[0] and "not a WAV file" in notices[0]
    assert "gone.wav: no such file; using the built-in one" in notices[1]
    assert p.notices == tuple(notices)


def test_a_missing_shipped_sound_becomes_a_plain_beep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for event in SoundEvent:
        (tmp_path / f"{event.value}.wav").write_bytes((SOUNDS / f"{event.value}.wav").read_bytes())
    (tmp_path / "go.wav").write_bytes(b"garbage")
    import backtimer.settings.paths

    monkeypatch.setattr(backtimer.settings.paths, "sounds_dir", lambda: tmp_path)
    problems: list[str] = []
    sounds = load_sounds(on_problem=problems.append)
    assert len(problems) == 1 and "go.wav" in problems[0] and "plain beep" in problems[0]
    assert sounds[SoundEvent.GO].frames > 0


def test_volume_is_applied_once_at_open() -> None:
    full = load_sounds()
    half = load_sounds(volume=0.5)
    for event in SoundEvent:
        assert max(half[event].samples()) == pytest.approx(max(full[event].samples()) / 2, abs=1)
    with pytest.raises(ValueError, match="volume"):
        load_sounds(volume=1.5)
    with pytest.raises(ValueError, match="volume"):
        open_audio("off", volume=-0.1)


def test_sound_paths_are_relative_to_their_file(tmp_path: Path) -> None:
    paths = resolve_sound_paths({SoundEvent.GO: "go.wav", SoundEvent.TICK: "/abs/t.wav"}, tmp_path)
    assert paths == {SoundEvent.GO: tmp_path / "go.wav", SoundEvent.TICK: Path("/abs/t.wav")}


# -- the real bell and off backends, and the mixer --------------------------------------------


def test_the_bell_calls_the_ui_with_each_event() -> None:
    rung: list[SoundEvent] = []
    p = open_audio("bell", on_bell=rung.append)
    assert p.name == "bell"
    p.play(SoundEvent.GO)
    p.play(SoundEvent.TICK)
    wait_for(lambda: len(rung) == 2)
    p.close()
    assert rung == [SoundEvent.GO, SoundEvent.TICK]


def test_a_bell_callback_that_raises_falls_back_to_off_with_a_notice() -> None:
    def ring(event: SoundEvent) -> None:
        raise RuntimeError("no screen")

    notices: list[str] = []
    p = open_audio("bell", on_bell=ring, on_notice=notices.append)
    p.play(SoundEvent.GO)
    wait_for(lambda: p.name == "off")
    p.close()
    assert len(notices) == 1 and "bell stopped working" in notices[0]


def test_the_default_bell_writes_bel_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    r, w = os.pipe()
    monkeypatch.setattr(backends_mod, "_open_tty", lambda: w)
    bell = BellBackend.open(BackendContext({}))
    bell.play(SoundEvent.GO, Pcm(b""))
    bell.close()
    assert os.read(r, 10) == b"\a"
    os.close(r)


def test_off_is_always_there() -> None:
    p = open_audio("off")
    p.play(SoundEvent.GO)
    p.close()
    assert p.name == "off" and p.notices == ()


def test_the_mixer_passes_one_sound_through_unchanged_then_drains_once() -> None:
    drained: list[int] = []
    mixer = _Mixer(tail_frames=100, on_drained=lambda: drained.append(1))
    data = Pcm.from_samples(__import__("array").array("h", range(-500, 500))).data
    mixer.add(data)
    out = b"".join(mixer.render(64) for _ in range(16))  # 1024 frames
    assert out[: len(data)] == data and set(out[len(data) :]) == {0}
    assert not mixer.idle()
    for _ in range(3):
        mixer.render(64)
    assert mixer.idle() and drained == [1]
    for _ in range(3):
        assert mixer.render(64) == bytes(128)
    assert drained == [1]


def test_the_mixer_sums_overlapping_sounds_and_never_clips() -> None:
    from array import array

    mixer = _Mixer(tail_frames=0, on_drained=lambda: None)
    mixer.add(Pcm.from_samples(array("h", [1000, 20000, -20000, 5])).data)
    mixer.add(Pcm.from_samples(array("h", [1, 10000, -10000])).data)
    assert list(Pcm(mixer.render(4)).samples()) == [1001, 30000, -30000, 5]
    # Past full scale, the whole period is turned down to fit instead of clipped.
    mixer.add(Pcm.from_samples(array("h", [1000, 30000, -30000, 5])).data)
    mixer.add(Pcm.from_samples(array("h", [1, 10000, -10000])).data, spoken=True)
    out = list(Pcm(mixer.render(4)).samples())
    assert out == [1001 * 32767 // 40000, 32767, -32767, 5 * 32767 // 40000]


# -- simpleaudio is only loaded where it cannot crash ----------------------------------------


@pytest.mark.parametrize(
    ("python", "plain", "patched", "ok"),
    [
        ((3, 11), "1.0.4", None, True),
        ((3, 11), None, "1.0.5", True),
        ((3, 12), "1.0.4", None, False),
        ((3, 13), None, "1.0.5", True),
        ((3, 12), "1.0.4", "1.0.5", False),
        ((3, 12), None, None, False),
    ],
)
def test_simpleaudio_is_refused_where_1_0_4_would_crash(
    monkeypatch: pytest.MonkeyPatch,
    python: tuple[int, int],
    plain: str | None,
    patched: str | None,
    ok: bool,
) -> None:
    versions = {"simpleaudio": plain, "simpleaudio-patched": patched}
    monkeypatch.setattr(backends_mod, "_dist_version", versions.get)
    problem = simpleaudio_problem(python)
    assert (problem is None) == ok, problem
    if plain is None and patched is None:
        assert problem is not None and "not installed" in problem


# -- the audio package stays UI-free ----------------------------------------------------------


def test_the_audio_package_imports_no_textual() -> None:
    code = (
        "import sys; import backtimer.audio, backtimer.audio.player, backtimer.audio.backends, "
        "backtimer.audio.pcm, backtimer.audio.alsa, backtimer.cli.sounds, backtimer.core.wavcheck; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'miniaudio', "
        "'simpleaudio')]; print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# -- the real command, on a machine with no sound device -------------------------------------


def _no_card_env(tmp_path: Path) -> dict[str, str]:
    # An ALSA config with no devices at all: "no sound card", whatever this machine has.
    conf = tmp_path / "empty-asound.conf"
    conf.write_text("# no devices\n")
    env = dict(os.environ, ALSA_CONFIG_PATH=str(conf), PULSE_SERVER="unix:/nonexistent")
    # An empty config folder of the test's own: the user's config.yaml must not pick the backend.
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    env["BACKTIMER_CONFIG_DIR"] = str(config)
    return env


def test_sounds_command_with_no_device_prints_no_alsa_text(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "sounds", "--pause", "0"],
        cwd=ROOT,
        env=_no_card_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert "ALSA" not in result.stderr and "Traceback" not in result.stderr
    assert "skipped miniaudio:" in result.stdout
    for event in SoundEvent:
        assert f"  {event.value} " in result.stdout


def test_sounds_command_with_audio_off(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_cli("sounds", "--audio", "off")
    assert result.returncode == 0, result.stderr
    assert "playing through off" in result.stdout and "Sound is off." in result.stdout
    assert result.stderr == ""


def test_sounds_command_rejects_an_unknown_backend(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_cli("sounds", "--audio", "loud")
    assert result.returncode == 2
    assert "auto" in result.stderr and "miniaudio" in result.stderr


def test_alsa_errors_are_silenced_before_any_backend_opens(tmp_path: Path) -> None:
    code = (
        "from backtimer.audio import open_audio; "
        "p = open_audio('miniaudio'); print(p.name); p.close()"
    )
    env = _no_card_env(tmp_path)
    quiet = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert quiet.stdout.strip() in ("bell", "off")
    assert quiet.stderr == ""
    # The same open without the silencing is what would garble the screen.
    loud_code = (
        "import importlib; ma = importlib.import_module('miniaudio')\n"
        "try:\n    ma.PlaybackDevice(nchannels=1, backends=[ma.Backend.ALSA])\n"
        "except Exception: pass\n"
    )
    loud = subprocess.run(
        [sys.executable, "-c", loud_code], env=env, capture_output=True, text=True
    )
    if "ALSA lib" not in loud.stderr:
        pytest.skip("this libasound prints nothing on a failed open; nothing to silence")


# -- simpleaudio's handling of a busy device, with a stand-in for the module --------------------


class FakePlay:
    def __init__(self, device: FakeSimpleaudio) -> None:
        self.device = device
        self.playing = True

    def is_playing(self) -> bool:
        return self.playing

    def stop(self) -> None:
        self.playing = False


class FakeSimpleaudio:
    """Like a device with no software mixer: a second stream fails while one plays."""

    def __init__(self) -> None:
        self.started: list[bytes] = []
        self.objects: list[FakePlay] = []
        self.broken = False

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> FakePlay:
        assert (channels, width, rate) == (1, 2, 44100)
        if self.broken or any(p.playing for p in self.objects):
            raise RuntimeError(
                "Error opening PCM device. -- CODE: -16 -- MSG: Device or resource busy"
            )
        self.started.append(data)
        self.objects.append(FakePlay(self))
        return self.objects[-1]


def test_simpleaudio_cuts_its_own_sound_short_on_a_busy_device() -> None:
    module = FakeSimpleaudio()
    backend = backends_mod.SimpleaudioBackend(module)
    backend.play(SoundEvent.GO, Pcm(b"\1\0"))
    backend.play(SoundEvent.TICK, Pcm(b"\2\0"))  # the GO is still "playing"
    assert module.started == [b"\1\0", b"\2\0"]
    assert [p.playing for p in module.objects] == [False, True]
    backend.close()
    assert not any(p.playing for p in module.objects)


def test_simpleaudio_that_cannot_open_the_device_fails_over() -> None:
    module = FakeSimpleaudio()
    module.broken = True
    backend = backends_mod.SimpleaudioBackend(module)
    with pytest.raises(
        BackendFailed, match="cannot open the sound device: Device or resource busy"
    ):
        backend.play(SoundEvent.GO, Pcm(b"\1\0"))
