"""ONNX Runtime sessions that start fast: the optimised graph kept in the user cache.

Building a session from ``model.int8.onnx`` (65 MB) or ``model.onnx`` (90 MB) parses the whole
protobuf, weights inline, then runs the graph optimisers: about 0.16 s of CPU on every start, all
of it holding the GIL (so it does not overlap with loading spaCy). The first session for a graph
also asks ONNX Runtime to save the graph it optimised into the user cache, with its weights in a
separate file (``$REFRAMER_CACHE_DIR/ort/<key>/``; see :func:`reframer.classifier.export.cache_dir`). Later
starts load that copy with the optimisers off, and ONNX Runtime memory-maps the weights: about
0.06 s. The logits are the same to the bit (a test checks it).

Idle intra-op workers sleep rather than spin (``session.intra_op.allow_spinning=0``): with two
cores, a worker spinning after each batch competes with the Python work between batches.

The key covers the source graph (resolved path, size, modification time), the ONNX Runtime
version and the CPU's instruction-set flags, so a rebuilt graph, an upgrade or another machine
sharing the cache gets a fresh copy; saving a new copy removes the older ones of the same source
graph. Where the cache cannot be written, or a cached copy fails to
load, the session is built from the source graph as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
from pathlib import Path
from typing import Any, Final

__all__ = ["FORMAT", "cached_graph_dir", "open_session"]

FORMAT: Final = 1
"""Bumped when the cached layout changes."""

GRAPH: Final = "model.onnx"
WEIGHTS: Final = "model.data"
_MIN_EXTERNAL_BYTES: Final = 1024
"""Initializers at least this large go to the weights file (memory-mapped on load)."""

log = logging.getLogger(__name__)


def cached_graph_dir(graph: Path) -> Path | None:
    """The cache folder for ``graph``'s optimised copy (None when ``graph`` is not a file)."""
    import onnxruntime as ort

    from reframer.classifier.export import cache_dir
    from reframer.classifier.precision import cpu_flags

    try:
        source = graph.resolve()
        stat = source.stat()
    except OSError:
        return None
    digest = hashlib.sha256(f"ort-session-v{FORMAT}\n".encode())
    for part in (str(source), f"{stat.st_size}:{stat.st_mtime_ns}", ort.__version__, cpu_flags()):
        digest.update(part.encode() + b"\n")
    return cache_dir() / "ort" / digest.hexdigest()[:20]


def _options(threads: int) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    # idle workers sleep instead of spinning: on a small shared machine a spinning worker takes
    # the core the Python half of the work needs (see docs/performance.md)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


def open_session(graph: Path | bytes, *, threads: int) -> Any:
    """An ``InferenceSession`` on the CPU for ``graph`` (a file, or a serialised graph)."""
    import onnxruntime as ort

    providers = ["CPUExecutionProvider"]
    if not isinstance(graph, Path):
        return ort.InferenceSession(graph, _options(threads), providers=providers)
    folder = cached_graph_dir(graph)
    if folder is None:
        return ort.InferenceSession(str(graph), _options(threads), providers=providers)
    if (folder / GRAPH).is_file() and (folder / WEIGHTS).is_file():
        opts = _options(threads)
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return ort.InferenceSession(str(folder / GRAPH), opts, providers=providers)
        except Exception:  # a damaged copy: drop it, build from the source
            log.debug("cached ONNX Runtime graph in %s failed to load; rebuilding", folder)
            shutil.rmtree(folder, ignore_errors=True)
    if folder.exists():  # another user's, or one that could not be removed: leave it be
        return ort.InferenceSession(str(graph), _options(threads), providers=providers)
    return _build_and_save(graph, folder, threads)


def _build_and_save(graph: Path, folder: Path, threads: int) -> Any:
    """A session on the source graph, saving its optimised copy into ``folder`` on the way."""
    import onnxruntime as ort

    providers = ["CPUExecutionProvider"]
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = folder.parent / f".tmp-{os.getpid()}-{secrets.token_hex(4)}"
        work.mkdir()  # with the umask's permissions, like the rest of the cache
    except OSError:  # a read-only or full cache
        return ort.InferenceSession(str(graph), _options(threads), providers=providers)
    opts = _options(threads)
    opts.optimized_model_filepath = str(work / GRAPH)
    opts.add_session_config_entry(
        "session.optimized_model_external_initializers_file_name", WEIGHTS
    )
    opts.add_session_config_entry(
        "session.optimized_model_external_initializers_min_size_in_bytes",
        str(_MIN_EXTERNAL_BYTES),
    )
    try:
        session = ort.InferenceSession(str(graph), opts, providers=providers)
    except Exception:  # saving failed (e.g. a full disk): run without the copy
        shutil.rmtree(work, ignore_errors=True)
        return ort.InferenceSession(str(graph), _options(threads), providers=providers)
    try:
        os.rename(work, folder)  # atomic; another process may have saved it first
    except OSError:
        shutil.rmtree(work, ignore_errors=True)
        return session
    from reframer.classifier.export import prune_superseded

    prune_superseded(folder, str(graph.resolve()))
    return session
