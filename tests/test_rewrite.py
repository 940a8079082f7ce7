"""Tests of the template rewrite engine: slots, conversion, ranking, custom templates, quality.

The spaCy pipeline is loaded once per session. The data-set gate tests read
``tests/data/challenge.jsonl`` and ``data/dataset.jsonl`` and are skipped when those files do
not exist yet.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from reframer.errors import TemplateError
from reframer.labels import STRATEGIES, TRAPS
from reframer.rewrite import Rewriter, Slots, default_templates, load_templates, tidy
from reframer.rewrite.inflect import article, gerund, past, third_person
from reframer.rewrite.quality import (
    GateReport,
    check_rewrite,
    evaluate,
    gate_rates,
    harsh_words_in,
    mentions_content,
)
from reframer.rewrite.slots import extract_slots, normalise_text, split_trailing

ROOT = Path(__file__).resolve().parents[1]
CHALLENGE = ROOT / "tests" / "data" / "challenge.jsonl"
DATASET = ROOT / "data" / "dataset.jsonl"
BIRTHDAY = ("I forgot mom's birthday again.", "I'm such a terrible son.")


def slots_of(nlp: Any, sentence: str, context: str | None = None) -> Slots:
    doc = nlp(normalise_text(sentence))
    return extract_slots(doc, nlp(context) if context else None)


# --------------------------------------------------------------------------------------
# slot extraction
# --------------------------------------------------------------------------------------

SLOT_TABLE = [
    # event, from the sentence or from the context sentence before it
    ("I forgot mom's birthday again.", None, "event", "forgot mom's birthday"),
    ("I forgot mom's birthday again.", None, "event_ing", "forgetting mom's birthday"),
    (BIRTHDAY[1], BIRTHDAY[0], "event", "forgot mom's birthday"),
    (BIRTHDAY[1], BIRTHDAY[0], "event_past", "forgot mom's birthday"),
    (BIRTHDAY[1], None, "event", None),
    ("I'm an idiot for forgetting her name.", None, "event", "forgot her name"),
    (
        "I'm a coward for not speaking up at the town meeting",
        None,
        "event",
        "did not speak up at the town meeting",
    ),
    (
        "I hate myself for not being able to finish the report.",
        None,
        "event_past",
        "was not able to finish the report",  # never "did not be able"
    ),
    (
        "I made a typo in the client email, what an idiot",
        None,
        "event",
        "made a typo in the client email",
    ),
    (
        "I messed up the presentation in front of everyone.",
        None,
        "event",
        "messed up the presentation",
    ),
    ("I always say the wrong thing.", None, "event", None),  # a rule, not an event
    ("If I fail this interview my whole life is over.", None, "event", None),
    ("Went for a walk, then I'm such a mess", "Watched TV all night.", "event", None),
    # the harsh word or phrase, to be quoted
    (BIRTHDAY[1], None, "label", "terrible son"),
    (BIRTHDAY[1], None, "label_quoted", "a 'terrible son'"),
    ("im such an idiot lol", None, "label", "idiot"),
    ("What an idiot I am.", None, "label", "idiot"),
    ("I'm the worst friend ever.", None, "label", "the worst friend"),
    ("I feel like a failure.", None, "label_quoted", "a 'failure'"),
    ("I'm not good enough for her.", None, "label", "not good enough"),
    ("I feel worthless, so I must be worthless.", None, "label", "worthless"),
    (
        "people always say I'm too sensitive and they're right, I'm pathetic",
        None,
        "label",
        "pathetic",
    ),
    ("I'm not stupid, I just needed more time.", None, "label", None),
    ("I'm the type of person people love to leave", None, "label", None),
    # absolute words (only the writer's own claim)
    ("i never finish anything", None, "absolute", "never"),
    ("I always mess everything up.", None, "absolute", "always"),
    ("I mess up every time.", None, "absolute", "every time"),
    ("Nothing I do is ever good enough.", None, "absolute", "nothing"),
    ("I messed up the presentation in front of everyone.", None, "absolute", None),
    ("i never finish anything", None, "counterexample", "finished something"),
    ("I always say the wrong thing.", None, "counterexample", "did not say the wrong thing"),
    ("I can't do anything right.", None, "counterexample", "did something right"),
    # people whose judgement is imagined
    ("Everyone at work thinks I'm useless.", None, "people", "everyone at work"),
    ("They all think I'm annoying.", None, "people", "they"),
    ("They all think I'm annoying.", None, "people_obj", "them"),
    ("My team probably hates me now.", None, "people", "my team"),
    ("My boss must think I'm incompetent after that email.", None, "people", "my boss"),
    ("Nobody likes me.", None, "people", None),
    # the should-clause
    ("I should have called her.", None, "should", "called her"),
    ("I should have called her.", None, "should_rule", "should have called her"),
    ("I should have called her.", None, "should_ing", "calling her"),
    ("I should have called her.", None, "should_past", "called her"),
    ("i shouldve called her back", None, "should", "called her back"),
    ("I shouldn't have said that in the meeting.", None, "should", "not said that in the meeting"),
    ("I should be more productive.", None, "should_do", "be more productive"),
    ("I have to be perfect or nobody will love me.", None, "should_rule", "have to be perfect"),
    ("I feel stupid, so I must be stupid.", None, "should", None),  # a conclusion, not a rule
    # the comparison target
    ("My sister is so much better at everything than me.", None, "comparison", "my sister"),
    ("Why can't I be more like my brother?", None, "comparison", "my brother"),
    ("Everyone else my age has their life together.", None, "comparison", "everyone else"),
    ("she's ten times smarter than me", None, "comparison", "her"),
    # feeling, prediction, question, praise, topic
    ("I feel so ashamed of myself.", None, "feeling", "ashamed"),
    ("I'm so embarrassed about what I said.", None, "feeling", "embarrassed"),
    ("I'll never get a job.", None, "prediction", "I will never get a job"),
    ("I'm going to fail this exam.", None, "prediction", "I am going to fail this exam"),
    ("why am I like this?", None, "question", "why am I like this"),
    (
        "My mom says she's proud of me, but she's my mom, she doesn't count.",
        None,
        "praise",
        "my mom says she is proud of me",
    ),
    ("I stuttered on the phone and blew my one shot at the job.", None, "topic", "my one shot"),
    ("Nothing I do is ever good enough.", None, "thought", "nothing I do is ever good enough"),
]


@pytest.mark.parametrize(("sentence", "context", "slot", "expected"), SLOT_TABLE)
def test_slot_extraction(
    nlp: Any, sentence: str, context: str | None, slot: str, expected: str | None
) -> None:
    slots = slots_of(nlp, sentence, context)
    assert getattr(slots, slot) == expected, slots.values()


def test_event_from_context_is_flagged(nlp: Any) -> None:
    assert slots_of(nlp, BIRTHDAY[1], BIRTHDAY[0]).event_from_context
    assert not slots_of(nlp, BIRTHDAY[0]).event_from_context


# --------------------------------------------------------------------------------------
# grammatical person, tense and spelling
# --------------------------------------------------------------------------------------

CONVERSION_TABLE = [
    ("I forgot my keys at home.", "event_friend", "forgot their keys at home"),
    ("I embarrassed myself at the party.", "event_friend", "embarrassed themselves at the party"),
    ("I'm failing my classes.", "event", "am failing my classes"),
    ("I'm failing my classes.", "event_friend", "is failing their classes"),
    ("I'm failing my classes.", "event_past", None),
    ("I've ruined my credit score.", "event", "have ruined my credit score"),
    ("I've ruined my credit score.", "event_friend", "has ruined their credit score"),
    ("I didn't call my dad back.", "event", "did not call my dad back"),
    ("I didn't call my dad back.", "event_ing", "not calling my dad back"),
    ("I couldn't finish the report.", "event", "could not finish the report"),
    ("I got fired from my job.", "event_ing", "getting fired from my job"),
    ("Why did I say that?", "event", "said that"),
    ("I was late to work again today.", "event_ing", "being late to work today"),
    ("ugh i forgot my moms bday AGAIN", "event", "forgot my moms bday"),
    ("You're so stupid, why did you even say that", "event", "said that"),
    ("you were so rude to her, what is wrong with you", "event", "was rude to her"),
    ("You're so stupid, why did you even say that", "label", "stupid"),
    ("im gonna fail this test", "prediction", "I am going to fail this test"),
    ("i cant do anything right", "counterexample", "did something right"),
]


@pytest.mark.parametrize(("sentence", "slot", "expected"), CONVERSION_TABLE)
def test_person_and_tense(nlp: Any, sentence: str, slot: str, expected: str | None) -> None:
    assert getattr(slots_of(nlp, sentence), slot) == expected


@pytest.mark.parametrize(
    ("verb", "ing", "ed", "third"),
    [
        ("forget", "forgetting", "forgot", "forgets"),
        ("make", "making", "made", "makes"),
        ("stop", "stopping", "stopped", "stops"),
        ("mess", "messing", "messed", "messes"),
        ("try", "trying", "tried", "tries"),
        ("panic", "panicking", "panicked", "panics"),
        ("lie", "lying", "lied", "lies"),
        ("be", "being", "was", "is"),
        ("visit", "visiting", "visited", "visits"),
    ],
)
def test_inflection(verb: str, ing: str, ed: str, third: str) -> None:
    assert (gerund(verb), past(verb), third_person(verb)) == (ing, ed, third)


@pytest.mark.parametrize(
    ("word", "art"), [("idiot", "an"), ("failure", "a"), ("useless", "a"), ("hour", "an")]
)
def test_article(word: str, art: str) -> None:
    assert article(word) == art


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("im such an idiot lol", "im such an idiot"),
        ("ugh i forgot again 😭😭", "i forgot again"),
        ("I\u2019m an idiot, lol.", "I'm an idiot"),
        ("ppl think im weird bc i talk too much", "people think im weird because i talk too much"),
        ("Lola is mad at me", "Lola is mad at me"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


def test_split_trailing() -> None:
    assert split_trailing("Worked on the quilt... I'm such a mess today") == (
        "I'm such a mess today",
        "Worked on the quilt",
    )
    assert split_trailing("I'm a mess") == ("I'm a mess", "")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("i forgot , and  it hurts", "I forgot, and it hurts."),
        ("'never' is a big word. i can look again", "'Never' is a big word. I can look again."),
        ("Is it fair?", "Is it fair?"),
    ],
)
def test_tidy(raw: str, clean: str) -> None:
    assert tidy(raw) == clean


# --------------------------------------------------------------------------------------
# ranking, variety, determinism
# --------------------------------------------------------------------------------------


def test_birthday_example(rewriter: Rewriter) -> None:
    out = rewriter.rewrite(BIRTHDAY[1], traps=["labeling"], context=BIRTHDAY[0])
    assert 2 <= len(out) <= 3
    assert any("birthday" in r.text for r in out)
    assert len({r.strategy for r in out}) == len(out)
    for r in out:
        low = r.text.lower()
        assert "i am a terrible son" not in low and "i'm a terrible son" not in low
        assert check_rewrite(r.text, labels=["terrible son"]) == []


def test_deterministic(rewriter: Rewriter) -> None:
    first = rewriter.rewrite("I'm such an idiot.", traps=["labeling"])
    again = rewriter.rewrite("I'm such an idiot.", traps=["labeling"])
    assert first == again
    assert rewriter.rewrite("I'm such an idiot.", traps=["labeling"], seed=7) == (
        rewriter.rewrite("I'm such an idiot.", traps=["labeling"], seed=7)
    )


def test_rewrite_many_matches_rewrite(rewriter: Rewriter) -> None:
    items: list[tuple[str, list[str], str | None]] = [
        (BIRTHDAY[1], ["labeling"], BIRTHDAY[0]),
        ("i never finish anything", ["overgeneralization"], None),
        ("I should have called her.", ["should_statements"], None),
    ]
    many = rewriter.rewrite_many(items, seed=3)
    assert many == [rewriter.rewrite(s, traps=t, context=c, seed=3) for s, t, c in items]


def test_seed_varies_choice(rewriter: Rewriter) -> None:
    sentences = [
        ("I'm such an idiot.", ["labeling"]),
        ("I forgot mom's birthday again.", ["overgeneralization"]),
        ("My sister is so much better at everything than me.", ["comparison"]),
        ("Everyone at work thinks I'm useless.", ["mind_reading"]),
    ]
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for seed in range(6):
        seen.add(
            tuple(
                tuple(r.text for r in rewriter.rewrite(s, traps=t, seed=seed)) for s, t in sentences
            )
        )
    assert len(seen) > 1


def test_n_and_bad_input(rewriter: Rewriter) -> None:
    assert rewriter.rewrite("I'm such an idiot.", traps=["labeling"], n=0) == []
    assert len(rewriter.rewrite("I'm such an idiot.", traps=["labeling"], n=2)) == 2
    assert 2 <= len(rewriter.rewrite("I'm such an idiot.", traps=[], n=5)) <= 5
    assert rewriter.rewrite_many([]) == []
    empty = rewriter.rewrite("", traps=[])  # an empty sentence gets fallbacks, never a crash
    assert all(check_rewrite(r.text) == [] for r in empty)
    with pytest.raises(ValueError, match="unknown trap"):
        rewriter.rewrite("I'm such an idiot.", traps=["not_a_trap"])
    with pytest.raises(ValueError):
        rewriter.rewrite("I'm such an idiot.", traps=[], n=-1)


def test_trap_fit_is_used(rewriter: Rewriter) -> None:
    out = rewriter.rewrite(
        "I only got the job because I was lucky.", traps=["discounting_positive"]
    )
    assert all("not who I am" not in r.text and "lesson" not in r.text for r in out)
    assert any("got the job" in r.text for r in out)


@pytest.mark.slow
def test_thousand_sentences_are_fast(rewriter: Rewriter) -> None:
    base = [(s, t) for s, t, _ in SELF_CRITICAL]
    items = [
        (f"{s} Day {i}.", t, None)
        for i, (s, t) in enumerate(base[k % len(base)] for k in range(1000))
    ]
    start = time.perf_counter()
    out = rewriter.rewrite_many(items)
    elapsed = time.perf_counter() - start
    print(f"\n1,000 sentences rewritten in {elapsed:.2f} s")
    assert all(len(r) >= 2 for r in out)
    assert elapsed < 20  # a few seconds on 2 cores; generous for loaded CI machines


# --------------------------------------------------------------------------------------
# custom templates
# --------------------------------------------------------------------------------------

GOOD = """
[[template]]
id = "my-kind-words"
strategy = "self-compassion"
traps = ["labeling"]
text = "I am learning to speak to myself about {topic} the way my best friend would."

