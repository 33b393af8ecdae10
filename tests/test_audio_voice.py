"""The player's voice stream: phrases go to the backend beside the beeps, hush stops only them,
and a backend that cannot play samples says nothing."""

from __future__ import annotations

import threading
from array import array

from backtimer.audio import load_sounds
from backtimer.audio.backends import Backend, BackendContext, BellBackend, OffBackend, _Mixer
from backtimer.audio.pcm import RATE, Pcm
from backtimer.audio.player import AudioPlayer
from backtimer.core.events import SoundEvent


class Keeps(Backend):
    """Remembers, in order, each beep, phrase and hush it is given."""

    name = "keeps"

    def __init__(self) -> None:
        self.log: list[str] = []
        self.done = threading.Event()

    def play(self, event: SoundEvent, sound: Pcm) -> None:
        self.log.append(event.value)

    def speak(self, sound: Pcm) -> None:
        self.log.append(f"voice {sound.frames}")

    def hush(self) -> None:
        self.log.append("hush")
        self.done.set()

    def close(self) -> None:
        pass


def test_phrases_and_hushes_reach_the_backend_in_order_with_the_beeps() -> None:
    backend = Keeps()
    player = AudioPlayer(("keeps",), load_sounds(), openers={"keeps": lambda ctx: backend})
    try:
        player.play(SoundEvent.TICK)
        player.speak(Pcm(bytes(2 * 300)))
        player.hush()
        assert backend.done.wait(5)
        assert backend.log == ["tick", "voice 300", "hush"]
        assert player.sounds[SoundEvent.TICK].frames > 0
    finally:
        player.close()
    player.speak(Pcm(bytes(2)))  # after close: ignored, no error
    player.hush()


def test_the_bell_and_off_say_nothing() -> None:
    rung: list[SoundEvent] = []
    bell = BellBackend.open(BackendContext({}, on_bell=rung.append))
    bell.speak(Pcm(bytes(200)))
    bell.hush()
    OffBackend().speak(Pcm(bytes(200)))
    assert rung == []


def _steady(level: int, frames: int) -> bytes:
    return Pcm.from_samples(array("h", [level] * frames)).data


def test_hush_fades_a_phrase_out_within_5_ms_and_the_beep_plays_on() -> None:
    mixer = _Mixer(tail_frames=0, on_drained=lambda: None)
    mixer.add(_steady(1000, RATE), spoken=True)  # a second of "speech"
    mixer.add(_steady(100, RATE))  # a second of "beep"
    first = Pcm(mixer.render(100)).samples()
    assert list(first) == [1100] * 100
    mixer.hush()
    after = Pcm(mixer.render(RATE // 10)).samples()
    fade = RATE // 200
    assert after[0] > after[fade - 1] > 100  # fading
    assert list(after[fade:]) == [100] * (len(after) - fade)  # the beep alone
    # A second hush with nothing spoken changes nothing.
    mixer.hush()
    assert list(Pcm(mixer.render(10)).samples()) == [100] * 10


def test_speech_starts_the_device_like_a_beep() -> None:
    """A phrase alone (no beep) must make the miniaudio device run: it goes through the same
    path as a beep."""
    from backtimer.audio.backends import MiniaudioBackend

    started: list[object] = []

    class Device:
        backend = "fake"

        def start(self, feed: object) -> None:
            started.append(feed)

        def stop(self) -> None:
            pass

        def close(self) -> None:
            pass

    backend = MiniaudioBackend(object(), Device(), lambda: None)
    backend.speak(Pcm(_steady(500, 100)))
    assert len(started) == 1
