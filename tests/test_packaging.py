"""Packaging: the wheel carries the model and installs one import package, ``reframer``.

The HTTP service's code lives in the repository's top-level ``service/`` folder and is imported as
``reframer.service`` (``reframer/service`` is a symlink to it), so the wheel never installs an
import package named plainly ``service`` into a user's environment.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports_top_level_service(source: str) -> list[str]:
    """Import statements of ``source`` that name the top-level package ``service``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "service"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [node.module] if node.module.split(".")[0] == "service" else []
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import service.main", ["service.main"]),
        ("from service.state import X", ["service.state"]),
        ("from service import main", ["service"]),
        ("from reframer.service.main import run", []),
        ("from .state import X", []),
        ("import services", []),
    ],
)
def test_service_import_detector(source: str, expected: list[str]) -> None:
    assert _imports_top_level_service(source) == expected


def test_service_is_reframer_service_in_the_checkout() -> None:
    link = ROOT / "reframer" / "service"
    assert link.is_symlink() and link.resolve() == (ROOT / "service").resolve()
    import reframer.service.main as main

    assert Path(main.__file__).resolve().parent == (ROOT / "service").resolve()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["reframer"]


def test_no_module_imports_top_level_service() -> None:
    sources = {*ROOT.glob("reframer/**/*.py"), *ROOT.glob("service/*.py")}
    offenders = {
        str(p.relative_to(ROOT)): found
        for p in sorted(sources)
        if (found := _imports_top_level_service(p.read_text(encoding="utf-8")))
    }
    assert len(sources) > 60 and offenders == {}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "--no-index",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (path,) = out.glob("reframer-*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.slow
def test_wheel_bundles_model_and_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "reframer/_model/reframer.json",
        "reframer/_model/model.safetensors",
        "reframer/_model/tokenizer.json",
        "reframer/_model/config.json",
        "reframer/_model/vocab.txt",
        "reframer/data/templates.toml",
        "reframer/data/exemplars.toml",
        "reframer/data/support/default.json",
        "reframer/py.typed",
        "reframer/service/main.py",
    ):
        assert required in names, required
    # model.onnx is derived (90 MB): never shipped, even when built in the checkout; an installed
    # package builds it on first use into the user cache (reframer.classifier.export.ensure_onnx)
    assert not [n for n in names if n.endswith((".onnx", ".partial"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = wheel.read(entry_points).decode()
    assert "self_talk = reframer.spacy_component:make_self_talk" in text
    assert "reframer = reframer.cli:main" in text


@pytest.mark.slow
def test_wheel_installs_no_top_level_service(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"reframer"}
    for name in names:
        if name.endswith(".py"):
            source = wheel.read(name).decode()
            assert _imports_top_level_service(source) == [], name
            assert '"service.main:' not in source, name
