"""The ``reframer`` command. Each command parses input, calls the library, formats output.

Heavy libraries (torch, transformers, spaCy) are imported inside the commands, so
``reframer --help`` is instant. Exit codes: 0 success, 1 runtime error, 2 usage error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from reframer.errors import ConfigError, ReframerError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

app = typer.Typer(
    name="reframer",
    help="Find negative self-talk in journal text and offer kinder, truer ways to say it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class Mode(Enum):
    merge = "merge"
    replace = "replace"


ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Model folder (default: the shipped model).")
]
TemplatesOpt = Annotated[
    Path | None, typer.Option("--templates", help="A custom template file (TOML).")
]
ModeOpt = Annotated[Mode, typer.Option("--templates-mode", help="Merge with or replace defaults.")]
ResourcesOpt = Annotated[
    Path | None, typer.Option("--resources", help="Support resources file (JSON) for your country.")
]
CountryOpt = Annotated[
    str | None,
    typer.Option("--country", help="Use this country's shipped helplines (gb, de, us ...)."),
]


def _fail(exc: ReframerError) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, ConfigError) else 1)


def _engine(
    model: Path | None,
    templates: Path | None,
    mode: Mode,
    resources: Path | None,
    country: str | None = None,
) -> Any:
    from reframer.pipeline import Reframer
    from reframer.settings import Settings
    from reframer.support import resolve_resources

    settings = Settings()
    updates: dict[str, object] = {}  # command-line options win over the REFRAMER_* environment
    if templates is not None:
        updates["templates"] = templates
        updates["templates_mode"] = "replace" if mode is Mode.replace else "merge"
    chosen = resolve_resources(resources, country)  # --resources, then --country, then settings
    if chosen is not None:
        updates["resources"] = Path(chosen)
    return Reframer.from_settings(settings.model_copy(update=updates), model_path=model)


def _read_stdin() -> str:
    from reframer.errors import DecodeError

    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"standard input is not valid UTF-8 (byte {exc.start}); convert it first, "
            "e.g. with `iconv -f latin1 -t utf-8`"
        ) from exc


@app.command()
def analyze(
    text: Annotated[
        str | None, typer.Argument(help="The text; omit it to read standard input.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="text, json or jsonl.")
    ] = Format.text,
    reframes: Annotated[int, typer.Option(min=0, max=3, help="Rewrites per sentence.")] = 3,
    seed: Annotated[int | None, typer.Option(help="Vary the rewrites chosen.")] = None,
    situation: Annotated[
        str | None,
        typer.Option(
            help="What happened, in your words (e.g. 'I missed the team deadline'); "
            "rewrites name it when a sentence does not."
        ),
    ] = None,
    model: ModelOpt = None,
    templates: TemplatesOpt = None,
    templates_mode: ModeOpt = Mode.merge,
    resources: ResourcesOpt = None,
    country: CountryOpt = None,
) -> None:
    """Analyse a thought or an entry. With --format jsonl, every stdin line is one entry."""
    from reframer.cli.io import analyze_lines, collector_paused, print_one

    if text is not None and _undecodable(text):
        typer.echo(
            "error: [undecodable_input] the TEXT argument is not valid UTF-8; pass the text "
            "through standard input after converting it, e.g. `iconv -f latin1 -t utf-8 < file "
            "| reframer analyze`",
            err=True,
        )
        raise typer.Exit(2)
    if text is not None and "\n" not in text and len(text) < 300 and _is_file(text):
        typer.echo(
            f"note: {text!r} is a file name; analyze reads text. To analyse the file, run "
            f"`reframer analyze < {text}` (one entry) or `reframer batch {text} --out out`.",
            err=True,
        )
    if text is None and sys.stdin.isatty():
        typer.echo("error: give TEXT, or pipe text into standard input", err=True)
        raise typer.Exit(2)
    try:
        if fmt is Format.jsonl and text is None:
            with collector_paused(freeze=_STANDALONE):
                engine = _engine(model, templates, templates_mode, resources, country)
            bad = analyze_lines(
                engine,
                sys.stdin.buffer,
                sys.stdout,
                reframes=reframes,
                seed=seed,
                situation=situation,
            )
            _leave(1 if bad else 0)
        body = text if text is not None else _read_stdin()
        with collector_paused(freeze=_STANDALONE):  # one entry: bounded work, then the exit
            engine = _engine(model, templates, templates_mode, resources, country)
            extra = {"situation": situation} if situation else {}
            print_one(engine.analyze(body, reframes=reframes, seed=seed, **extra), fmt.value)
    except ReframerError as exc:
        _fail(exc)
    _leave(0)


def _undecodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


_STANDALONE = False
"""True when running as the ``reframer`` console script (not inside a test's CliRunner)."""


def _leave(code: int) -> NoReturn:
    """End ``analyze`` once its output is flushed.

    As the console script, the process exits without the interpreter's teardown: freeing the
    loaded spaCy pipeline and ONNX session object by object takes about a quarter of a second,
    and nothing is left to clean up (no files, no threads). Inside Python it is a normal exit.
    """
    if _STANDALONE:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # a closed pipe: nothing more can be written anyway
            pass
        os._exit(code)
    raise typer.Exit(code)


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="Labelled sentences (JSONL).")] = Path(
        "data/dataset.jsonl"
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the model folder (default: models/reframer-minilm, or "
            "personal-model in the data directory with --from-corrections)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    epochs: Annotated[
        int | None, typer.Option(min=1, help="Epochs (default: the recipe's).")
    ] = None,
    optimize: Annotated[bool, typer.Option(help="Also build the fast ONNX runtime.")] = True,
    model_version: Annotated[
        str | None,
        typer.Option(help="Version name stored in the model (default: reframer-minilm-DATE)."),
    ] = None,
    from_corrections: Annotated[
        bool,
        typer.Option(
            "--from-corrections",
            help="Train a personal copy: your saved corrections (weighted) mixed with --data.",
        ),
    ] = False,
    correction_weight: Annotated[
        float, typer.Option(min=0.1, max=100.0, help="Weight of each correction row.")
    ] = 4.0,
) -> None:
    """Fine-tune MiniLM on labelled sentences and write a self-describing model folder."""
    from reframer.cli.io import run_training

    try:
        if from_corrections:
            data, out, model_version = _personal_data(data, out, model_version, correction_weight)
        run_training(
            data,
            out or Path("models/reframer-minilm"),
            seed=seed,
            epochs=epochs,
            optimize=optimize,
            model_version=model_version,
        )
    except ReframerError as exc:
        _fail(exc)
    if from_corrections:
        typer.echo(f"use it with --model {out} (or REFRAMER_MODEL_PATH={out})")


