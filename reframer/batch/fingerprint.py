"""The run fingerprint that keeps ``--resume`` from mixing two journals in one output folder.

Each run records, in ``<out>/.reframer-run.json``, what it read: the inputs (resolved paths)
and the options that decide which entries exist and what their ids are (``--from``, the CSV
columns and delimiter). ``--resume`` into a folder whose fingerprint differs is refused with the
difference spelled out, unless ``--force`` is given. Resuming with more inputs than before is
accepted when every earlier input is still read (the same file, or a folder holding it): the
outputs then hold exactly what a fresh run over the new inputs would. The file holds paths and
options only, never journal text.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reframer.batch.entry import ImportOptions
from reframer.batch.importers.detect import FromSpec
from reframer.errors import InputError

__all__ = ["FINGERPRINT_FILE", "ResumeMismatchError", "check_resume", "describe", "record"]

FINGERPRINT_FILE = ".reframer-run.json"


class ResumeMismatchError(InputError):
    """``--resume`` into an output folder made from other inputs or options."""

    code = "resume_mismatch"


def describe(
    inputs: Sequence[Path], from_format: FromSpec, options: ImportOptions
) -> dict[str, Any]:
    """The fingerprint of a run: its inputs and import options, and their digest."""
    if isinstance(from_format, Mapping):
        given = sorted(f"{fmt}:{path}" for path, fmt in from_format.items())
    else:
        given = [from_format] if isinstance(from_format, str) else sorted(from_format or [])
    body = {
        "inputs": sorted(str(p.resolve()) for p in inputs),
        "options": {
            "date_col": options.date_col,
            "delimiter": options.delimiter,
            "from": given,
            "id_col": options.id_col,
            "text_col": options.text_col,
        },
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    return {"version": 1, **body, "digest": digest}


def _load(out_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out_dir / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check_resume(out_dir: Path, current: Mapping[str, Any], *, force: bool = False) -> None:
    """Refuse ``--resume`` when ``out_dir`` was made from other inputs or options.

    A folder without a fingerprint (made by an older reframer) is accepted.
    """
    previous = _load(out_dir)
    if force or previous is None or previous.get("digest") == current["digest"]:
        return
    reasons: list[str] = []
    new_in = [Path(p) for p in current["inputs"]]
    gone = [
        str(old)
        for old in previous.get("inputs") or []
        if not any(Path(old) == new or new in Path(old).parents for new in new_in)
    ]
    if gone:
        reasons.append("it was made from " + ", ".join(gone) + ", which this run does not read")
    old_opts = previous.get("options") or {}
    changed = [k for k in current["options"] if old_opts.get(k) != current["options"][k]]
    if changed:
        reasons.append("options changed: " + ", ".join(f"--{k.replace('_', '-')}" for k in changed))
    if not reasons:
        return  # every earlier input is still read, with the same options
    raise ResumeMismatchError(
        f"--resume refused: {out_dir} holds the results of another run "
        f"({'; '.join(reasons)}). Resuming would mix two journals "
        "in one output. Use a new --out folder, run without --resume to start over, or add "
        "--force if this really is the same journal (for example, a renamed export)."
    )


def record(out_dir: Path, current: Mapping[str, Any]) -> None:
    """Write the fingerprint into ``out_dir`` (atomically, readable by the owner only)."""
    target = out_dir / FINGERPRINT_FILE
    tmp = out_dir / f".{FINGERPRINT_FILE}.part"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(current, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, target)
