"""The ways a phrase can be spoken offline: espeak-ng (program or library), macOS ``say``, Piper.

Each engine turns a phrase into a ``Pcm`` at the mixer's rate (see ``wavdata.voice_pcm``).
Opening raises ``EngineUnavailable`` with a one-line reason a person can read, as the sound
backends do; ``open_voice`` walks a chain of them and keeps those reasons. An engine is used by
one worker thread at a time (the phrase renderer); the espeak-ng library, whose state is global
to the process, also serialises its calls behind one lock.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib
import shutil
import subprocess
import sys
import tempfile
import threading
from abc import ABC, abstractmethod
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from backtimer.audio.pcm import Pcm
from backtimer.audio.speech.wavdata import SpeechWavError, decode_wav, voice_pcm

DEFAULT_SPEED = 175
"""Words per minute: espeak-ng's own default, clear enough to follow while moving."""
MIN_SPEED, MAX_SPEED = 80, 450
_TIMEOUT = 30.0  # seconds for one phrase from a program; espeak-ng takes milliseconds


class EngineUnavailable(Exception):
    """An engine that cannot be used here; the message says why in one line, for a person."""


class EngineFailed(Exception):
    """An engine that could not speak one phrase; the message says why, for a person."""


@dataclass(frozen=True)
class VoiceOptions:
    """How to speak: the engine's voice name (None: its default), speed, and a Piper model."""

    voice: str | None = None
    speed: int = DEFAULT_SPEED  # words per minute
    model: Path | None = None  # Piper's voice model (.onnx); its .onnx.json sits beside it

    def __post_init__(self) -> None:
        if not MIN_SPEED <= self.speed <= MAX_SPEED:
            raise ValueError(
                f"speech speed must be {MIN_SPEED} to {MAX_SPEED} words a minute, got {self.speed}"
            )
        if self.voice is not None and not _voice_name_ok(self.voice):
            raise ValueError(f"not a voice name: {self.voice!r}")


def _voice_name_ok(name: str) -> bool:
    # Passed to programs as one argument: no option look-alikes, no control characters.
    return 0 < len(name) <= 100 and not name.startswith("-") and name.isprintable()


class Engine(ABC):
    """One open speech engine. ``synth`` is called from one thread at a time."""

    name: ClassVar[str]

    def __init__(self, options: VoiceOptions) -> None:
        self.options = options

    @property
    def version(self) -> str:
        """The engine's own version, or '' if it does not say."""
        return ""

    @property
    def detail(self) -> str:
        """The engine for a person: 'espeak-ng 1.51, voice en, 175 wpm'."""
        parts = [f"{self.name} {self.version}".strip()]
        if self.options.voice:
            parts.append(f"voice {self.options.voice}")
        parts.append(f"{self.options.speed} wpm")
        return ", ".join(parts)

    @property
    def key(self) -> str:
        """What the sound of a phrase depends on besides its text: the phrase cache's key."""
        options = self.options
        return "|".join((self.name, self.version, options.voice or "", str(options.speed)))

    @abstractmethod
    def synth(self, text: str) -> Pcm:
        """The phrase spoken, trimmed, at the mixer's rate; EngineFailed if it cannot be."""

    def close(self) -> None:
        """Releases what the engine holds. Must not raise."""
        return None


Opener = Callable[[VoiceOptions], Engine]


def _probe(engine: Engine) -> None:
    """Speaks one word, so that an engine that cannot speak is passed over when it opens."""
    try:
        pcm = engine.synth("ok")
    except EngineFailed as exc:
        raise EngineUnavailable(str(exc)) from None
    if not pcm.data:
        raise EngineUnavailable("spoke nothing for a test word")


# ---------------------------------------------------------------------------------------------
# espeak-ng, the program


def _first_line(text: bytes) -> str:
    for line in text.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()
    return ""