[[template]]
id = "my-fallback"
strategy = "growth"
traps = ["any"]
text = "One small thing I can try next time is to pause and take three slow breaths."
"""


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_merge(nlp: Any, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    merged = Rewriter.load(nlp, path)
    assert len(merged.templates) == len(default_templates()) + 2
    assert "my-kind-words" in merged.templates and "ev-event-action" in merged.templates


def test_custom_merge_overrides_same_id(nlp: Any, tmp_path: Path) -> None:
    text = GOOD.replace('id = "my-fallback"', 'id = "sc-mindful"')
    merged = Rewriter.load(nlp, write(tmp_path, text))
    assert len(merged.templates) == len(default_templates()) + 1
    assert merged.templates["sc-mindful"].strategy == "growth"


def test_custom_replace(nlp: Any, tmp_path: Path) -> None:
    only = Rewriter.load(nlp, write(tmp_path, GOOD), mode="replace")
    assert len(only.templates) == 2
    out = only.rewrite("I lost my job and I'm such an idiot.", traps=["labeling"])
    assert {r.text for r in out} <= {
        "I am learning to speak to myself about my job the way my best friend would.",
        "One small thing I can try next time is to pause and take three slow breaths.",
    }
    assert len(out) == 2


def test_unknown_mode(nlp: Any, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="mode"):
        Rewriter.load(nlp, write(tmp_path, GOOD), mode="append")  # type: ignore[arg-type]


ONE = """
[[template]]
id = "t1"
strategy = "evidence"
traps = ["labeling"]
text = "I can look at what happened with {topic} and let the whole picture count."
"""

ERRORS = [
    ("malformed", "[[template]\nid = 'x'", "malformed TOML"),
    ("unknown-slot", ONE.replace("{topic}", "{topik}"), "unknown slot(s): topik"),
    ("unknown-strategy", ONE.replace('"evidence"', '"optimism"'), "unknown strategy 'optimism'"),
    ("unknown-trap", ONE.replace('["labeling"]', '["labelling"]'), "unknown trap(s): labelling"),
    ("missing", ONE.replace('strategy = "evidence"\n', ""), "missing field(s): strategy"),
    (
        "too-short",
        ONE.replace(
            "I can look at what happened with {topic} and let the whole picture count.",
            "I am okay.",
        ),
        "must have 8-45",
    ),
    (
        "too-long",
        ONE.replace("let the whole picture count.", "let " + "the whole " * 25 + "count."),
        "must have 8-45",
    ),
    ("duplicate", ONE + ONE, "duplicate id"),
    ("unknown-field", ONE.replace("traps =", 'mood = "calm"\ntraps ='), "unknown field(s): mood"),
    ("bad-weight", ONE.replace("traps =", "weight = 99\ntraps ="), "'weight'"),
    ("bad-avoid", ONE.replace("traps =", 'avoid = ["nope"]\ntraps ='), "'avoid'"),
    ("brace", ONE.replace("{topic}", "{topic} }"), "unbalanced"),
    ("empty", "version = 1\n", "no [[template]]"),
    ("empty-traps", ONE.replace('["labeling"]', "[]"), "'traps' is empty"),
]


@pytest.mark.parametrize(("case", "text", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_template_errors(tmp_path: Path, case: str, text: str, message: str) -> None:
    path = write(tmp_path, text, f"{case}.toml")
    with pytest.raises(TemplateError) as info:
        load_templates(path)
    err = info.value
    assert err.code == "template_error"
    assert message in err.message
    assert f"{case}.toml" in err.message  # names the file
    if case not in {"malformed", "empty"}:
        assert "template 't1'" in err.message or "template #" in err.message  # and the template


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not found"):
        load_templates(tmp_path / "nope.toml")


def test_bad_file_via_rewriter(nlp: Any, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="unknown slot"):
        Rewriter.load(nlp, write(tmp_path, ONE.replace("{topic}", "{bogus}")))


# --------------------------------------------------------------------------------------
# the quality gate
# --------------------------------------------------------------------------------------

GATE_TABLE = [
    ("Forgetting a date is something I did, not proof I am a 'terrible son'.", []),
    ("I {event}, and it hurts more than I can say right now.", ["unfilled_slot"]),
    ("I forgot forgot the date, and that is something that happened to me.", ["repeated_word"]),
    ("I forgot the date,  and that is something that happened to me.", ["double_space"]),
    ("i forgot the date, and that is something that happened to me.", ["capitalisation"]),
    ("I forgot the date. and that is something that happened to me.", ["capitalisation"]),
    ("I forgot the date, and that is something that happened to me", ["end_punctuation"]),
    ("I forgot the date.", ["length"]),
    (
        "I forgot the date, and honestly I am a terrible son for it, nothing else.",
        ["asserts_label"],
    ),
    ("I forgot the date, but I am such an idiot that it makes sense to me.", ["asserts_label"]),
    ("It is just a date, so cheer up and let me look at the bright side.", ["minimising"]),
    (
        "I forgot the date, but everything will be fine for me in the end, I know.",
        ["promised_outcome"],
    ),
    ("You forgot the date, and you can learn from this for next time, okay?", ["second_person"]),
]


@pytest.mark.parametrize(("text", "codes"), GATE_TABLE)
def test_check_rewrite(text: str, codes: list[str]) -> None:
    problems = check_rewrite(text, labels=["terrible son"])
    assert sorted({p.split(":")[0] for p in problems}) == sorted(codes), problems


def test_gate_rates_arithmetic() -> None:
    report = gate_rates(
        ["I forgot mom's birthday.", "I'm lazy."],
        [
            [
                "I forgot mom's birthday, and it hurts because I care about her.",
                "This is a hard moment, and I can be gentle with myself in it.",
            ],
            ["Calling myself 'lazy' hurts, and I can answer that pain with kindness."],
        ],
    )
    assert isinstance(report, GateReport)
    assert report.sentences == 2 and report.rewrites == 3
    assert report.min_two_rate == 0.5
    assert report.clean_rate == 1.0
    assert report.content_rate == pytest.approx(2 / 3)
    assert report.sentence_content_rate == 1.0
    with pytest.raises(ValueError):
        gate_rates(["a"], [])


def test_mentions_content() -> None:
    assert mentions_content("I forgot the birthday.", "I forgot mom's birthday again")
    assert not mentions_content("This moment will pass, gently.", "I'm such an idiot")


# ~40 self-critical sentences in varied registers: each must get >= 2 clean rewrites from
# different strategies.
SELF_CRITICAL: list[tuple[str, list[str], str | None]] = [
    (BIRTHDAY[1], ["labeling"], BIRTHDAY[0]),
    ("I'm such an idiot.", ["labeling"], None),
    ("im such an idiot lol", ["labeling"], None),
    ("i never finish anything", ["overgeneralization"], None),
    ("I should have called her.", ["should_statements"], None),
    ("I shouldn't have said that in the meeting.", ["should_statements"], None),
    ("Everyone at work thinks I'm useless.", ["mind_reading", "labeling"], None),
    ("My team probably hates me now.", ["mind_reading"], None),
    ("My sister is so much better at everything than me.", ["comparison"], None),
    ("Why can't I be more like my brother?", ["comparison"], None),
    ("I only got the promotion because nobody else applied.", ["discounting_positive"], None),
    ("I'm going to fail this exam.", ["fortune_telling"], None),
    ("I'll never get a job.", ["fortune_telling", "overgeneralization"], None),
    ("I've ruined everything.", ["catastrophizing"], None),
    ("It's all my fault that we lost the game.", ["personalization"], None),
    ("I feel so stupid for saying that.", ["emotional_reasoning", "labeling"], None),
    ("I feel worthless, so I must be worthless.", ["emotional_reasoning"], None),
    ("I always mess everything up.", ["overgeneralization"], None),
    ("I messed up the presentation in front of everyone.", ["all_or_nothing"], None),
    ("If it's not perfect, it's a total failure.", ["all_or_nothing"], None),
    ("I was late to work again today, I'm hopeless.", ["labeling", "overgeneralization"], None),
    ("ugh i forgot my moms bday AGAIN", ["overgeneralization"], None),
    ("You're so stupid, why did you even say that.", ["labeling"], None),
    ("I'm the worst friend ever.", ["labeling"], None),
    ("I can't do anything right.", ["all_or_nothing", "overgeneralization"], None),
    ("I'm a failure at my job.", ["labeling"], None),
    ("They all think I'm annoying.", ["mind_reading"], None),
    ("I have to be perfect or nobody will love me.", ["should_statements", "all_or_nothing"], None),
    ("I should be more productive by now.", ["should_statements"], None),
    ("Everyone else my age has their life together.", ["comparison"], None),
    ("I yelled at my kids again and I hate myself.", ["labeling"], None),
    ("My presentation went fine but that was pure luck.", ["discounting_positive"], None),
    ("My parents' divorce was my fault.", ["personalization"], None),
    (
        "If I fail this interview my whole life is over.",
        ["catastrophizing", "fortune_telling"],
        None,
    ),
    ("I'm not good enough for her.", ["labeling"], None),
    ("I totally bombed the interview, I'm so pathetic.", ["labeling"], None),
    ("Nothing I do is ever good enough.", ["all_or_nothing"], None),
    ("I keep procrastinating and I'm so lazy.", ["labeling"], None),
    ("My boss must think I'm incompetent after that email.", ["mind_reading"], None),
    ("Compared to my coworkers I'm so slow.", ["comparison"], None),
    ("I overslept and missed my class, typical me.", ["overgeneralization"], None),
    (
        "I am, quite frankly, a disappointment to everyone who has ever believed in me.",
        ["labeling"],
        None,
    ),
    ("cant believe i said that to him im so dumb", ["labeling"], None),
    ("why am I like this?", [], None),
    (
        "My mom says she's proud of me, but she's my mom, she doesn't count.",
        ["discounting_positive"],
        None,
    ),
    ("I feel so ashamed, everyone saw me cry at work.", ["emotional_reasoning"], None),
]


@pytest.mark.parametrize(
    ("sentence", "traps", "context"), SELF_CRITICAL, ids=[s[0][:40] for s in SELF_CRITICAL]
)
def test_self_critical_sentences_pass_gate(
    rewriter: Rewriter, sentence: str, traps: list[str], context: str | None
) -> None:
    out = rewriter.rewrite(sentence, traps=traps, context=context)
    assert len(out) >= 2
    assert len({r.strategy for r in out}) == len(out)
    assert all(r.strategy in STRATEGIES for r in out)
    for r in out:
        assert check_rewrite(r.text, labels=harsh_words_in(sentence)) == [], r.text


def test_table_rates(rewriter: Rewriter) -> None:
    report = evaluate(rewriter, SELF_CRITICAL)
    print("\nhand-written table:", report.summary())
    assert report.min_two_rate == 1.0
    assert report.clean_rate == 1.0, report.examples
    # Issue #20: a rewrite no longer quotes the writer's label back, so a label-only sentence
    # ("I'm such an idiot.") has no other content word to name; most rewrites still do.
    assert report.content_rate >= 0.65, report.summary()
    assert report.sentence_content_rate >= 0.9, report.summary()


# --------------------------------------------------------------------------------------
# the gate over the project's evaluation data (when present)
# --------------------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _assert_rates(name: str, report: GateReport) -> None:
    print(f"\n{name}: {report.summary()}")
    assert report.sentences > 0
    assert report.min_two_rate == 1.0, report.summary()
    assert report.clean_rate == 1.0, report.examples
    assert report.content_rate >= 0.75, report.summary()  # no quoted labels (issue #20)
    assert report.sentence_content_rate >= 0.9, report.summary()


def test_gate_on_challenge_set(rewriter: Rewriter) -> None:
    if not CHALLENGE.exists():
        pytest.skip(f"{CHALLENGE.relative_to(ROOT)} does not exist yet (being written)")
    rows = [r for r in _rows(CHALLENGE) if r.get("self_critical") == 1]
    items = [(r["text"], [t for t in r.get("traps", []) if t in TRAPS], None) for r in rows]
    _assert_rates("challenge.jsonl (self-critical rows)", evaluate(rewriter, items))


@pytest.mark.slow
def test_gate_on_dataset_test_split(rewriter: Rewriter) -> None:
    if not DATASET.exists():
        pytest.skip(f"{DATASET.relative_to(ROOT)} does not exist yet (being written)")
    rows = [
        r
        for r in _rows(DATASET)
        if r.get("split") == "test" and r.get("self_critical") == 1 and not r.get("crisis")
    ]
    if not rows:
        pytest.skip("data/dataset.jsonl has no self-critical test rows yet")
    items = [(r["text"], [t for t in r.get("traps", []) if t in TRAPS], None) for r in rows]
    _assert_rates("dataset.jsonl test split (self-critical, non-crisis)", evaluate(rewriter, items))


@pytest.mark.parametrize(
    "sentence, traps",
    [
        ("I failed my driving test again, I'm useless.", ["labeling", "overgeneralization"]),
        ("I'm such a bad friend, I forgot Sam's party.", ["labeling"]),
        ("I should have finished the quarterly report by now.", ["should_statements"]),
        ("I will never pass the bar exam.", ["fortune_telling"]),
    ],
)
def test_rewrites_past_the_second_name_the_situation(
    rewriter: Rewriter, sentence: str, traps: list[str]
) -> None:
    out = rewriter.rewrite(sentence, traps=traps, n=5)
    assert len(out) >= 2
    assert len({r.strategy for r in out}) == len(out)
    assert all(mentions_content(r.text, sentence) for r in out[2:])
    if sum(mentions_content(r.text, sentence) for r in out) >= 2:
        assert all(mentions_content(r.text, sentence) for r in out)


def test_short_thought_is_named_and_long_one_is_not(rewriter: Rewriter) -> None:
    short = rewriter.rewrite("I do not deserve kindness from anyone.", traps=["labeling"])
    assert any("kindness" in r.text for r in short)
    long = "I keep thinking that nothing I ever make for the people at the studio will be any good"
    assert not any("nothing I ever make" in r.text for r in rewriter.rewrite(long, traps=[]))


@pytest.mark.parametrize(
    ("sentence", "work"),
    [
        ("I need to work out more, I'm so lazy.", False),  # exercise, not a job
        ("It just does not work, I'm hopeless.", False),
        ("I have to work late again, I'm so slow.", True),  # the subject of "have"
        ("I work nights at the hospital and I'm useless at it.", True),
        ("I hate my work.", True),
    ],
)
def test_work_tells_the_work_domain_only_as_a_job(nlp: Any, sentence: str, work: bool) -> None:
    from reframer.rewrite.context import domain_lemmas

    assert ("work" in domain_lemmas(nlp(sentence))) is work


@pytest.mark.parametrize(
    "text",
    [
        "I keep telling myself I should starve to death. That is a hope, not a law.",
        "It hurts to hear myself think that I want to hurt myself.",
    ],
)
def test_a_rewrite_never_restates_self_harm(text: str) -> None:
    from reframer.rewrite.quality import check_rewrite

    assert any(p.startswith("harm:") for p in check_rewrite(text))
