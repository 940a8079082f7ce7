"""Sentence segmentation: offsets into the original string and messy journal text."""

from __future__ import annotations

import pytest

from reframer.segment import Segmenter


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


CASES = [
    (
        "I forgot mom's birthday again. I'm such a terrible son.",
        ["I forgot mom's birthday again.", "I'm such a terrible son."],
    ),
    (
        "woke up late\nim such an idiot lol\nwhatever",
        ["woke up late", "im such an idiot lol", "whatever"],
    ),
    ("# Monday\n- went running\n- skipped lunch", ["Monday", "went running", "skipped lunch"]),
    ("1. called the bank\n2) paid rent", ["called the bank", "paid rent"]),
    ("- [ ] call mom\n- [x] laundry", ["call mom", "laundry"]),
    ("> quote of the day\n\n---\n\nok", ["quote of the day", "ok"]),
    ("I tried, and\nit went fine.", ["I tried, and\nit went fine."]),
    ("Went out 🎉 It was fun!", ["Went out 🎉", "It was fun!"]),
    ("", []),
    ("   \n\t ", []),
    ("...", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(seg: Segmenter, text: str, expected: list[str]) -> None:
    spans = seg.split(text)
    assert [s.text for s in spans] == expected
    for s in spans:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "Café au lait ☕️ — then 🙃 the bus was late… again.\r\nWhy do I do this?",
        "“I’m fine,” I said. I wasn’t.\n\n\n   indented line after blanks",
        "no punctuation at all just a long run of words that keeps going and going",
        "Emoji first 😭😭 then words. 👍🏽 Thumbs!",
    ],
)
def test_offsets_are_python_str_indices(seg: Segmenter, text: str) -> None:
    spans = seg.split(text)
    assert spans
    for s in spans:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_split_many_keeps_order(seg: Segmenter) -> None:
    texts = ["One. Two.", "", "Three", "Four!\nFive"]
    got = [[s.text for s in spans] for spans in seg.split_many(texts, batch_size=2)]
    assert got == [["One.", "Two."], [], ["Three"], ["Four!", "Five"]]


def test_a_custom_pipeline_without_senter_splits_as_given() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    spans = Segmenter(nlp).split("First thought. Second thought.")
    assert [s.text for s in spans] == ["First thought.", "Second thought."]


def test_the_bare_tokenizer_loads_the_packaged_one(seg: Segmenter) -> None:
    """load_nlp starts from a rule-less tokenizer and reads the package's saved one: the result
    must equal what a plain ``spacy.load`` builds (the config's tokenizer, then the saved one)."""
    from reframer.segment import SPACY_MODEL, import_spacy

    plain = import_spacy().load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "ner"])
    ours, theirs = seg.nlp.tokenizer, plain.tokenizer
    assert len(ours.rules) > 1000 and ours.rules == theirs.rules
    for name in ("prefix_search", "suffix_search", "infix_finditer", "url_match"):
        assert getattr(ours, name).__self__.pattern == getattr(theirs, name).__self__.pattern
    assert ours.token_match == theirs.token_match
    assert ours.faster_heuristics == theirs.faster_heuristics
    assert seg.nlp.config["nlp"]["tokenizer"] == plain.config["nlp"]["tokenizer"]
    text = "I can't believe I'm this lazy...again :( https://x.org/a-b #fail U.S.A. 5km"
    assert [t.text for t in seg.nlp.make_doc(text)] == [t.text for t in plain.make_doc(text)]


def test_entry_point_lookups_are_memoised_not_changed() -> None:
    from importlib.metadata import entry_points

    from reframer.segment import _EntryPoints

    snapshot = entry_points()
    memo = _EntryPoints(snapshot)
    for group in ("console_scripts", "spacy_factories", "no_such_group"):
        assert list(memo.select(group=group)) == list(snapshot.select(group=group))
        assert memo.select(group=group) is memo.select(group=group)
    assert memo.groups == snapshot.groups  # everything else passes through
