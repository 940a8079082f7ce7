"""Build the fast CPU runtime for a model folder: an ONNX graph run by ONNX Runtime.

``reframer optimize [MODEL]`` calls :func:`build_onnx`. The file it writes (``model.onnx``) is
derived from the committed float16 weights, so it is built on set-up rather than committed. Two
exporters write the same graph:

- ``numpy`` (the default, no torch): :func:`reframer.classifier.onnx_graph.build_model` reads the weights
  with ``safetensors``' numpy API and writes the graph with ``onnx``'s helpers;
- ``torch``: ``torch.onnx.export`` of the training model (needs the ``train`` extra); kept as the
  reference the numpy graph is tested against.

A model folder without ``model.onnx`` (an installed package, whose folder may be read-only) gets
its graph built on first use by :func:`ensure_onnx`, into the user's cache
(``$REFRAMER_CACHE_DIR``, default the platform's user cache directory, e.g.
``~/.cache/reframer/onnx/<key>/model.onnx``), or in memory when that is not writable.

The int8 graph for VNNI/AMX CPUs is built from this one by :mod:`reframer.classifier.quantize` (static
scales, so scores stay batch-invariant); :mod:`reframer.classifier.precision` picks which graph runs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import warnings
from pathlib import Path
from typing import Final, Literal

from reframer.classifier.model import META_FILE, ONNX_FILE, WEIGHTS_FILE, load_meta
from reframer.errors import ModelError

__all__ = ["Exporter", "build_onnx", "cache_dir", "cached_onnx_path", "ensure_onnx", "find_onnx"]

Exporter = Literal["numpy", "torch"]

log = logging.getLogger("reframer")


def build_onnx(
    path: str | Path,
    *,
    force: bool = False,
    exporter: Exporter = "numpy",
    target: str | Path | None = None,
) -> Path:
    """Write the model folder's ONNX graph (float32, dynamic batch and length).

    ``target`` defaults to ``model.onnx`` inside the folder. The file is written under a
    temporary name and renamed, so a concurrent reader never sees half a file.
    """
    folder = Path(path)
    load_meta(folder)  # validates the folder
    out = Path(target) if target is not None else folder / ONNX_FILE
    if out.is_file() and not force:
        return out
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    try:
        if exporter == "torch":
            _export_torch(folder, partial)
        elif exporter == "numpy":
            from reframer.classifier.onnx_graph import build_model

            partial.write_bytes(build_model(folder).SerializeToString())
        else:
            raise ModelError(f"unknown exporter {exporter!r}: use numpy or torch")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _export_torch(folder: Path, out: Path) -> None:
    try:
        import torch
    except ImportError as exc:
        raise ModelError(
            "the torch exporter needs the train extra: pip install '.[train]'"
        ) from exc
    from reframer.classifier.model import load_torch_model

    model = load_torch_model(folder)
    model.encoder.config._attn_implementation = "eager"  # type: ignore[union-attr]
    ids = torch.tensor([[101, 1045, 2572, 102], [101, 2009, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (ids, mask),
            str(out),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )


# -- first use: a graph in the user's cache ----------------------------------------------------
def cache_dir() -> Path:
    """Where built graphs are kept: ``$REFRAMER_CACHE_DIR``, else the user cache directory."""
    env = os.environ.get("REFRAMER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("reframer", appauthor=False))


SOURCE_FILE: Final = "source"
"""In a cache folder: the resolved path of what it was built from (a model folder, a graph)."""


def prune_superseded(keep: Path, source: str) -> None:
    """Record that cache folder ``keep`` was built from ``source`` and remove the sibling folders
    built from the same source (a retrained model, a rebuilt graph, an older library) or from one
    that no longer exists: each is tens of megabytes and no key can reach it again."""
    try:
        (keep / SOURCE_FILE).write_text(source, encoding="utf-8")
        siblings = list(keep.parent.iterdir())
    except OSError:
        return
    for other in siblings:
        if other == keep or other.name.startswith("."):
            continue
        try:
            recorded = (other / SOURCE_FILE).read_text(encoding="utf-8")
        except OSError:
            continue
        stale = recorded == source or not Path(recorded).exists()  # superseded, or orphaned
        if stale:
            shutil.rmtree(other, ignore_errors=True)


def cached_onnx_path(folder: str | Path) -> Path:
    """The cache file for a model folder, keyed by its metadata, weights and the graph version.

    The key reads ``reframer.json`` and ``config.json`` and the weights' size and modification
    time (hashing 45 MB of weights would cost 0.1 s on every start).
    """
    from reframer.classifier.onnx_graph import GRAPH_VERSION

    path = Path(folder)
    digest = hashlib.sha256(f"graph-v{GRAPH_VERSION}\n".encode())
    for name in (META_FILE, "config.json"):
        file = path / name
        digest.update(file.read_bytes() if file.is_file() else b"-")
    weights = path / WEIGHTS_FILE
    if weights.is_file():
        stat = weights.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_dir() / "onnx" / digest.hexdigest()[:20] / ONNX_FILE


def find_onnx(folder: str | Path) -> Path | None:
    """An existing graph for the folder: its own ``model.onnx``, else a cached one."""
    path = Path(folder)
    if (path / ONNX_FILE).is_file():
        return path / ONNX_FILE
    if not (path / WEIGHTS_FILE).is_file():
        return None
    cached = cached_onnx_path(path)
    return cached if cached.is_file() else None


def ensure_onnx(folder: str | Path) -> Path | bytes:
    """The folder's graph: an existing file, else built now (a file in the cache, or bytes).

    Prints one line (a ``reframer`` log warning) when it builds. Raises
    :class:`~reframer.errors.ModelError` when the folder has no weights to build from.
    """
    path = Path(folder)
    found = find_onnx(path)
    if found is not None:
        return found
    if not (path / WEIGHTS_FILE).is_file():
        raise ModelError(f"{path} has neither {ONNX_FILE} nor {WEIGHTS_FILE}")
    meta = load_meta(path)
    target = cached_onnx_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        writable = os.access(target.parent, os.W_OK)
    except OSError:
        writable = False
    where = f"in {target.parent}" if writable else "in memory (the cache is not writable)"
    log.warning(
        "reframer: first use of %s: building its ONNX runtime %s (once, a few seconds)",
        meta.model_version,
        where,
    )
    if writable:
        try:
            built = build_onnx(path, target=target)
        except OSError:
            pass  # a full or vanished cache: fall through and run from memory
        else:
            prune_superseded(target.parent, str(path.resolve()))
            return built
    from reframer.classifier.onnx_graph import build_model

    graph: bytes = build_model(path).SerializeToString()
    return graph
