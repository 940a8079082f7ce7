"""Overlapped chunks: with a list of entries longer than one batch, the model scores the next
chunk in a worker thread while the caller's thread gates and rewrites the current one. The
results, their order and what is kept when something fails must be those of the one-by-one path
(a plain iterator of entries). A real :class:`reframer.Reframer` with a stand-in classifier.
"""

from __future__ import annotations

from typing import Any

import pytest

from reframer import Reframer
from reframer.errors import TextTooLongError

ENTRIES = [
    f"Day {i}. " + ("I'm such an idiot about the rent." if i % 3 == 0 else "The bus was late.")
    for i in range(50)
]


def _engine(stub: type[Any], rewriter: Any, **kw: Any) -> tuple[Reframer, Any]:
    classifier = stub(**kw)
    return Reframer(classifier, rewriter=rewriter, max_chars=200), classifier


@pytest.mark.parametrize("batch_size", [1, 7, 16, 49])
def test_overlapped_results_equal_the_one_by_one_path(
    stub_classifier: type[Any], rewriter: Any, batch_size: int
) -> None:
    engine, clf = _engine(stub_classifier, rewriter)
    overlapped = list(engine.iter_analyze(ENTRIES, batch_size=batch_size))
    assert all(name.startswith("reframer-score") for name in clf.threads)
    engine, clf = _engine(stub_classifier, rewriter)
    one_by_one = list(engine.iter_analyze(iter(ENTRIES), batch_size=batch_size))
    assert not any(name.startswith("reframer-score") for name in clf.threads)
    assert [a.model_dump() for a in overlapped] == [a.model_dump() for a in one_by_one]
    assert sum(bool(s.reframes) for a in overlapped for s in a.sentences) == 17


@pytest.mark.parametrize("texts", [ENTRIES[:16], ENTRIES[:1]])
def test_one_batch_runs_in_the_callers_thread(
    stub_classifier: type[Any], rewriter: Any, texts: list[str]
) -> None:
    engine, clf = _engine(stub_classifier, rewriter)
    assert len(engine.analyze_many(texts, batch_size=16)) == len(texts)
    assert not any(name.startswith("reframer-score") for name in clf.threads)


@pytest.mark.parametrize("lazy", [False, True])
def test_a_bad_entry_keeps_the_chunks_before_it(
    stub_classifier: type[Any], rewriter: Any, lazy: bool
) -> None:
    texts = [*ENTRIES[:40], "x" * 500, *ENTRIES[:5]]
    engine, _ = _engine(stub_classifier, rewriter)
    got = []
    with pytest.raises(TextTooLongError):
        for analysis in engine.iter_analyze(iter(texts) if lazy else texts, batch_size=16):
            got.append(analysis)
    assert len(got) == 32  # the two whole chunks before the chunk holding the bad entry


def test_a_model_failure_keeps_the_chunks_before_it(
    stub_classifier: type[Any], rewriter: Any
) -> None:
    engine, _ = _engine(stub_classifier, rewriter, fail_on_call=3)
    got = []
    with pytest.raises(RuntimeError, match="stub classifier failed"):
        for analysis in engine.iter_analyze(ENTRIES, batch_size=10):
            got.append(analysis)
    assert len(got) == 20


def test_an_abandoned_stream_stops_cleanly(stub_classifier: type[Any], rewriter: Any) -> None:
    engine, clf = _engine(stub_classifier, rewriter)
    stream = engine.iter_analyze(ENTRIES, batch_size=5)
    first = next(stream)
    stream.close()
    assert first.sentences[0].text == "Day 0."
    assert len(clf.threads) <= 3  # the first chunk, the one scored ahead, at most one more
