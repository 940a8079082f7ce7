"""Safety scan of EVERY template in the shipped file (reframer/data/templates.toml).

No template may minimise or dismiss ("just", "cheer up", "not a big deal"), blame ("your
fault"), promise an outcome ("everything will be fine"), lecture in the second person
("you should"), or assert a harsh label. Every template must render, with sample slot values,
into a rewrite that passes the quality gate.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from reframer.labels import STRATEGIES, TRAPS
from reframer.rewrite import SAMPLE_SLOTS, SLOT_NAMES, Template, default_templates, tidy
from reframer.rewrite.bank import default_bank
from reframer.rewrite.lexicon import (
    DISMISSIVE_WORDS,
    HARSH_WORDS,
    MINIMISING_PHRASES,
    PROMISED_OUTCOMES,
    SOFT_HARSH,
)
from reframer.rewrite.quality import check_rewrite
from reframer.rewrite.templates import fill, placeholders

TEMPLATES = [*default_templates(), *default_bank().templates]  # the bank's frames are checked too
IDS = [t.id for t in TEMPLATES]

FORBIDDEN = sorted(
    {
        *MINIMISING_PHRASES,
        *PROMISED_OUTCOMES,
        *DISMISSIVE_WORDS,
        # minimising and dismissing
        "just",
        "cheer up",
        "not a big deal",
        "no big deal",
        "get over",
        "look on the bright side",
        "it's not that bad",
        "could be worse",
        "other people have it worse",
        "lighten up",
        "move on",
        "let it go",
        "don't be so hard",
        "stop being",
        "toughen up",
        "at least",
        "everything happens for a reason",
        "good vibes",
        "stay positive",
        # blame
        "your fault",
        "my fault",
        "to blame",
        "you did this",
        "blame yourself",
        "serves you right",
        "own my share",  # presumes a share: read as blame by people harmed by others
        # endorsing whatever the writer feels they should do ("do something inappropriate")
        "that wish matters",
        "move toward it",
        # promised outcomes
        "will be fine",
        "everything will work out",
        "will work out",
        "guarantee",
        "i promise",
        "it will get better",
        "you will",
        "never happen again",
    }
)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves|you're|you'll|you've|u)\b")
IMPERATIVE_OPENERS = re.compile(
    r"(?:^|[.!?]\s+)(?:stop|don't|do not|just|remember|try to|think|be|quit|relax|calm|smile|"
    r"cheer|focus|accept|learn|get|let go)\b"
)
CORE_HARSH = sorted(HARSH_WORDS - SOFT_HARSH)

# Alternative slot values that stress grammar: adjective labels, pronoun people/targets,
# present-tense events and negated clauses.
ALTERNATIVE_SLOTS = {
    **SAMPLE_SLOTS,
    "event": "am failing my classes",
    "event_ing": "not calling my dad back",
    "event_friend": "did not call their dad back",
    "event_past": "did not call my dad back",
    "label": "not good enough",
    "label_quoted": "'not good enough'",
    "people": "they",
    "people_obj": "them",
    "comparison": "him",
    "should": "be more productive",
    "should_rule": "have to be perfect",
    "should_ing": "being more productive",
    "should_past": "not said that",
    "should_do": "be more productive",
    "feeling": "overwhelmed",
    "prediction": "nobody will ever love me",
    "topic": "the presentation",
    "counterexample": "did not say the wrong thing",
    "thought": "I always ruin everything",
    "question": "what is wrong with me",
    "praise": "the interviewer said my portfolio was impressive",
}


def _prose(template: Template) -> str:
    """The template's own words, lowercased, with placeholders removed."""
    return re.sub(r"\{[a-z_]+\}", " ", template.text).lower().replace("\u2019", "'")


def test_the_file_is_big_enough_and_ids_are_unique() -> None:
    raw = tomllib.loads(
        resources.files("reframer").joinpath("data/templates.toml").read_text(encoding="utf-8")
    )
    ids = [t["id"] for t in raw["template"]]
    shipped = list(default_templates())
    assert len(ids) == len(set(ids)) == len(shipped)
    assert len(shipped) >= 60
    assert sum(1 for t in shipped if not t.requires) >= 30  # fallbacks that need no slot
    assert {t.strategy for t in shipped} == set(STRATEGIES)


@pytest.mark.parametrize("trap", TRAPS)
def test_every_trap_has_two_strategies_without_slots(trap: str) -> None:
    assert len(default_templates().strategies_for(trap)) >= 2


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_no_minimising_blame_or_promises(template: Template) -> None:
    prose = _prose(template)
    hits = [p for p in FORBIDDEN if re.search(rf"\b{re.escape(p)}\b", prose)]
    assert not hits, f"{template.id}: {hits}"


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_no_second_person_lecturing(template: Template) -> None:
    prose = _prose(template)
    assert not SECOND_PERSON.search(prose), template.id
    assert not IMPERATIVE_OPENERS.search(prose.strip()), template.id
    assert not re.search(r"\b(?:you|we|one) (?:should|must|need to|have to)\b", prose)


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_first_person_and_no_harsh_words(template: Template) -> None:
    prose = _prose(template)
    assert re.search(r"\b(?:i|me|my|myself)\b", prose), f"{template.id} is not first person"
    harsh = [w for w in CORE_HARSH if re.search(rf"\b{re.escape(w)}\b", prose)]
    assert not harsh, f"{template.id} uses harsh words {harsh}"


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_label_is_only_quoted(template: Template) -> None:
    for m in re.finditer(r"\{label\}", template.text):
        before, after = template.text[m.start() - 1], template.text[m.end()]
        assert before == "'" and after == "'", f"{template.id} must quote {{label}}"
    for m in re.finditer(r"\b(?:I am|I'm) \{label", template.text):  # only "not proof I am"
        before = template.text[: m.start()].lower().split()[-4:]
        assert "not" in before, f"{template.id} asserts the label"


@pytest.mark.parametrize("slots", [SAMPLE_SLOTS, ALTERNATIVE_SLOTS], ids=["sample", "alt"])
@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_renders_and_passes_gate(template: Template, slots: dict[str, str]) -> None:
    assert set(placeholders(template.text)) <= set(SLOT_NAMES)
    text = tidy(fill(template.text, slots))
    assert "{" not in text and "}" not in text
    assert 8 <= len(text.split()) <= 45, (template.id, len(text.split()))
    labels = [slots["label"], "terrible son", "not good enough"]
    assert check_rewrite(text, labels=labels) == [], (template.id, text)
