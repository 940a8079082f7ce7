"""Crisis language in Spanish, French, German, Portuguese and Italian: a small reviewed lexicon.

reframer scores English only; a text in another language gets the ``unsupported_language``
notice and no rewrites. That must never mean no support: :func:`multilingual_risk` finds
first-person suicidal or self-harm language (``"crisis"``) and passive wishes to be gone or
hopelessness (``"concern"``) in the five most common languages of reframer's users, so the
engine can still attach the support resources.

How the lexicon was built and reviewed: phrases are first-person expressions of wanting to die,
to kill or hurt oneself, to end one's life (``crisis``) and of wishing to disappear, not wake up,
being a burden or being unable to go on (``concern``), in the forms that crisis-line training
material and suicide-prevention campaigns of each country list as warning statements. Each
pattern was checked against its common negated form (``no quiero morir``, ``ich will nicht
sterben``, ``je ne veux pas mourir``: no match) and against idioms that use the same verbs
(``me muero de risa``, ``vou me matar de rir``, ``je meurs de faim``: no match). Matching is on
lower-case text with accents removed, so ``não``/``nao`` and ``más``/``mas`` both match. It
favours recall, like the English recall layer: a false alarm shows a gentle check-in and
helplines; a miss shows nothing. The lexicon is a safety net, not a classifier: it needs review by
native speakers with crisis-line experience before each release (see docs/helplines.md).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

__all__ = ["CONCERN", "CRISIS", "multilingual_risk", "normalise"]

_NOT = r"(?<!\bno )(?<!\bnao )(?<!\bnon )(?<!\bne )"
"""No negation word right before the phrase (Spanish, Portuguese, Italian, French)."""

CRISIS: Final[dict[str, tuple[str, ...]]] = {
    "es": (
        rf"{_NOT}\b(?:me )?quiero morir(?:me)?\b",
        r"\bya no quiero vivir\b",
        r"\bno quiero (?:seguir )?viviendo\b",
        r"\bno quiero seguir vivo\b",
        r"\b(?:quiero|voy a|pienso en|deseo) (?:matarme|suicidarme|quitarme la vida)\b",
        r"\bme (?:quiero|voy a) (?:matar|suicidar)\b(?! (?:de risa|a trabajar|estudiando))",
        r"\b(?:quitarme|acabar con) (?:la|mi) (?:propia )?vida\b",
        r"\b(?:desearia|ojala) estar muert[oa]\b",
        r"\bmejor (?:estaria|estar) muert[oa]\b",
        r"\b(?:hacerme dano|cortarme las venas|me corto (?:los brazos|las munecas))\b",
    ),
    "fr": (
        rf"{_NOT}\bje veux mourir\b",
        r"\bj'?ai envie d(?:e |')(?:mourir|me tuer|me suicider|en finir)\b",
        r"\bje (?:vais|veux) me (?:tuer|suicider)\b",
        r"\bje ne veux plus vivre\b",
        r"\bmettre fin a (?:mes jours|ma vie)\b",
        r"\b(?:je veux )?en finir avec (?:la|ma) vie\b",
        r"\bje veux en finir\b",
        r"\bje voudrais etre mort(?:e)?\b",
        r"\b(?:me faire du mal|me scarifier|me mutiler)\b",
    ),
    "de": (
        r"\bich (?:will|mochte|moechte|wurde gern) sterben\b",
        r"\bich will nicht mehr leben\b",
        r"\bich (?:bringe|bring) mich um\b",
        r"\bmich (?:umbringen|toten|toeten)\b",
        r"\bmir das leben (?:nehmen|zu nehmen)\b",
        r"\b(?:ich wunschte|ich waere|ich ware) (?:ich ware )?tot\b",
        r"\bmich (?:ritzen|selbst verletzen)\b",
    ),
    "pt": (
        rf"{_NOT}\bquero morrer\b",
        r"\bnao quero mais viver\b",
        r"\b(?:vou|quero) me (?:matar|suicidar)\b(?! de rir)",
        r"\b(?:quero|vou) (?:me )?(?:matar-me|suicidar-me)\b",
        r"\btirar (?:a )?(?:minha )?(?:propria )?vida\b",
        r"\bacabar com (?:a )?minha vida\b",
        r"\b(?:queria|preferia) estar mort[oa]\b",
        r"\bme (?:cortar|machucar) de proposito\b",
    ),
    "it": (
        rf"{_NOT}\bvoglio morire\b",
        r"\bnon voglio piu vivere\b",
        r"\b(?:mi voglio|voglio) (?:uccidere|ammazzare)\b",
        r"\b(?:uccidermi|ammazzarmi|suicidarmi)\b",
        r"\btogliermi la vita\b",
        r"\bfarla finita\b",
        r"\bvorrei essere mort[oa]\b",
        r"\b(?:farmi del male|tagliarmi)\b",
    ),
}
"""First-person wishes, plans or means to die, kill or hurt oneself, per language."""

CONCERN: Final[dict[str, tuple[str, ...]]] = {
    "es": (
        r"\bquiero desaparecer\b",
        r"\bno vale la pena vivir\b",
        r"\bojala no despertar(?:a|me)?\b",
        r"\bsoy una carga\b",
        r"\bno aguanto mas\b",
        r"\bnadie me (?:echaria de menos|extranaria)\b",
        r"\bsuicidio\b",
    ),
    "fr": (
        r"\bje veux disparaitre\b",
        r"\bje suis un fardeau\b",
        r"\bje n'?en peux plus\b",
        r"\ba quoi bon vivre\b",
        r"\bne (?:plus|jamais) me reveiller\b",
        r"\bpersonne ne me regretterait\b",
        r"\bsuicide\b",
    ),
    "de": (
        r"\bich will (?:einfach )?verschwinden\b",
        r"\bich bin (?:nur )?eine last\b",
        r"\bich kann nicht mehr\b",
        r"\bnicht mehr aufwachen\b",
        r"\bniemand wurde mich vermissen\b",
        r"\b(?:selbstmord|suizid)\b",
    ),
    "pt": (
        r"\bquero desaparecer\b",
        r"\bsou um peso\b",
        r"\bnao aguento mais\b",
        r"\bnao vale a pena viver\b",
        r"\bnao acordar mais\b",
        r"\bninguem sentiria (?:a )?minha falta\b",
        r"\bsuicidio\b",
    ),
    "it": (
        r"\bvoglio sparire\b",
        r"\bsono un peso\b",
        r"\bnon ce la faccio piu\b",
        r"\bnon ha senso vivere\b",
        r"\bnon svegliarmi piu\b",
        r"\bnessuno sentirebbe la mia mancanza\b",
        r"\bsuicidio\b",
    ),
}
"""Passive wishes to be gone, hopelessness and being a burden, per language."""

_CRISIS = re.compile("|".join(p for ps in CRISIS.values() for p in ps))
_CONCERN = re.compile("|".join(p for ps in CONCERN.values() for p in ps))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})


def normalise(text: str) -> str:
    """Lower case, accents removed (``ß`` as ``ss``), curly apostrophes straightened, spaces
    collapsed: the form the lexicon is written in."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(plain.split())


def multilingual_risk(text: str) -> Literal["crisis", "concern"] | None:
    """``"crisis"`` or ``"concern"`` when the text holds crisis language in Spanish, French,
    German, Portuguese or Italian; ``None`` otherwise (English is the English gate's job)."""
    plain = normalise(text)
    if _CRISIS.search(plain):
        return "crisis"
    if _CONCERN.search(plain):
        return "concern"
    return None
