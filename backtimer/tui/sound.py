"""What the screens play sounds through: the app's player, behind a mute switch.

The app owns it and hands it to each screen it opens; the player inside is swapped once the real
audio has opened (a few milliseconds after start) without the screens knowing.
"""

from __future__ import annotations

from backtimer.audio import Player
from backtimer.core.events import SoundEvent


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

    def play(self, event: SoundEvent) -> None:
        if not self.muted:
            self.player.play(event)

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns whether it is muted now."""
        self.muted = not self.muted
        return self.muted

    def use(self, player: Player) -> None:
        """Play through ``player`` from now on, and close the one before."""
        old, self.player = self.player, player
        old.close()

    def close(self) -> None:
        self.player.close()
