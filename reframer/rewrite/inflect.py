"""Small, rule-based English inflection for the verb forms the templates need.

Only what slot conversion uses: the gerund ("forget" -> "forgetting"), the simple past
("forget" -> "forgot"), the third person singular ("mess" -> "messes") and the indefinite
article ("a" / "an"). Irregular verbs come from a table; the rest follows spelling rules.
"""

from __future__ import annotations

from typing import Final

__all__ = ["article", "base_of_past", "gerund", "past", "third_person"]

_IRREGULAR_PAST: Final[dict[str, str]] = {
    "be": "was",
    "have": "had",
    "do": "did",
    "go": "went",
    "get": "got",
    "make": "made",
    "say": "said",
    "see": "saw",
    "know": "knew",
    "take": "took",
    "give": "gave",
    "come": "came",
    "think": "thought",
    "tell": "told",
    "find": "found",
    "feel": "felt",
    "leave": "left",
    "keep": "kept",
    "forget": "forgot",
    "lose": "lost",
    "let": "let",
    "put": "put",
    "mean": "meant",
    "become": "became",
    "begin": "began",
    "bring": "brought",
    "buy": "bought",
    "build": "built",
    "break": "broke",
    "choose": "chose",
    "catch": "caught",
    "cut": "cut",
    "draw": "drew",
    "drink": "drank",
    "drive": "drove",
    "eat": "ate",
    "fall": "fell",
    "fight": "fought",
    "fly": "flew",
    "forgive": "forgave",
    "freeze": "froze",
    "grow": "grew",
    "hang": "hung",
    "hear": "heard",
    "hide": "hid",
    "hit": "hit",
    "hold": "held",
    "hurt": "hurt",
    "lead": "led",
    "lend": "lent",
    "meet": "met",
    "pay": "paid",
    "quit": "quit",
    "read": "read",
    "ride": "rode",
    "ring": "rang",
    "rise": "rose",
    "run": "ran",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shake": "shook",
    "shoot": "shot",
    "shut": "shut",
    "sing": "sang",
    "sink": "sank",
    "sit": "sat",
    "sleep": "slept",
    "speak": "spoke",
    "spend": "spent",
    "stand": "stood",
    "steal": "stole",
    "stick": "stuck",
    "sting": "stung",
    "swear": "swore",
    "swim": "swam",
    "teach": "taught",
    "tear": "tore",
    "throw": "threw",
    "understand": "understood",
    "wake": "woke",
    "wear": "wore",
    "win": "won",
    "write": "wrote",
    "blow": "blew",
    "bite": "bit",
    "bet": "bet",
    "bend": "bent",
    "bleed": "bled",
    "deal": "dealt",
    "dig": "dug",
    "feed": "fed",
    "forbid": "forbade",
    "overthink": "overthought",
    "oversleep": "overslept",
    "misunderstand": "misunderstood",
    "mislead": "misled",
    "seek": "sought",
    "split": "split",
    "spread": "spread",
    "strike": "struck",
    "swing": "swung",
    "upset": "upset",
    "withdraw": "withdrew",
    "undo": "undid",
    "overdo": "overdid",
    "rethink": "rethought",
    "sweep": "swept",
    "light": "lit",
    "slide": "slid",
    "shine": "shone",
    "flee": "fled",
    "cling": "clung",
    "bear": "bore",
    "lay": "laid",
    "mislay": "mislaid",
    "overhear": "overheard",
    "oversee": "oversaw",
    "overtake": "overtook",
    "undertake": "undertook",
    "forsee": "foresaw",
    "blurt": "blurted",
    "cost": "cost",
    "cast": "cast",
    "burst": "burst",
}

_BASE_OF_PAST: Final[dict[str, str]] = {
    v: k for k, v in _IRREGULAR_PAST.items() if v != k and k not in {"be", "lie"}
}

