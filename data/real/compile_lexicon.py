"""Compile the Suicide Risk Lexicon v1.0 into reframer's crisis recall layer (``make lexicon``).

Reads the clinician-validated lexicon that ``construct-tracker==1.0.16`` (Apache-2.0; Low, Rankin,
Bentley, Nock & Ghosh) installs as data, and writes ``reframer/data/suicide_risk_lexicon.json``:
for six constructs, their validated surface terms (never the lexicon's example sentences), each
with the tier reframer gives it and whether it is specific enough to count alone.

    .venv/bin/python data/real/compile_lexicon.py          # regenerate (deterministic)
    .venv/bin/python data/real/compile_lexicon.py --check  # exit 1 if the file is stale

Tiers: ``crisis`` (active ideation and planning, direct self-injury), ``concern`` (passive
ideation, other suicidal language, burdensomeness) and ``means`` (lethal means: a signal only
together with ideation in the same entry). A term counts alone (``specific``) when it has two or
more words and names the self or death ("hang myself", "better off dead"); single words and
generic phrases ("giving up", "burden", "rope") are kept out of the sentence layer, because alone
they are mostly ordinary language. ``EXCLUDED`` lists the multi-word terms that read as idioms or
talk about help rather than risk.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent.parent / "reframer" / "data" / "suicide_risk_lexicon.json"
LEXICON = (
    "data/lexicons/suicide_risk_lexicon_v1-0/suicide_risk_lexicon_validated_24-08-02T21-27-35.json"
)

CONSTRUCTS = {
    "Passive suicidal ideation": ("passive_suicidal_ideation", "concern"),
    "Active suicidal ideation & suicidal planning": ("active_suicidal_ideation", "crisis"),
    "Direct self-injury": ("direct_self_injury", "crisis"),
    "Other suicidal language": ("other_suicidal_language", "concern"),
    "Burdensomeness": ("burdensomeness", "concern"),
    "Lethal means for suicide": ("lethal_means", "means"),
}
_SELF_OR_DEATH = re.compile(
    r"\b(i|im|ill|id|me|my|myself|die|dying|dead|death|suicid\w*|kill\w*|live|living|alive|"
    r"wake|exist\w*|born|life|overdos\w*|od|wrists?|noose|jump\w*|hang\w*)\b"
)
# Multi-word terms that, alone, are mostly idiom, help-seeking or ordinary talk.
EXCLUDED = frozenset(
    {
        "killing me",
        "kill me",
        "on the edge",
        "quick and easy",
        "easy and painless",
        "quick and painless",
        "im sinking",
        "breaking point",
        "nothing to lose",
        "crisis center",
        "crisis hotline",
        "crisis text line",
        "safety check",
        "safety plan",
        "severe depression",
        "being saved",
        "my death",
        "my demise",
        "when i die",
        "im dying",
        "i could just die",
        "i will be dying",
        "if i live or die",
        "life is shit",
        "hate my life",
        "i hate my life",
        "escape from reality",
        "rest in peace",
        "make a will",
        "write a will",
        "i dont trust myself",
        "im in a crisis",
        "body bag",
        "drive my car into",
        "crash my car",
        "wreck my car",
        "wreck my truck",
        "slam my car",
        "pick at my skin",
        "pull my hair",
        "scratch my",
        "scratch at my",
        "scratched my",
        "hit my head",
        "bang my head",
        "banging my head",
        "bash my head",
        "burn my face",
        "burn my hand",
        "i annoy",
        "im annoying",
        "i make things worse",
        "i take up space",
        "difficult for me to ask for help",
        "put that on them",
        "put that upon them",
        "feel guilty about others caring for me",
        "keeping me alive",
        "only thing keeping me going",
        "thing that kept me going",
        "forced to exist",
        "tired of life",
        "sick of life",
        "sick of my life",
        "life is pointless",
        "life is over",
        "the end of my rope",
        "suicidal tendencies",
        "suicidal behavior",
        "ill die",
        "i will die",
        "ill be dead",
        "will be dead",
        "i will be dead",
        "when im gone",
        "when im dead",
        "when im not around",
        "dead weight",
        "kill i",
        "try od",
        "try to od",
        "i write a suicide note",
        "blow my brain out",
        "give away my possession",
        "suffocate my",
    }
)


def normalise(term: str) -> str:
    t = term.lower().replace("\u2019", "'").replace("'", "")
    t = re.sub(r"(?<=\w)-(?=\w)", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def surface_terms(tokens: list[str]) -> list[str]:
    """The lexicon lists surface forms, then their lemmatised copies: keep the surface half."""
    if tokens and tokens[0] in tokens[1:]:
        tokens = tokens[: tokens.index(tokens[0], 1)]
    return tokens


def compile_lexicon(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    constructs: dict[str, object] = {}
    for name, (key, tier) in CONSTRUCTS.items():
        terms = sorted({normalise(t) for t in surface_terms(data[name]["tokens"]) if t.strip()})
        rows = []
        for term in terms:
            specific = (
                tier != "means"
                and len(term.split()) >= 2
                and bool(_SELF_OR_DEATH.search(term))
                and term not in EXCLUDED
            )
            rows.append({"term": term, "specific": specific})
        constructs[key] = {"construct": name, "tier": tier, "terms": rows}
    return {
        "source": "Suicide Risk Lexicon v1.0 (Low, Rankin, Bentley, Nock & Ghosh), validated "
        "24-08-02, as shipped in construct-tracker 1.0.16 (Apache-2.0)",
        "source_file": LEXICON,
        "source_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "generated_by": "data/real/compile_lexicon.py",
        "constructs": constructs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    spec = importlib.util.find_spec("construct_tracker")
    if spec is None or not spec.submodule_search_locations:
        print("construct-tracker is not installed (make setup installs it data-only)")
        return 2
    path = Path(next(iter(spec.submodule_search_locations))) / LEXICON
    text = json.dumps(compile_lexicon(path), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text
        print("stale" if stale else "up to date")
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    n = sum(
        len(c["terms"])  # type: ignore[index,arg-type]
        for c in json.loads(text)["constructs"].values()
    )
    print(f"wrote {OUT.relative_to(HERE.parent.parent)}: {n} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
