"""``backtimer show ROUTINE``: the plan as text (or JSON), step by step, with times and with
every value your saved settings or the flags change marked; ``--save`` keeps the flags."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from backtimer.cli.errors import Exit, UsageError

if TYPE_CHECKING:
    from backtimer.core.plan import Plan
    from backtimer.settings.layers import Layers


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``show`` command to the subparsers ``sub``."""
    from backtimer.cli.flags import add_plan_options

    p: argparse.ArgumentParser = sub.add_parser(
        "show", help="print a routine's plan, step by step, with times"
    )
    p.add_argument("routine", metavar="ROUTINE", help="routine id or path to a YAML file")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument(
        "--save", action="store_true", help="save these flags as your defaults for this routine"
    )
    add_plan_options(p)
    p.set_defaults(handler=run)
    return p


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
    that set it, e.g. "Pause (hold, 3 counts) [yours; routine: 2]". The text is the routine's
    own: the caller makes it printable.
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


def report_warnings(layers: Layers) -> None:
    """Print a broken overrides file's problems (``PATH:LINE:COLUMN: message``) and what that
    means, to stderr; the command goes on with the routine's own values."""
    from backtimer.cli.output import err
    from backtimer.settings.overrides import ignored_notice

    if not layers.warnings:
        return
    for warning in layers.warnings:
        err(str(warning))
    if layers.overrides_path is not None:
        err(ignored_notice(layers.routine_id, layers.overrides_path))


def save(layers: Layers, *, quiet: bool = False) -> int:
    """``--save``: save the flags as your defaults; the exit code (1 if not saved)."""
    from backtimer.cli.output import err, out
    from backtimer.settings.overrides import SaveError, save_layers

    try:
        path = save_layers(layers, include_flags=True)
    except SaveError as exc:
        err(f"backtimer: {exc}")
        return Exit.FAILED
    except ValueError as exc:  # a routine id that cannot name a settings file
        err(f"backtimer: your settings were not saved: {exc}")
        return Exit.FAILED
    if path is None:
        message = f"Nothing saved: {layers.routine_id} runs on the routine's own values."
    else:
        message = f"Saved as your defaults for {layers.routine_id}: {path}"
    if quiet:  # --json: stdout holds the JSON alone
        err(message)
    else:
        out(f"\n{message}")
    return Exit.OK


def run(args: argparse.Namespace) -> int:
    from backtimer.cli.flags import layers_from_args
    from backtimer.cli.output import json_text, out
    from backtimer.cli.routines import load, resolve
    from backtimer.core.model import size_problem
    from backtimer.core.plan import compile_plan

    entry = resolve(args.routine)
    # Routine file < your saved overrides < flags; a broken overrides file is only a warning.
    layers = layers_from_args(entry, load(entry), args)
    report_warnings(layers)
    routine = layers.effective
    too_big = size_problem(routine)
    if too_big:
        raise UsageError(f"--rounds {routine.rounds}: {too_big}")
    plan = compile_plan(routine)
    if args.json:
        data = plan.to_json()
        data["overrides"] = [o.to_json() for o in layers.provenance()]
        out(json_text(data))
    else:
        out(render_plan(plan, layers.marks()))
    if args.save:
        return save(layers, quiet=args.json)
    return Exit.OK
