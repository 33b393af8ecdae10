"""The footer of key bindings: Textual's, made once with its keys in their final style.

Textual's footer is empty when it first composes and fills in once the screen says its bindings
are ready, a second pass that mounts every key again; and it makes each key compact, then binds
it to the footer's (not compact) setting: two style updates per key, each restyling the key. This
one shows the keys the screen has from its first compose, each key starting as the footer is,
and composes again only when the keys it would show change (pause and resume, mute and unmute);
it looks and works exactly as Textual's.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

__all__ = ["Footer"]


class Footer(TextualFooter):
    """Textual's footer, shown at once and composed again only when its keys change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None  # the keys the last compose showed

    def _keys(self) -> tuple[object, ...]:
        """What the footer shows of the screen's bindings now."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def compose(self) -> ComposeResult:
        # The screen's bindings are there as soon as the footer is in it.
        self.set_reactive(TextualFooter._bindings_ready, True)
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and self._keys() == self._shown:
            return  # the keys shown are the keys: composing again would change nothing
        super().bindings_changed(screen)
