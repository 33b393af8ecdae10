# Two commands set up everything on a machine with Python 3 and make:
#   make run    create .venv, install backtimer, start it
#   make test   install the test tools into the same .venv and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test pytest lint format bench schema sounds clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/backtimer $(ARGS)

test: $(VENV)/.test-installed lint pytest

pytest: $(VENV)/.test-installed
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check backtimer tests sounds
	$(BIN)/ruff format --check backtimer tests sounds
	$(BIN)/mypy

format: $(VENV)/.test-installed
	$(BIN)/ruff format backtimer tests sounds
	$(BIN)/ruff check --fix backtimer tests sounds

bench: $(VENV)/.test-installed
	$(BIN)/python bench/run.py

# Regenerate the committed JSON Schema from the model.
schema: $(VENV)/.run-installed
	$(BIN)/backtimer schema > content/routine.schema.json

# Regenerate the WAV files (byte for byte the same as those committed).
sounds: $(BIN)/python
	$(BIN)/python sounds/make_sounds.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
