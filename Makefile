# The two commands a newcomer runs: `make` (set up and build the sample) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The schemas: $PUBKIT_SCHEMAS, else ../shared/schemas when it exists, else the user cache, which pubkit
# fills on first need from NLM and the other upstreams (every file checked against a pinned SHA-256).
SHARED_SCHEMAS := $(abspath $(wildcard ../shared/schemas))
ifneq ($(SHARED_SCHEMAS),)
export PUBKIT_SCHEMAS ?= $(SHARED_SCHEMAS)
endif

.PHONY: all build check test lint bench clean

all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/pubkit build . -o build

check: $(STAMP)
	$(BIN)/pubkit check .

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest

bench: $(STAMP)
	for script in bench/bench_*.py; do $(BIN)/python $$script; done

clean:
	rm -rf build
