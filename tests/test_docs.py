"""The docs check: every fenced code block in README.md and docs/*.md runs, is checked, or is
marked as output, and no passage is written twice. The conventions are in docs/development.md."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import tomllib
import zipfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
import typer

from reframer.pipeline import Reframer
from reframer.schema import Analysis
from reframer.testing import FakeEngine

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

SLOW_MARK = "<!-- docs: slow -->"
SKETCH_MARK = "<!-- docs: sketch -->"
SHELLS = frozenset({"console", "bash", "shell", "sh"})
DATA = frozenset({"json", "jsonl", "toml", "yaml"})
OUTPUT = frozenset({"text", ""})
KNOWN_TOOLS = frozenset(
    {
        "cat",
        "cd",
        "curl",
        "docker",
        "echo",
        "export",
        "git",
        "head",
        "jq",
        "pbpaste",
        "pip",
        "pipx",
        "diff",
        "sort",
        "kubectl",
        "reframer-ray",  # the Ray extra's command (tests/test_ray.py checks its options)
        "source",
    }
)
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    page: str
    line: int  # 1-based line of the opening fence
    lang: str
    body: str
    slow: bool
    sketch: bool = False

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def parse_blocks(text: str, page: str = "<page>") -> list[Block]:
    """The fenced code blocks of a markdown text (the indentation of the fence removed)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = len(m["indent"]), m["fence"]
        before = [ln.strip() for ln in lines[:i] if ln.strip()]
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j])
            j += 1
        lang = m["info"].strip().split(" ")[0].lower() if m["info"].strip() else ""
        slow = bool(before) and before[-1] == SLOW_MARK
        sketch = bool(before) and before[-1] == SKETCH_MARK
        blocks.append(Block(page, i + 1, lang, "\n".join(body) + "\n", slow, sketch))
        i = j + 1
    return blocks


def paragraphs(text: str) -> list[tuple[int, str]]:
    """``(line, normalised text)`` of each paragraph of 3+ lines; a code block is one paragraph."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    fence: str | None = None

    def flush() -> None:
        if len(current) >= 3:
            out.append((start, " ".join(" ".join(current).split())))
        current.clear()

    for n, line in enumerate(text.splitlines(), 1):
        m = _FENCE.match(line)
        if fence is None and m:
            flush()
            fence, start = m["fence"], n
            current.append(line)
        elif fence is not None:
            current.append(line)
            if line.strip().startswith(fence) and len(current) > 1:
                fence = None
                flush()
        elif not line.strip():
            flush()
        else:
            if not current:
                start = n
            current.append(line)
    flush()
    return out


# -- console blocks ---------------------------------------------------------------------------------
def commands(body: str) -> list[str]:
    """The commands of a console block (see docs/development.md)."""
    lines = body.rstrip("\n").splitlines()
    if lines and lines[0].strip() == "# output":
        return []
    prompted = any(ln.startswith("$ ") for ln in lines)
    found: list[str] = []
    pending: str | None = None
    for line in lines:
        if pending is not None:
            pending += "\n" + line
        elif prompted and line.startswith("$ "):
            pending = line[2:]
        elif not prompted and line.strip() and not line.lstrip().startswith("#"):
            pending = line
        else:
            continue
        if pending.rstrip().endswith("\\") or not _balanced(pending):
            continue
        found.append(pending.replace("\\\n", " "))
        pending = None
    if pending is not None:
        raise AssertionError(f"unfinished command: {pending!r}")
    return found


def _balanced(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
    except ValueError:
        return False
    return True


def _segments(command: str) -> list[list[str]]:
    """Simple commands of a shell line: split at pipes and separators, redirections dropped."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.commenters = "#"
    lexer.whitespace_split = True
    segments: list[list[str]] = [[]]
    skip = False
    for token in lexer:
        if skip:
            skip = False
        elif token in {"|", "||", "&&", ";", "&"}:
            segments.append([])
        elif token in {"<", ">", ">>", "2>", "&>"}:
            skip = True
        else:
            segments[-1].append(token)
    return [s for s in segments if s]


def _cli() -> Any:
    """The CLI as a click group (typer may ship its own copy of click)."""
    from reframer.cli import app

    return typer.main.get_command(app)


def _options(command: Any) -> set[str]:
    names = {"--help"}
    for param in command.params:
        names.update(o for o in [*param.opts, *param.secondary_opts] if o.startswith("-"))
    return names


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m[1] for m in re.finditer(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.M)}


