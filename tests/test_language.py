from __future__ import annotations

import pytest

from reframer.language import looks_english


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("I am such an idiot", True),
        ("im such a loser lol", True),
        ("Worked late. Tired. Pizza.", True),
        ("forgot mom bday again ugh", True),
        ("😭😭😭", True),
        ("Went to the café with Marie, la vie est belle they say", True),
        ("Je suis vraiment nul, je rate tout ce que je fais.", False),
        ("Ich bin so dumm und mache immer alles falsch", False),
        ("Soy un desastre, nunca hago nada bien", False),
        ("我真是个笨蛋，什么都做不好", False),
        ("Я ничего не умею делать правильно", False),
    ],
)
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english
