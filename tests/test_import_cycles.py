"""No import loops inside the package: every import counts, at module level, inside functions and
under ``TYPE_CHECKING`` alike (a loop hidden in a function is still a loop a reader must untangle)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reframer"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {_module_name(p): p for p in PACKAGE.glob("**/*.py")}
    # reframer/service is a symlink to the top-level service/ folder (see tests/test_packaging.py)
    found |= {f"reframer.service.{p.stem}": p for p in (ROOT / "service").glob("*.py")}
    found["reframer.service"] = found.pop("reframer.service.__init__")
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The deepest module of ``modules`` that ``name`` names (``name`` may end in an attribute)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, anywhere in its source."""
    graph: dict[str, set[str]] = {}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        targets: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {_resolve(a.name, modules) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets |= {_resolve(f"{base}.{a.name}", modules) for a in node.names}
        graph[mod] = {t for t in targets if t is not None and t != mod}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_find_cycles(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert find_cycles(graph) == expected


def test_graph_sees_type_checking_function_and_relative_imports(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.b import X\n"
    )
    (tmp_path / "b.py").write_text("def f():\n    from . import c\n")
    (tmp_path / "c.py").write_text("import p.a\n")
    modules = {f"p.{n}": tmp_path / f"{n}.py" for n in "abc"}
    graph = import_graph(modules)
    assert graph == {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}}
    assert find_cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_reframer_has_no_import_cycles() -> None:
    modules = _modules()
    graph = import_graph(modules)
    assert len(graph) > 60
    assert "reframer.service.state" in graph["reframer.service.routes"]
    assert find_cycles(graph) == []


def reached(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for w in graph.get(todo.pop(), ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def test_reached_follows_imports_transitively() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a"}}
    assert reached(graph, "a") == {"b", "c"}
    assert reached(graph, "c") == set()


# Every classifier module the engine runs; reframer.classifier.quantize (``reframer optimize``)
# reads the training split for its calibration sentences, so it is the one left out.
CLASSIFIER_RUNTIME = [
    f"reframer.classifier.{name}"
    for name in ("model", "runtime", "export", "onnx_graph", "precision", "ort_session")
]


@pytest.mark.parametrize(
    "start", ["reframer.pipeline", "reframer.crisis", "reframer.classifier", *CLASSIFIER_RUNTIME]
)
def test_the_engine_and_the_gate_never_import_training(start: str) -> None:
    """Training code (and torch behind it) stays out of what runs: any import, even a lazy one.

    A package counts with its submodules, except ``reframer.classifier``, whose ``__init__`` is
    checked on its own (its runtime modules are listed one by one above).
    """
    modules = _modules()
    graph = import_graph(modules)
    assert any(m.startswith("reframer.training.") for m in modules)
    assert set(CLASSIFIER_RUNTIME) <= set(modules)
    nested = start != "reframer.classifier"
    everything = {start} | {m for m in modules if nested and m.startswith(f"{start}.")}
    found = {m for s in everything for m in reached(graph, s)}
    assert "reframer.crisis.gate" in reached(graph, "reframer.pipeline")
    assert sorted(m for m in found if m.split(".")[:2] == ["reframer", "training"]) == []


def test_the_rewrite_evaluation_tool_loads_only_when_used() -> None:
    code = (
        "import sys, reframer.pipeline, reframer.rewrite\n"
        "print('reframer.rewrite.evaluation' in sys.modules)\n"
        "from reframer.rewrite import evaluate_rewrites\n"
        "print('reframer.rewrite.evaluation' in sys.modules, evaluate_rewrites.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "evaluate_rewrites"]
