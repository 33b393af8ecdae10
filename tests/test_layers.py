"""The package's imports point down its layers, core <- settings <- audio, log <- tui <- cli, and
form no cycle, counting imports inside functions and type-checking blocks too."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "backtimer"
# A module may import from its own layer's package or from a lower rank; siblings of one rank
# (audio and log) do not import each other.
RANKS = {"core": 0, "settings": 1, "audio": 2, "log": 2, "tui": 3, "cli": 4}
Graph = Mapping[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every backtimer module ``path`` imports, wherever in the file the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in modules:
                continue
            subs = {f"{node.module}.{a.name}" for a in node.names}
            found |= (subs & modules) or {node.module}
            found |= {node.module} if subs - modules else set()
    return found


def package_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, modules) - {name} for name, path in files.items()}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else None


def upward_imports(graph: Graph) -> list[str]:
    wrong = []
    for module, targets in graph.items():
        here = layer(module)
        for target in targets:
            there = layer(target)
            if here is None or there is None or here == there:
                continue
            if RANKS[there] >= RANKS[here]:
                wrong.append(f"{module} -> {target}")
    return sorted(wrong)


def cycles(graph: Graph) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_package_has_the_layers() -> None:
    graph = package_graph()
    for name in ("core", "settings", "audio", "tui", "cli"):
        assert any(layer(m) == name for m in graph), name
    assert graph["backtimer.cli.entry"], "the walker found no imports at all"


def test_imports_point_down_the_layers() -> None:
    assert upward_imports(package_graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(package_graph()) == []


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    """The control: the two checks above can fail."""
    graph = {
        "backtimer.core.plan": {"backtimer.cli.flags"},
        "backtimer.cli.flags": {"backtimer.settings.values"},
        "backtimer.settings.values": {"backtimer.core.plan"},
    }
    assert cycles(graph) == [sorted(graph)]
    assert upward_imports(graph) == ["backtimer.core.plan -> backtimer.cli.flags"]
