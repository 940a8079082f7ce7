"""The light install: analysis needs no torch, and the package's default dependencies say so."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


def test_default_dependencies_have_no_torch() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split("=")[0].split("<")[0].strip() for d in project["dependencies"]}
    assert not names & {"torch", "transformers"}
    assert {
        "onnxruntime",
        "onnx",  # building model.onnx without torch (reframer.classifier.onnx_graph)
        "safetensors",
        "tokenizers",
        "spacy",
        "fastapi",
        "uvicorn",
        "typer",
        "pydantic",
    } <= names
    train = {d.split(">")[0] for d in project["optional-dependencies"]["train"]}
    assert {"torch", "transformers"} <= train


def test_importing_reframer_and_the_cli_never_imports_torch() -> None:
    loaded = _modules_after(
        "import reframer, reframer.cli, reframer.batch, reframer.batch.cli, reframer.batch.runner"
    )
    assert "torch" not in loaded and "transformers" not in loaded


def test_the_cli_module_imports_nothing_heavy() -> None:
    """``reframer --help`` stays fast: no pydantic, numpy, spaCy or ONNX until a command runs."""
    loaded = _modules_after("import reframer.cli")
    heavy = {"pydantic", "numpy", "spacy", "onnxruntime", "onnx", "fastapi", "reframer.pipeline"}
    assert not loaded & heavy
    assert "reframer.batch.cli" in loaded  # the batch command is still registered


@pytest.mark.slow
def test_analyze_without_an_onnx_file_builds_it_without_torch(tmp_path: Path) -> None:
    """An installed model folder has no model.onnx: the first run builds it into the cache."""
    import os
    import shutil

    from reframer.classifier.model import ONNX_FILE, default_model_path

    folder = tmp_path / "model"
    shutil.copytree(
        default_model_path(), folder, ignore=shutil.ignore_patterns("*.onnx", "*.int8.json")
    )
    env = {**os.environ, "REFRAMER_MODEL_PATH": str(folder), "REFRAMER_CACHE_DIR": str(tmp_path)}
    script = (
        "import sys\nfrom typer.testing import CliRunner\nfrom reframer.cli import app\n"
        "r = CliRunner().invoke(app, ['analyze', 'I am such an idiot.'])\n"
        "assert r.exit_code == 0 and 'labeling' in r.output, r.output\n"
        "print(r.output.count('building its ONNX runtime'), *sorted(sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert done.returncode == 0, done.stderr
    builds, *modules = done.stdout.split()
    assert builds == "1"  # one line about the build (the runner mixes stderr into output)
    assert not {"torch", "transformers"} & set(modules)
    assert list(tmp_path.glob(f"onnx/*/{ONNX_FILE}")) and not (folder / ONNX_FILE).exists()


@pytest.mark.slow
def test_analyze_with_the_onnx_file_never_imports_torch() -> None:
    from reframer.classifier.model import ONNX_FILE, default_model_path

    if not (default_model_path() / ONNX_FILE).is_file():
        pytest.skip("model.onnx not built (make setup builds it)")
    loaded = _modules_after(
        "from typer.testing import CliRunner\nfrom reframer.cli import app\n"
        "r = CliRunner().invoke(app, ['analyze', 'I am such an idiot.'])\n"
        "assert r.exit_code == 0, r.output"
    )
    assert "torch" not in loaded and "transformers" not in loaded
