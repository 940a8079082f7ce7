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
