"""The user's own config file, ``config.yaml`` in the config folder: audio, volume, sounds, voice.

It is read and checked exactly like a routine, so a problem in it is ``PATH:LINE:COLUMN: message``,
and so is every ``sounds:`` entry that names no playable file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from backtimer.core.events import SoundEvent

# The names are re-exported: callers and tests spell them as the config's.
from backtimer.settings.choices import AudioName as AudioName
from backtimer.settings.choices import VoiceLevelName as VoiceLevelName
from backtimer.settings.choices import VoiceName as VoiceName
from backtimer.settings.choices import WeightUnit as WeightUnit
from backtimer.settings.paths import user_config_dir


@dataclass(frozen=True, kw_only=True, slots=True)
class UserConfig:
    """What a user can set once for every routine; None is not set (the default applies)."""

    audio: AudioName | None = None  # sound backend (--audio wins over this)
    volume: float | None = None  # 0 to 1
    theme: str | None = None  # a Textual theme, e.g. nord or gruvbox
    sounds: dict[SoundEvent, str] = field(default_factory=dict)  # relative to the config folder
    voice: VoiceName | None = None  # speech engine, or off (--voice wins)
    voice_level: VoiceLevelName | None = None  # counts, phases, cues or all (--voice-level wins)
    voice_model: str | None = None  # Piper's voice model file, .onnx
    voice_speed: int | None = None  # words a minute
    log: bool | None = None  # record workouts in the training log (default true)
    units: WeightUnit | None = None  # weights in the training log: kg or lb


def config_path() -> Path:
    return user_config_dir() / "config.yaml"


def load_user_config(path: Path | None = None) -> UserConfig:
    """The user's config (empty when there is none), or ContentErrors naming every problem."""
    path = path if path is not None else config_path()
    try:
        path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return UserConfig()  # no file: nothing to read, so neither YAML nor pydantic is loaded
    except OSError:
        pass  # a folder that cannot be read: read_text says so, at the file's first line
    from backtimer.core.content import ContentError, ContentErrors, read_text
    from backtimer.core.loader import parse_document, validate
    from backtimer.settings.config_file import ConfigFile

    name = str(path)
    doc = parse_document(read_text(path), name)
    checked = validate(ConfigFile, doc, name)
    config = UserConfig(**{f.name: getattr(checked, f.name) for f in fields(UserConfig)})
    problems = []
    for event, file in config.sounds.items():
        problem = sound_problem(file, path.parent)
        if problem:
            line, col = doc.position(("sounds", event.value))
            problems.append(ContentError(name, line + 1, col + 1, f"sound '{file}': {problem}"))
    if problems:
        raise ContentErrors(problems)
    return config


def resolve(file: str, base: Path) -> Path:
    """A ``sounds:`` entry as a path: ``~`` expanded, relative to ``base``. Raises ValueError
    for a name that can name no file (a NUL character, ``~`` of a user who does not exist)."""
    if "\0" in file:
        raise ValueError("a file name cannot hold a NUL character")
    try:
        target = Path(file).expanduser()
    except RuntimeError:
        raise ValueError(f"there is no home folder for '{file.split('/', 1)[0]}'") from None
    return target if target.is_absolute() else base / target


def sound_problem(file: str, base: Path) -> str | None:
    """Why the ``sounds:`` entry ``file`` cannot be played, or None."""
    from backtimer.core.wavcheck import check_wav

    try:
        return check_wav(resolve(file, base))
    except (OSError, ValueError) as exc:
        return str(exc)
