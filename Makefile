# Two entry points for a fresh machine with only Python 3.11 and pip:
#   make demo  - scan the bundled leaky fixture org, write reports/ (SARIF, HTML, JSON)
#   make test  - lint and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/sfpolicy scan fixtures/leaky-retail-org --fail-on none \
		--sarif reports/leaky-retail-org.sarif --json reports/leaky-retail-org.json \
		--html reports/leaky-retail-org.html

lint: $(BIN)/.installed
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
