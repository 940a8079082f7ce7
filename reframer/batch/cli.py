"""``reframer batch``: the command-line front of batch mode.

Register it on the main Typer app with ``app.command("batch")(batch)``. Exit codes: 0 when every
entry was analysed, 1 when anything was skipped (a file no importer can read, a broken entry: the
summary and the report name each one and why), 2 for usage errors (unknown ``--from`` format,
missing input, ``--out`` over an input, ``--resume`` into another journal's folder, a model or
resources file that cannot be loaded), 130 when interrupted with Ctrl-C (the outputs are complete
for what was done; ``--resume`` continues).

The engine is loaded inside the command, after the arguments are checked, so ``--help`` and
usage errors stay fast. Tests replace :data:`_engine_factory` with one returning a fake engine.
"""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reframer.batch.entry import printable

if TYPE_CHECKING:
    from reframer.batch.runner import Engine

if TYPE_CHECKING:
    from reframer.records.hooks import RecordIndex

__all__ = ["batch"]

_engine_factory: "Callable[[Path | None], Engine] | None" = None
"""When set (by tests), called with ``--model`` instead of loading :class:`reframer.Reframer`."""

_FROM_HELP = (
    "Input format when detection by content is not enough, for every input (--from jrnl) or "
    "for one (--from jrnl:my.journal); repeatable. Formats: see docs/batch.md or an error."
)
_DELIMITERS = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def _load_engine(model: Path | None, resources: Path | None, country: str | None) -> "Engine":
    if _engine_factory is not None:
        return _engine_factory(model)
    from reframer import Reframer
    from reframer.settings import Settings
    from reframer.support import resolve_resources

    settings = Settings()  # REFRAMER_* settings act as in `analyze`; options win over them
    chosen = resolve_resources(resources, country)
    if chosen is not None:
        settings = settings.model_copy(update={"resources": Path(chosen)})
    return Reframer.from_settings(settings, model_path=model)


def _record_index() -> "RecordIndex":
    """The saved records, read once; none (with a note on stderr) when nothing was ever saved."""
    from reframer.records.hooks import RecordIndex
    from reframer.records.store import FILE_NAME, data_dir, open_store

    store = open_store()
    if store is None:
        typer.echo(
            f"Note: no thought records saved yet ({data_dir() / FILE_NAME} does not exist).",
            err=True,
        )
        return RecordIndex(())
    with store:
        return RecordIndex.from_store(store)


def _delimiter(value: str | None) -> str | None:
    from reframer.errors import InputError

    if value is None:
        return None
    sep = _DELIMITERS.get(value.lower(), value)
    if len(sep) != 1 or sep in '"\r\n':
        raise InputError(
            "--delimiter must be one character (or tab, comma, semicolon, pipe); "
            f"got {printable(value)!r}"
        )
    return sep


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
    from_: Annotated[list[str] | None, typer.Option("--from", help=_FROM_HELP)] = None,
    text_col: Annotated[
        str, typer.Option("--text-col", help="CSV/JSONL: the column holding the entry text.")
    ] = "text",
    date_col: Annotated[
        str, typer.Option("--date-col", help="CSV/JSONL: the column holding the date.")
    ] = "date",
    id_col: Annotated[
        str, typer.Option("--id-col", help="CSV/JSONL: the column holding an entry id.")
    ] = "id",
    delimiter: Annotated[
        str | None,
        typer.Option("--delimiter", help="CSV delimiter (default: sniffed): , ; tab |"),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip entries already in the JSONL output in --out.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --resume: accept an --out made from other inputs."),
    ] = False,
    country: Annotated[
        str | None,
        typer.Option("--country", help="Helplines for this country (ISO code: gb, de, us ...)."),
    ] = None,
    resources: Annotated[
        Path | None,
        typer.Option("--resources", help="Support resources file (JSON); wins over --country."),
    ] = None,
    model: Annotated[
        Path | None, typer.Option("--model", help="Model folder (default: the shipped model).")
    ] = None,
    records: Annotated[
        bool,
        typer.Option(
            "--records",
            help="Show your saved thought records (reframer record) next to their entries.",
        ),
    ] = False,
) -> None:
    """Analyse exported journals in bulk: JSONL, CSV, annotated Markdown and an HTML report."""
    from reframer.batch.importers.detect import parse_from
    from reframer.batch.outputs import check_out_dir, parse_formats
    from reframer.batch.runner import run_batch
    from reframer.batch.summary import BatchInterrupted
    from reframer.errors import InputError, ReframerError

    try:
        fmts = parse_formats(format)
        _, per_input = parse_from(from_)
        missing = [printable(str(p)) for p in inputs if not p.exists() and not p.is_symlink()]
        if missing:
            raise InputError(f"no such file or folder: {', '.join(missing)}")
        named = {str(Path(p)) for p in inputs}
        stray = [printable(k) for k in per_input if k not in named]
        if stray:
            raise InputError(f"--from names {', '.join(stray)}, which is not among the inputs")
        sep = _delimiter(delimiter)
        check_out_dir(inputs, out, fmts)
        if resources is None and country is not None:
            from reframer.support import country_file

            country_file(country)  # an unknown country is a usage error before the model loads
        index = _record_index() if records else None
        engine = _load_engine(model, resources, country)
        summary = run_batch(
            inputs,
            out,
            fmts,
            engine,
            from_format=from_,
            text_col=text_col,
            date_col=date_col,
            id_col=id_col,
            delimiter=sep,
            resume=resume,
            force=force,
            progress=True,
            records=index,
        )
    except BatchInterrupted as stop:
        for line in stop.summary.lines():
            typer.echo(printable(line))
        raise typer.Exit(130) from None
    except ReframerError as exc:
        typer.echo(f"Error: {printable(str(exc))}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:
        typer.echo(
            f"Error: cannot write the outputs: {exc.strerror or type(exc).__name__}", err=True
        )
        raise typer.Exit(2) from None
    for line in summary.lines():
        typer.echo(printable(line))
    raise typer.Exit(summary.exit_code)
