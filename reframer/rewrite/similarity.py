"""Sentence-to-exemplar similarity behind a small typed interface.

The rewrite engine never loads a model of its own. :class:`LexicalSimilarity` (the default)
compares TF-IDF vectors of lemmas taken from the spaCy doc the engine already parsed.
:class:`VectorSimilarity` uses sentence vectors the caller already has (for example the
classifier's pooled embedding): give it one vector per exemplar thought, in the order of
``Rewriter.exemplar_thoughts``, and pass the sentence's vector to
``Rewriter.rewrite_many(..., vectors=...)``; sentences without a vector fall back to lexical.

>>> sim = LexicalSimilarity([["forget", "birthday"], ["fail", "exam"]])
>>> [round(float(x), 2) for x in sim.scores(["fail", "exam"])]
[0.0, 1.0]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from reframer.errors import TemplateError

__all__ = [
    "LexicalSimilarity",
    "SentenceSimilarity",
    "VectorSimilarity",
    "lemmas_of",
]

Vector = npt.NDArray[np.float32]
_SKIP_POS: Final = frozenset(
    {
        "PRON",
        "DET",
        "ADP",
        "PUNCT",
        "CCONJ",
        "SCONJ",
        "PART",
        "AUX",
        "SPACE",
        "NUM",
        "SYM",
        "X",
        "INTJ",
    }
)


def lemmas_of(tokens: Iterable[object]) -> list[str]:
    """Lowercase content lemmas of spaCy tokens (pronouns, function words, punctuation out)."""
    out: list[str] = []
    for tok in tokens:
        pos = getattr(tok, "pos_", "")
        lemma = str(getattr(tok, "lemma_", "") or getattr(tok, "text", "")).lower()
        if pos in _SKIP_POS or not lemma.isalpha() or getattr(tok, "is_stop", False):
            continue
        out.append(lemma)
    return out


@runtime_checkable
class SentenceSimilarity(Protocol):
    """Similarity of one sentence to each exemplar thought, as an array in thought order."""

    def scores(self, lemmas: Sequence[str], vector: Sequence[float] | None = None) -> Vector:
        """Cosine-like scores in [0, 1], one per exemplar thought."""
        ...


class LexicalSimilarity:
    """TF-IDF cosine over lemmas; deterministic and fast for a few hundred exemplars."""

    def __init__(self, thoughts: Sequence[Sequence[str]]) -> None:
        """``thoughts``: the lemmas of each exemplar thought."""
        df: Counter[str] = Counter(w for t in thoughts for w in set(t))
        n = max(len(thoughts), 1)
        self._vocab = {w: i for i, w in enumerate(sorted(df))}
        self._idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
        self._default_idf = math.log(1 + n) + 1.0
        matrix = np.zeros((len(thoughts), len(self._vocab)), dtype=np.float32)
        for row, lemmas in enumerate(thoughts):
            for w, c in Counter(lemmas).items():
                matrix[row, self._vocab[w]] = c * self._idf[w]
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms == 0, 1, norms)

    def scores(self, lemmas: Sequence[str], vector: Sequence[float] | None = None) -> Vector:
        """TF-IDF cosine of ``lemmas`` to each thought (``vector`` is ignored)."""
        q = np.zeros(len(self._vocab), dtype=np.float32)
        extra = 0.0  # words no exemplar has still count toward the sentence's length
        for w, c in Counter(lemmas).items():
            if w in self._vocab:
                q[self._vocab[w]] = c * self._idf[w]
            else:
                extra += (c * self._default_idf) ** 2
        norm = math.sqrt(float(q @ q) + extra)
        if norm == 0:
            return np.zeros(self._matrix.shape[0], dtype=np.float32)
        out: Vector = ((self._matrix @ q) / norm).astype(np.float32)
        return out


class VectorSimilarity:
    """Cosine over caller-provided sentence vectors, lexical when a sentence has none."""

    def __init__(self, thought_vectors: npt.ArrayLike, fallback: SentenceSimilarity) -> None:
        """``thought_vectors``: shape (thoughts, dim), in ``Rewriter.exemplar_thoughts`` order."""
        matrix = np.asarray(thought_vectors, dtype=np.float32)
        if matrix.ndim != 2:
            raise TemplateError("thought vectors must be a 2-d array (thoughts x dim)")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms == 0, 1, norms)
        self._fallback = fallback

    @property
    def size(self) -> int:
        """How many thought vectors there are."""
        return int(self._matrix.shape[0])

    def scores(self, lemmas: Sequence[str], vector: Sequence[float] | None = None) -> Vector:
        """Cosine of ``vector`` to each thought (clipped at 0), or the lexical scores."""
        if vector is None:
            return self._fallback.scores(lemmas)
        q = np.asarray(vector, dtype=np.float32)
        if q.shape != (self._matrix.shape[1],):
            raise ValueError(f"a sentence vector must have {self._matrix.shape[1]} values")
        norm = float(np.linalg.norm(q)) or 1.0
        out: Vector = np.clip(self._matrix @ (q / norm), 0.0, 1.0)
        return out
