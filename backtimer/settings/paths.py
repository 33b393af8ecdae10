"""Where shipped content, sounds and the user's own files live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # the backtimer package folder
_APP = "backtimer"


def _data_dir(name: str) -> Path:
    # A wheel carries the folders inside the package; a source checkout has them at the top.
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def content_dir() -> Path:
    """The folder of shipped routines and their JSON Schema."""
    return _data_dir("content")


def sounds_dir() -> Path:
    """The folder of shipped WAV files."""
    return _data_dir("sounds")


def user_config_dir() -> Path:
    """The user's backtimer config folder (``BACKTIMER_CONFIG_DIR`` overrides it, for tests)."""
    import os

    override = os.environ.get("BACKTIMER_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(_APP, appauthor=False)


def user_cache_dir() -> Path:
    """The user's backtimer cache folder, for what can be made again: spoken phrases, checked
    routines (``BACKTIMER_CACHE_DIR`` overrides it, for tests and for a cache kept elsewhere)."""
    import os

    override = os.environ.get("BACKTIMER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path(_APP, appauthor=False)


def user_routines_dir() -> Path:
    """The folder of the user's own routines."""
    return user_config_dir() / "routines"


def user_overrides_dir() -> Path:
    """The folder of per-routine saved settings."""
    return user_config_dir() / "overrides"
