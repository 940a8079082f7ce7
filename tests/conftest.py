"""Shared fixtures.

``fake_engine`` is a tiny stand-in with the same interface as :class:`reframer.Reframer`, for tests
of the interfaces (batch, service) that must not depend on the model's judgement. Tests of the real
engine use ``engine`` (the shipped model, loaded once per session; marked slow).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from reframer.schema import Analysis, Reframe, Resource, SentenceResult, Support

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_SENT = re.compile(r"[^.!?\n]+[.!?]*")


class FakeEngine:
    """Flags sentences containing 'idiot' as self-critical and 'want to die' as crisis."""

    model_version = "fake-0"

    def analyze(self, text: str, *, reframes: int = 3, seed: int | None = None) -> Analysis:
        sentences = []
        crisis = False
        for m in _SENT.finditer(text):
            raw = m.group(0)
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if not body:
                continue
            start = m.start() + lead
            is_crisis = "want to die" in body.lower()
            crit = "idiot" in body.lower() and not is_crisis
            crisis = crisis or is_crisis
            sentences.append(
                SentenceResult(
                    text=body,
                    start=start,
                    end=start + len(body),
                    self_critical=crit,
                    score=0.9 if crit else 0.1,
                    traps=["labeling"] if crit else [],
                    crisis=is_crisis,
                    reframes=[
                        Reframe(
                            text="I made a mistake; that does not make me an idiot.",
                            strategy="evidence",
                        )
                    ][:reframes]
                    if crit
                    else [],
                )
            )
        if crisis:
            sentences = [s.model_copy(update={"reframes": []}) for s in sentences]
        support = (
            Support(
                message="That sounds really heavy.", resources=[Resource(name="988", contact="988")]
            )
            if crisis
            else None
        )
        return Analysis(
            model_version=self.model_version, crisis=crisis, support=support, sentences=sentences
        )

    def iter_analyze(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
    ) -> Iterator[Analysis]:
        for t in texts:
            yield self.analyze(t, reframes=reframes, seed=seed)

    def analyze_many(
        self,
        texts: Iterable[str],
        *,
        reframes: int = 3,
        seed: int | None = None,
        batch_size: int = 64,
    ) -> list[Analysis]:
        return list(self.iter_analyze(texts, reframes=reframes, seed=seed))

    def info(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "labels": ["self_critical"],
            "traps": [],
            "threshold": 0.5,
        }


@pytest.fixture()
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture(scope="session")
def engine() -> Any:
    """The real engine with the shipped model (slow: loads the model once per session)."""
    from reframer import Reframer

    return Reframer.load()
