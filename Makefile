# Two commands: `make run` (serve the portal) and `make test` (everything CI checks).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test venv lint handbook db demo serve system-deps clean

## run: install, build the handbook, migrate + demo data on SQLite, serve on 127.0.0.1:8000
run: venv handbook db demo serve

## test: system packages, install, lint, strict handbook build, the whole pytest suite
test: system-deps venv lint handbook
	$(BIN)/pytest

# The virtualenv is reinstalled only when pyproject.toml changes.
venv: $(STAMP)
$(STAMP): pyproject.toml
	scripts/system_deps.sh base
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

system-deps:
	scripts/system_deps.sh test

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# Built from this folder: the jieba user dictionary path is relative to it.
handbook: venv
	$(BIN)/mkdocs build --strict --site-dir site

db: venv
	$(BIN)/kefu db upgrade

demo: venv
	$(BIN)/kefu demo load --if-empty

serve: venv
	$(BIN)/uvicorn exam_api.main:create_app --factory --host $(HOST) --port $(PORT)

clean:
	rm -rf site .pytest_cache .ruff_cache
