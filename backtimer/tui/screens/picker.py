"""The routine picker shown by ``backtimer`` with no arguments.

Routines are read (and their length worked out with your saved settings) in a worker thread, so
the screen is up at once even with many routines of your own.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.core.content import ContentErrors
from backtimer.core.fmt import duration, printable
from backtimer.core.model import Routine
from backtimer.settings import catalog
from backtimer.settings.durations import Length, routine_length
from backtimer.settings.overrides import entry_key
from backtimer.settings.paths import user_routines_dir
from backtimer.tui.messages import OpenHistory, OpenPractice, OpenPreview
from backtimer.tui.screens.base import NoticeScreen
from backtimer.tui.widgets.hanging import hang
from backtimer.tui.widgets.notice import Notice


@dataclass(frozen=True)
class Choice:
    """A routine as the picker lists it: loaded with its length, or the first of its problems."""

    entry: catalog.Entry
    routine: Routine | None
    problem: str = ""
    length: Length | None = None


def load_choices() -> list[Choice]:
    """Every routine, read and timed with your saved settings."""
    choices = []
    for entry in catalog.entries():
        try:
            routine = catalog.load(entry)
        except ContentErrors as exc:
            choices.append(Choice(entry, None, str(exc.errors[0])))
            continue
        choices.append(Choice(entry, routine, length=routine_length(entry_key(entry), routine)))
    return choices


def length_text(length: Length) -> str:
    """'12:51', or '13:21 with your settings (routine: 12:51)'."""
    if length.differs:
        return (
            f"{duration(length.seconds)} with your settings "
            f"(routine: {duration(length.routine_seconds)})"
        )
    return duration(length.seconds)


def choice_prompt(choice: Choice, width: int | None = None) -> Content:
    """The option for ``choice``: its title, then what it holds and where it comes from. Given a
    ``width``, lines too long for it wrap under their own text, not at the left edge."""
    if choice.routine is None or choice.length is None:
        text = f"{choice.entry.id}  (invalid: {choice.problem})"
        return Content("\n").join(_wrapped(text, width)).stylize("dim")
    routine = choice.routine
    n = len(routine.exercises)
    title = [line.stylize("bold") for line in _wrapped(routine.title, width)]
    detail = _wrapped(
        f"  {n} exercise{'s' if n != 1 else ''} · {routine.rounds} rounds · "
        f"{length_text(choice.length)} · {choice.entry.origin} ({choice.entry.id})",
        width,
    )
    return Content("\n").join([*title, *detail])


def _wrapped(line: str, width: int | None) -> list[Content]:
    if width is None or width <= 0:
        return [Content(printable(line))]
    return hang(line, width)


class PickerScreen(NoticeScreen):
    """Lists shipped and user routines with their length; Enter previews one."""

    # Loaded when the screen is first shown (not parsed at start-up with the app's stylesheet);
    # unscoped, so each rule reads and weighs as it would in the app's stylesheet.
    SCOPED_CSS = False
    CSS = """
    #routines {
        height: 1fr;
    }

    #picker-hint {
        color: $text-muted;
        height: auto;
    }
    """

    BINDINGS = [
        Binding("enter", "open", "Preview", tooltip="preview the routine, then start"),
        Binding("q", "quit_app", "Quit", tooltip="quit"),
        Binding("p", "practice", "Practice", tooltip="practise the routine's cues"),
        Binding("H", "history", "History", tooltip="the workouts in the training log"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="page"):
            yield Static(
                "backtimer: pick a routine", id="picker-title", classes="page-title", markup=False
            )
            yield OptionList(id="routines")
            yield Static(
                Content(
                    printable(
                        "Enter: preview and start · p: practice the cues · q: quit\n"
                        f"Your routines folder: {user_routines_dir()}"
                    )
                ),
                id="picker-hint",
            )
            yield Notice(id="notice")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.loading = True
        options.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        choices = load_choices()
        self.app.call_from_thread(self.show_choices, choices)

    def show_choices(self, choices: list[Choice]) -> None:
        self.choices = choices
        options = self.query_one(OptionList)
        options.loading = False
        self._fill(highlighted=0)
        if options.size.width == 0:
            # Still hidden behind its loading indicator: filled again once it has a width.
            self.call_after_refresh(lambda: self._fill(options.highlighted))

    def on_resize(self) -> None:
        if self.choices:
            # The options are wrapped to the list's width: a new width wraps them again.
            self.call_after_refresh(self._fill, self.query_one(OptionList).highlighted)

    def _fill(self, highlighted: int | None) -> None:
        options = self.query_one(OptionList)
        # An option is drawn a cell in from each side of the list.
        width = options.scrollable_content_region.width - 2
        options.clear_options()
        options.add_options(
            Option(choice_prompt(c, width), id=str(i)) for i, c in enumerate(self.choices)
        )
        if self.choices and highlighted is not None:
            options.highlighted = min(highlighted, len(self.choices) - 1)

    def _selected(self) -> Choice | None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not self.choices:
            return None
        choice = self.choices[highlighted]
        if choice.routine is None:
            self.show_notice(
                f"This routine has a problem: {choice.problem}", severity="error", timeout=8
            )
            return None
        return choice

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        choice = self._selected()
        if choice is not None and choice.routine is not None:
            self.post_message(OpenPreview(choice.entry, choice.routine))

    def action_practice(self) -> None:
        choice = self._selected()
        if choice is not None and choice.routine is not None:
            self.post_message(OpenPractice(choice.entry, choice.routine))

    def action_history(self) -> None:
        self.post_message(OpenHistory())

    def action_quit_app(self) -> None:
        self.app.exit(0)
