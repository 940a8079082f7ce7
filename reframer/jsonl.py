"""Reading JSON Lines files that people hand to reframer (labelled data, corrections, sentences
for the rewrite evaluation): one loop, one set of errors.

>>> from pathlib import Path
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "rows.jsonl"
>>> _ = path.write_text('{"text": "I failed."}\\n\\n{"text": "Fine."}\\n', encoding="utf-8")
>>> [(n, row["text"]) for n, row in read_jsonl(path)]
[(1, 'I failed.'), (3, 'Fine.')]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reframer.errors import DataError

__all__ = ["read_jsonl"]


def read_jsonl(path: str | Path, *, kind: str = "data file") -> Iterator[tuple[int, Any]]:
    """``(line number, parsed value)`` for each non-blank line of ``path``.

    Raises :class:`~reframer.errors.DataError` when the file is missing ("``kind`` not
    found") or a line is not JSON (with its line number and the parser's reason, never the
    line itself: it may hold journal text). Callers check the shape of each value.
    """
    file = Path(path)
    if not file.is_file():
        raise DataError(f"{kind} not found: {file}")
    with file.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{file}:{n}: not valid JSON ({exc.msg})") from None
            yield n, value
