"""The torch-free ONNX builder (reframer.classifier.onnx_graph, reframer.classifier.export) and building on first use.

Fast tests use a tiny random model folder (hidden size 8, two layers, the shipped tokenizer and
metadata) and check the graph against a numpy forward pass written here from the BERT equations.
The slow test builds the shipped model with both exporters and compares their logits.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from reframer.classifier.export import build_onnx, cached_onnx_path, ensure_onnx, find_onnx
from reframer.classifier.model import ONNX_FILE
from reframer.cli import app
from reframer.errors import ModelError

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "models" / "reframer-minilm"
HIDDEN, HEADS, LAYERS, INNER, VOCAB, N_OUT = 8, 2, 2, 16, 30522, 13


def _tiny_weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.5).astype(np.float16)

    e = "encoder.embeddings"
    w = {
        f"{e}.word_embeddings.weight": r(VOCAB, HIDDEN),
        f"{e}.position_embeddings.weight": r(512, HIDDEN),
        f"{e}.token_type_embeddings.weight": r(2, HIDDEN),
        f"{e}.LayerNorm.weight": r(HIDDEN) + 1,
        f"{e}.LayerNorm.bias": r(HIDDEN),
        "head.weight": r(N_OUT, HIDDEN),
        "head.bias": r(N_OUT),
    }
    for i in range(LAYERS):
        p = f"encoder.encoder.layer.{i}"
        for name, (rows, cols) in {
            "attention.self.query": (HIDDEN, HIDDEN),
            "attention.self.key": (HIDDEN, HIDDEN),
            "attention.self.value": (HIDDEN, HIDDEN),
            "attention.output.dense": (HIDDEN, HIDDEN),
            "intermediate.dense": (INNER, HIDDEN),
            "output.dense": (HIDDEN, INNER),
        }.items():
            w[f"{p}.{name}.weight"], w[f"{p}.{name}.bias"] = r(rows, cols), r(rows)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[f"{p}.{norm}.weight"], w[f"{p}.{norm}.bias"] = r(HIDDEN) + 1, r(HIDDEN)
    return w


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A model folder with random float16 weights, the shipped tokenizer and metadata."""
    from safetensors.numpy import save_file

    folder = tmp_path / "tiny"
    folder.mkdir()
    for name in ("reframer.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        shutil.copy(SHIPPED / name, folder / name)
    config = json.loads((SHIPPED / "config.json").read_text(encoding="utf-8"))
    config |= {"hidden_size": HIDDEN, "num_attention_heads": HEADS}
    config |= {"num_hidden_layers": LAYERS, "intermediate_size": INNER}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    save_file(_tiny_weights(), str(folder / "model.safetensors"))
    return folder


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + 1e-12) * g + b
    return out


