"""A small, dependency-free check that a text is English before it is scored.

The classifier was trained on English only; scoring other languages would give confident nonsense.
A text is refused when most of its letters are not Latin script, or when it holds more function
words of another common European language (Spanish, French, German, Italian, Portuguese, Dutch)
than of English (two at least, so that a short sentence such as "Ya no quiero vivir" or "Ich will
sterben" is recognised). Terse English ("Worked late. Tired. Pizza.") has few function words,
so their absence alone never refuses a text. A close call (at least as many of their function words
as of English ones) that holds crisis language of one of those languages ("me voy a matar") is
not English either.
Whatever this decides, the crisis gate still reads the text: the engine checks unsupported text with both the English gate and the multilingual
lexicon (:mod:`reframer.crisis.multilingual`), so a wrong guess can never hide crisis language.
"""

from __future__ import annotations

import re

__all__ = ["looks_english"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_COMMON = frozenset(
    """
    a about after again all also am an and any are as at be because been before being but by can
    cant could did didnt do does doesnt dont even ever every for from get got had has have having he
    her him his how i id if im in into is isnt it its ive just know like me more most my myself never
    no not nothing now of off on once one only or our out over really said say see she should so some
    still than that thats the their them then there these they thing think this those to today too
    up us very was wasnt we well were what when where which who why will with wont would wouldnt you
    your yourself feel felt ill want always
    """.split()
)
_FOREIGN = (
    frozenset(
        """
    el los las del por para con una uno unos pero porque muy estoy soy eres está esta todo nada
    siempre nunca yo mi tengo hoy le les des du et est je suis tu il elle nous vous avec dans pour
    pas très mais toujours jamais rien ich bin du ist und nicht der die das ein eine mit auf für
    immer nie nichts sehr aber mein meine heute sono non che di il della per sempre mai niente
    molto ma oggi sou não eu com uma muito nunca sempre hoje ik ben het een niet en van maar altijd
    nooit niets vandaag heel
    ya quiero vivir morir puedo más aguanto nadie voy un une veux mourir vivre peux envie moi ne
    kann mehr leben sterben möchte mich mir quero viver morrer consigo ninguém mais voglio più
    vivere morire posso nessuno ce ho veces pienso morirme matar vida vais mes jours quitarme
    mettre tuer suis je vou me quiero
    """.split()
    )
    - _COMMON
)


def looks_english(text: str) -> bool:
    """True unless the text clearly is not English (mostly non-Latin script or no English words)."""
    words = [w.lower().replace("'", "").replace("’", "") for w in _WORD.findall(text)]
    if not words:
        return True  # emoji, numbers or punctuation only: nothing to judge, nothing to refuse
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        return False
    english = sum(1 for w in words if w in _COMMON)
    foreign = sum(1 for w in words if w in _FOREIGN)
    if foreign >= 2 and foreign > english:
        return False
    if foreign and foreign >= english:  # a close call: crisis language of another language decides
        from reframer.crisis.multilingual import multilingual_risk

        return multilingual_risk(text) is None
    return True
