"""The voice options shared by ``run``, ``practice``, ``render`` and the picker (no command).

``--voice ENGINE`` and ``--voice-level LEVEL`` win over ``voice:`` and ``voice_level:`` in
``config.yaml``. They are left out of the namespace when not given (``argparse.SUPPRESS``), so the
same option given before the command (for the picker) is not overwritten by a command's default.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from backtimer.audio.speech import VOICE_HELP, VOICE_LEVEL_HELP, VoiceSetup, voice_setup
from backtimer.cli.errors import UsageError

if TYPE_CHECKING:
    from backtimer.settings.userconfig import UserConfig


def add_voice_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--voice`` and ``--voice-level``."""
    g = parser.add_argument_group("voice")
    g.add_argument("--voice", metavar="ENGINE", default=argparse.SUPPRESS, help=VOICE_HELP)
    g.add_argument(
        "--voice-level", metavar="LEVEL", default=argparse.SUPPRESS, help=VOICE_LEVEL_HELP
    )


def voice_from_args(args: argparse.Namespace, config: UserConfig) -> VoiceSetup:
    """The voice the flags and ``config.yaml`` ask for; UsageError for an unknown name."""
    from backtimer.settings.userconfig import config_path

    try:
        return voice_setup(
            getattr(args, "voice", None),
            getattr(args, "voice_level", None),
            config,
            config_path().parent,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
