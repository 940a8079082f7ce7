"""Insults and person nouns: what may fill a label or a person slot.

A label as a feeling ("Feeling like a failure is painful…") must be a word used as an insult
of oneself, not any noun or adjective ("Feeling worse…", "Feeling total klutz falling…");
a person slot must name a person, not "the earth" or "the end".

>>> is_insult("like a failure"), is_insult("worse"), is_insult("lazy unloved")
(True, False, False)
>>> repair_label("weak Work is hard"), is_person("my mother"), is_person("the earth")
('weak', True, False)
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from reframer.rewrite.checks import ROLES
from reframer.rewrite.lexicon import HARSH_WORDS, INTENSIFIER_ADJS

__all__ = ["INSULTS", "PERSON_NOUNS", "is_insult", "is_person", "repair_label"]

INSULTS: Final = HARSH_WORDS | frozenset(
    """procrastinator fake fraud enabler crazy defect shell leech jerk asshole arsehole dick
    brat slob klutz screwup screw-up creep weirdo freak coward liar hypocrite parasite disgrace
    disappointment embarrassment joke mess monster moron dumbass fool clown trash garbage scum
    waste wreck quitter slacker failure loser idiot burden nuisance letdown clingy needy selfish
    lazy boring worthless pathetic useless hopeless hideous gross disgusting ugly fat dumb stupid
    weak broken terrible awful horrible bad toxic cringe cringey lame mean bitter hated unlovable
    inadequate incompetent insecure unwanted disgusted""".split()
)
"""Words that insult oneself: a label must be one ("Feeling like a failure…"), not "worse"."""
PERSON_NOUNS: Final = ROLES | frozenset(
    """mom mum dad mother father parents sister sisters brother brothers kids kid children child
    son sons daughter daughters coworkers colleagues boss friends family husband wife boyfriend
    girlfriend partner people everyone everybody guy guys girl girls teacher teachers manager
    grandson granddaughter nan grandma grandpa grandmother grandfather toddler baby teen teenager
    neighbour neighbor neighbours neighbors spouse fiance fiancee ex roommates classmates
    classmate team family parent cousin cousins stepdad stepmom therapist doctor workers worker
    coworker colleague kid""".split()
)
"""Head nouns that name a person or people ("my mother", "the kids")."""
_LABEL_SKIP: Final = frozenset(
    {
        "like",
        "a",
        "an",
        "the",
        "so",
        "such",
        "really",
        "very",
        "too",
        "pretty",
        "sort",
        "kind",
        "of",
    }
    | {"most"}
)
_INSULT_NOUNS: Final = frozenset(
    """mess joke fool brat slob jerk idiot loser wreck waste fake fraud leech shell defect creep
    freak trash burden scum garbage moron dick asshole arsehole klutz""".split()
)
_NOT_ENOUGH: Final = re.compile(r"(?:not|never) (?:good )?enough")
_PERSONISH: Final = PERSON_NOUNS | frozenset({"person", "human", "man", "woman", "being", "adult"})
_MASS: Final = frozenset({"trash", "garbage", "scum", "shit", "crap", "filth"})


def _noun_like(word: str) -> bool:
    return word.endswith(("er", "or", "ure", "ment", "ness", "ion")) or word in _INSULT_NOUNS


def is_insult(value: str) -> bool:
    """Whether a label (as a feeling, "like a terrible son" / "useless") insults oneself: at
    most three words after "like a", all lowercase, headed by an insult ("failure", "lazy") or
    a person noun that an insult qualifies ("horrible person"); two bare adjectives in a row
    ("lazy unloved") or a clause ("weak Work is hard") are no label."""
    if _NOT_ENOUGH.fullmatch(value):
        return True  # "Feeling not good enough is painful"
    parts = value.lower().split()
    for art, nxt in itertools.pairwise(parts):
        if art in {"a", "an"} and (nxt.endswith("est") or nxt == "worst" or nxt in _MASS):
            return False  # "like a worst fool", "like a garbage"
    raw = [w for w in value.replace(",", " ").split() if w.lower() not in _LABEL_SKIP]
    words = [w for w in raw if w.lower() not in INTENSIFIER_ADJS]
    words = [w for w in words if w != "and"]
    if not 1 <= len(words) <= 3 or any(w != w.lower() for w in words):
        return False
    head, rest = words[-1], words[:-1]
    if head in _PERSONISH:
        return any(w in INSULTS for w in rest)
    if head not in INSULTS:
        return False
    noun_head = _noun_like(head)
    return noun_head or all(w.endswith("ly") for w in rest)


def repair_label(value: str) -> str | None:
    """A label as a feeling made to read, or None: "like a worst fool" -> "like the worst fool",
    "like a garbage" -> "like garbage", "lazy unloved" -> "lazy", "weak Work is hard" -> "weak"."""
    fixed = re.sub(r"^like an? (?=(?:\w+est|worst)\b)", "like the ", value)
    fixed = re.sub(rf"^like an? (?=(?:{'|'.join(sorted(_MASS))})$)", "like ", fixed)
    if is_insult(fixed):
        return fixed
    words = fixed.replace(",", "").split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        last = words[k - 1]
        if words[0] != "like" and is_insult(head) and last in INSULTS and not _noun_like(last):
            return head  # a bare adjective label, cut before what does not belong
    return None


def is_person(value: str) -> bool:
    """Whether a person slot names a person ("my mother", "the kids"), not "the earth"."""
    words = value.lower().split()
    return bool(words) and words[-1] in PERSON_NOUNS
