"""``reframer record``, ``reframer correct`` and ``reframer records ...``.

Registered on the main app by :mod:`reframer.cli`. The engine is loaded only by the commands
that analyse (``record``, ``correct``); tests replace :data:`_engine_factory` with one returning
a fake engine, as for ``reframer batch``. Nothing here logs: records hold journal text.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from reframer.errors import InputError, ReframerError
from reframer.records.commands import records_app

if TYPE_CHECKING:
    from reframer.protocols import Engine

__all__ = ["correct", "record", "records_app"]

_engine_factory: Callable[[Path | None], Engine] | None = None
"""When set (by tests), called with ``--model`` instead of loading :class:`reframer.Reframer`."""


class Kind(StrEnum):
    self_critical = "self-critical"
    not_self_critical = "not-self-critical"
    trap_wrong = "trap-wrong"
    rewrite_helped = "rewrite-helped"
    rewrite_not_helped = "rewrite-not-helped"


def _fail(exc: ReframerError) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, InputError) else 1)


def _load_engine(model: Path | None) -> Engine:
    if _engine_factory is not None:
        return _engine_factory(model)
    from reframer.pipeline import Reframer

    return Reframer.from_settings(model_path=model)


ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Model folder (default: the shipped model).")
]


def record(
    situation: Annotated[str | None, typer.Option(help="What happened.")] = None,
    thought: Annotated[str | None, typer.Option(help="The thought, in your words.")] = None,
    belief: Annotated[
        int | None, typer.Option(min=0, max=100, help="How much you believe it (0-100).")
    ] = None,
    traps: Annotated[
        str | None,
        typer.Option(help="Traps you see, comma-separated ('' for none); default: those found."),
    ] = None,
    choose: Annotated[
        int | None, typer.Option(min=0, help="Keep offered rewrite N (1-3); 0: write your own.")
    ] = None,
    edit: Annotated[str | None, typer.Option(help="The chosen rewrite, as you edited it.")] = None,
    own: Annotated[
        str | None, typer.Option(help="Your own reframe (instead of one offered).")
    ] = None,
    belief_after: Annotated[
        int | None, typer.Option(min=0, max=100, help="How much you believe it now (0-100).")
    ] = None,
    save: Annotated[
        bool | None, typer.Option("--save/--no-save", help="Save without asking (or don't).")
    ] = None,
    entry_id: Annotated[
        str | None, typer.Option(help="The journal entry this thought comes from.")
    ] = None,
    model: ModelOpt = None,
) -> None:
    """A thought record: situation, thought, belief, traps, a reframe, belief again; saved only
    if you say so. Steps not given as options are asked."""
    from reframer.records.flow import Answers, PlainPrompter, RichPrompter, run_record
    from reframer.records.store import open_store

    answers = Answers(
        situation=situation,
        thought=thought,
        belief=belief,
        traps=None if traps is None else [traps],
        choose=choose,
        edit=edit,
        own=own,
        belief_after=belief_after,
        save=save,
        entry_id=entry_id,
    )
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    prompter = RichPrompter() if tty else PlainPrompter()
    try:
        saved = run_record(_load_engine(model), prompter, answers)
        if saved is None:
            typer.echo("Nothing saved.")
            return
        store = open_store(create=True)
        assert store is not None
        with store:
            kept = store.add_record(saved)
        typer.echo(f"Saved record {kept.id} in {store.path}")
    except (EOFError, KeyboardInterrupt):
        typer.echo("\nStopped: nothing saved.", err=True)
        raise typer.Exit(130) from None
    except ReframerError as exc:
        _fail(exc)


def correct(
    sentence: Annotated[str, typer.Argument(help="The sentence, as reframer showed it.")],
    kind: Annotated[Kind, typer.Option(help="What is wrong (or what helped).")],
    trap: Annotated[str | None, typer.Option(help="The wrong trap (trap-wrong).")] = None,
    rewrite: Annotated[str | None, typer.Option(help="The rewrite (rewrite-* kinds).")] = None,
    model: ModelOpt = None,
) -> None:
    """Save a correction: this sentence is / is not self-critical, this trap is wrong, this
    rewrite helped / did not. `reframer train --from-corrections` learns from them."""
    from pydantic import ValidationError

    from reframer.records.models import Correction
    from reframer.records.store import open_store

    try:
        traps: list[str] = []
        version = None
        if kind in (Kind.self_critical, Kind.trap_wrong):  # what the model said, for training
            engine = _load_engine(model)
            analysis = engine.analyze(sentence, reframes=0)
            traps = sorted({t for s in analysis.sentences if s.self_critical for t in s.traps})
            version = analysis.model_version
            if analysis.crisis and analysis.support is not None:
                typer.echo(analysis.support.message)
                typer.echo("(Saved, but sentences with risk language are never used in training.)")
        try:
            item = Correction.model_validate(
                {
                    "kind": kind.value.replace("-", "_"),
                    "sentence": sentence,
                    "trap": trap,
                    "rewrite": rewrite,
                    "traps": traps,
                    "model_version": version,
                }
            )
        except ValidationError as exc:  # field names and reasons only, never the text
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "correction"
            raise InputError(f"{where}: {first['msg']}") from None
        store = open_store(create=True)
        assert store is not None
        with store:
            kept = store.add_correction(item)
        typer.echo(f"Saved correction {kept.id} ({item.kind}) in {store.path}")
    except ReframerError as exc:
        _fail(exc)
