"""Choosing the ONNX graph: int8 where the CPU has VNNI/AMX and a current int8 graph exists."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from reframer.classifier import precision as prec
from reframer.errors import ConfigError, ModelError
from reframer.service.schemas import Info, Limits
from reframer.settings import Settings

VERSION = "reframer-minilm-test"


@pytest.mark.parametrize(
    ("flags_line", "expected"),
    [
        ("flags\t\t: fpu sse2 avx2 avx512f avx512_vnni", ("avx512_vnni",)),
        ("flags\t\t: fpu avx2 avx_vnni amx_int8 amx_tile", ("avx_vnni", "amx_int8")),
        ("flags\t\t: fpu sse2 avx2 fma", ()),
        ("model name\t: no flags line here", ()),
    ],
)
def test_int8_cpu_flags(tmp_path: Path, flags_line: str, expected: tuple[str, ...]) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\n{flags_line}\n", encoding="utf-8")
    assert prec.int8_cpu_flags(str(cpuinfo)) == expected


def test_int8_cpu_flags_unreadable(tmp_path: Path) -> None:
    assert prec.int8_cpu_flags(str(tmp_path / "missing")) == ()
    assert prec.cpu_flags(str(tmp_path / "missing")) == ""


def test_cpu_flags_is_the_whole_flags_line(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu  sse2 avx512_vnni\n", encoding="utf-8")
    assert prec.cpu_flags(str(cpuinfo)) == "fpu sse2 avx512_vnni"


def _folder(tmp_path: Path, *, graph: bool, version: str | None) -> Path:
    if graph:
        (tmp_path / prec.INT8_FILE).write_bytes(b"onnx")
    if version is not None:
        (tmp_path / prec.INT8_RECORD).write_text(json.dumps({"model_version": version}))
    return tmp_path


@pytest.mark.parametrize(
    ("requested", "flags", "graph", "version", "expected"),
    [
        ("auto", ("avx512_vnni",), True, VERSION, "int8"),
        ("auto", ("amx_int8",), True, VERSION, "int8"),
        ("auto", (), True, VERSION, "fp32"),  # no VNNI/AMX: int8 would not be faster
        ("auto", ("avx512_vnni",), False, None, "fp32"),  # not built
        ("auto", ("avx512_vnni",), True, "an-older-model", "fp32"),  # stale graph
        ("auto", ("avx512_vnni",), True, None, "fp32"),  # no record
        ("fp32", ("avx512_vnni",), True, VERSION, "fp32"),
        ("int8", (), True, VERSION, "int8"),  # forced on a CPU without VNNI
    ],
)
def test_choose_precision(
    tmp_path: Path,
    requested: prec.Precision,
    flags: tuple[str, ...],
    graph: bool,
    version: str | None,
    expected: str,
) -> None:
    folder = _folder(tmp_path, graph=graph, version=version)
    choice, why = prec.choose_precision(folder, VERSION, requested, flags=flags)
    assert choice == expected
    assert why


@pytest.mark.parametrize(("graph", "version"), [(False, None), (True, "an-older-model")])
def test_forced_int8_without_a_current_graph(
    tmp_path: Path, graph: bool, version: str | None
) -> None:
    folder = _folder(tmp_path, graph=graph, version=version)
    with pytest.raises(ModelError, match="reframer optimize"):
        prec.choose_precision(folder, VERSION, "int8", flags=("avx512_vnni",))


def test_choice_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _folder(tmp_path, graph=True, version=VERSION)
    with caplog.at_level(logging.INFO, logger="reframer.classifier.precision"):
        for _ in range(3):
            prec.choose_precision(folder, VERSION, "auto", flags=("avx512_vnni",))
    assert [r.getMessage() for r in caplog.records] == [
        "model runtime: ONNX int8 (the CPU has avx512_vnni)"
    ]


@pytest.mark.parametrize(
    ("value", "env", "expected"),
    [
        (None, None, "auto"),
        (None, "int8", "int8"),
        (None, " FP32 ", "fp32"),
        ("fp32", "int8", "fp32"),  # an explicit value wins over the environment
        ("auto", None, "auto"),
    ],
)
def test_requested_precision(
    monkeypatch: pytest.MonkeyPatch, value: str | None, env: str | None, expected: str
) -> None:
    if env is None:
        monkeypatch.delenv("REFRAMER_PRECISION", raising=False)
    else:
        monkeypatch.setenv("REFRAMER_PRECISION", env)
    assert prec.requested_precision(value) == expected


def test_requested_precision_rejects_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFRAMER_PRECISION", "int4")
    with pytest.raises(ConfigError, match="'int4'"):
        prec.requested_precision()


def test_setting_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFRAMER_PRECISION", "fp32")
    assert Settings().precision == "fp32"
    monkeypatch.setenv("REFRAMER_PRECISION", "int4")
    with pytest.raises(ValidationError):
        Settings()


def test_info_reports_precision() -> None:
    limits = Limits(max_text_chars=1, max_body_bytes=1, max_batch_items=1)
    info = {"model_version": VERSION, "labels": [], "traps": [], "precision": "int8"}
    assert Info.from_engine(info, limits).precision == "int8"
    del info["precision"]
    assert Info.from_engine(info, limits).precision is None


def test_optimize_reports_bad_calibration_data(tmp_path: Path) -> None:
    """``optimize --data`` with a missing file fails with a coded error, before any heavy work."""
    from reframer.classifier.model import META_FILE, ONNX_FILE, default_model_path
    from reframer.cli import app

    try:
        shipped = default_model_path()
    except ModelError:
        pytest.skip("no shipped model")
    if not (shipped / ONNX_FILE).is_file():
        pytest.skip("the shipped model has no ONNX file")
    for name in (META_FILE, ONNX_FILE):
        (tmp_path / name).symlink_to(shipped / name)
    missing = tmp_path / "nope.jsonl"
    result = CliRunner().invoke(app, ["optimize", "--model", str(tmp_path), "--data", str(missing)])
    assert result.exit_code == 1
    assert "nope.jsonl" in result.output
    assert not (tmp_path / prec.INT8_FILE).exists()
