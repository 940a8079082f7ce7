"""``reframer batch``: the command-line front of batch mode.

Register it on the main Typer app with ``app.command("batch")(batch)``. Exit codes: 0 when every
entry was analysed, 1 when anything was skipped (the summary says what and why), 2 for usage
errors (unknown format, missing input, ``--out`` over an input, a model that cannot be loaded),
130 when interrupted with Ctrl-C (the outputs are complete for what was done; ``--resume``
continues).

The engine is loaded inside the command, after the arguments are checked, so ``--help`` and
usage errors stay fast. Tests replace :data:`_engine_factory` with one returning a fake engine.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from reframer.batch.runner import Engine

__all__ = ["batch"]

_engine_factory: Callable[[Path | None], Engine] | None = None
"""When set (by tests), called with ``--model`` instead of loading :class:`reframer.Reframer`."""

_FORMATS_HELP = (
    "Input format, when detection is not enough: dayone, jrnl, journey, diaro, daily-notes "
    "(or obsidian, logseq), daylio, csv, jsonl, text."
)


def _load_engine(model: Path | None) -> Engine:
    if _engine_factory is not None:
        return _engine_factory(model)
    from reframer import Reframer

    return Reframer.from_settings(model_path=model)  # REFRAMER_* settings act as in `analyze`


def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Journal exports: files, folders or zips.", show_default=False),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the outputs (created if missing).")
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Outputs, comma-separated: jsonl,csv,md,html.")
    ] = "jsonl,csv,md,html",
    from_: Annotated[str | None, typer.Option("--from", help=_FORMATS_HELP)] = None,
    text_col: Annotated[
        str, typer.Option("--text-col", help="CSV/JSONL: the column holding the entry text.")
    ] = "text",
    date_col: Annotated[
        str, typer.Option("--date-col", help="CSV/JSONL: the column holding the date.")
    ] = "date",
    id_col: Annotated[
        str, typer.Option("--id-col", help="CSV/JSONL: the column holding an entry id.")
    ] = "id",
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip entries already in the JSONL output in --out.")
    ] = False,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model folder (default: the shipped model).")
    ] = None,
) -> None:
    """Analyse exported journals in bulk: JSONL, CSV, annotated Markdown and an HTML report."""
    from reframer.batch.importers import canonical_format
    from reframer.batch.outputs import check_out_dir, parse_formats
    from reframer.batch.runner import run_batch
    from reframer.batch.summary import BatchInterrupted
    from reframer.errors import InputError, ReframerError

    try:
        fmts = parse_formats(format)
        if from_ is not None:
            canonical_format(from_)
        missing = [str(p) for p in inputs if not p.exists()]
        if missing:
            raise InputError(f"no such file or folder: {', '.join(missing)}")
        check_out_dir(inputs, out, fmts)
        engine = _load_engine(model)
        summary = run_batch(
            inputs,
            out,
            fmts,
            engine,
            from_format=from_,
            text_col=text_col,
            date_col=date_col,
            id_col=id_col,
            resume=resume,
            progress=True,
        )
    except BatchInterrupted as stop:
        for line in stop.summary.lines():
            typer.echo(line)
        raise typer.Exit(130) from None
    except ReframerError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    for line in summary.lines():
        typer.echo(line)
    raise typer.Exit(summary.exit_code)
