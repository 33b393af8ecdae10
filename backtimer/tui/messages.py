"""The messages screens send the app: where to go next. The app decides how to get there.

A screen posts one with ``self.post_message(...)``; it bubbles up to the app, whose handlers
open screens, ask to save and quit.
"""

from __future__ import annotations

from textual.message import Message

from backtimer.core.events import SoundEvent
from backtimer.core.model import Routine
from backtimer.core.plan import Step
from backtimer.core.session import Session
from backtimer.settings.catalog import Entry
from backtimer.settings.layers import Layers


class OpenPreview(Message):
    """Show a routine's preview, with your saved settings."""

    def __init__(self, entry: Entry, routine: Routine) -> None:
        super().__init__()
        self.entry = entry
        self.routine = routine


class StartWorkout(Message):
    """Start the workout with these settings."""

    def __init__(self, entry: Entry, layers: Layers) -> None:
        super().__init__()
        self.entry = entry
        self.layers = layers


class OpenPractice(Message):
    """Practise a routine's cues: with ``layers`` as given, or your saved settings if None."""

    def __init__(self, entry: Entry, routine: Routine, layers: Layers | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.routine = routine
        self.layers = layers


class OfferSave(Message):
    """Ask whether to save the changes made in ``layers``, if there are any; then quit if
    ``then_quit``."""

    def __init__(self, layers: Layers, *, then_quit: bool = False) -> None:
        super().__init__()
        self.layers = layers
        self.then_quit = then_quit


class BellRang(Message):
    """The bell backend played an event: ring the terminal bell and flash (from any thread)."""

    def __init__(self, event: SoundEvent) -> None:
        super().__init__()
        self.event = event


class AudioNotice(Message):
    """Something a person should know about the sound (from any thread)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class WorkoutEnded(Message):
    """The workout is over (done, or stopped at ``stopped_at``): show its summary."""

    def __init__(self, session: Session, layers: Layers, *, stopped_at: Step | None) -> None:
        super().__init__()
        self.session = session
        self.layers = layers
        self.stopped_at = stopped_at


class GoOn(Message):
    """Carry on with ``session``, extended (one more round), on the workout screen."""

    def __init__(self, session: Session, layers: Layers) -> None:
        super().__init__()
        self.session = session
        self.layers = layers


class LogNotice(Message):
    """Something a person should know about the training log (from any thread)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class LogRead(Message):
    """What the training log says of the routine under way has been read (from a worker)."""


class OpenHistory(Message):
    """Show the training log's history of one routine (by its id), or of every routine."""

    def __init__(self, routine_id: str | None = None, title: str | None = None) -> None:
        super().__init__()
        self.routine_id = routine_id
        self.title = title