def _personal_data(
    base: Path, out: Path | None, version: str | None, weight: float
) -> tuple[Path, Path, str]:
    """Build the personal training file from the store's corrections (see docs/records.md)."""
    import datetime as dt

    from reframer.errors import DataError
    from reframer.records.personal import build_personal_data
    from reframer.records.store import data_dir, open_store

    store = open_store()
    corrections = [] if store is None else store.corrections()
    if store is not None:
        store.close()
    if not corrections:
        raise DataError("no corrections saved yet: add some with `reframer correct`")
    folder = data_dir()
    summary = build_personal_data(corrections, base, folder / "personal-train.jsonl", weight=weight)
    skipped = ", ".join(f"{n} {why}" for why, n in summary["skipped"].items()) or "none"
    typer.echo(
        f"{summary['corrections']} correction rows (weight {weight}) + {summary['base_rows']} "
        f"base rows; left out: {skipped}"
    )
    name = version or f"reframer-minilm-personal-{dt.date.today():%Y%m%d}"
    return Path(summary["path"]), out or folder / "personal-model", name


@app.command()
def evaluate(
    data: Annotated[
        list[Path] | None, typer.Option(help="Labelled JSONL file(s); default: the test split.")
    ] = None,
    suite: Annotated[
        str,
        typer.Option(
            help="Also run: challenge, crisis, real (the real-register test split), all or none."
        ),
    ] = "all",
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = Format.text,
    model: ModelOpt = None,
    card: Annotated[bool, typer.Option(help="Rewrite the model folder's README.md card.")] = False,
    rewrites: Annotated[
        bool, typer.Option("--rewrites", help="Evaluate the rewrite engine instead (no model).")
    ] = False,
    templates: TemplatesOpt = None,
) -> None:
    """Precision, recall, F1, ECE, confusion matrix, slices, worst errors; crisis and challenge suites."""
    from reframer.cli.io import run_evaluation

    try:
        if rewrites:
            _evaluate_rewrites(data, fmt.value, templates)
            return
        run_evaluation(data, suite, fmt.value, model, card=card)
    except ReframerError as exc:
        _fail(exc)


