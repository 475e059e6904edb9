# Two entry points for a fresh machine with only Python 3.11 and pip:
#   make demo  - scan the bundled leaky fixture org, write reports/ (SARIF, HTML, JSON) and its action plan
#   make test  - lint (code and layer contracts), check the built wheel (package-check), and run the
#                whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint package-check bench clean

$(BIN)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	# pip >= 25.1 reads the dev tools from pyproject.toml's [dependency-groups].
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[opa]' --group dev
	# Real OPA (--engine opa-lib, the differential test's oracle): its wheel declares Python >=3.14 but
	# runs on 3.11, so fetch that exact wheel from PyPI and install it past the version check. It is
	# installed on x86_64 Linux (CI's platform); elsewhere the tests that need it skip and say why.
	if [ "$$(uname -sm)" = "Linux x86_64" ]; then \
		$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.14 \
			--platform manylinux_2_34_x86_64 --dest $(VENV)/wheels opa-golib-python-bindings==0.4.4 && \
		$(BIN)/python -m pip install --quiet --ignore-requires-python \
			$(VENV)/wheels/opa_golib_python_bindings-0.4.4-py3-none-manylinux_2_34_x86_64.whl; \
	else echo "note: no real OPA library for $$(uname -sm): --engine opa-lib and the differential test skip"; fi
	touch $@

demo: $(BIN)/.installed
	$(BIN)/sfpolicy scan fixtures/leaky-retail-org --fail-on none \
		--sarif reports/leaky-retail-org.sarif --json reports/leaky-retail-org.json \
		--html reports/leaky-retail-org.html
	$(BIN)/sfpolicy plan fixtures/leaky-retail-org --markdown reports/leaky-retail-org.plan.md \
		--html reports/leaky-retail-org.plan.html --json reports/leaky-retail-org.plan.json

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# The product as users get it: build sdist and wheel, twine check, install the wheel into a fresh venv
# in a temporary folder (dependencies from the index) and scan a fixture there, as the checkout does.
package-check: $(BIN)/.installed
	$(BIN)/python tools/package_check.py

test: lint package-check
	$(BIN)/python -m pytest

# Benchmark on a generated org (outside the repo, in /tmp/sfpolicy-bench): lxml lower bound, normalize,
# full scan, PR scan; writes benchmarks/results/$(BENCH_SIZE).{md,json}. BENCH_SIZE=medium for a quick run.
BENCH_SIZE ?= enterprise
BENCH_RUNS ?= 3
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py --size $(BENCH_SIZE) --runs $(BENCH_RUNS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
