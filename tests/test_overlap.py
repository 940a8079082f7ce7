"""Overlapped chunks: with a list of entries longer than one batch, the model scores the next
chunk in a worker thread while the caller's thread gates and rewrites the current one. The
results, their order and what is kept when something fails must be those of the one-by-one path
(a plain iterator of entries). A real :class:`reframer.Reframer` with a stand-in classifier.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from reframer import Reframer
from reframer.errors import TextTooLongError

FILLER = "The bus was late again and the waiting room at the clinic was very cold. "
GOODBYE = "I gave away my things. Goodbye everyone. "
ENTRIES = [
    f"Day {i}. " + ("I'm such an idiot about the rent." if i % 3 == 0 else "The bus was late.")
    for i in range(50)
]
for _i in range(4, 50, 9):  # short entries the model flags only when scored whole
    ENTRIES[_i] = GOODBYE.strip()
for _i in range(5, 50, 9):  # a crisis cue the model scores low: scored whole, not flagged
    ENTRIES[_i] = "I am done. I cannot do this anymore."
for _i in range(6, 50, 11):  # long ones: only a window of three sentences carries it
    ENTRIES[_i] = FILLER * 8 + GOODBYE + FILLER * 8
RISKY = {i for i, t in enumerate(ENTRIES) if "Goodbye" in t}


def _engine(stub: type[Any], rewriter: Any, **kw: Any) -> tuple[Reframer, Any]:
    classifier = stub(**kw)
    return Reframer(classifier, rewriter=rewriter, max_chars=2_000), classifier


@pytest.mark.parametrize("batch_size", [1, 7, 16, 49])
def test_overlapped_results_equal_the_one_by_one_path(
    stub_classifier: type[Any], rewriter: Any, batch_size: int
) -> None:
    engine, clf = _engine(stub_classifier, rewriter)
    overlapped = list(engine.iter_analyze(ENTRIES, batch_size=batch_size))
    assert clf.threads and all(name.startswith("reframer-score") for name in clf.threads)
    engine, clf = _engine(stub_classifier, rewriter)
    one_by_one = list(engine.iter_analyze(iter(ENTRIES), batch_size=batch_size))
    assert not any(name.startswith("reframer-score") for name in clf.threads)
    assert [a.model_dump() for a in overlapped] == [a.model_dump() for a in one_by_one]
    # every entry gets its own whole-entry and window scores back: only the goodbye entries
    # are flagged, at the level the model's score gives, and the rest are rewritten
    assert {i for i, a in enumerate(overlapped) if a.crisis} == RISKY
    assert {a.safety.level for a in overlapped if a.safety} == {"concern"}
    assert any(t.startswith("I gave away") and t.endswith("everyone.") for t in clf.texts)
    assert any(len(t) < 1_000 and t.count(". ") >= 2 and "Goodbye" in t for t in clf.texts)
    flagged = [i for i, a in enumerate(overlapped) if any(s.reframes for s in a.sentences)]
    assert flagged == [i for i in range(0, 50, 3) if i not in RISKY]


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
    texts = [*ENTRIES[:40], "x" * 5_000, *ENTRIES[:5]]
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
    assert any(t.name.startswith("reframer-score") for t in threading.enumerate())
    stream.close()
    assert first.sentences[0].text == "Day 0."
    assert len(clf.threads) == 2  # the first chunk and the one scored ahead, no more
    assert not any(t.name.startswith("reframer-score") for t in threading.enumerate())


def test_a_failure_preparing_the_next_batch_keeps_the_one_before(
    stub_classifier: type[Any], rewriter: Any
) -> None:
    engine, _ = _engine(stub_classifier, rewriter)
    real = engine.segmenter
    calls = []

    class Failing:
        def split_many(self, texts: Any) -> Any:
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("the segmenter failed")
            return real.split_many(texts)

    engine.segmenter = Failing()
    got = []
    with pytest.raises(RuntimeError, match="segmenter failed"):
        for analysis in engine.iter_analyze(ENTRIES, batch_size=10):
            got.append(analysis)
    assert len(got) == 20  # the two batches prepared before the failure
