"""The routine picker shown by ``backtimer`` with no arguments."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from backtimer.core.fmt import duration, printable
from backtimer.core.loader import ContentErrors
from backtimer.core.model import Routine
from backtimer.core.plan import compile_plan
from backtimer.settings import catalog
from backtimer.settings.paths import user_routines_dir


@dataclass(frozen=True)
class Choice:
    """A routine as the picker lists it: loaded, or the first of its problems."""

    entry: catalog.Entry
    routine: Routine | None
    problem: str = ""


def load_choices() -> list[Choice]:
    choices = []
    for entry in catalog.entries():
        try:
            choices.append(Choice(entry, catalog.load(entry)))
        except ContentErrors as exc:
            choices.append(Choice(entry, None, str(exc.errors[0])))
    return choices


def choice_prompt(choice: Choice) -> Content:
    if choice.routine is None:
        text = f"{choice.entry.id}  (invalid: {choice.problem})"
        return Content(printable(text)).stylize("dim")
    routine = choice.routine
    minutes = duration(compile_plan(routine).total_seconds)
    n = len(routine.exercises)
    line1 = Content(printable(routine.title)).stylize("bold")
    line2 = Content(
        printable(
            f"  {n} exercise{'s' if n != 1 else ''} · {routine.rounds} rounds · {minutes}"
            f" · {choice.entry.origin} ({choice.entry.id})"
        )
    )
    return Content("\n").join([line1, line2])


class PickerScreen(Screen[None]):
    """Lists shipped and user routines with their duration; Enter previews one."""

    BINDINGS = [
        Binding("enter", "open", "Preview", show=True),
        Binding("p", "practice", "Practice"),
        Binding("q", "quit_app", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.choices = load_choices()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("backtimer: pick a routine", id="picker-title", markup=False)
            options = OptionList(
                *[Option(choice_prompt(c), id=str(i)) for i, c in enumerate(self.choices)],
                id="routines",
            )
            yield options
            yield Static(
                Content(
                    printable(
                        "Enter: preview and start · p: practice the cues · q: quit\n"
                        f"Your routines folder: {user_routines_dir()}"
                    )
                ),
                id="picker-hint",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _selected(self) -> Choice | None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or not self.choices:
            return None
        choice = self.choices[highlighted]
        if choice.routine is None:
            self.notify(
                printable(choice.problem),
                title="This routine has a problem",
                severity="error",
                markup=False,
            )
            return None
        return choice

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        choice = self._selected()
        if choice is not None and choice.routine is not None:
            self.app.open_preview(choice.entry, choice.routine)  # type: ignore[attr-defined]

    def action_practice(self) -> None:
        choice = self._selected()
        if choice is not None and choice.routine is not None:
            layers = self.app.layers_for(choice.entry, choice.routine)  # type: ignore[attr-defined]
            self.app.open_practice(choice.entry, layers)  # type: ignore[attr-defined]

    def action_quit_app(self) -> None:
        self.app.exit(0)
