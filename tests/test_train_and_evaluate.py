"""`reframer train` and `reframer evaluate` on small data (slow: trains a tiny model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reframer.cli import app
from reframer.errors import DataError
from reframer.training.dataset import assign_splits, load_rows

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _small(tmp_path: Path, n: int = 120) -> Path:
    rows = load_rows(ROOT / "data" / "dataset.jsonl")
    pick = [r for r in rows if r["source"] == "seed"][:: max(1, len(rows) // (n * 2))][:n]
    for r in pick:
        r.pop("split", None)
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in pick), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"text": "hi"', "not valid JSON"),
        ('{"text": 3, "self_critical": 1}', "string 'text'"),
        ('{"text": "hi", "self_critical": 2}', "must be 0 or 1"),
        ('{"text": "hi", "self_critical": 1, "traps": ["sadness"]}', "unknown trap"),
        ('{"text": "hi", "self_critical": 1, "weight": 0}', "'weight' must be a finite positive"),
        ('{"text": "hi", "self_critical": 1, "weight": "2"}', "'weight' must be a finite positive"),
        (
            '{"text": "hi", "self_critical": 1, "weight": true}',
            "'weight' must be a finite positive",
        ),
        ('{"text": "hi", "self_critical": 1, "weight": Infinity}', "'weight' must be a finite"),
        ('{"text": "hi", "self_critical": 1, "weight": 1e999}', "'weight' must be a finite"),
        ('{"text": "hi", "self_critical": 1, "weight": 1' + "0" * 400 + "}", "'weight' must be"),
    ],
)
def test_bad_training_files(tmp_path: Path, body: str, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_rows(bad)
    result = runner.invoke(app, ["train", "--data", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_a_row_of_weight_two_counts_as_two_copies() -> None:
    import torch

    from reframer.training.train import DEFAULT_RECIPE, Recipe, _loss, _weight_norm

    torch.manual_seed(0)
    logits = torch.randn(4, 13)
    y = torch.zeros(4, 13)
    y[[0, 2], 0] = 1.0  # two self-critical rows with a trap each
    y[0, 4] = y[2, 6] = 1.0
    y[3, 1] = 1.0  # a crisis row
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    # unweighted: the mean self-critical, crisis (positives count crisis_weight times) and trap losses
    plain = _loss(logits, y, torch.ones(4), Recipe())
    w_crisis = 1.0 + (DEFAULT_RECIPE["crisis_weight"] - 1.0) * y[:, 1]
    expected = (
        bce(logits[:, 0], y[:, 0])
        + (bce(logits[:, 1], y[:, 1], reduction="none") * w_crisis).mean()
        + DEFAULT_RECIPE["trap_weight"] * bce(logits[[0, 2], 2:], y[[0, 2], 2:])
    )
    assert torch.isclose(plain, expected, atol=1e-6)
    # a training set of these rows, as one batch: weight 2 on a row == the row written twice
    for row in (0, 1, 3):
        w = torch.ones(4)
        w[row] = 2.0
        weighted = _loss(logits, y, w, Recipe(), _weight_norm(w, y))
        twice = torch.cat([logits, logits[row : row + 1]]), torch.cat([y, y[row : row + 1]])
        copied = _loss(*twice, torch.ones(5), Recipe())
        assert torch.isclose(weighted, copied, atol=1e-6), row
        assert not torch.isclose(weighted, plain)
    # weights count across batches: a batch of weight-2 rows, in a set of mean weight 1, counts double
    doubled = _loss(logits, y, torch.full((4,), 2.0), Recipe(), (1.0, 1.0))
    assert torch.isclose(doubled, 2 * plain)
    # only relative weights matter, and a batch without self-critical rows works too
    w = torch.tensor([2.0, 1.0, 3.0, 1.0])
    half = _loss(logits, y, w / 2, Recipe(), _weight_norm(w / 2, y))
    assert torch.isclose(half, _loss(logits, y, w, Recipe(), _weight_norm(w, y)))
    negatives = _loss(logits[[1, 3]], y[[1, 3]], w[[1, 3]], Recipe(), _weight_norm(w, y))
    assert torch.isfinite(negatives)


def test_the_shipped_model_was_trained_on_this_build_of_the_seeds() -> None:
    from reframer.classifier.model import default_model_path, load_meta
    from reframer.training.dataset import file_sha256

    built = file_sha256([ROOT / "data" / "dataset.jsonl"])
    assert built == load_meta(default_model_path()).data_sha256, (
        "data/dataset.jsonl differs from the data the shipped model was trained on: rebuild it"
        " with `python data/build_dataset.py`; if the seeds changed, retrain (`make train`)"
    )


def test_a_missing_training_set_says_how_to_build_it(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "dataset.jsonl"
    result = runner.invoke(app, ["train", "--data", str(missing), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "build_dataset.py" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_splits_keep_near_duplicates_together() -> None:
    rows = [
        {"id": "a", "text": "I am such an idiot for missing the bus today", "self_critical": 1},
        {"id": "b", "text": "i am such an idiot for missing the bus today!!", "self_critical": 1},
        {"id": "c", "text": "The soup was great.", "self_critical": 0},
    ] + [
        {"id": f"x{i}", "text": f"Sentence number {i} about lunch.", "self_critical": 0}
        for i in range(50)
    ]
    for seed in range(5):
        out = assign_splits([dict(r) for r in rows], seed=seed)
        assert out[0]["split"] == out[1]["split"]


@pytest.mark.slow
def test_train_on_user_data_then_evaluate(tmp_path: Path) -> None:
    data = _small(tmp_path)
    out = tmp_path / "model"
    result = runner.invoke(
        app, ["train", "--data", str(data), "--out", str(out), "--epochs", "1", "--no-optimize"]
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "reframer.json").read_text())
    assert 0 < meta["threshold"] < 1 and meta["temperature"] > 0
    assert len(meta["data_sha256"]) == 64
    assert (out / "README.md").read_text().startswith("# Model card")
    assert (out / "model.safetensors").stat().st_size < 50_000_000
    report = runner.invoke(
        app, ["evaluate", "--model", str(out), "--data", str(data), "--suite", "none", "-f", "json"]
    )
    assert report.exit_code == 0, report.output
    parsed = json.loads(report.stdout)
    metrics = parsed["file:mine.jsonl"]
    assert {"precision", "recall", "f1", "accuracy", "ece", "confusion", "worst_errors"} <= set(
        metrics
    )


@pytest.mark.parametrize("probe", [-1, 2.5, "100", True])
def test_a_bad_linear_probe_size_is_refused_before_anything_loads(
    tmp_path: Path, probe: object
) -> None:
    from reframer.errors import ConfigError
    from reframer.training.train import train

    with pytest.raises(ConfigError, match="linear_probe"):
        train(tmp_path / "missing.jsonl", tmp_path / "out", recipe={"linear_probe": probe})
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"source_weights": {"real": 0}}, "source_weights"),
        ({"source_weights": {"real": "x"}}, "source_weights"),
        ({"threshold_rows": "dev"}, "threshold_rows"),
        ({"deploy_prior": 1.5}, "deploy_prior"),
        ({"epochs": 0}, "epochs"),
        ({"learning_rate": 1e-4}, "learning_rate"),
    ],
)
def test_a_bad_recipe_is_refused_naming_its_key(
    tmp_path: Path, override: dict[str, object], key: str
) -> None:
    from reframer.errors import ConfigError
    from reframer.training.train import Recipe, train

    with pytest.raises(ConfigError, match=key):
        Recipe.from_overrides(override)
    with pytest.raises(ConfigError, match=key):
        train(tmp_path / "missing.jsonl", tmp_path / "out", recipe=override)
    assert not (tmp_path / "out").exists()


def test_the_recipe_is_frozen_and_overrides_keep_the_defaults() -> None:
    from pydantic import ValidationError

    from reframer.training.train import DEFAULT_RECIPE, Recipe

    recipe = Recipe.from_overrides({"epochs": 1})
    assert recipe.epochs == 1
    assert recipe.model_dump() == {**DEFAULT_RECIPE, "epochs": 1}
    with pytest.raises(ValidationError):
        recipe.epochs = 3  # type: ignore[misc]


@pytest.mark.slow
def test_the_linear_probe_fits_the_head_and_leaves_the_encoder_alone(tmp_path: Path) -> None:
    import torch
    from tokenizers import Tokenizer

    from reframer.classifier.model import base_model_path, load_torch_model
    from reframer.training.train import Recipe, _encode, _linear_probe, _loss, _pad, _targets

    rows = load_rows(_small(tmp_path, 60))
    base = base_model_path()
    ids = _encode(Tokenizer.from_file(str(base / "tokenizer.json")), [r["text"] for r in rows], 64)
    y, w = torch.from_numpy(_targets(rows)), torch.ones(len(rows))
    torch.manual_seed(0)
    model = load_torch_model(base, base=True)
    encoder_before = {k: v.clone() for k, v in model.encoder.state_dict().items()}
    cfg = Recipe(linear_probe=40)

    def loss() -> float:
        model.eval()
        with torch.no_grad():
            return float(_loss(model(*_pad(ids)), y, w, cfg))

    before = loss()
    _linear_probe(model, ids, y, w, cfg, seed=13)
    assert loss() < 0.8 * before
    after = model.encoder.state_dict()
    assert all(torch.equal(encoder_before[k], after[k]) for k in encoder_before)


@pytest.mark.slow
def test_evaluate_text_report_and_unknown_suite(tmp_path: Path) -> None:
    data = _small(tmp_path, 30)
    result = runner.invoke(app, ["evaluate", "--data", str(data), "--suite", "none"])
    assert result.exit_code == 0, result.output
    assert "precision" in result.stdout and "confusion" in result.stdout
    bad = runner.invoke(app, ["evaluate", "--suite", "everything"])
    assert bad.exit_code == 1 and "unknown suite" in bad.output


@pytest.mark.slow
def test_distil_a_two_layer_student(tmp_path: Path) -> None:
    from reframer.classifier.model import default_model_path, load_meta
    from reframer.classifier.runtime import Classifier
    from reframer.errors import ConfigError
    from reframer.training.dataset import assign_splits
    from reframer.training.distill import distill

    rows = assign_splits(load_rows(_small(tmp_path, 80)), seed=1)
    data = tmp_path / "split.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(ConfigError, match="layers"):
        distill(default_model_path(), data, tmp_path / "bad", layers=6)
    meta = distill(
        default_model_path(),
        data,
        tmp_path / "student",
        layers=2,
        epochs=1,
        extra_texts=["I keep letting everyone down.", "The bus was late."],
    )
    assert load_meta(tmp_path / "student").model_version == meta.model_version
    config = json.loads((tmp_path / "student" / "config.json").read_text())
    assert config["num_hidden_layers"] == 2
    clf = Classifier.load(tmp_path / "student", runtime="torch")
    preds = clf.predict(["I'm such an idiot.", "Lovely walk today."])
    assert all(0.0 <= p.score <= 1.0 for p in preds)


def test_the_card_keeps_no_sentence_text_at_any_depth() -> None:
    from reframer.training.card import _without_text

    report = {
        "real_test": {"crisis": {"recall": 0.5, "missed": ["text"], "false_positives": ["t"]}},
        "file:x": {"f1": 0.7, "worst_errors": [{"text": "t"}]},
        "challenge": {"failures": [{"text": "t"}], "by": [{"n": 1, "missed": ["t"]}]},
    }
    assert _without_text(report) == {
        "real_test": {"crisis": {"recall": 0.5}},
        "file:x": {"f1": 0.7},
        "challenge": {"by": [{"n": 1}]},
    }
