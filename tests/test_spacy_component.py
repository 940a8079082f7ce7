"""The ``self_talk`` spaCy component, registered through the ``spacy_factories`` entry point."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_add_pipe_by_name() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("self_talk")
    doc = nlp("I forgot mom's birthday again. I'm such a terrible son.")
    first, second = list(doc.sents)
    assert first._.self_critical is False
    assert second._.self_critical is True
    assert second._.traps
    assert second._.reframes and all(r.strategy for r in second._.reframes)
    assert doc._.crisis is False


def test_crisis_doc_has_no_reframes() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("self_talk", config={"reframes": 2})
    doc = nlp("I'm such a failure. Everyone would be better off without me.")
    assert doc._.crisis is True
    assert all(s._.reframes == [] for s in doc.sents)
