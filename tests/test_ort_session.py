"""ONNX Runtime sessions from the optimised copy in the user cache: same outputs, safe fallbacks."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reframer.classifier.ort_session import GRAPH, WEIGHTS, cached_graph_dir, open_session

onnx = pytest.importorskip("onnx")
INPUT = np.random.default_rng(0).standard_normal((3, 64)).astype(np.float32)


def _graph(path: Path) -> Path:
    """A small graph, ``y = relu(x @ w + b) @ w``, with initializers above the weights-file cut."""
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(1)
    w = numpy_helper.from_array(rng.standard_normal((64, 64)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal(64).astype(np.float32), "b")
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["h"]),
        helper.make_node("Add", ["h", "b"], ["a"]),
        helper.make_node("Relu", ["a"], ["r"]),
        helper.make_node("MatMul", ["r", "w"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 64])],
        initializer=[w, b],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def _run(session: Any) -> np.ndarray:
    out: np.ndarray = session.run(None, {"x": INPUT})[0]
    return out


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_first_session_saves_the_copy_and_later_ones_load_it(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    first = _run(open_session(graph, threads=1))
    folder = cached_graph_dir(graph)
    assert folder is not None and folder.parent == cache / "ort"
    assert (folder / GRAPH).is_file() and (folder / WEIGHTS).stat().st_size >= 64 * 64 * 4
    assert (folder / GRAPH).stat().st_size < 4096  # the weights live in the separate file
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temporary left
    session = open_session(graph, threads=1)
    np.testing.assert_array_equal(first, _run(session))
    options = session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_the_key_follows_the_source_graph(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    before = cached_graph_dir(graph)
    os.utime(graph, ns=(1_000_000_000, 1_000_000_000))
    assert cached_graph_dir(graph) != before
    assert cached_graph_dir(tmp_path / "missing.onnx") is None


def test_a_rebuilt_graph_replaces_its_old_copy(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    other = _graph(tmp_path / "other.onnx")
    open_session(graph, threads=1)
    open_session(other, threads=1)
    old = cached_graph_dir(graph)
    os.utime(graph, ns=(1_000_000_000, 1_000_000_000))  # rebuilt: a new key
    open_session(graph, threads=1)
    kept = {p.name for p in (cache / "ort").iterdir()}
    assert old is not None and old.name not in kept
    assert kept == {cached_graph_dir(graph).name, cached_graph_dir(other).name}  # type: ignore[union-attr]


def test_a_damaged_copy_is_rebuilt(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    expected = _run(open_session(graph, threads=1))
    folder = cached_graph_dir(graph)
    assert folder is not None
    (folder / GRAPH).write_bytes(b"not a graph")
    np.testing.assert_array_equal(_run(open_session(graph, threads=1)), expected)
    assert (folder / GRAPH).stat().st_size > len(b"not a graph")  # saved again


def test_a_folder_it_cannot_use_is_left_alone(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    folder = cached_graph_dir(graph)
    assert folder is not None
    folder.mkdir(parents=True)  # e.g. being written by another process, or another user's
    assert _run(open_session(graph, threads=1)).shape == (3, 64)
    assert list(folder.iterdir()) == [] and [p.name for p in folder.parent.iterdir()] == [
        folder.name
    ]


def test_an_unwritable_cache_runs_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(blocker / "cache"))
    graph = _graph(tmp_path / "g.onnx")
    out = _run(open_session(graph, threads=1))
    assert out.shape == (3, 64)
    assert not (blocker.parent / "cache").exists()


def test_a_serialised_graph_is_run_as_given(tmp_path: Path, cache: Path) -> None:
    graph = _graph(tmp_path / "g.onnx")
    from_bytes = _run(open_session(graph.read_bytes(), threads=1))
    assert not cache.exists()
    np.testing.assert_array_equal(from_bytes, _run(open_session(graph, threads=1)))


def test_saving_failure_falls_back(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import onnxruntime as ort

    graph = _graph(tmp_path / "g.onnx")
    calls: list[str] = []
    original = ort.InferenceSession

    def failing(path: Any, opts: Any, **kw: Any) -> Any:
        calls.append(opts.optimized_model_filepath)
        if opts.optimized_model_filepath:
            raise RuntimeError("disk full")
        return original(path, opts, **kw)

    monkeypatch.setattr(ort, "InferenceSession", failing)
    out = _run(open_session(graph, threads=1))
    assert out.shape == (3, 64)
    assert calls[0] and not calls[1]  # tried to save, then ran the source
    assert not any((cache / "ort").iterdir())  # the temporary folder was removed


@pytest.mark.slow
@pytest.mark.parametrize("file", ["model.int8.onnx", "model.onnx"])
def test_shipped_graph_logits_are_identical(
    shipped_model: Any, file: str, tmp_path: Path, cache: Path
) -> None:
    import onnxruntime as ort

    from reframer.classifier.runtime import Classifier

    folder = shipped_model(file)
    clf = Classifier.load(folder, precision="int8" if "int8" in file else "fp32")
    texts = [
        "I'm such an idiot, I failed the exam again.",
        "We had a lovely walk by the river.",
        "Nobody would even notice if I was gone, I ruin everything I touch.",
    ] * 3
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    reference = ort.InferenceSession(str(folder / file), opts, providers=["CPUExecutionProvider"])
    cached = open_session(folder / file, threads=2)  # the copy now exists: loaded from it
    clf._runner = reference
    expected = clf.logits(texts)
    clf._runner = cached
    np.testing.assert_array_equal(clf.logits(texts), expected)
