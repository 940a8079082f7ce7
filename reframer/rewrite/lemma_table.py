"""The exemplar thoughts' lemmas, computed once at build time instead of at every start.

Retrieval compares a sentence's content lemmas with those of every exemplar thought
(:class:`reframer.rewrite.similarity.LexicalSimilarity`). Lemmatising the ~800 shipped thoughts
with spaCy took about half a second of every process start, so they ship precomputed in
``reframer/data/exemplar_lemmas.json``, tagged with the spaCy pipeline that made them. A
rewriter uses the table only when its pipeline has the same name and version, and lemmatises
any thought the table lacks (custom templates) as before. Regenerate it after editing the bank
or the templates::

    make lemmas      # python -c "from reframer.rewrite.lemma_table import main; main()"

A test checks that the shipped table is current.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

from reframer.rewrite.similarity import lemmas_of

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "TABLE_FILE",
    "build_table",
    "exemplar_lemmas",
    "pipeline_tag",
    "render",
    "shipped_thoughts",
]

TABLE_FILE: Final = "exemplar_lemmas.json"
_BATCH: Final = 256


def pipeline_tag(nlp: Language) -> str:
    """``name-version`` of a spaCy pipeline (lemmas are only reused for the same one)."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


@cache
def _shipped() -> tuple[str, dict[str, list[str]]]:
    text = resources.files("reframer").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return str(data["pipeline"]), {str(k): list(v) for k, v in data["lemmas"].items()}


def exemplar_lemmas(
    nlp: Language, thoughts: Sequence[str], disable: Iterable[str]
) -> list[list[str]]:
    """The content lemmas of each thought: from the shipped table where it applies, else
    lemmatised now with ``nlp`` (the parser and ``disable`` pipes off)."""
    try:
        tag, table = _shipped()
    except (OSError, ValueError, KeyError):
        tag, table = "", {}
    known = table if tag == pipeline_tag(nlp) else {}
    missing = [t for t in thoughts if t not in known]
    fresh: dict[str, list[str]] = {}
    if missing:
        docs = nlp.pipe(missing, batch_size=_BATCH, disable=[*disable, "parser"])
        fresh = {t: lemmas_of(d) for t, d in zip(missing, docs, strict=True)}
    return [fresh[t] if t in fresh else known[t] for t in thoughts]


def shipped_thoughts() -> list[str]:
    """Every exemplar thought of the shipped bank and default templates, in rewriter order."""
    from reframer.rewrite.bank import default_bank
    from reframer.rewrite.templates import default_templates

    frames = [*default_bank().templates, *default_templates()]
    return list(dict.fromkeys(t for f in frames for t in f.thoughts))


def build_table(nlp: Language) -> dict[str, object]:
    """The table for the shipped thoughts, lemmatised afresh with ``nlp``."""
    thoughts = shipped_thoughts()
    disable = [p for p in ("ner", "senter", "parser") if p in nlp.pipe_names]
    docs = nlp.pipe(thoughts, batch_size=_BATCH, disable=disable)
    return {
        "pipeline": pipeline_tag(nlp),
        "lemmas": {t: lemmas_of(d) for t, d in zip(thoughts, docs, strict=True)},
    }


def main() -> None:
    """Regenerate the shipped table."""
    from reframer.segment import load_nlp

    target = Path(__file__).resolve().parents[1] / "data" / TABLE_FILE
    target.write_text(render(build_table(load_nlp())), encoding="utf-8")
    print(f"wrote {target}")


def render(table: dict[str, object]) -> str:
    """The table as JSON with one thought per line (readable diffs)."""
    lemmas = table["lemmas"]
    assert isinstance(lemmas, dict)
    rows = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in lemmas.items()]
    head = f'{{"pipeline": {json.dumps(table["pipeline"])},\n "lemmas": {{\n'
    return head + ",\n".join(rows) + "\n}}\n"
