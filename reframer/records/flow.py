"""The steps of ``reframer record``: situation → thought → belief → traps → reframe → belief →
save. Every step takes its answer from :class:`Answers` (the command's options) when given, and
otherwise asks through a :class:`Prompter`: rich prompts on a terminal, plain line prompts off
one (an answer that ends early takes the step's default, or is an error when it has none).

A thought with a risk signal (``Analysis.crisis``) ends the record with the support message:
no rewrite is offered and nothing is saved.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import IO, Protocol

from reframer.errors import InputError
from reframer.labels import TRAP_DESCRIPTIONS, TRAPS
from reframer.protocols import Engine
from reframer.records.models import ReframeSource, ThoughtRecord
from reframer.schema import Analysis, Reframe

__all__ = ["Answers", "PlainPrompter", "Prompter", "RichPrompter", "parse_traps", "run_record"]


class Prompter(Protocol):
    def say(self, text: str) -> None: ...

    def ask(self, question: str, *, default: str | None = None, option: str = "") -> str: ...


@dataclass
class Answers:
    """Answers given as options; ``None`` means "ask"."""

    situation: str | None = None
    thought: str | None = None
    belief: int | None = None
    traps: list[str] | None = None
    choose: int | None = None  # 1..n: an offered rewrite; 0: write your own
    edit: str | None = None  # the chosen rewrite, as edited
    own: str | None = None  # your own reframe (implies choose 0)
    belief_after: int | None = None
    save: bool | None = None
    entry_id: str | None = None


class PlainPrompter:
    """Line prompts on ``out``, answers from ``inp`` (scripts, pipes)."""

    def __init__(self, inp: IO[str] | None = None, out: IO[str] | None = None) -> None:
        self.inp = inp or sys.stdin
        self.out = out or sys.stdout

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, question: str, *, default: str | None = None, option: str = "") -> str:
        shown = f" [{default}]" if default else ""
        self.out.write(f"{question}{shown}: ")
        self.out.flush()
        line = self.inp.readline()
        if not line:  # end of input
            if default is not None:
                self.out.write("\n")
                return default
            hint = f"; give it with {option}" if option else ""
            raise InputError(f"input ended before an answer to '{question}'{hint}")
        answer = line.rstrip("\r\n").strip()
        return answer if answer or default is None else default


class RichPrompter:
    """rich prompts, for a terminal."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console()

    def say(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False)

    def ask(self, question: str, *, default: str | None = None, option: str = "") -> str:
        from rich.markup import escape
        from rich.prompt import Prompt

        shown = (
            f"{escape(question)} [dim]({escape(default)})[/dim]" if default else escape(question)
        )
        answer = str(Prompt.ask(shown, console=self.console, default="", show_default=False))
        return answer.strip() or (default or "")


def parse_traps(text: str) -> list[str]:
    """``"labeling, overgeneralization"`` → the trap ids (refuses unknown ones)."""
    traps = [t.strip().replace("-", "_") for t in text.replace(" ", ",").split(",") if t.strip()]
    unknown = [t for t in traps if t not in TRAPS]
    if unknown:
        raise InputError(f"unknown trap(s) {unknown}; known: {', '.join(TRAPS)}")
    return list(dict.fromkeys(traps))


def _belief(p: Prompter, given: int | None, question: str, option: str) -> int:
    if given is not None:
        if not 0 <= given <= 100:
            raise InputError(f"{option} must be between 0 and 100")
        return given
    while True:
        answer = p.ask(question + " (0-100)", option=option)
        if answer.isdigit() and 0 <= int(answer) <= 100:
            return int(answer)
        p.say("Please give a whole number from 0 to 100.")


def _offered(analysis: Analysis) -> list[Reframe]:
    seen: dict[str, Reframe] = {}
    for s in analysis.sentences:
        for r in s.reframes:
            seen.setdefault(r.text, r)
    return list(seen.values())[:3]


def _reframe(
    p: Prompter, a: Answers, offered: list[Reframe]
) -> tuple[str | None, ReframeSource | None, Reframe | None]:
    if offered:
        p.say("Rewrites you could keep:")
        for i, r in enumerate(offered, 1):
            p.say(f"  {i}. {r.text}  ({r.strategy})")
    choose = 0 if a.own is not None else a.choose
    if choose is None:
        default = "1" if offered else "0"
        while True:
            answer = p.ask(
                f"Choose 1-{len(offered)}, or 0 to write your own"
                if offered
                else "0: write your own",
                default=default,
                option="--choose",
            )
            if answer.isdigit() and int(answer) <= len(offered):
                choose = int(answer)
                break
            p.say("Please answer with one of the numbers shown.")
    if not 0 <= choose <= len(offered):
        raise InputError(f"--choose must be between 0 and {len(offered)} (the rewrites offered)")
    if choose == 0:
        own = a.own if a.own is not None else p.ask("Your reframe", default="", option="--own")
        return (own.strip(), "own", None) if own.strip() else (None, None, None)
    picked = offered[choose - 1]
    if a.edit is not None:
        text = a.edit
    elif a.choose is not None:  # chosen by option: kept as offered unless --edit is given
        text = picked.text
    else:
        text = p.ask("Edit it (Enter keeps it)", default=picked.text, option="--edit")
    text = text.strip() or picked.text
    return text, ("offered" if text == picked.text else "edited"), picked


def run_record(engine: Engine, p: Prompter, a: Answers) -> ThoughtRecord | None:
    """Walk the steps; returns the record to save, or None (risk signal, or not saved)."""
    situation = a.situation
    if situation is None:
        situation = p.ask("Situation: what happened?", default="", option="--situation")
    thought = a.thought if a.thought is not None else ""
    while not thought.strip():
        if a.thought is not None:
            raise InputError("--thought must not be empty")
        thought = p.ask("Thought: what went through your mind?", option="--thought")
    belief = _belief(p, a.belief, "How much do you believe it?", "--belief")
    analysis: Analysis = engine.analyze(thought, reframes=3)
    if not analysis.crisis and situation.strip():  # a risk signal in the situation counts too
        context: Analysis = engine.analyze(situation, reframes=0)
        analysis = context if context.crisis else analysis
    if analysis.crisis:
        support = analysis.support
        p.say(support.message if support else "Please reach out for support.")
        for res in support.resources if support else []:
            p.say(f"  {res.name}: {res.contact}")
        p.say("No rewrite is offered for this thought, and nothing is saved.")
        return None
    found = sorted({t for s in analysis.sentences if s.self_critical for t in s.traps})
    if not any(s.self_critical for s in analysis.sentences):
        p.say("reframer did not find this thought self-critical; you can still write a reframe.")
    for t in found:
        p.say(f"  trap: {TRAP_DESCRIPTIONS[t]}")
    if a.traps is not None:
        traps = parse_traps(",".join(a.traps))
    else:
        traps = parse_traps(
            p.ask(
                "Traps (comma-separated; Enter keeps these)",
                default=",".join(found),
                option="--traps",
            )
        )
    reframe, source, picked = _reframe(p, a, _offered(analysis))
    after = _belief(p, a.belief_after, "How much do you believe the thought now?", "--belief-after")
    record = ThoughtRecord(
        situation=situation.strip(),
        thought=thought.strip(),
        belief_before=belief,
        traps=traps,
        reframe=reframe,
        reframe_source=source,
        strategy=picked.strategy if picked is not None else None,
        belief_after=after,
        model_version=analysis.model_version,
        entry_id=a.entry_id,
    )
    save = a.save
    if save is None:
        save = p.ask("Save this record? (y/N)", default="n", option="--save").lower() in (
            "y",
            "yes",
        )
    return record if save else None