def _reference(ids: np.ndarray, mask: np.ndarray, seed: int = 0) -> np.ndarray:
    """The classifier's forward pass in float64 numpy, straight from the BERT equations."""
    w = {k: v.astype(np.float64) for k, v in _tiny_weights(seed).items()}
    e, d = "encoder.embeddings", HIDDEN // HEADS
    x = w[f"{e}.word_embeddings.weight"][ids] + w[f"{e}.token_type_embeddings.weight"][0]
    x = _layer_norm(x + w[f"{e}.position_embeddings.weight"][: ids.shape[1]], w[f"{e}.LayerNorm.weight"], w[f"{e}.LayerNorm.bias"])  # fmt: skip
    erf = np.vectorize(math.erf)
    for i in range(LAYERS):
        p = f"encoder.encoder.layer.{i}"

        def lin(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
            out: np.ndarray = v @ w[f"{p}.{name}.weight"].T + w[f"{p}.{name}.bias"]
            return out

        def split(v: np.ndarray) -> np.ndarray:
            return v.reshape(v.shape[0], v.shape[1], HEADS, d).transpose(0, 2, 1, 3)

        q, k, v = (split(lin(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + np.where(mask, 0.0, -1e30)[:, None, None, :]  # fmt: skip
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(x.shape)
        x = _layer_norm(lin(ctx, "attention.output.dense") + x, w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"])  # fmt: skip
        h = lin(x, "intermediate.dense")
        h = h * 0.5 * (1 + erf(h / math.sqrt(2)))
        x = _layer_norm(lin(h, "output.dense") + x, w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"])  # fmt: skip
    m = mask[..., None].astype(np.float64)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-6)
    out: np.ndarray = pooled @ w["head.weight"].T + w["head.bias"]
    return out


def _run(graph: Path | bytes, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    source = str(graph) if isinstance(graph, Path) else graph
    session = ort.InferenceSession(source, providers=["CPUExecutionProvider"])
    out: np.ndarray = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    return out


IDS = np.array([[101, 1045, 2572, 1037, 4945, 102], [101, 2009, 102, 0, 0, 0]], dtype=np.int64)
MASK = (IDS != 0).astype(np.int64)


def test_numpy_graph_matches_the_bert_equations(tiny: Path) -> None:
    out = _run(build_onnx(tiny), IDS, MASK)
    assert out.shape == (2, N_OUT) and out.dtype == np.float32
    assert np.abs(out - _reference(IDS, MASK)).max() < 1e-4
    # a different seed's weights give different logits: the comparison can fail
    assert np.abs(out - _reference(IDS, MASK, seed=1)).max() > 0.1


def test_every_node_has_its_own_name(tiny: Path) -> None:
    """int8 quantization picks the products to keep in float32 by node name: an empty or
    repeated name would silently quantize every product."""
    from reframer.classifier.onnx_graph import build_model

    names = [node.name for node in build_model(tiny).graph.node]
    assert all(names)
    assert len(set(names)) == len(names)


def test_padding_and_batch_neighbours_do_not_change_a_row(tiny: Path) -> None:
    graph = build_onnx(tiny)
    alone = _run(graph, IDS[1:, :3], MASK[1:, :3])
    assert np.abs(_run(graph, IDS, MASK)[1] - alone[0]).max() < 1e-5


def test_build_onnx_keeps_an_existing_file_unless_forced(tiny: Path) -> None:
    target = build_onnx(tiny)
    assert target == tiny / ONNX_FILE and not list(tiny.glob("*.partial"))
    target.write_bytes(b"stale")
    assert build_onnx(tiny).read_bytes() == b"stale"
    assert build_onnx(tiny, force=True).read_bytes() != b"stale"


@pytest.mark.parametrize(
    ("remove", "message"),
    [("config.json", "no config.json"), ("model.safetensors", "no model.safetensors")],
)
def test_build_onnx_names_what_is_missing(tiny: Path, remove: str, message: str) -> None:
    (tiny / remove).unlink()
    with pytest.raises(ModelError, match=message):
        build_onnx(tiny)
    assert not (tiny / ONNX_FILE).exists()


def test_first_use_builds_into_the_cache_once(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(tmp_path / "cache"))
    assert find_onnx(tiny) is None
    with caplog.at_level(logging.WARNING, logger="reframer"):
        first = ensure_onnx(tiny)
        second = ensure_onnx(tiny)
    assert first == second == cached_onnx_path(tiny)
    assert isinstance(first, Path) and first.is_relative_to(tmp_path / "cache")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "building its ONNX runtime" in lines[0]
    assert not (tiny / ONNX_FILE).exists()  # the model folder is never written
    assert np.abs(_run(first, IDS, MASK) - _reference(IDS, MASK)).max() < 1e-4


def test_changed_weights_get_a_new_cache_entry(tiny: Path) -> None:
    from safetensors.numpy import save_file

    before = cached_onnx_path(tiny)
    save_file(_tiny_weights(seed=1), str(tiny / "model.safetensors"))
    assert cached_onnx_path(tiny) != before


def test_a_retrained_model_replaces_its_old_cache_entry(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetensors.numpy import save_file

    cache = tmp_path / "cache"
    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(cache))
    old = ensure_onnx(tiny)
    orphan = cache / "onnx" / "orphan"  # built from a model folder that is gone
    orphan.mkdir()
    (orphan / "source").write_text(str(tmp_path / "gone"), encoding="utf-8")
    unknown = cache / "onnx" / "unknown"  # no record of its source: left alone
    unknown.mkdir()
    save_file(_tiny_weights(seed=1), str(tiny / "model.safetensors"))  # retrained
    new = ensure_onnx(tiny)
    assert isinstance(old, Path) and isinstance(new, Path) and new != old
    assert sorted(p.name for p in (cache / "onnx").iterdir()) == sorted(
        [new.parent.name, "unknown"]
    )


def test_unwritable_cache_runs_from_memory(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="reframer"):
        graph = ensure_onnx(tiny)
    assert isinstance(graph, bytes)
    assert "in memory" in caplog.records[0].getMessage()
    assert np.abs(_run(graph, IDS, MASK) - _reference(IDS, MASK)).max() < 1e-4


def test_classifier_loads_a_folder_without_onnx(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reframer.classifier.runtime import Classifier

    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(tmp_path / "cache"))
    for runtime in ("auto", "onnx"):
        clf = Classifier.load(tiny, runtime=runtime)  # type: ignore[arg-type]
        assert clf.runtime == "onnx"
        assert clf.logits(["I am a failure.", "ok"]).shape == (2, N_OUT)


def test_optimize_command_writes_into_the_folder_or_the_cache(
    tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setenv("REFRAMER_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(app, ["optimize", "--model", str(tiny)])
    assert result.exit_code == 0 and (tiny / ONNX_FILE).is_file(), result.output
    (tiny / ONNX_FILE).unlink()
    real_access = os.access
    read_only = lambda p, m: not (Path(p) == tiny and m == os.W_OK) and real_access(p, m)  # noqa: E731
    monkeypatch.setattr(os, "access", read_only)
    result = CliRunner().invoke(app, ["optimize", "--model", str(tiny)])
    assert result.exit_code == 0 and not (tiny / ONNX_FILE).exists(), result.output
    assert str(cached_onnx_path(tiny)) in result.output and cached_onnx_path(tiny).is_file()


@pytest.mark.slow
def test_numpy_exporter_equals_the_torch_exporter(tmp_path: Path) -> None:
    """The shipped model: max |logit difference| on 300 seed sentences of both exporters."""
    pytest.importorskip("torch")
    from tokenizers import Tokenizer

    torch_graph = build_onnx(SHIPPED, exporter="torch", target=tmp_path / "torch.onnx")
    numpy_graph = build_onnx(SHIPPED, exporter="numpy", target=tmp_path / "numpy.onnx")
    texts = []
    for seeds in sorted((ROOT / "data" / "seeds").glob("*.jsonl"))[:6]:
        lines = seeds.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:50] if line]
    assert len(texts) == 300
    tok = Tokenizer.from_file(str(SHIPPED / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=128)
    worst = 0.0
    for start in range(0, len(texts), 50):
        enc = tok.encode_batch(texts[start : start + 50])
        ids = np.zeros((len(enc), max(len(e.ids) for e in enc)), dtype=np.int64)
        for row, e in enumerate(enc):
            ids[row, : len(e.ids)] = e.ids
        mask = (ids != 0).astype(np.int64)
        diff = np.abs(_run(numpy_graph, ids, mask) - _run(torch_graph, ids, mask)).max()
        worst = max(worst, float(diff))
    assert worst <= 1e-3
