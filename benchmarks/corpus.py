"""A fixed, generated benchmark corpus of journal sentences (no data files are read).

``sentences()`` builds the same 5,000 sentences on every machine from small word lists and
sentence frames with a seeded RNG: 5-40 words each (median about 14), a mix of everyday,
positive and self-critical journal register (about a third self-critical, so the rewrite stage
has work), some lowercase texting style. ``entries()`` groups them into about 1,000
multi-sentence journal lines for the end-to-end CLI run.

The corpus is synthetic on purpose: it measures speed, not accuracy, and must not depend on the
training data. Run ``python benchmarks/corpus.py`` to print statistics and a few samples.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Iterator
from itertools import islice

__all__ = ["SEED", "distinct_sentences", "entries", "iter_entries", "sentences", "stats"]

SEED = 20240611
N_SENTENCES = 5_000
MIN_WORDS, MAX_WORDS, MEDIAN_WORDS = 5, 40, 14

# fmt: off
PEOPLE = [
    "my mom", "my dad", "my boss", "Sam", "my sister", "my brother", "the kids", "my partner",
    "a coworker", "my therapist", "Priya", "my roommate", "my best friend", "the new manager",
    "Grandma", "my neighbour", "Jordan", "my team lead", "our teacher", "my husband", "my wife",
]
ROLES = [
    "friend", "parent", "son", "daughter", "partner", "employee", "student", "sister", "brother",
    "mother", "father", "manager", "teammate", "person", "writer", "cook",
]
THINGS = [
    "the presentation", "the report", "my exam", "the deadline", "the budget", "dinner",
    "the interview", "the grocery run", "my taxes", "the quarterly review", "the group project",
    "my driving test", "the client call", "the garden", "the laundry", "my essay", "the demo",
    "the move", "the wedding toast", "our anniversary plans", "the code review",
]
PLACES = [
    "work", "school", "home", "the gym", "the office", "the library", "the park", "church",
    "the store", "practice", "the cafe", "my parents' house", "the bus stop", "class",
]
EVENTS = [
    "I forgot to reply to her message", "I was late to the meeting again", "I missed the bus",
    "the project slipped another week", "I snapped at the kids", "I burned the rice",
    "I overslept", "I lost my keys", "I forgot to call back", "I said something awkward",
    "the train was cancelled", "it rained on the way home", "I skipped the gym",
    "my code broke the build", "I spent too much money", "I cried in the car",
    "nobody answered my email", "I stayed up too late scrolling", "I got a parking ticket",
    "the printer jammed right before the meeting", "my manager moved the deadline",
    "I stumbled over my words", "the dog got sick", "I ate lunch at my desk",
]
GERUNDS = [
    "forgetting my keys", "sending that email", "saying that out loud", "missing the deadline",
    "not studying enough", "eating junk food all day", "checking my phone constantly",
    "wasting the whole weekend", "trusting the wrong people", "asking such a basic question",
    "putting things off", "talking too much at dinner", "not speaking up",
]
OTHERS = ["everyone else", "my coworkers", "my sister", "people my age", "my friends", "the others"]
ACTIVITIES = [
    "cooking", "math", "public speaking", "running", "parenting", "my job", "saving money",
    "keeping in touch", "making friends", "writing", "drawing", "staying organised",
]
ADJ_BAD = [
    "stupid", "useless", "lazy", "pathetic", "worthless", "hopeless", "incompetent", "boring",
    "annoying", "selfish", "weak", "dumb", "fat", "ugly", "awkward",
]
NOUN_BAD = ["idiot", "failure", "mess", "fraud", "loser", "disappointment", "joke", "disaster"]
ADJ_GOOD = ["calm", "proud", "grateful", "relieved", "rested", "hopeful", "happy", "content"]
OPENERS = [
    "Honestly", "Today", "This morning", "Again", "Yesterday at work", "Tonight", "Lately",
    "After the meeting", "On the way home", "At lunch", "Right now", "Ugh", "Okay so",
    "For some reason", "Once again", "This week",
]
EXTENSIONS = [
    "because {event}", "and then {event}", "even though {event}", "after {gerund}",
    "while {person} was at {place}", "and I keep thinking about it", "before {thing} at {place}",
    "so I went to bed early", "and {person} noticed", "when I got back from {place}",
    "right after {event}", "which made the whole day feel heavy", "and I could not focus on {thing}",
    "but {person} said it was fine", "on top of {thing}", "at {place} with {person}",
]
# fmt: on
FILLERS = ["again", "today", "honestly", "really", "tonight", "lately", "too", "anyway"]

CRITICAL = [
    "I'm such {a_noun_bad}",
    "I'm so {adj_bad}",
    "I always ruin everything",
    "I should have known better",
    "I'm never going to be good enough",
    "everyone probably thinks I'm {adj_bad}",
    "I can't do anything right",
    "I'm a terrible {role}",
    "I'm so {adj_bad} for {gerund}",
    "I'm worse than {others} at {activity}",
    "I feel like {a_noun_bad} because {event}",
    "I messed up {thing} again",
    "nobody at {place} will ever respect me",
    "I'll probably fail {thing} too",
    "it's all my fault that {event_lower}",
    "I should be better at {activity} by now",
    "why am I always the one who messes up {thing}",
    "I'm the worst {role} in the world",
    "I only got {thing} done because I got lucky",
    "{person} must think I'm a complete {noun_bad}",
    "I never finish anything I start",
    "I feel {adj_bad} and it means I am {adj_bad}",
    "I hate that I'm so {adj_bad} at {activity}",
]
NEUTRAL = [
    "I went for a walk with {person}",
    "we had pasta for dinner",
    "the meeting ran late",
    "I finished {thing}",
    "{person} called me about {thing}",
    "it rained all afternoon",
    "I read a few chapters of my book",
    "I drove {person} to {place}",
    "we talked about {thing} over coffee",
    "I spent the evening at {place}",
    "{event}",
    "I need to plan {thing} for next week",
    "the weather was grey and cold",
    "I cleaned the kitchen and did {thing}",
    "{person} is visiting this weekend",
    "I worked from {place} most of the day",
    "I tried a new recipe for {thing}",
]
POSITIVE = [
    "I'm proud of how I handled {thing}",
    "I had a really nice time with {person}",
    "I feel {adj_good} for the first time in a while",
    "{person} thanked me for helping with {thing}",
    "I made progress on {thing}",
    "I felt {adj_good} after the run",
    "I'm {adj_good} that {thing} is done",
    "it was a good day at {place}",
]


def _fill(rng: random.Random, frame: str) -> str:
    event = rng.choice(EVENTS)
    noun = rng.choice(NOUN_BAD)
    return frame.format(
        person=rng.choice(PEOPLE),
        role=rng.choice(ROLES),
        thing=rng.choice(THINGS),
        place=rng.choice(PLACES),
        event=event,
        event_lower=event[0].lower() + event[1:],
        gerund=rng.choice(GERUNDS),
        others=rng.choice(OTHERS),
        activity=rng.choice(ACTIVITIES),
        adj_bad=rng.choice(ADJ_BAD),
        noun_bad=noun,
        a_noun_bad=("an " if noun[0] in "aeiou" else "a ") + noun,
        adj_good=rng.choice(ADJ_GOOD),
    )


def _target_length(rng: random.Random) -> int:
    # log-normal around the median, clipped: most sentences 9-22 words, a long tail to 40
    return max(MIN_WORDS, min(MAX_WORDS, round(rng.lognormvariate(0.0, 0.45) * (MEDIAN_WORDS - 1))))


def _sentence(rng: random.Random) -> str:
    kind = rng.random()
    frames = CRITICAL if kind < 0.35 else POSITIVE if kind < 0.5 else NEUTRAL
    target = _target_length(rng)
    words = _fill(rng, rng.choice(frames)).split()
    if rng.random() < 0.3 and len(words) + 3 <= target:
        opener = rng.choice(OPENERS).split()
        words = [*opener[:-1], opener[-1] + ",", *words]
    tries = 0
    while len(words) < target and tries < 12:
        tries += 1
        ext = _fill(rng, rng.choice(EXTENSIONS)).split()
        if len(words) + len(ext) <= min(target + 2, MAX_WORDS - 1):
            words[-1] += "," if rng.random() < 0.4 else ""
            words += ext
    if len(words) < target and words[-1] not in FILLERS:
        words.append(rng.choice(FILLERS))
    while len(words) < MIN_WORDS:
        words.append(rng.choice([f for f in FILLERS if f not in words]))
    words = words[: MAX_WORDS - 1]  # room for a texting-style suffix
    text = " ".join(words)
    if rng.random() < 0.12:  # texting style
        return text.lower().replace("'", "") + rng.choice(["", " lol", " :(", "..."])
    text = text[0].upper() + text[1:]
    if text.startswith("Why"):
        return text + "?"
    return text + rng.choice([".", ".", ".", "!", "..."])


def sentences(n: int = N_SENTENCES, seed: int = SEED) -> list[str]:
    """``n`` journal sentences, the same on every run and machine for a given seed."""
    rng = random.Random(seed)
    return [_sentence(rng) for _ in range(n)]


def distinct_sentences(
    n: int, seed: int = SEED, counts: dict[str, int] | None = None
) -> Iterator[str]:
    """``n`` distinct sentences, streamed: :func:`sentences`' stream, with each repeat varied.

    The frames repeat at scale (about 95% of 10,000 draws and 87% of 100,000 are distinct), so
    a repeat gets the first unused variant of a deterministic list (an opener in front, then an
    opener and a filler word), and is drawn again only when all of those are used. The first
    ``n`` of a longer run are the same sentences, so every size is a prefix of the largest.
    ``counts``, when given, receives how many sentences were ``varied`` and ``redrawn``.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    tally = counts if counts is not None else {}
    tally.update(varied=0, redrawn=0)
    made = 0
    while made < n:
        for i, text in enumerate(_variants(_sentence(rng))):
            if text not in seen:
                seen.add(text)
                made += 1
                tally["varied"] += i > 0
                yield text
                break
        else:
            tally["redrawn"] += 1