_NO_CHANGE_3RD: Final = frozenset(
    {"can", "could", "will", "would", "shall", "should", "may", "might", "must", "ought"}
)
_IRREGULAR_3RD: Final[dict[str, str]] = {
    "be": "is",
    "am": "is",
    "are": "is",
    "have": "has",
    "do": "does",
    "go": "goes",
    "undo": "undoes",
    "overdo": "overdoes",
}
_DOUBLING: Final = frozenset(
    {
        "forget",
        "begin",
        "admit",
        "commit",
        "regret",
        "refer",
        "prefer",
        "occur",
        "permit",
        "submit",
        "omit",
        "control",
        "patrol",
        "upset",
        "forbid",
        "equip",
        "compel",
        "expel",
        "rebel",
        "propel",
        "transfer",
        "overstep",
        "unplug",
        "kidnap",
        "outrun",
        "overrun",
        "befit",
        "abet",
        "acquit",
        "embed",
        "extol",
        "repel",
        "deter",
        "incur",
    }
)
_VOWELS: Final = "aeiou"


def _syllables(word: str) -> int:
    """Count vowel groups, a rough syllable count good enough for doubling rules."""
    count = 0
    previous = False
    for ch in word.replace("qu", "qw"):
        is_vowel = ch in _VOWELS or ch == "y"
        if is_vowel and not previous:
            count += 1
        previous = is_vowel
    return count


def _doubles(verb: str) -> bool:
    """Whether the final consonant doubles before -ing / -ed ("stop" -> "stopping")."""
    if verb in _DOUBLING:
        return True
    w = verb.replace("qu", "qw")
    if len(w) < 3 or _syllables(w) != 1:
        return False
    c1, v, c2 = w[-3], w[-2], w[-1]
    return c2 not in _VOWELS + "wxy" and v in _VOWELS and c1 not in _VOWELS


def gerund(verb: str) -> str:
    """The -ing form of a base verb: "forget" -> "forgetting", "make" -> "making"."""
    v = verb.lower()
    if v in {"be", "see", "flee", "agree", "free"}:
        return v + "ing"
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith(("ee", "ye", "oe")):
        return v + "ing"
    if v.endswith("e") and len(v) > 2:
        return v[:-1] + "ing"
    if v.endswith("c"):
        return v + "king"
    if _doubles(v):
        return v + v[-1] + "ing"
    return v + "ing"


def past(verb: str) -> str:
    """The simple past of a base verb: "forget" -> "forgot", "try" -> "tried"."""
    v = verb.lower()
    if v in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[v]
    if v.endswith("e"):
        return v + "d"
    if len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        return v[:-1] + "ied"
    if v.endswith("c"):
        return v + "ked"
    if _doubles(v):
        return v + v[-1] + "ed"
    return v + "ed"


def base_of_past(word: str) -> str | None:
    """The base form of an irregular simple past ("forgot" -> "forget"), else None."""
    return _BASE_OF_PAST.get(word.lower())


def third_person(verb: str) -> str:
    """The third person singular present: "mess" -> "messes", "have" -> "has"."""
    v = verb.lower()
    if v in _NO_CHANGE_3RD:
        return v
    if v in _IRREGULAR_3RD:
        return _IRREGULAR_3RD[v]
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        return v + "es"
    if len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        return v[:-1] + "ies"
    return v + "s"


_AN_EXCEPTIONS: Final = ("hour", "honest", "honor", "honour", "heir")
_A_EXCEPTIONS: Final = ("uni", "use", "usu", "uti", "eu", "one", "once", "ure", "uk")


def article(word: str) -> str:
    """The indefinite article for a word: "an idiot", "a useless", "an hour"."""
    w = word.lower().lstrip("'\"")
    if w.startswith(_AN_EXCEPTIONS):
        return "an"
    if w.startswith(_A_EXCEPTIONS):
        return "a"
    return "an" if w[:1] in _VOWELS else "a"