def check_command(words: list[str]) -> list[str]:
    """Problems of one simple command; empty when it names what exists."""
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):  # VAR=value prefixes
        words = words[1:]
    program, args = Path(words[0]).name, words[1:]
    if program == "reframer":
        sub = _cli()
        rest = args
        while rest and not rest[0].startswith("-") and hasattr(sub, "commands"):
            if rest[0] not in sub.commands:  # a nested group ("records list") resolves in turn
                return [f"{sub.name} has no command {rest[0]!r}"]
            sub, rest = sub.commands[rest[0]], rest[1:]
        known = _options(sub)
        return [
            f"reframer {sub.name}: no option {a.split('=')[0]!r}"
            for a in rest
            if a.startswith("-") and a != "-" and a.split("=")[0] not in known
        ]
    if program == "make":
        missing = [a for a in args if not a.startswith("-") and a not in _make_targets()]
        return [f"no make target {t!r}" for t in missing]
    if re.fullmatch(r"python(3(\.\d+)?)?", program):
        if args[:1] == ["-m"]:
            return [] if find_spec(args[1]) else [f"no module {args[1]!r}"]
        script = ROOT / args[0]
        if not script.is_file():
            return [f"no script {args[0]!r}"]
        source = script.read_text(encoding="utf-8")
        return [
            f"{args[0]} has no option {a.split('=')[0]!r}"
            for a in args[1:]
            if a.startswith("--") and f'"{a.split("=")[0]}"' not in source
        ]
    if "/" in words[0] and (ROOT / words[0]).is_file():  # a script of the repository: .ci/run
        return []
    return [] if program in KNOWN_TOOLS else [f"unknown program {program!r}: add it to KNOWN_TOOLS"]


# -- python blocks ----------------------------------------------------------------------------------
TEMPLATES = """\
version = 1

[[template]]
id = "docs-friend"
strategy = "self-compassion"
traps = ["any"]
text = "If a good friend felt this way, I would listen kindly, and I can offer myself that kindness too."

[[template]]
id = "docs-evidence"
strategy = "evidence"
traps = ["any"]
text = "A hard moment is one moment, not a verdict on who I am as a whole person."
"""

SUPPORT = {
    "message": "That sounds really hard, and you do not have to carry it alone.",
    "resources": [
        {
            "name": "Samaritans (UK and Ireland)",
            "contact": "call 116 123",
            "description": "Free, 24/7.",
            "url": "https://www.samaritans.org",
        }
    ],
}


def make_sandbox(folder: Path) -> Path:
    """The sample files a python block may name (listed in docs/development.md)."""
    journals = ROOT / "tests" / "data" / "journals"
    shutil.copy(ROOT / "data" / "sample" / "journal.md", folder / "journal.md")
    shutil.copy(journals / "csv" / "journal.csv", folder / "diary.csv")
    with zipfile.ZipFile(folder / "DayOne.zip", "w") as zf:
        zf.write(journals / "dayone" / "Journal.json", "Journal.json")
    (folder / "entries.txt").write_text("Long day.\nI'm such an idiot.\n", encoding="utf-8")
    shutil.copy(journals / "jrnl" / "journal.txt", folder / "my.journal")
    for name in ("my_templates.toml", "mine.toml"):
        (folder / name).write_text(TEMPLATES, encoding="utf-8")
    (folder / "support-uk.json").write_text(json.dumps(SUPPORT), encoding="utf-8")
    return folder


def run_python(block: Block, folder: Path) -> str:
    """Execute one block in ``folder``; return what it printed."""
    out = io.StringIO()
    code = compile(block.body, block.id, "exec")
    with contextlib.chdir(make_sandbox(folder)), contextlib.redirect_stdout(out):
        exec(code, {"__name__": "__docs__"})
    return out.getvalue()


# -- the blocks -------------------------------------------------------------------------------------
def _all_blocks() -> list[Block]:
    return [
        b
        for page in PAGES
        for b in parse_blocks(page.read_text(encoding="utf-8"), str(page.relative_to(ROOT)))
    ]


BLOCKS = _all_blocks()


def _of(*langs: str, slow: bool | None = None, sketch: bool = False) -> list[Any]:
    chosen = [
        b
        for b in BLOCKS
        if b.lang in langs and (slow is None or b.slow == slow) and b.sketch == sketch
    ]
    return [pytest.param(b, id=b.id) for b in chosen]


def test_the_docs_have_blocks_of_every_kind() -> None:
    langs = {b.lang for b in BLOCKS}
    assert {"python", "console", "json", "text"} <= langs
    assert len(BLOCKS) > 20


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in BLOCKS])
def test_every_block_is_of_a_known_kind(block: Block) -> None:
    known = {"python", *SHELLS, *DATA, *OUTPUT}
    assert block.lang in known, f"{block.id}: unknown fence language {block.lang!r}"
    assert not block.slow or block.lang == "python", f"{block.id}: only python blocks can be slow"


