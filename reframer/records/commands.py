"""``reframer records list | show | export | delete | stats | path``: the store, read and
removed. None of these load a model, and none creates the store when it does not exist yet."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from reframer.errors import InputError, ReframerError

if TYPE_CHECKING:
    from reframer.records.models import ThoughtRecord
    from reframer.records.store import Store

__all__ = ["records_app"]

records_app = typer.Typer(
    help="Your saved thought records and corrections: list, show, export, delete, stats.",
    no_args_is_help=True,
)


class Out(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class What(StrEnum):
    records = "records"
    corrections = "corrections"
    all = "all"


class By(StrEnum):
    week = "week"
    month = "month"


FormatOpt = Annotated[Out, typer.Option("--format", "-f", help="text or json.")]


def _fail(exc: ReframerError) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, InputError) else 1)


def _store() -> Store | None:
    from reframer.records.store import open_store

    try:
        return open_store()
    except ReframerError as exc:
        _fail(exc)


def _none_yet() -> None:
    from reframer.records.store import FILE_NAME, data_dir

    typer.echo(f"No records yet (the store would be {data_dir() / FILE_NAME}).")


def _line(r: ThoughtRecord) -> str:
    after = "-" if r.belief_after is None else str(r.belief_after)
    thought = r.thought if len(r.thought) <= 60 else r.thought[:59] + "…"
    traps = ", ".join(r.traps) or "-"
    return f"{r.id:>4}  {r.created[:10]}  {r.belief_before:>3} → {after:>3}  {traps}  {thought}"


@records_app.command("list")
def list_(fmt: FormatOpt = Out.text) -> None:
    """Your records, oldest first: id, date, belief before → after, traps, thought."""
    store = _store()
    records = [] if store is None else store.records()
    if store is not None:
        store.close()
    if fmt is Out.json:
        typer.echo(json.dumps([r.model_dump() for r in records], ensure_ascii=False, indent=2))
        return
    if not records:
        _none_yet()
        return
    for r in records:
        typer.echo(_line(r))


@records_app.command()
def show(
    record_id: Annotated[int, typer.Argument(help="The record's id.")], fmt: FormatOpt = Out.text
) -> None:
    """One record in full."""
    store = _store()
    if store is None:
        from reframer.errors import StoreError

        _fail(StoreError(f"no record with id {record_id}", code="record_not_found"))
    try:
        with store:
            r = store.get_record(record_id)
    except ReframerError as exc:
        _fail(exc)
    if fmt is Out.json:
        typer.echo(r.model_dump_json(indent=2))
        return
    after = "-" if r.belief_after is None else r.belief_after
    for label, value in (
        ("Record", f"{r.id} ({r.created})"),
        ("Situation", r.situation or "-"),
        ("Thought", r.thought),
        ("Belief", f"{r.belief_before} → {after}"),
        ("Traps", ", ".join(r.traps) or "-"),
        ("Reframe", f"{r.reframe} ({r.reframe_source})" if r.reframe else "-"),
    ):
        typer.echo(f"{label + ':':<11}{value}")


@records_app.command()
def export(
    out: Annotated[Path | None, typer.Argument(help="The file to write; omit for stdout.")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.jsonl,
    what: Annotated[What, typer.Option(help="records, corrections or all (JSONL).")] = What.all,
) -> None:
    """Everything in the store, as JSON Lines (default) or CSV."""
    from reframer.records.export import export as write

    store = _store()
    records = [] if store is None else store.records()
    corrections = [] if store is None else store.corrections()
    if store is not None:
        store.close()
    if fmt is ExportFormat.csv and what is What.all:
        what = What.records
    try:
        n = write(records, corrections, out, fmt=fmt.value, what=what.value, stdout=sys.stdout)
    except ReframerError as exc:
        _fail(exc)
    if out is not None:
        typer.echo(f"Wrote {n} rows to {out}")


@records_app.command()
def delete(
    record_id: Annotated[int | None, typer.Argument(help="One record's id.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every record and correction (then VACUUM the file).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete one record, or everything with --all. Deleted text is overwritten in the file."""
    if (record_id is None) == (not all_):
        _fail(InputError("give a record id, or --all"))
    store = _store()
    if store is None:
        _none_yet()
        return
    with store:
        try:
            if record_id is not None:
                store.delete_record(record_id)
                typer.echo(f"Deleted record {record_id}")
                return
            if not yes and not typer.confirm(
                f"Delete every record and correction in {store.path}?"
            ):
                typer.echo("Nothing deleted.")
                return
            n_rec, n_cor = store.delete_all()
        except ReframerError as exc:
            _fail(exc)
    typer.echo(f"Deleted {n_rec} records and {n_cor} corrections; {store.path} was vacuumed.")


@records_app.command()
def stats(
    by: Annotated[By, typer.Option(help="Group by week or month.")] = By.week,
    fmt: FormatOpt = Out.text,
) -> None:
    """Belief change over time, traps over time, and the reframes that helped most."""
    from reframer.records.stats import compute_stats

    store = _store()
    records = [] if store is None else store.records()
    corrections = [] if store is None else store.corrections()
    if store is not None:
        store.close()
    s = compute_stats(records, corrections, by=by.value)
    if fmt is Out.json:
        typer.echo(s.model_dump_json(indent=2))
        return
    if not records:
        _none_yet()
        return
    typer.echo(f"{s.records} records, {s.rated_twice} rated before and after.")
    if s.mean_change is not None:
        typer.echo(f"Belief: {s.mean_before} → {s.mean_after} on average (change {s.mean_change}).")
    typer.echo("\nOver time:")
    for p in s.periods:
        change = "-" if p.mean_change is None else f"{-p.mean_change:+.1f}"
        traps = ", ".join(f"{t} {n}" for t, n in p.traps.items()) or "-"
        typer.echo(f"  {p.period}  {p.records} records  belief change {change}  traps: {traps}")
    if s.helped_most:
        typer.echo("\nReframes that helped most (mean belief drop):")
        for h in s.helped_most:
            drop = "-" if h.mean_change is None else f"{h.mean_change}"
            typer.echo(f"  {drop:>5}  ×{h.uses}  {h.reframe}")


@records_app.command()
def path() -> None:
    """Where the store is (it exists once something is saved)."""
    from reframer.records.store import FILE_NAME, data_dir

    target = data_dir() / FILE_NAME
    typer.echo(f"{target}{'' if target.exists() else '  (not created yet)'}")