class EspeakProgramEngine(Engine):
    """The ``espeak-ng`` program, one process per phrase, WAV on its standard output."""

    name = "espeak-ng"

    def __init__(self, options: VoiceOptions, program: str, version: str) -> None:
        super().__init__(options)
        self._program = program
        self._version = version

    @classmethod
    def open(cls, options: VoiceOptions, program: str = "espeak-ng") -> EspeakProgramEngine:
        path = shutil.which(program)
        if path is None:
            raise EngineUnavailable("not on PATH")
        try:
            out = subprocess.run(
                [path, "--version"], capture_output=True, timeout=_TIMEOUT, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineUnavailable(f"cannot be run ({exc})") from None
        # "eSpeak NG text-to-speech: 1.51  Data at: ..."
        words = _first_line(out.stdout).split()
        version = words[words.index("text-to-speech:") + 1] if "text-to-speech:" in words else ""
        engine = cls(options, path, version)
        # Speaking a word is the only way to learn that the voice exists and its data is found.
        _probe(engine)
        return engine

    @property
    def version(self) -> str:
        return self._version

    def synth(self, text: str) -> Pcm:
        cmd = [self._program, "--stdout", "-b", "1", "-s", str(self.options.speed)]
        if self.options.voice:
            cmd += ["-v", self.options.voice]
        try:
            # The text goes in on stdin: a phrase starting with '-' is never read as an option.
            out = subprocess.run(
                cmd, input=text.encode("utf-8"), capture_output=True, timeout=_TIMEOUT, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineFailed(f"espeak-ng could not be run ({exc})") from None
        if out.returncode != 0:
            why = _first_line(out.stderr).removeprefix("Error: ") or f"exit status {out.returncode}"
            raise EngineFailed(why)
        try:
            rate, samples = decode_wav(out.stdout)
        except SpeechWavError as exc:
            raise EngineFailed(f"espeak-ng wrote {exc}") from None
        return voice_pcm(samples, rate)


# ---------------------------------------------------------------------------------------------
# espeak-ng, the library from the espeakng-loader wheel

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # without it, a missing data folder ends the whole process
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Library:
    """libespeak-ng, initialised once per process: its state is global, so one lock guards it."""

    lock = threading.Lock()
    lib: Any = None
    rate = 0
    version = ""
    problem: str | None = None
    _collected = bytearray()

    @classmethod
    def load(cls) -> None:
        """Loads and initialises the library once; raises EngineUnavailable with the reason."""
        with cls.lock:
            if cls.lib is not None:
                return
            if cls.problem is not None:
                raise EngineUnavailable(cls.problem)
            try:
                cls._load()
            except EngineUnavailable as exc:
                cls.problem = str(exc)
                raise

    @classmethod
    def _load(cls) -> None:
        try:
            loader = importlib.import_module("espeakng_loader")
        except ImportError:
            raise EngineUnavailable("not installed (pip install 'backtimer[voice]')") from None
        try:
            lib = ctypes.CDLL(str(loader.get_library_path()))
            data = str(loader.get_data_path())
        except (OSError, RuntimeError, AttributeError) as exc:
            raise EngineUnavailable(f"cannot be loaded ({exc})") from None
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_Info.restype = ctypes.c_char_p
        rate = lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), _INITIALIZE_DONT_EXIT
        )
        if rate <= 0:
            raise EngineUnavailable(f"cannot start (no voice data at {data})")
        lib.espeak_SetSynthCallback(_on_samples)
        cls.lib, cls.rate = lib, rate
        info = (lib.espeak_Info(None) or b"").decode("ascii", "replace").split()
        cls.version = info[0] if info else ""

    @classmethod
    def synth(cls, text: str, voice: str, speed: int) -> tuple[int, array[int]]:
        with cls.lock:
            lib = cls.lib
            if lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise EngineFailed(f"no voice '{voice}'")
            lib.espeak_SetParameter(_PARAM_RATE, speed, 0)
            cls._collected = bytearray()
            data = text.encode("utf-8") + b"\0"
            err = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            if err == 0:
                err = lib.espeak_Synchronize()
            if err != 0:
                raise EngineFailed(f"espeak-ng library error {err}")
            raw = bytes(cls._collected)
            cls._collected = bytearray()
        samples = array("h")
        samples.frombytes(raw)  # the library hands shorts in the machine's own order
        return cls.rate, samples

    @classmethod
    def collect(cls, wav: Any, count: int, events: Any) -> int:
        # Called by the library inside espeak_Synth, on the same thread, with the lock held.
        if wav and count > 0:
            cls._collected += ctypes.string_at(wav, 2 * count)
        return 0  # 0: go on synthesising


# Kept at module level for the life of the process: the library holds this pointer.
_on_samples = _SYNTH_CALLBACK(_Library.collect)


class EspeakLibraryEngine(Engine):
    """libespeak-ng from the ``espeakng-loader`` wheel, through ctypes: no process per phrase."""

    name = "espeakng-loader"
    DEFAULT_VOICE = "en"

    @classmethod
    def open(cls, options: VoiceOptions) -> EspeakLibraryEngine:
        _Library.load()
        engine = cls(options)
        _probe(engine)
        return engine

    @property
    def version(self) -> str:
        return _Library.version

    def synth(self, text: str) -> Pcm:
        rate, samples = _Library.synth(
            text, self.options.voice or self.DEFAULT_VOICE, self.options.speed
        )
        return voice_pcm(samples, rate)


