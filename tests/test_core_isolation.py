"""Everything below the screens (core, settings, audio and the command line module) imports no
Textual: only the commands that open screens load it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from conftest import CONTENT, ROOT


def package_modules(*layers: str) -> list[str]:
    """Every module of the given layers, as files in the source tree say."""
    found = []
    for layer in layers:
        for path in sorted((ROOT / "backtimer" / layer).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


CORE = ["backtimer", *package_modules("core", "settings", "audio")]
# The command line modules themselves: Textual is imported only by the commands that open screens.
OPTIONAL = package_modules("cli", "log")


# argv: a routine file, then the modules to import. Prints the textual modules it finds loaded.
_PROBE = """\
import importlib, json, sys
for name in sys.argv[2:]:
    importlib.import_module(name)
# Use the core the way `show` does, so that lazily imported modules are loaded too.
from backtimer.core.loader import load_routine
from backtimer.core.plan import compile_plan
assert compile_plan(load_routine(sys.argv[1])).steps
print(json.dumps(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def textual_modules_after_importing(names: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(CONTENT / "borden-back.yaml"), *names],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_core_modules_do_not_import_textual() -> None:
    names = CORE + [m for m in OPTIONAL if importlib.util.find_spec(m) is not None]
    assert textual_modules_after_importing(names) == [], f"one of {names} imports textual"


def test_the_probe_notices_textual() -> None:
    """The control: importing the screens does load textual, so the check above can fail."""
    ui = "backtimer.tui.app" if importlib.util.find_spec("backtimer.tui.app") else "textual.app"
    assert "textual" in textual_modules_after_importing([ui])
