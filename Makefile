# Two commands do all set-up: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= data/corpus
PORT ?= 8501

.PHONY: run test lint cli bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m ui.serve --corpus "$(CORPUS)" --port $(PORT)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

cli: $(VENV)/.installed
	$(BIN)/python -m analysis "$(CORPUS)" --out out

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