@pytest.fixture()
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Reframer.load`` and ``Reframer.from_settings`` give a FakeEngine: no model loads."""
    monkeypatch.setattr(Reframer, "load", classmethod(lambda cls, *a, **k: FakeEngine()))
    monkeypatch.setattr(Reframer, "from_settings", classmethod(lambda cls, *a, **k: FakeEngine()))


@pytest.mark.usefixtures("fake_models")
@pytest.mark.parametrize("block", _of("python", slow=False))
def test_python_block_runs(block: Block, tmp_path: Path) -> None:
    run_python(block, tmp_path)


@pytest.mark.parametrize("block", _of("python", sketch=True))
def test_python_sketch_compiles(block: Block) -> None:
    """A sketch (code to adapt, with ``...`` for the parts that are yours) must be valid Python."""
    compile(block.body, block.id, "exec")


@pytest.mark.slow
@pytest.mark.parametrize("block", _of("python", slow=True))
def test_slow_python_block_runs_with_the_model(block: Block, tmp_path: Path) -> None:
    run_python(block, tmp_path)


@pytest.mark.parametrize("block", _of(*SHELLS))
def test_console_block_names_what_exists(block: Block) -> None:
    problems = [p for c in commands(block.body) for s in _segments(c) for p in check_command(s)]
    assert problems == [], block.id


@pytest.mark.parametrize("block", _of(*DATA))
def test_data_block_parses(block: Block) -> None:
    if "…" in block.body:
        pytest.skip("an elided example")
    if block.lang == "toml":
        tomllib.loads(block.body)
        return
    if block.lang == "yaml":
        yaml = pytest.importorskip("yaml")
        assert yaml.safe_load(block.body) is not None
        return
    docs = [block.body] if block.lang == "json" else block.body.splitlines()
    for doc in filter(str.strip, docs):
        value = json.loads(doc)
        if isinstance(value, dict) and {"model_version", "sentences"} <= value.keys():
            Analysis.model_validate(value)


def test_no_passage_is_written_twice() -> None:
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for page in PAGES:
        name = str(page.relative_to(ROOT))
        for line, text in paragraphs(page.read_text(encoding="utf-8")):
            if text in seen:
                repeated.append(f"{name}:{line} repeats {seen[text]}")
            else:
                seen[text] = f"{name}:{line}"
    assert repeated == []


def test_readme_is_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


# -- the checker itself -----------------------------------------------------------------------------
MD = """\
Intro.

```python
print(1)
```

<!-- docs: slow -->
```python
print(2)
```

- item

  ```console
  $ reframer --help
  ```
"""


def test_parse_blocks() -> None:
    blocks = parse_blocks(MD)
    assert [(b.line, b.lang, b.body, b.slow) for b in blocks] == [
        (3, "python", "print(1)\n", False),
        (8, "python", "print(2)\n", True),
        (14, "console", "$ reframer --help\n", False),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("make run  # set up\nmake test\n", ["make run  # set up", "make test"]),
        ("$ reframer analyze x\noutput line\n$ make fast\n", ["reframer analyze x", "make fast"]),
        ("$ curl -d '{\n  \"a\": 1}' url\n{}\n", ["curl -d '{\n  \"a\": 1}' url"]),
        ("$ curl a \\\n    -H b\n", ["curl a      -H b"]),
        ("# output\n$ reframer nonsense\n", []),
    ],
)
def test_commands(body: str, expected: list[str]) -> None:
    assert commands(body) == expected


@pytest.mark.parametrize(
    ("command", "problems"),
    [
        ("reframer --help", 0),
        ("reframer analyze --format json --reframes 2 'x'", 0),
        ("pbpaste | reframer analyze --format=jsonl > out.jsonl", 0),
        ("reframer batch in.zip -o out --resume", 0),
        ("reframer analyse 'x'", 1),
        ("reframer analyze --colour 'x'", 1),
        ("make run test", 0),
        ("make deploy", 1),
        ("python benchmarks/run.py --quick", 0),
        ("python benchmarks/run.py --slow", 1),
        ("python benchmarks/nothing.py", 1),
        ("python -m pytest -q", 0),
        ("python -m no_such_module_here", 1),
        ("HF_HUB_OFFLINE=1 reframer serve --port 8080 &", 0),
        ("rm -rf /", 1),
    ],
)
def test_check_command(command: str, problems: int) -> None:
    found = [p for s in _segments(command) for p in check_command(s)]
    assert len(found) == problems, found


def test_paragraphs_and_repeats() -> None:
    text = "one\ntwo\nthree\n\nshort\n\n```text\na\n\nb\n```\n"
    assert paragraphs(text) == [(1, "one two three"), (7, "```text a b ```")]


def test_python_blocks_fail_when_they_break(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        run_python(Block("x.md", 1, "python", "1 / 0\n", False), tmp_path)
    printed = run_python(
        Block("x.md", 1, "python", "print(open('entries.txt').read())\n", False), tmp_path
    )
    assert "idiot" in printed
