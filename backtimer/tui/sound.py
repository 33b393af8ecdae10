"""What the screens play sounds through: the app's player, behind a mute switch.

The app owns it and hands it to each screen it opens; the player inside is swapped once the real
audio has opened (a few milliseconds after start) without the screens knowing. The voice (a
``LiveVoice``, set by the app) speaks through it too, so mute silences both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backtimer.audio import Player
from backtimer.core.events import SoundEvent

if TYPE_CHECKING:
    from backtimer.audio.pcm import Pcm
    from backtimer.audio.speech.live import LiveVoice


class Silent:
    """Plays nothing: in place while the real audio opens, or in tests."""

    def play(self, event: SoundEvent) -> None:
        pass

    def close(self) -> None:
        pass


class Sound:
    """Plays events through the current player unless muted."""

    def __init__(self, player: Player | None = None) -> None:
        self.player: Player = player if player is not None else Silent()
        self.muted = False
        self.status = "opening"  # which backend plays, for the help screen
        self.voice: LiveVoice | None = None  # the spoken coach, when there is one

    def play(self, event: SoundEvent) -> None:
        if not self.muted:
            self.player.play(event)

    def speak(self, sound: Pcm) -> None:
        """A phrase from the voice, mixed with the beeps by the player (if it plays samples)."""
        speak = getattr(self.player, "speak", None)
        if speak is not None and not self.muted:
            speak(sound)

    def hush(self) -> None:
        hush = getattr(self.player, "hush", None)
        if hush is not None:
            hush()

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns whether it is muted now."""
        self.muted = not self.muted
        if self.voice is not None:
            self.voice.muted = self.muted
        return self.muted

    @property
    def voice_off(self) -> bool:
        """Whether the voice was switched off with ``v`` (not: there is no voice at all)."""
        return self.voice is not None and not self.voice.setup.off and not self.voice.enabled

    def toggle_voice(self) -> str:
        """The ``v`` key: the voice off, or back on; what to tell the person."""
        voice = self.voice
        if voice is None or voice.setup.off:
            return "No voice: it is off (--voice, or voice: in config.yaml)"
        if voice.engine_name == "off":
            return f"No voice could be started: {voice.describe()}"
        return "Voice on" if voice.toggle() else "Voice off (v: on)"

    @property
    def voice_status(self) -> str:
        """The voice for the help screen: 'espeak-ng 1.51, 175 wpm', 'off'."""
        if self.voice is None:
            return "off"
        return self.voice.describe() + (" (switched off: v)" if self.voice_off else "")

    def use(self, player: Player) -> None:
        """Play through ``player`` from now on, and close the one before."""
        old, self.player = self.player, player
        old.close()

    def close(self) -> None:
        self.player.close()
