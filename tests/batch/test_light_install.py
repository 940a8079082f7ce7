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
    assert not names & {"torch", "transformers", "safetensors", "onnx"}
    assert {
        "onnxruntime",
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


@pytest.mark.slow
def test_analyze_with_the_onnx_file_never_imports_torch() -> None:
    from reframer.model import ONNX_FILE, default_model_path

    if not (default_model_path() / ONNX_FILE).is_file():
        pytest.skip("model.onnx not built (make setup builds it)")
    loaded = _modules_after(
        "from typer.testing import CliRunner\nfrom reframer.cli import app\n"
        "r = CliRunner().invoke(app, ['analyze', 'I am such an idiot.'])\n"
        "assert r.exit_code == 0, r.output"
    )
    assert "torch" not in loaded and "transformers" not in loaded