def _evaluate_rewrites(data: list[Path] | None, fmt: str, templates: Path | None) -> None:
    """``evaluate --rewrites``: seams, label echo, length, content, openings, strategy mix."""
    import spacy

    from reframer.rewrite import Rewriter
    from reframer.rewrite.evaluation import run_rewrite_evaluation
    from reframer.segment import SPACY_MODEL
    from reframer.training.card import repo_root

    rewriter = Rewriter.load(spacy.load(SPACY_MODEL), templates)
    dataset = repo_root() / "data" / "dataset.jsonl"
    typer.echo(run_rewrite_evaluation(rewriter, data, dataset, fmt), nl=False)


class OnnxExporter(StrEnum):
    numpy = "numpy"
    torch = "torch"


@app.command()
def optimize(
    model: ModelOpt = None,
    force: Annotated[bool, typer.Option(help="Rebuild even if the file exists.")] = False,
    exporter: Annotated[
        OnnxExporter,
        typer.Option(help="numpy: no torch needed; torch: torch.onnx.export (the train extra)."),
    ] = OnnxExporter.numpy,
    int8: Annotated[
        bool, typer.Option(help="Also build the static int8 graph (used on VNNI/AMX CPUs).")
    ] = True,
    data: Annotated[
        Path | None,
        typer.Option(help="Labelled JSONL whose training split calibrates int8 (default: ours)."),
    ] = None,
) -> None:
    """Build the ONNX runtimes for a model folder (done by set-up, on first use for float32, and
    after training).

    Written into the model folder, or into the user cache when the folder is read-only (float32
    only: the int8 graph needs a writable model folder).
    """
    from reframer.classifier.export import build_onnx, cached_onnx_path
    from reframer.classifier.model import default_model_path
    from reframer.errors import ModelError
    from reframer.training.card import repo_root

    folder = model or default_model_path()
    try:
        writable = os.access(folder, os.W_OK)
        target = None if writable else cached_onnx_path(folder)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        path = build_onnx(folder, force=force, exporter=exporter.value, target=target)
        typer.echo(f"wrote {path}")
        calibration = data or repo_root() / "data" / "dataset.jsonl"
        if int8 and not writable:
            typer.echo(f"int8 skipped: {folder} is read-only")
            return
        if int8 and data is None and not calibration.is_file():
            typer.echo(f"int8 skipped: no calibration data at {calibration} (make setup builds it)")
            return
        if int8:
            from reframer.classifier.precision import choose_precision, requested_precision
            from reframer.classifier.quantize import build_int8

            typer.echo(f"wrote {build_int8(folder, calibration, force=force)}")
            meta_version = _model_version(folder)
            choice, why = choose_precision(folder, meta_version, requested_precision())
            typer.echo(f"this machine will run {choice} ({why})")
    except OSError as exc:
        _fail(ModelError(f"cannot write the ONNX file: {exc.strerror or exc.__class__.__name__}"))
    except ReframerError as exc:
        _fail(exc)


def _model_version(folder: Path) -> str:
    from reframer.classifier.model import load_meta

    return load_meta(folder).model_version


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes.")] = None,
) -> None:
    """Run the HTTP service (FastAPI + uvicorn). Binds loopback by default."""
    from reframer.settings import Settings

    try:
        from reframer.service.main import run
    except ImportError as exc:
        typer.echo(f"error: the service is not available: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        s = Settings()
        run(host=host or s.host, port=port or s.port, workers=workers or s.workers, settings=s)
    except ReframerError as exc:
        _fail(exc)
    except ValueError as exc:  # pydantic: a REFRAMER_* variable of the wrong type or range
        _fail(ConfigError(_settings_problem(exc)))


def _settings_problem(exc: ValueError) -> str:
    """Which REFRAMER_* setting is wrong (never its value: it may be a secret)."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        names = sorted({f"REFRAMER_{str(e['loc'][0]).upper()}" for e in errors() if e.get("loc")})
        if names:
            return f"invalid setting {', '.join(names)}: check its value"
    return "invalid REFRAMER_* setting"


def _register_batch() -> None:
    try:
        from reframer.batch.cli import batch
    except ImportError:  # pragma: no cover - batch is part of the package
        return
    app.command("batch", help="Analyse exported journals (Day One, jrnl, Obsidian, ...).")(batch)


_register_batch()


def _register_records() -> None:
    from reframer.records.cli import correct, record, records_app

    app.command("record")(record)
    app.command("correct")(correct)
    app.add_typer(records_app, name="records")


_register_records()


def main() -> None:
    """Console-script entry point."""
    global _STANDALONE
    _STANDALONE = True
    app()
