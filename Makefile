# Two commands set up everything on a machine with Python 3 and make:
#   make run    create .venv, install backtimer from the lock, start it
#   make test   install the test tools from the lock into the same .venv and run the whole suite
# The lock files in requirements/ hold exact versions with hashes; pip alone installs them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --quiet
ARGS   ?=
# The version of uv that writes the lock files (installing them needs only pip).
UV_VERSION := 0.13.9

.PHONY: run test test-latest pytest lint format bench schema sounds lock lock-upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Each install: the locked packages exactly as pinned (hashes checked, nothing resolved), then
# backtimer itself, built by the locked hatchling rather than whatever is newest, then every
# installed module byte-compiled once, on all cores (compileall -j 0 takes half the time of pip's
# own compiling, which uses one). Where PYTHONDONTWRITEBYTECODE is set no process keeps what it
# compiles: without this each app the tests start compiles Textual anew (a quarter more CPU).
define install-locked
	$(PIP) install --require-hashes --no-deps --no-compile -r $(1)
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib
endef

$(VENV)/.run-installed: requirements/run.txt pyproject.toml | $(BIN)/python
	$(call install-locked,requirements/run.txt)
	touch $@

# The test lock holds the run lock's packages at the same versions, so it satisfies `make run`.
$(VENV)/.test-installed: requirements/test.txt pyproject.toml | $(BIN)/python
	$(call install-locked,requirements/test.txt)
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/backtimer $(ARGS)

test: $(VENV)/.test-installed lint pytest

# Spread over the cores (pytest-xdist); every test, the tmux ones included, runs on its own
# terminal server and config folder, so they do not disturb each other. The sources are
# byte-compiled first, for the same reason as the packages (see install-locked): the tests start
# some two hundred Python processes.
pytest: $(VENV)/.test-installed
	$(BIN)/python -m compileall -q -j 0 backtimer tests
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.test-installed
	$(BIN)/ruff check backtimer tests sounds
	$(BIN)/ruff format --check backtimer tests sounds
	$(BIN)/mypy

# The same suite against the newest releases the ranges in pyproject.toml allow, in its own venv,
# so an upstream release that breaks backtimer shows up here before it reaches the lock.
test-latest:
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip --quiet install --upgrade pip
	.venv-latest/bin/python -m pip --quiet install --upgrade --upgrade-strategy eager \
		-e '.[test,voice,render]'
	.venv-latest/bin/python -m pip list --format=freeze > .venv-latest/versions.txt
	touch .venv-latest/.test-installed .venv-latest/.run-installed
	$(MAKE) VENV=.venv-latest lint pytest

format: $(VENV)/.test-installed
	$(BIN)/ruff format backtimer tests sounds
	$(BIN)/ruff check --fix backtimer tests sounds

bench: $(VENV)/.test-installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/speech.py

# Regenerate the committed JSON Schema from the model.
schema: $(VENV)/.run-installed
	$(BIN)/backtimer schema > content/routine.schema.json

# Regenerate the WAV files (byte for byte the same as those committed).
sounds: $(BIN)/python
	$(BIN)/python sounds/make_sounds.py

# Lock files, universal (every platform, Python 3.11 and later), from the ranges in pyproject.toml.
# `make lock` keeps each pin the ranges still allow; `make lock-upgrade` moves all to the newest.
# The test lock is written first; the others are held to its versions so the venvs agree.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_FLAGS)
# Prints one requirement list of pyproject.toml, named by its keys.
TOML_LIST = $(BIN)/python -c "import functools, operator, sys, tomllib; \
	toml = tomllib.load(open('pyproject.toml', 'rb')); \
	print(*functools.reduce(operator.getitem, sys.argv[1:], toml), sep='\n')"

# What building backtimer needs: the backend named in [build-system], and editables, which
# hatchling asks for when it builds an editable install of a project that force-includes folders.
BUILD_REQS = { $(TOML_LIST) build-system requires; echo 'editables>=0.3'; }

lock: | $(BIN)/python
	$(PIP) install uv==$(UV_VERSION)
	$(BUILD_REQS) | $(UV_COMPILE) pyproject.toml - --extra test --extra voice --extra render \
		-o requirements/test.txt
	$(BUILD_REQS) | $(UV_COMPILE) pyproject.toml - --extra voice \
		-c requirements/test.txt -o requirements/run.txt
	$(TOML_LIST) project optional-dependencies simpleaudio | $(UV_COMPILE) - \
		-o requirements/simpleaudio.txt

lock-upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade

clean:
	rm -rf $(VENV) .venv-latest build dist .pytest_cache .mypy_cache .ruff_cache
