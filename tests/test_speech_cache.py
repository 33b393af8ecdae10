"""The phrase cache and the background renderer: hits, misses, damaged files, cancelling, and a
``get`` that never waits."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from speech_helpers import noise

from backtimer.audio.pcm import Pcm
from backtimer.audio.speech import default_cache_dir
from backtimer.audio.speech.cache import PhraseCache
from backtimer.audio.speech.engines import Engine, EngineFailed, VoiceOptions
from backtimer.audio.speech.renderer import PhraseRenderer

PHRASES = ["Pull", "Pause", "two", "Return", "Rest, thirty seconds"]


class Scripted(Engine):
    """An engine whose phrases are noise a tenth of a second a letter; counts what it is asked.

    ``gate``, when given, holds every phrase until it is set; ``broken`` phrases fail.
    """

    name = "scripted"

    def __init__(self, gate: threading.Event | None = None, broken: tuple[str, ...] = ()) -> None:
        super().__init__(VoiceOptions())
        self.asked: list[str] = []
        self.started = threading.Event()
        self.gate = gate
        self.broken = broken

    def synth(self, text: str) -> Pcm:
        self.asked.append(text)
        self.started.set()
        if self.gate is not None:
            self.gate.wait(10)
        if text in self.broken:
            raise EngineFailed("cannot say that")
        return noise(0.01 * len(text), seed=len(text))


def _renderer(engine: Engine, folder: Path, **kw: object) -> PhraseRenderer:
    return PhraseRenderer(engine, PhraseCache(folder, engine.key), **kw)  # type: ignore[arg-type]


def test_a_phrase_is_stored_and_found_again(tmp_path: Path) -> None:
    cache = PhraseCache(tmp_path, "espeak-ng|1.51||175")
    assert cache.load("two") is None
    pcm = noise(0.2)
    assert cache.store("two", pcm)
    assert cache.load("two") == pcm
    assert cache.path("two").parent == tmp_path / "espeak-ng"
    assert not [p for p in cache.folder.iterdir() if p.suffix != ".wav"]  # no temporary left


def test_the_key_holds_engine_voice_speed_and_text(tmp_path: Path) -> None:
    keys = ["espeak-ng|1.51||175", "espeak-ng|1.51|en-us|175", "espeak-ng|1.51||200", "say|||175"]
    paths = {PhraseCache(tmp_path, key).path(text) for key in keys for text in ("two", "Two")}
    assert len(paths) == 2 * len(keys)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short by a full disk
        lambda data: b"",  # an empty file
        lambda data: b"garbage" * 10,
        lambda data: data[:44],  # a header and no samples
    ],
)
def test_a_damaged_file_is_a_miss_and_is_removed(tmp_path: Path, damage: object) -> None:
    cache = PhraseCache(tmp_path, "espeak-ng|1.51||175")
    cache.store("Pause", noise(0.3))
    path = cache.path("Pause")
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert cache.load("Pause") is None
    assert not path.exists()


def test_a_read_only_cache_is_reported_once_and_speech_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    notices: list[str] = []
    engine = Scripted()
    renderer = _renderer(engine, blocker, on_notice=notices.append)
    renderer.request(PHRASES)
    assert renderer.wait(10)
    renderer.close()
    assert all(renderer.get(text) is not None for text in PHRASES)
    assert len(notices) == 1 and "cannot write the phrase cache" in notices[0]


def test_the_renderer_renders_misses_and_a_second_start_reads_them_all(tmp_path: Path) -> None:
    first = Scripted()
    renderer = _renderer(first, tmp_path)
    renderer.request(PHRASES)
    assert renderer.wait(10)
    renderer.close()
    assert first.asked == PHRASES  # in the order asked for
    assert renderer.progress == (len(PHRASES), len(PHRASES))
    assert renderer.get("Pause") == noise(0.05, seed=5)

    second = Scripted()
    again = _renderer(second, tmp_path)
    again.request(PHRASES)
    assert again.wait(10)
    again.close()
    assert second.asked == []
    assert again.from_cache == len(PHRASES)
    assert again.get("Rest, thirty seconds") == renderer.get("Rest, thirty seconds")


def test_a_damaged_file_is_rendered_again(tmp_path: Path) -> None:
    warm = _renderer(Scripted(), tmp_path)
    warm.request(PHRASES)
    assert warm.wait(10)
    warm.close()
    cache = PhraseCache(tmp_path, Scripted().key)
    path = cache.path("Return")
    path.write_bytes(path.read_bytes()[:60])
    engine = Scripted()
    renderer = _renderer(engine, tmp_path)
    renderer.request(PHRASES)
    assert renderer.wait(10)
    renderer.close()
    assert engine.asked == ["Return"]
    assert renderer.get("Return") == noise(0.06, seed=6)
    assert cache.load("Return") == noise(0.06, seed=6)  # and the file is whole again


def test_get_never_waits_and_is_none_until_ready(tmp_path: Path) -> None:
    gate = threading.Event()
    engine = Scripted(gate=gate)
    renderer = _renderer(engine, tmp_path)
    renderer.request(PHRASES)
    assert engine.started.wait(10)
    # The worker is inside the engine, holding the first phrase: asking returns at once.
    assert renderer.get("Pull") is None
    assert renderer.progress == (0, len(PHRASES))
    renderer.request(["more"])  # asking for more does not wait either
    gate.set()
    assert renderer.wait(10)
    renderer.close()
    assert renderer.get("Pull") is not None and renderer.get("more") is not None


def test_cancelling_stops_the_worker_between_phrases(tmp_path: Path) -> None:
    gate = threading.Event()
    cancel = threading.Event()
    engine = Scripted(gate=gate)
    renderer = _renderer(engine, tmp_path, cancel=cancel)
    renderer.request(PHRASES)
    assert engine.started.wait(10)
    cancel.set()
    gate.set()
    renderer.close()
    assert engine.asked == ["Pull"]  # the phrase under way finishes; no other starts
    assert renderer.get("Pause") is None
    assert not renderer.wait(0)  # not everything was rendered, and waiting says so at once
    renderer.request(["later"])  # a cancelled renderer takes no more work
    assert engine.asked == ["Pull"]


def test_a_phrase_that_fails_is_told_once_and_the_rest_are_spoken(tmp_path: Path) -> None:
    notices: list[str] = []
    engine = Scripted(broken=("Pause", "two"))
    renderer = _renderer(engine, tmp_path, on_notice=notices.append)
    renderer.request(PHRASES)
    assert renderer.wait(10)
    renderer.close()
    assert renderer.failed == {"Pause": "cannot say that", "two": "cannot say that"}
    assert notices == ["Voice: scripted cannot speak a phrase (cannot say that)."]
    assert renderer.get("Return") is not None and renderer.get("Pause") is None


def test_no_engine_renders_nothing(tmp_path: Path) -> None:
    renderer = PhraseRenderer(None, PhraseCache(tmp_path, "off"))
    renderer.request(PHRASES)
    assert renderer.progress == (0, 0)
    assert renderer.get("Pull") is None
    assert renderer.wait(0)
    renderer.close()


def test_ready_phrases_are_announced_as_they_come(tmp_path: Path) -> None:
    ready: list[str] = []
    renderer = _renderer(Scripted(), tmp_path, on_ready=ready.append)
    renderer.request(PHRASES)
    assert renderer.wait(10)
    renderer.close()
    assert ready == PHRASES


def test_the_default_cache_is_the_platform_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    monkeypatch.delenv("BACKTIMER_CACHE_DIR", raising=False)  # the suite's own folder
    folder = default_cache_dir()
    assert folder.parts[-2:] == ("backtimer", "speech")
    if sys.platform.startswith("linux"):
        assert folder == Path("/somewhere/cache/backtimer/speech")