# ---------------------------------------------------------------------------------------------
# say, on macOS


class SayEngine(Engine):
    """macOS ``say``, writing 16-bit WAV to a temporary file."""

    name = "say"

    def __init__(self, options: VoiceOptions, program: str) -> None:
        super().__init__(options)
        self._program = program

    @classmethod
    def open(
        cls, options: VoiceOptions, program: str = "say", platform: str = sys.platform
    ) -> SayEngine:
        if platform != "darwin":
            raise EngineUnavailable("only on macOS")
        path = shutil.which(program)
        if path is None:
            raise EngineUnavailable("not on PATH")
        engine = cls(options, path)
        _probe(engine)
        return engine

    def synth(self, text: str) -> Pcm:
        with tempfile.TemporaryDirectory(prefix="backtimer-say-") as folder:
            out = Path(folder) / "phrase.wav"
            cmd = [
                self._program,
                "-o",
                str(out),
                "--file-format=WAVE",
                "--data-format=LEI16@22050",
                "-r",
                str(self.options.speed),
            ]
            if self.options.voice:
                cmd += ["-v", self.options.voice]
            cmd += ["-f", "-"]  # the text on stdin, never taken for an option
            try:
                done = subprocess.run(
                    cmd,
                    input=text.encode("utf-8"),
                    capture_output=True,
                    timeout=_TIMEOUT,
                    check=False,
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise EngineFailed(f"say could not be run ({exc})") from None
            if done.returncode != 0:
                raise EngineFailed(_first_line(done.stderr) or f"exit status {done.returncode}")
            try:
                rate, samples = decode_wav(out.read_bytes())
            except (OSError, SpeechWavError) as exc:
                raise EngineFailed(f"say wrote no usable sound ({exc})") from None
        return voice_pcm(samples, rate)


# ---------------------------------------------------------------------------------------------
# Piper


class PiperEngine(Engine):
    """A Piper (``piper-tts``) voice model: natural-sounding, about half a second a phrase."""

    name = "piper"

    def __init__(self, options: VoiceOptions, voice: Any, config_cls: Any, model_id: str) -> None:
        super().__init__(options)
        self._voice = voice
        self._config_cls = config_cls
        self._model_id = model_id

    @classmethod
    def open(cls, options: VoiceOptions) -> PiperEngine:
        model = options.model
        if model is None:
            raise EngineUnavailable("needs a voice model file (voice_model in config.yaml)")
        model = model.expanduser()
        try:
            st = model.stat()
        except OSError:
            raise EngineUnavailable(f"voice model {model} not found") from None
        try:
            piper = importlib.import_module("piper")
        except ImportError:
            raise EngineUnavailable("not installed (pip install piper-tts)") from None
        except Exception as exc:  # a broken install failing to link its native parts
            raise EngineUnavailable(f"cannot be loaded ({exc})") from None
        config = model.with_name(model.name + ".json")
        if not config.is_file():
            raise EngineUnavailable(f"voice model config {config} not found")
        try:
            voice = piper.PiperVoice.load(str(model), config_path=str(config))
            config_cls = piper.SynthesisConfig
        except Exception as exc:
            why = f"{type(exc).__name__}: {exc}" if isinstance(exc, LookupError) else str(exc)
            raise EngineUnavailable(f"cannot load voice model {model} ({why})") from None
        # A different model file under the same name must not reuse the old one's phrases.
        ident = f"{model.resolve()}|{st.st_size}|{st.st_mtime_ns}"
        model_id = hashlib.sha256(ident.encode()).hexdigest()[:16]
        return cls(options, voice, config_cls, model_id)

    @property
    def key(self) -> str:
        return f"{super().key}|{self._model_id}"

    def synth(self, text: str) -> Pcm:
        config = self._config_cls(length_scale=DEFAULT_SPEED / self.options.speed)
        raw = bytearray()
        rate = 0
        try:
            for chunk in self._voice.synthesize(text, syn_config=config):
                rate = int(chunk.sample_rate)
                raw += chunk.audio_int16_bytes
        except Exception as exc:
            raise EngineFailed(f"piper failed ({exc})") from None
        samples = array("h")
        samples.frombytes(bytes(raw))  # numpy's int16 bytes, in the machine's own order
        return voice_pcm(samples, rate or 22050)


# ---------------------------------------------------------------------------------------------
# the chain

OPENERS: Mapping[str, Opener] = {
    "espeak-ng": EspeakProgramEngine.open,
    "espeakng-loader": EspeakLibraryEngine.open,
    "say": SayEngine.open,
    "piper": PiperEngine.open,
}
"""Every engine by name, in the order ``auto`` tries them."""
