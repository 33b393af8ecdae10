"""The ``backtimer`` command line: argument parsing and the plain-text commands.

Heavy modules (pydantic, Textual, audio) are imported inside the commands that need them, so that
``backtimer --version`` and ``backtimer check`` start quickly.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from backtimer import __version__
from backtimer.cli.errors import Exit, UsageError

if TYPE_CHECKING:
    from backtimer.core.model import Routine
    from backtimer.core.plan import Plan
    from backtimer.settings.catalog import Entry


def build_parser() -> argparse.ArgumentParser:
    from backtimer.cli.flags import add_plan_options

    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A terminal workout timer for back training. "
        "With no command, opens the routine picker.",
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("list", help="list shipped routines and your own")

    p = sub.add_parser("show", help="print a routine's plan, step by step, with times")
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument(
        "--save", action="store_true", help="save these flags as your defaults for this routine"
    )
    add_plan_options(p)

    p = sub.add_parser("check", help="validate routine files")
    p.add_argument("files", nargs="+", metavar="FILE")

    sub.add_parser("schema", help="print the JSON Schema of routine files")

    from backtimer.cli import reset as reset_cmd

    reset_cmd.add_parser(sub)

    from backtimer.cli import sounds as sounds_cmd

    sounds_cmd.add_parser(sub)

    p = sub.add_parser("practice", help="learn a routine's cues at your own pace, no clock")
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.add_argument("exercise", metavar="EXERCISE", nargs="?", help="start at this exercise")
    add_plan_options(p)

    p = sub.add_parser("run", help="start a workout straight away")
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    add_plan_options(p)
    return parser


def _load(entry: Entry) -> Routine:
    from backtimer.core.loader import load_routine

    return load_routine(entry.path)


def _resolve(name: str) -> Entry:
    from backtimer.settings.catalog import NotFound, resolve

    try:
        return resolve(name)
    except NotFound as exc:
        raise UsageError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    from backtimer.core.fmt import duration, printable
    from backtimer.core.loader import ContentErrors
    from backtimer.core.plan import compile_plan
    from backtimer.settings import catalog
    from backtimer.settings.paths import user_routines_dir

    rows: list[tuple[str, str, str, str, str]] = []
    broken: list[str] = []
    for entry in catalog.entries():
        try:
            routine = _load(entry)
        except ContentErrors as exc:
            rows.append((entry.id, "(invalid: see backtimer check)", "-", "-", entry.origin))
            broken.extend(str(e) for e in exc.errors)
            continue
        plan = compile_plan(routine)
        rows.append(
            (
                entry.id,
                routine.title,
                str(len(routine.exercises)),
                duration(plan.total_seconds),
                entry.origin,
            )
        )
    header = ("ID", "TITLE", "EXERCISES", "DURATION", "FROM")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        print(printable(line))
    folder = user_routines_dir()
    print(f"\nYour routines folder: {folder}")
    if not catalog.user():
        print("  (no routines of your own yet: put .yaml files there)")
    for line in broken:
        print(line, file=sys.stderr)
    return Exit.OK


def describe_step(plan: Plan, index: int) -> str:
    """One line describing a step, as ``show`` prints it."""
    step = plan.steps[index]
    if step.kind in ("move", "hold"):
        amount = step.duration.wording if step.duration else ""
        return f"rep {step.rep} {step.label.upper()} ({amount}), cue {step.cue}"
    if step.kind == "setup":
        i = step.exercise_index
        name = plan.routine.exercises[i].name if i is not None else ""
        return f"{name} cue {step.cue}: {step.label}"
    return step.label


def render_plan(plan: Plan, marks: Callable[..., str] | None = None) -> str:
    """The plan as readable text: one line per step with its start time and length.

    ``marks`` (``settings.Marks``) tags each value that differs from the routine with the layer
    that set it, e.g. "Pause (hold, 3 counts) [yours; routine: 2]".
    """
    from backtimer.core.describe import exercise_lines
    from backtimer.core.fmt import duration, number
    from backtimer.settings.values import Marks

    mark = marks if marks is not None else Marks()
    r = plan.routine
    lines = [
        r.title,
        f"{r.rounds} round{'s' if r.rounds != 1 else ''}{mark('rounds')}"
        + (f" (the source suggests up to {r.max_rounds})" if r.max_rounds else "")
        + f", one count = {number(r.count_seconds)} s{mark('count_seconds')}, "
        f"rest {number(r.rest.between_exercises)} s{mark('rest_between_exercises')} "
        f"between exercises and "
        f"{number(r.rest.between_rounds)} s{mark('rest_between_rounds')} between rounds",
        "",
    ]
    if isinstance(mark, Marks) and mark:
        lines[-1:-1] = [mark.legend()]
    lines.extend(exercise_lines(r, mark))
    lines.append(f"{'START':>8}  {'LENGTH':>6}  {'ROUND':<5}  {'STEP':<9}  WHAT")
    for step in plan.steps:
        length = "-" if step.seconds is None else f"{number(step.seconds)}s"
        rnd = "" if step.round is None else str(step.round)
        lines.append(
            f"{duration(step.start):>8}  {length:>6}  {rnd:<5}  {step.kind:<9}  "
            f"{describe_step(plan, step.index)}"
        )
    lines.append("")
    lines.append(f"Total: {duration(plan.total_seconds)} ({len(plan.steps)} steps)")
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    from backtimer.cli.flags import layers_from_args, report_warnings, save_from_show
    from backtimer.core.fmt import printable
    from backtimer.core.model import size_problem
    from backtimer.core.plan import compile_plan

    entry = _resolve(args.routine)
    # Routine file < your saved overrides < flags; a broken overrides file is only a warning.
    layers = layers_from_args(entry.id, _load(entry), args)
    report_warnings(layers)
    routine = layers.effective
    too_big = size_problem(routine)
    if too_big:
        raise UsageError(f"--rounds {routine.rounds}: {too_big}")
    plan = compile_plan(routine)
    if args.json:
        data = plan.to_json()
        data["overrides"] = [o.to_json() for o in layers.provenance()]
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        # Routine text reaches the terminal: escape sequences in it are shown, not obeyed.
        print(printable(render_plan(plan, layers.marks())))
    if args.save:
        return save_from_show(layers, quiet=args.json)
    return Exit.OK


def cmd_check(args: argparse.Namespace) -> int:
    from backtimer.core.fmt import printable
    from backtimer.core.loader import ContentErrors, load_routine

    status = Exit.OK
    for name in args.files:
        try:
            routine = load_routine(name)
        except ContentErrors as exc:
            for error in exc.errors:
                print(error, file=sys.stderr)
            status = Exit.FAILED
        else:
            n = len(routine.exercises)
            title = printable(routine.title)
            print(printable(f"{name}: ok ({title}, {n} exercise{'s' if n != 1 else ''})"))
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    from backtimer.core.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return Exit.OK


def cmd_sounds(args: argparse.Namespace) -> int:
    from backtimer.cli import sounds as sounds_cmd

    return sounds_cmd.run(args)


def cmd_reset(args: argparse.Namespace) -> int:
    from backtimer.cli import reset as reset_cmd

    return reset_cmd.run(args)


def _need_terminal() -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the workout screen needs a terminal (stdin and stdout must be a TTY); "
            "for text, try `backtimer list` or `backtimer show ROUTINE`"
        )


def _run_app(args: argparse.Namespace, **kwargs: object) -> int:
    """Start the screens, after the checks every screen command shares: your config, the
    sound backend asked for, and a terminal to draw on."""
    from backtimer.audio import AUDIO_NAMES
    from backtimer.settings.userconfig import load_user_config

    config = load_user_config()
    audio = (getattr(args, "audio", None) or config.audio or "auto").strip().lower()
    if audio not in AUDIO_NAMES:
        raise UsageError(
            f"--audio: unknown backend '{audio}'; choose one of {', '.join(AUDIO_NAMES)}"
        )
    _need_terminal()
    from backtimer.tui.app import BacktimerApp

    app = BacktimerApp(audio=audio, config=config, **kwargs)  # type: ignore[arg-type]
    # What is loaded now lives as long as the program: keep the collector from scanning it.
    gc.freeze()
    gc.enable()
    result = app.run()
    # q exits with 0; a signal exits with 128 + its number as the result.
    return int(app.return_code or result or 0)


def _routine_screen(args: argparse.Namespace, start: str, exercise: str | None = None) -> int:
    """`run` and `practice`: the routine with your saved settings and the flags applied."""
    from backtimer.cli.flags import layers_from_args
    from backtimer.core.practice import find_exercise

    entry = _resolve(args.routine)
    routine = _load(entry)
    if exercise:
        try:
            find_exercise(routine, exercise)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    layers = layers_from_args(entry.id, routine, args)
    return _run_app(
        args, start=start, entry=entry, routine=routine, layers=layers, exercise=exercise
    )


def cmd_run(args: argparse.Namespace) -> int:
    return _routine_screen(args, "workout")


def cmd_practice(args: argparse.Namespace) -> int:
    return _routine_screen(args, "practice", args.exercise)


def cmd_default(args: argparse.Namespace) -> int:
    return _run_app(args, start="picker")


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_default,
    "list": cmd_list,
    "show": cmd_show,
    "check": cmd_check,
    "schema": cmd_schema,
    "reset": cmd_reset,
    "run": cmd_run,
    "practice": cmd_practice,
    "sounds": cmd_sounds,
}


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up builds many long-lived objects (models, styles) and no garbage cycles: a
    # collection pass then is wasted time before the first frame. Collection resumes once
    # the command is under way (see _run_app) or done.
    from backtimer.core.collector import collector_paused

    with collector_paused():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from backtimer.cli.flags import FlagError
    from backtimer.core.loader import ContentErrors

    try:
        return COMMANDS[args.command](args)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return Exit.FAILED
    except (UsageError, FlagError) as exc:
        print(f"backtimer: {exc}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `backtimer show ... | head`); say nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.OK
