"""``reframer-ray``: ``reframer batch``'s JSONL output for JSONL or Parquet inputs, on Ray.

    reframer-ray entries/ --out analysed/ --workers 4            # a local Ray on this machine
    reframer-ray s3://b/entries/ --out s3://b/out/ --address auto --to parquet

Exit codes: 0 when every entry was analysed, 1 when some rows are error rows (the summary counts
them by code), 2 for usage errors (missing extra, a non-empty ``--out``, a model that cannot be
loaded). Nothing printed holds journal text: only counts, codes and paths.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

if TYPE_CHECKING:  # pyarrow and ray are imported inside the command, after the extra is checked
    from reframer.integrations.ray.analyze import EngineFactory

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True)

_engine_factory: EngineFactory | None = None
"""When set (by tests), a picklable factory sent to the workers instead of loading the model."""

_runtime_env: dict[str, object] | None = None
"""When set (by tests), the ``runtime_env`` of a local Ray started by the command."""

_EXTRA = "reframer-ray needs the ray extra: pip install 'reframer[ray]'"


def _is_remote(path: str) -> bool:
    return "://" in path


def _check_out(inputs: list[str], out: str) -> None:
    from reframer.errors import InputError

    if _is_remote(out):
        return
    target = Path(out).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InputError(f"--out {out} is not an empty folder: Ray would add to what is there")
    for src in inputs:
        if _is_remote(src):
            continue
        real = Path(src).resolve()
        if not Path(src).exists():
            raise InputError(f"no such file or folder: {src}")
        if real.is_dir() and (target == real or real in target.parents):
            raise InputError(f"--out {out} is inside the input folder {src}: choose another folder")


@app.command()
def run(
    inputs: Annotated[
        list[str], typer.Argument(help="JSONL or Parquet files or folders (or URIs).")
    ],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder (new or empty).")],
    from_: Annotated[
        Literal["jsonl", "parquet"], typer.Option("--from", help="Input format.")
    ] = "jsonl",
    to: Annotated[
        Literal["jsonl", "parquet"], typer.Option("--to", help="Output format.")
    ] = "jsonl",
    workers: Annotated[int, typer.Option(min=1, help="Engine actors (one model each).")] = 2,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per map_batches call.")] = 256,
    text_col: Annotated[str, typer.Option("--text-col", help="The text column.")] = "text",
    date_col: Annotated[str, typer.Option("--date-col", help="The date column.")] = "date",
    id_col: Annotated[str, typer.Option("--id-col", help="The id column.")] = "id",
    reframes: Annotated[int, typer.Option(min=0, max=3, help="Rewrites per sentence.")] = 3,
    model: Annotated[Path | None, typer.Option(help="Model folder on every worker.")] = None,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster to join ('auto'); default: start a local one.")
    ] = None,
    num_cpus: Annotated[int | None, typer.Option(help="CPUs of a local Ray.")] = None,
    spill_dir: Annotated[
        Path | None, typer.Option(help="Where a local Ray spills objects (journal text).")
    ] = None,
) -> None:
    """Analyse journal entries on a Ray cluster: one result row per entry, nothing dropped."""
    from reframer.errors import ReframerError

    try:
        import ray

        from reframer.batch.entry import ImportOptions
        from reframer.integrations.ray.run import analyse_files, init_private
    except ImportError:
        typer.echo(f"Error: {_EXTRA}", err=True)
        raise typer.Exit(2) from None
    try:
        _check_out(inputs, out)
        started_here = not ray.is_initialized()
        if started_here:
            init_private(address, num_cpus=num_cpus, spill_dir=spill_dir, runtime_env=_runtime_env)
        try:
            stats = analyse_files(
                inputs,
                out,
                input_format=from_,
                output_format=to,
                workers=workers,
                batch_size=batch_size,
                reframes=reframes,
                model_path=model,
                engine_factory=_engine_factory,
                options=ImportOptions(text_col=text_col, date_col=date_col, id_col=id_col),
            )
        finally:
            if started_here:
                ray.shutdown()
    except ReframerError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not stats.counted:
        typer.echo(f"Done in {stats.elapsed_s:.1f} s; outputs in {out} (remote: not counted).")
        raise typer.Exit(0)
    typer.echo(
        f"Done: {stats.rows} entries, {stats.analysed} analysed, "
        f"{stats.rows - stats.analysed} error rows in {stats.elapsed_s:.1f} s "
        f"({stats.entries_per_s:.0f} entries/s)."
    )
    if stats.errors:
        typer.echo(
            "Error rows, by code: "
            + ", ".join(f"{c} {n}" for c, n in sorted(stats.errors.items(), key=lambda x: -x[1]))
        )
    typer.echo(f"Outputs in {out}")
    raise typer.Exit(1 if stats.errors else 0)


def main() -> None:
    """Console entry point ``reframer-ray``."""
    app()


if __name__ == "__main__":
    main()
