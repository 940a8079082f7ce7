"""The wheel carries the model, so `pip install .` works from any directory (slow)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_bundles_model_and_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("reframer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "reframer/_model/reframer.json",
        "reframer/_model/model.safetensors",
        "reframer/_model/tokenizer.json",
        "reframer/data/templates.toml",
        "reframer/data/exemplars.toml",
        "reframer/data/support/default.json",
        "reframer/py.typed",
        "service/main.py",
    ):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "self_talk = reframer.spacy_component:make_self_talk" in text
    assert "reframer = reframer.cli:main" in text
