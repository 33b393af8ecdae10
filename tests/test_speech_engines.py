"""Speech engines: each one that is installed speaks broadband sound at the mixer's rate, and the
chain passes over the others with a one-line reason."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from speech_helpers import is_broadband, peak

from backtimer.audio.pcm import RATE, Pcm, beep
from backtimer.audio.speech import ENGINE_ORDER, engine_chain, open_voice
from backtimer.audio.speech.engines import (
    Engine,
    EngineUnavailable,
    EspeakLibraryEngine,
    EspeakProgramEngine,
    PiperEngine,
    SayEngine,
    VoiceOptions,
)
from backtimer.audio.speech.wavdata import VOICE_PEAK

PHRASE = "Pause. Two. One."


def _espeak_program(options: VoiceOptions) -> Engine:
    if shutil.which("espeak-ng") is None:
        pytest.skip("the espeak-ng program is not installed (apt-get install espeak-ng)")
    return EspeakProgramEngine.open(options)


def _espeak_library(options: VoiceOptions) -> Engine:
    if importlib.util.find_spec("espeakng_loader") is None:
        pytest.skip("espeakng-loader is not installed (pip install espeakng-loader)")
    return EspeakLibraryEngine.open(options)


def _say(options: VoiceOptions) -> Engine:
    if sys.platform != "darwin" or shutil.which("say") is None:
        pytest.skip("say is only on macOS")
    return SayEngine.open(options)


def _piper(options: VoiceOptions) -> Engine:
    model = os.environ.get("BACKTIMER_TEST_PIPER_MODEL")
    if importlib.util.find_spec("piper") is None or not model:
        pytest.skip("Piper needs piper-tts and a voice model (BACKTIMER_TEST_PIPER_MODEL)")
    return PiperEngine.open(VoiceOptions(speed=options.speed, model=Path(model)))


ENGINES: dict[str, Callable[[VoiceOptions], Engine]] = {
    "espeak-ng": _espeak_program,
    "espeakng-loader": _espeak_library,
    "say": _say,
    "piper": _piper,
}


@pytest.fixture(params=list(ENGINES))
def open_engine(request: pytest.FixtureRequest) -> Callable[[VoiceOptions], Engine]:
    return ENGINES[request.param]


def test_every_engine_of_the_chain_is_tested() -> None:
    assert set(ENGINES) == set(ENGINE_ORDER)


def test_an_engine_speaks_broadband_sound_at_the_mixer_rate(
    open_engine: Callable[[VoiceOptions], Engine],
) -> None:
    engine = open_engine(VoiceOptions())
    pcm = engine.synth(PHRASE)
    # Three short words at 175 words a minute: about a second and a half, not a click or a minute.
    assert 0.6 < pcm.seconds < 4.0
    assert len(pcm.data) == 2 * pcm.frames
    samples = pcm.samples()
    assert is_broadband(samples)
    assert not is_broadband(beep(880.0, pcm.seconds).samples())  # the measure can tell
    # Every engine comes out at one level, and its lead-in silence is gone: the first sound is
    # within 2 ms of the start, so a count said on a beat is heard on the beat.
    assert abs(peak(pcm) - VOICE_PEAK) <= 1
    onset = next(i for i, s in enumerate(samples) if abs(s) > VOICE_PEAK // 50)
    assert onset <= RATE // 500


def test_an_engine_speaks_faster_at_a_higher_speed(
    open_engine: Callable[[VoiceOptions], Engine],
) -> None:
    slow = open_engine(VoiceOptions(speed=120)).synth(PHRASE)
    fast = open_engine(VoiceOptions(speed=300)).synth(PHRASE)
    assert fast.seconds < 0.75 * slow.seconds


def test_a_phrase_that_looks_like_an_option_is_spoken_as_text(
    open_engine: Callable[[VoiceOptions], Engine],
) -> None:
    # Passed as an argument, "-v hello" would pick a voice named "hello" and fail.
    pcm = open_engine(VoiceOptions()).synth("-v hello")
    assert pcm.seconds > 0.3


def test_an_engine_key_changes_with_voice_and_speed(
    open_engine: Callable[[VoiceOptions], Engine],
) -> None:
    base = open_engine(VoiceOptions())
    faster = open_engine(VoiceOptions(speed=200))
    assert base.key != faster.key
    assert base.key.startswith(base.name)


@pytest.mark.parametrize(
    ("opener", "message"),
    [
        (_espeak_program, "The specified espeak-ng voice does not exist."),
        (_espeak_library, "no voice 'qq'"),
    ],
)
def test_an_unknown_voice_is_refused_when_the_engine_opens(
    opener: Callable[[VoiceOptions], Engine], message: str
) -> None:
    with pytest.raises(EngineUnavailable) as err:
        opener(VoiceOptions(voice="qq"))
    assert str(err.value) == message


def test_the_espeak_library_still_speaks_after_a_voice_was_refused() -> None:
    with pytest.raises(EngineUnavailable):
        _espeak_library(VoiceOptions(voice="qq"))
    assert _espeak_library(VoiceOptions(voice="en-us")).synth("two").seconds > 0.1


def test_options_refuse_a_speed_out_of_range_and_an_option_for_a_voice() -> None:
    with pytest.raises(ValueError, match="80 to 450"):
        VoiceOptions(speed=20)
    with pytest.raises(ValueError, match="not a voice name"):
        VoiceOptions(voice="--stdout")


# ---------------------------------------------------------------------------------------------
# the chain and its reasons


def test_the_chain_for_each_name() -> None:
    assert engine_chain("auto") == ("espeak-ng", "espeakng-loader", "say", "piper")
    assert engine_chain("off") == ()
    assert engine_chain("say") == ("say",)
    with pytest.raises(ValueError, match="unknown voice engine 'espeak'"):
        engine_chain("espeak")


def test_a_program_not_on_path_is_skipped_with_its_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    choice = open_voice("espeak-ng")
    assert choice.engine is None
    assert choice.notices == ("skipped espeak-ng: not on PATH",)
    assert choice.describe() == "off (skipped espeak-ng: not on PATH)"


def test_say_is_skipped_away_from_macos() -> None:
    with pytest.raises(EngineUnavailable, match=r"^only on macOS$"):
        SayEngine.open(VoiceOptions(), platform="linux")


def test_piper_without_a_model_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable) as err:
        PiperEngine.open(VoiceOptions())
    assert str(err.value) == "needs a voice model file (voice_model in config.yaml)"
    missing = tmp_path / "en_US-lessac-medium.onnx"
    with pytest.raises(EngineUnavailable) as err:
        PiperEngine.open(VoiceOptions(model=missing))
    assert str(err.value) == f"voice model {missing} not found"


def test_piper_with_a_file_that_is_not_a_model_fails_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "voice.onnx"
    junk.write_bytes(b"not a model")
    installed = importlib.util.find_spec("piper") is not None
    with pytest.raises(EngineUnavailable) as err:
        PiperEngine.open(VoiceOptions(model=junk))
    if installed:
        assert str(err.value) == f"voice model config {junk}.json not found"
    else:
        assert str(err.value) == "not installed (pip install piper-tts)"
    (tmp_path / "voice.onnx.json").write_text("{}")
    with pytest.raises(EngineUnavailable) as err:
        PiperEngine.open(VoiceOptions(model=junk))
    if installed:
        assert str(err.value).startswith(f"cannot load voice model {junk} (")
    assert "\n" not in str(err.value)


def test_auto_falls_back_along_the_chain_and_keeps_every_reason() -> None:
    opened: list[str] = []

    class Quiet(Engine):
        name = "espeakng-loader"

        def synth(self, text: str) -> Pcm:
            return Pcm(b"")

    def unavailable(why: str) -> Callable[[VoiceOptions], Engine]:
        def opener(options: VoiceOptions) -> Engine:
            raise EngineUnavailable(why)

        return opener

    def works(options: VoiceOptions) -> Engine:
        opened.append("espeakng-loader")
        return Quiet(options)

    openers = {
        "espeak-ng": unavailable("not on PATH"),
        "espeakng-loader": works,
        "say": unavailable("only on macOS"),
        "piper": unavailable("needs a voice model file"),
    }
    choice = open_voice("auto", openers=openers)
    assert choice.name == "espeakng-loader" and opened == ["espeakng-loader"]
    assert choice.notices == ("skipped espeak-ng: not on PATH",)
    # Nothing works: no voice, and every reason in order.
    openers["espeakng-loader"] = unavailable("not installed (pip install 'backtimer[voice]')")
    none = open_voice("auto", openers=openers)
    assert none.engine is None and none.name == "off"
    assert none.notices == (
        "skipped espeak-ng: not on PATH",
        "skipped espeakng-loader: not installed (pip install 'backtimer[voice]')",
        "skipped say: only on macOS",
        "skipped piper: needs a voice model file",
    )
    assert open_voice("off", openers=openers).describe() == "off"


def test_the_real_auto_chain_opens_an_installed_engine_or_says_why_not() -> None:
    choice = open_voice("auto")
    try:
        tried = [name for name, _ in choice.skipped]
        assert tried == list(ENGINE_ORDER[: len(tried)])  # passed over in order
        if choice.engine is None:
            assert len(choice.skipped) == len(ENGINE_ORDER)
        else:
            assert choice.engine.name == ENGINE_ORDER[len(tried)]
            assert all(line.count("\n") == 0 for line in choice.notices)
    finally:
        choice.close()


# ---------------------------------------------------------------------------------------------
# say, driven through a stand-in program (the real one is only on macOS)

_FAKE_SAY = """#!{python}
import math, struct, sys, wave
args = sys.argv[1:]
out = args[args.index("-o") + 1]
assert "--file-format=WAVE" in args and "--data-format=LEI16@22050" in args, args
assert args[-2:] == ["-f", "-"], args
text = sys.stdin.read()
n = 22050 * len(text.split()) // 4  # a quarter second a word
with wave.open(out, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(22050)
    w.writeframes(b"".join(struct.pack("<h", int(9000 * math.sin(k / 5))) for k in range(n)))
"""


def test_say_reads_its_file_and_converts_it(tmp_path: Path) -> None:
    program = tmp_path / "say"
    program.write_text(_FAKE_SAY.format(python=sys.executable))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    engine = SayEngine.open(VoiceOptions(), program=str(program), platform="darwin")
    pcm = engine.synth("one two three four")
    # A second of 22050 Hz sound comes out at the mixer's rate, its level brought to the voice's.
    assert pcm.frames == pytest.approx(RATE, abs=RATE // 50)
    assert abs(peak(pcm) - VOICE_PEAK) <= 1
