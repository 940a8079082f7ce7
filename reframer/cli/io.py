"""The work behind the CLI commands, as plain functions (the Typer layer only parses options)."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from reframer.errors import DataError, ReframerError
from reframer.schema import Analysis

__all__ = ["analyze_lines", "collector_paused", "print_one", "run_evaluation", "run_training"]


@contextmanager
def collector_paused(*, freeze: bool = True) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a command loads the engine.

    Loading creates about 90,000 long-lived objects (spaCy, the templates, the crisis patterns)
    and no garbage cycles, yet the collector walks them all in two full collections on the way:
    about 0.1 s of a first ``analyze``. With ``freeze``, everything alive at the end is moved to
    the permanent generation (:func:`gc.freeze`), so later collections (over a stream of entries)
    skip it; the collector is then back as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def print_one(result: Analysis, fmt: str) -> None:
    """Print one result as the contract's JSON or as readable text."""
    if fmt in ("json", "jsonl"):
        sys.stdout.write(result.model_dump_json(indent=2 if fmt == "json" else None) + "\n")
        return
    from rich.console import Console

    from reframer.render import render_analysis

    render_analysis(result, Console())


def analyze_lines(
    engine: Any,
    stream: IO[bytes],
    out: IO[str],
    *,
    reframes: int,
    seed: int | None,
    situation: str | None = None,
) -> int:
    """One entry per input line → one contract JSON per output line, in order.

    A line that can't be analysed (undecodable bytes, too long) becomes an error object
    ``{"error": {"code", "message", "line"}}`` in its place; the count of such lines is returned.
    """
    bad = 0
    lines: list[tuple[int, str | ReframerError]] = []

    def flush() -> None:
        texts = [v for _, v in lines if isinstance(v, str)]
        extra = {"situation": situation} if situation else {}
        results: Iterator[Analysis] = engine.iter_analyze(
            texts, reframes=reframes, seed=seed, **extra
        )
        for n, v in lines:
            if isinstance(v, str):
                out.write(next(results).model_dump_json() + "\n")
            else:
                err = {"code": v.code, "message": v.message, "line": n}
                out.write(json.dumps({"error": err}) + "\n")
        out.flush()
        lines.clear()

    from reframer.errors import DecodeError

    for n, raw in enumerate(stream, 1):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
            if n == 1:
                text = text.removeprefix("\ufeff")
            engine.validate(text)
            lines.append((n, text))
        except UnicodeDecodeError:
            bad += 1
            lines.append((n, DecodeError(f"line {n} is not valid UTF-8")))
        except ReframerError as exc:
            bad += 1
            lines.append((n, exc))
        if len(lines) >= 256:
            flush()
    flush()
    return bad


def run_training(
    data: Path,
    out: Path,
    *,
    seed: int,
    epochs: int | None,
    optimize: bool,
    model_version: str | None = None,
) -> None:
    """Train, build the ONNX runtime, evaluate on the test split and write the model card."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from reframer.training.train import train

    if not data.is_file() and data.name == "dataset.jsonl":
        raise DataError(
            f"{data} not found: it is built from data/seeds by `python data/build_dataset.py`"
            " (or `make setup`)"
        )
    recipe = {"epochs": epochs} if epochs else None
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task("training", total=None)

        def progress(stage: str, step: int, total: int) -> None:
            bar.update(task, completed=step, total=total, description=stage)
            if not bar.console.is_terminal and step % max(1, total // 20) == 0:
                print(f"{stage}: step {step}/{total}", file=sys.stderr, flush=True)

        meta = train(
            data, out, seed=seed, recipe=recipe, progress=progress, model_version=model_version
        )
    print(
        f"trained {meta.model_version}: threshold {meta.threshold}, temperature {meta.temperature}"
    )
    if optimize:
        from reframer.classifier.export import build_onnx

        build_onnx(out, force=True)
    from reframer.training.card import write_card

    write_card(out, data)
    print(f"wrote {out} (model card: {out / 'README.md'})")


def run_evaluation(
    data: list[Path] | None, suite: str, fmt: str, model: Path | None, *, card: bool
) -> None:
    """Compute the evaluation report and print it (text or JSON); optionally rewrite the card."""
    from reframer.classifier.model import default_model_path
    from reframer.training.card import build_report, render_report, write_card

    if suite not in ("all", "none", "challenge", "crisis", "real"):
        raise DataError(f"unknown suite {suite!r}: use all, none, challenge, crisis or real")
    path = model or default_model_path()
    report = build_report(path, data, suite=suite)
    if fmt == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_report(report))
    if card:
        write_card(path, None, report=report)