def _variants(text: str) -> Iterator[str]:
    yield text
    first = text.split()[0]
    keep = text[:2] in ("I ", "I'") or any(p.startswith(first) for p in PEOPLE)
    body = text if keep else text[0].lower() + text[1:]
    for opener in OPENERS:
        yield f"{opener}, {body}"
    for filler in FILLERS:
        for opener in OPENERS:
            yield f"{opener}, {filler}, {body}"


def iter_entries(items: Iterable[str], mean: float = 5.0, seed: int = SEED) -> Iterator[str]:
    """Group sentences, in order and streamed, into one-line entries of about ``mean`` (1-9)."""
    rng = random.Random(seed + 1)
    it = iter(items)
    while True:
        k = max(1, min(9, round(rng.gauss(mean, 1.6))))
        group = list(islice(it, k))
        if not group:
            return
        yield " ".join(group)


def entries(items: list[str], n_lines: int = 1_000, seed: int = SEED) -> list[str]:
    """Group sentences, in order, into about ``n_lines`` one-line journal entries (1-9 each)."""
    return list(iter_entries(items, max(1.0, len(items) / n_lines), seed))


def stats(items: list[str]) -> dict[str, float]:
    """Word-count statistics of a list of sentences."""
    counts = [len(s.split()) for s in items]
    return {
        "n": len(items),
        "min_words": min(counts),
        "median_words": statistics.median(counts),
        "mean_words": round(statistics.fmean(counts), 2),
        "max_words": max(counts),
    }


if __name__ == "__main__":
    corpus = sentences()
    print(stats(corpus), "entries:", len(entries(corpus)))
    for s in random.Random(1).sample(corpus, 12):
        print("-", s)
