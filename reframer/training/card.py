"""The evaluation report behind ``reframer evaluate`` and the model card generated from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reframer.classifier.model import META_FILE, load_meta
from reframer.training.dataset import load_rows
from reframer.training.evaluate import (
    evaluate_challenge,
    evaluate_crisis,
    evaluate_real,
    evaluate_rows,
)

__all__ = ["build_report", "render_report", "repo_root", "write_card"]


def repo_root() -> Path:
    """The source checkout (where ``data/`` and ``tests/data/`` live), if running from one."""
    return Path(__file__).resolve().parents[2]


def build_report(model: Path, data: list[Path] | None, *, suite: str = "all") -> dict[str, Any]:
    """Evaluate the model folder on the test split, the given files and the suites: ``all``
    (crisis, challenge and the real-register test split), ``suites`` (crisis and challenge),
    ``crisis``, ``challenge``, ``real`` or ``none``."""
    from reframer.pipeline import Reframer

    engine = Reframer.from_settings(model_path=model)
    root = repo_root()
    report: dict[str, Any] = {
        "model_version": engine.model_version,
        "runtime": engine.classifier.runtime,
    }
    files = data or []
    dataset = root / "data" / "dataset.jsonl"
    if dataset.is_file():
        rows = [r for r in load_rows(dataset) if r.get("split") == "test"]
        report["test_split"] = evaluate_rows(engine, rows)
    real_file = root / "data" / "real.jsonl"
    if suite in ("all", "real") and real_file.is_file():
        real = [r for r in load_rows(real_file) if r.get("split") == "test"]
        report["real_test"] = evaluate_real(engine, real, _posts(real))
    for f in files:
        rows = load_rows(f, require_label=False)
        report[f"file:{Path(f).name}"] = evaluate_rows(engine, rows)
        crisis_rows = [r for r in rows if r.get("crisis")]
        if crisis_rows:
            report[f"file:{Path(f).name}"]["crisis_recall"] = evaluate_crisis(
                engine, crisis_rows, []
            )["recall"]
            report[f"file:{Path(f).name}"]["crisis_n"] = len(crisis_rows)
    tests = root / "tests" / "data"
    if suite in ("all", "suites", "crisis") and (tests / "crisis.jsonl").is_file():
        report["crisis"] = evaluate_crisis(
            engine, load_rows(tests / "crisis.jsonl"), load_rows(tests / "crisis_adjacent.jsonl")
        )
    if suite in ("all", "suites", "challenge") and (tests / "challenge.jsonl").is_file():
        report["challenge"] = evaluate_challenge(engine, load_rows(tests / "challenge.jsonl"))
    return report


def _posts(rows: list[dict[str, Any]]) -> dict[str, str] | None:
    """Whole posts of the real test rows, read from the installed corpus (None without it)."""
    from reframer.errors import DataError
    from reframer.training.corpus import post_texts

    try:
        return post_texts({str(r["group"]) for r in rows})
    except DataError:
        return None


def _metric_line(name: str, m: dict[str, Any]) -> str:
    ece = f"{m['ece']:.3f}" if "ece" in m else "–"
    return (
        f"| {name} | {m['n']} | {m['positives']} | {m['precision']:.3f} | {m['recall']:.3f} | "
        f"{m['f1']:.3f} | {m['accuracy']:.3f} | {ece} |"
    )


def _sections(report: dict[str, Any], *, private: bool) -> list[str]:
    out = [
        "| data | n | positives | precision | recall | F1 | accuracy | ECE |",
        "|---|---|---|---|---|---|---|---|",
    ]
    sets = {k: v for k, v in report.items() if k == "test_split" or k.startswith("file:")}
    out += [_metric_line(k.removeprefix("file:"), v) for k, v in sets.items()]
    for name, m in sets.items():
        c = m["confusion"]
        out += [
            "",
            f"**{name.removeprefix('file:')}** confusion: TP {c['tp']}, FP {c['fp']}, FN {c['fn']}, TN {c['tn']}",
        ]
        if "traps" in m:
            out += ["", "| trap | precision | recall | F1 | positives |", "|---|---|---|---|---|"]
            out += [
                f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['positives']} |"
                for t, v in m["traps"].items()
            ]
        for key in ("by_kind", "by_source"):
            if key in m:
                out += [
                    "",
                    f"| {key.removeprefix('by_')} | n | accuracy | precision | recall | F1 |",
                    "|---|---|---|---|---|---|",
                ]
                out += [
                    f"| {k} | {v['n']} | {v['accuracy']:.3f} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
                    for k, v in m[key].items()
                ]
        if not private and m.get("worst_errors"):
            out += ["", "Worst errors (label, score, text):"]
            out += [
                f"- {e['label']} {e['score']:.3f} {e['text'][:160]!r}" for e in m["worst_errors"]
            ]
    if "real_test" in report:
        out += _real_sections(report["real_test"])
    for name, m in sets.items():
        if "crisis_recall" in m:
            out += [
                "",
                f"{name.removeprefix('file:')}: crisis recall {m['crisis_recall']:.3f} "
                f"on its {m['crisis_n']} crisis rows (each row alone as an entry).",
            ]
    if "crisis" in report:
        c = report["crisis"]
        out += [
            "",
            "| crisis gate | n | rate |",
            "|---|---|---|",
            f"| recall on crisis sentences | {c['crisis_n']} | {c['recall']:.3f} |",
            f"| false positives on crisis-adjacent | {c['adjacent_n']} | {c['false_positive_rate']:.3f} |",
        ]
        if not private:
            out += [f"- missed: {t!r}" for t in c["missed"]] + [
                f"- false positive: {t!r}" for t in c["false_positives"]
            ]
    if "challenge" in report:
        ch = report["challenge"]
        out += [
            "",
            f"Challenge suite: {ch['pass_rate']:.3f} of {ch['n']} passed.",
            "",
            "| phenomenon | n | pass rate |",
            "|---|---|---|",
        ]
        out += [
            f"| {k} | {v['n']} | {v['pass_rate']:.3f} |" for k, v in ch["by_phenomenon"].items()
        ]
        if not private:
            out += [f"- failed ({f['label']}): {f['text']!r}" for f in ch["failures"][:30]]
    return out


def _real_sections(real: dict[str, Any]) -> list[str]:
    """The real-register test split: sentences, posts, traps, the crisis gate."""
    sent, posts, gate = real["sentences"], real["posts"], real["crisis"]
    out = [
        "",
        "### Real-register test split (held-out forum posts, labelled blind)",
        "",
        "| level | n | positives | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
        f"| sentences (natural prevalence) | {sent['n']} | {sent['positives']} | "
        f"{sent['precision']:.3f} | {sent['recall']:.3f} | {sent['f1']:.3f} |",
        f"| posts (any sentence) | {posts['n']} | {posts['positives']} | "
        f"{posts['precision']:.3f} | {posts['recall']:.3f} | {posts['f1']:.3f} |",
        "",
        f"Thinking traps, macro-F1 over traps with positives: {real['trap_macro_f1']:.3f}.",
        "",
        "| trap | precision | recall | F1 | positives |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['positives']} |"
        for t, v in real["traps"].items()
    ]
    if "by_kind" in sent:
        out += [
            "",
            "| forum | n | accuracy | precision | recall | F1 |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {k} | {v['n']} | {v['accuracy']:.3f} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
            for k, v in sent["by_kind"].items()
        ]
    by_level = ", ".join(f"{k} {v:.3f}" for k, v in gate.get("recall_by_level", {}).items())
    out += [
        "",
        "| crisis gate, real register | n | rate |",
        "|---|---|---|",
        f"| sentence alone: recall on risk sentences ({by_level}) | {gate['crisis_n']} | {gate['recall']:.3f} |",
        f"| sentence alone: false alarms, other sentences of crisis-forum posts | {gate['adjacent_n']} | {gate['false_positive_rate']:.3f} |",
        f"| sentence alone: false alarms, ordinary sentences | {gate['ordinary_n']} | {gate['ordinary_false_positive_rate']:.3f} |",
    ]
    entries = real.get("crisis_entries")
    if entries:
        out += [
            f"| whole post: recall on posts with a risk sentence | {entries['risk_entries']} | {entries['recall']:.3f} |",
            f"| whole post: false alarms, calm posts of crisis forums | {entries['calm_entries_crisis_forums']} | {entries['false_alarm_rate_crisis_forums']:.3f} |",
            f"| whole post: false alarms, calm random posts | {entries['calm_entries_natural']} | {entries['false_alarm_rate_natural']:.3f} |",
            f"| risk sentences whose post still got a rewrite | {entries['risk_sentences']} | {entries['risk_sentences_in_rewritten_entries']} |",
        ]
    return out


_TEXT_KEYS = frozenset({"worst_errors", "missed", "false_positives", "failures"})


def _without_text(value: Any) -> Any:
    """The report without any sentence text, at any depth (the card and ``reframer.json`` are
    committed: no evaluation, corpus or suite text may enter them)."""
    if isinstance(value, dict):
        return {k: _without_text(v) for k, v in value.items() if k not in _TEXT_KEYS}
    if isinstance(value, list):
        return [_without_text(v) for v in value]
    return value


def render_report(report: dict[str, Any]) -> str:
    """The report as Markdown-ish text for the terminal."""
    head = [f"model {report['model_version']} (runtime: {report['runtime']})", ""]
    return "\n".join(head + _sections(report, private=False)) + "\n"


def write_card(model: Path, data: Path | None, *, report: dict[str, Any] | None = None) -> Path:
    """Generate ``README.md`` in the model folder from a fresh evaluation report.

    Without ``report`` (``reframer train``'s card) the real-register split is left out: it takes
    minutes; ``reframer evaluate --card`` (``make card``) includes it."""
    if report is None:
        report = build_report(model, None, suite="suites")
    meta = load_meta(model)
    meta.metrics = _without_text(
        {k: v for k, v in report.items() if k not in ("model_version", "runtime")}
    )
    (model / META_FILE).write_text(meta.model_dump_json(indent=2) + "\n", encoding="utf-8")
    rows = meta.recipe.get("rows", {})
    lines = [
        f"# Model card: {meta.model_version}",
        "",
        "Generated by `reframer train` / `reframer evaluate --card` from a fresh evaluation; do not edit by hand.",
        "",
        "## Model",
        f"- Base: {meta.base_model}, fine-tuned with one linear head (self-critical, crisis, {len(meta.traps)} thinking traps), mean pooling.",
        "- Weights: float16 safetensors; fast runtime: the same weights exported to ONNX on set-up (`reframer optimize`).",
        f"- Calibration: temperature {meta.temperature} (fitted on validation); decision threshold {meta.threshold} (best F1 on validation, negatives reweighted to a deployment prior of {meta.recipe.get('deploy_prior', 'n/a')}); crisis threshold {meta.crisis_threshold}.",
        f"- Training data: `data/dataset.jsonl`, sha256 `{meta.data_sha256[:16]}…`; rows {rows}; seed {meta.seed}; created {meta.created}.",
        f"- Recipe: { ({k: v for k, v in meta.recipe.items() if k != 'rows'}) }",
        "",
        "## Intended use",
        "Flag self-critical sentences in a person's own journal and suggest compassionate rewrites. Not a diagnostic tool; "
        "crisis language is routed to support resources by a separate gate (curated patterns plus this model's crisis head) and never reframed.",
        "",
        "## Evaluation (recomputed by `reframer evaluate`)",
        "Entries are scored as the CLI scores them: split into sentences, an entry is self-critical when any sentence is.",
        "",
        *_sections(report, private=True),
        "",
        "## Limitations",
        "- English only; other languages are reported as unsupported, not scored.",
        "- Trained on sentences written for this project; real journals are messier. Scores near the threshold deserve doubt.",
        "- Sarcasm, quoted speech and long multi-topic posts remain hard.",
        "",
    ]
    card = model / "README.md"
    card.write_text("\n".join(lines), encoding="utf-8")
    return card
