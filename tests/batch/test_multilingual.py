"""Non-English safety: short non-English sentences get the language notice, and crisis language in
Spanish, French, German, Portuguese and Italian is still found (for the support response)."""

from __future__ import annotations

import pytest

from reframer.crisis.multilingual import CONCERN, CRISIS, multilingual_risk, normalise
from reframer.language import looks_english

CRISIS_CASES = [
    ("es", "Ya no quiero vivir"),
    ("es", "Quiero morirme."),
    ("es", "A veces pienso en quitarme la vida"),
    ("es", "me voy a matar"),
    ("fr", "Je veux mourir"),
    ("fr", "J’ai envie d’en finir"),
    ("fr", "je vais mettre fin à mes jours"),
    ("de", "Ich will sterben"),
    ("de", "Ich möchte sterben."),
    ("de", "ich will nicht mehr leben"),
    ("de", "Ich bringe mich um"),
    ("pt", "Quero morrer"),
    ("pt", "Não quero mais viver"),
    ("pt", "vou me matar"),
    ("it", "Voglio morire"),
    ("it", "Non voglio più vivere"),
    ("it", "Voglio farla finita"),
]
CONCERN_CASES = [
    ("es", "Quiero desaparecer"),
    ("es", "Soy una carga para todos"),
    ("fr", "Je n'en peux plus"),
    ("de", "Ich kann nicht mehr"),
    ("pt", "Não aguento mais"),
    ("it", "Non ce la faccio più"),
]
SAFE_CASES = [
    "No quiero morir",  # negated
    "Me muero de risa",  # idiom: dying of laughter
    "Je ne veux pas mourir",
    "Je meurs de faim",
    "Ich will nicht sterben",
    "Não quero morrer",
    "Vou me matar de rir",
    "Non voglio morire",
    "Hoy fue un buen día con mis amigos",
    "I want to die",  # English is the English gate's job
]


@pytest.mark.parametrize(("lang", "text"), CRISIS_CASES)
def test_crisis(lang: str, text: str) -> None:
    assert multilingual_risk(text) == "crisis"


@pytest.mark.parametrize(("lang", "text"), CONCERN_CASES)
def test_concern(lang: str, text: str) -> None:
    assert multilingual_risk(text) == "concern"


@pytest.mark.parametrize("text", SAFE_CASES)
def test_not_flagged(text: str) -> None:
    assert multilingual_risk(text) is None


def test_every_language_has_both_levels() -> None:
    assert set(CRISIS) == set(CONCERN) == {"es", "fr", "de", "pt", "it"}
    assert normalise("  NÃO  aguento ") == "nao aguento"


@pytest.mark.parametrize("text", [t for _, t in CRISIS_CASES + CONCERN_CASES][:12])
def test_short_non_english_sentences_get_the_language_notice(text: str) -> None:
    assert looks_english(text) is False


@pytest.mark.parametrize(
    "text", ["I will be fine.", "No more excuses, I can do this.", "Worked late. Ugh."]
)
def test_short_english_stays_english(text: str) -> None:
    assert looks_english(text) is True
