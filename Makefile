# Neural Networks from the Perceptron to the MLP -- one command for each job.
# Every target creates the virtual environment it needs (.venv) on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help venv environments bytecode test lint unit book book-clean mathjax lab bench system-packages release-exercises clean constraints

help: ## List the targets
	@echo "make test    set up .venv and run every check (ruff + pytest: library, grader, notebooks, book, browser)"
	@echo "make unit    the core's tests and docstring examples with NumPy and pytest alone (in .venv-core)"
	@echo "make book    set up .venv and build the HTML book (warnings are errors); prints where it is"
	@echo "make lab     set up .venv and open JupyterLab on the chapters"
	@echo "make bench   run the speed benchmarks (installs PyTorch CPU and scikit-learn for comparison)"
	@echo "make release-exercises   regenerate the student notebooks from exercises/source"
	@echo "make clean   remove build outputs (keeps .venv)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24,<27"
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP) ## Create .venv with everything installed

# Debian packages the tests need, as package:program pairs: Chromium for the browser tests,
# bubblewrap for the grader's sandbox. Missing ones are installed with apt-get (sudo if not root).
DEBIAN_PACKAGES = chromium:/usr/bin/chromium bubblewrap:/usr/bin/bwrap

system-packages: ## Install the Debian packages the tests need (chromium, bubblewrap) if missing
	@missing=""; for pair in $(DEBIAN_PACKAGES); do \
	  test -x "$${pair#*:}" || missing="$$missing $${pair%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(STAMP) ## ruff check (pydocstyle's NumPy convention included) and ruff format --check
	$(BIN)/ruff check nnlib tests benchmarks scripts _ext
	$(BIN)/ruff format --check nnlib tests benchmarks scripts _ext

# The core needs NumPy alone: its tests run in a virtual environment with NumPy and pytest only
# (the comparisons with PyTorch and scikit-learn are skipped there; make test runs them too).
CORE_VENV = .venv-core
$(CORE_VENV)/.deps: constraints.txt
	test -x $(CORE_VENV)/bin/python || $(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24,<27"
	$(CORE_VENV)/bin/python -m pip install --quiet -c constraints.txt numpy pytest
	touch $@

# nnlib itself in a step of its own: make test installs the dependencies of both environments
# side by side (environments), then this one alone (two editable builds would share nnlib.egg-info).
$(CORE_VENV)/.installed: pyproject.toml $(CORE_VENV)/.deps
	$(CORE_VENV)/bin/python -m pip install --quiet -c constraints.txt -e .
	touch $@

# pip keeps one core busy: .venv and the core environment's dependencies are installed at once.
environments:
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(STAMP) $(CORE_VENV)/.deps

# The Examples of the core's docstrings are doctests, run with the unit tests: every module of
# nnlib except the sub-packages that need more than NumPy (matplotlib, ipywidgets, nbval).
CORE_DOCTESTS = --doctest-modules nnlib --ignore=nnlib/viz --ignore=nnlib/widgets --ignore=nnlib/grading

unit: $(CORE_VENV)/.installed ## The core's tests and doctests with NumPy and pytest alone
	$(CORE_VENV)/bin/python -m pytest tests/nnlib $(CORE_DOCTESTS) -p no:cacheprovider -q $(PYTEST_ARGS)

# Tests and the book build multiply many small matrices (demos, tiny nets): one BLAS
# thread per process is faster there than two threads fighting over 2 cores.
test book: export OPENBLAS_NUM_THREADS ?= 1

# pytest-xdist runs the tests in one worker per core; tests that share a built fixture (the
# book, a module's graded notebooks) stay in one worker (tests/conftest.py). PYTEST_JOBS=0 runs
# them in this process instead.
PYTEST_JOBS ?= auto

# nnlib is installed in editable mode, so pip does not byte-compile it; where PYTHONDONTWRITEBYTECODE
# is set, every process that imports it (each grading kernel and its launcher, every chapter's
# kernel) would compile it again. Compiled once here; only changed files are compiled again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q nnlib

test: environments system-packages mathjax lint unit bytecode ## Run every test
	$(BIN)/python -m pytest -n $(PYTEST_JOBS) --dist loadgroup $(PYTEST_ARGS)

# MathJax 3 is served by the book itself (no CDN, works offline): npm installs it into
# node_modules/ (git-ignored) and the parts the HTML needs are copied to _build/mathjax/,
# which _config.yml's html_extra_path merges into _build/html/_static/mathjax/.
MATHJAX_VERSION = 3.2.2
MATHJAX_SRC     = node_modules/mathjax/es5
MATHJAX_OUT     = _build/mathjax/_static/mathjax

mathjax: $(MATHJAX_OUT)/tex-chtml.js ## Install MathJax locally for the book (npm)

$(MATHJAX_OUT)/tex-chtml.js:
	@grep -qs '"version": "$(MATHJAX_VERSION)"' node_modules/mathjax/package.json || \
	  npm install --no-save --no-package-lock --no-audit --no-fund --prefix . mathjax@$(MATHJAX_VERSION)
	rm -rf $(MATHJAX_OUT) && mkdir -p $(MATHJAX_OUT)/output $(MATHJAX_OUT)/input
	cp -r $(MATHJAX_SRC)/tex-chtml.js $(MATHJAX_SRC)/ui $(MATHJAX_SRC)/a11y $(MATHJAX_SRC)/sre \
	  $(MATHJAX_SRC)/adaptors $(MATHJAX_OUT)/
	cp -r $(MATHJAX_SRC)/output/chtml $(MATHJAX_SRC)/output/chtml.js $(MATHJAX_OUT)/output/
	cp -r $(MATHJAX_SRC)/input/tex $(MATHJAX_SRC)/input/tex.js $(MATHJAX_OUT)/input/

# Chapters execute at build time (outputs cached in _build/.jupyter_cache); demos render as
# self-contained HTML scrubbers (NNLIB_DEMO_MODE=static); every warning is an error, and
# --all re-reads every page (executed notebooks still come from the cache) so that a
# rebuild reports the warnings of unchanged pages too;
# --keep-going lists them all before failing.
book: $(STAMP) mathjax bytecode ## Build the HTML book with warnings as errors
	NNLIB_DEMO_MODE=static $(BIN)/jupyter-book build . --all --warningiserror --keep-going
	@echo "The book is at file://$(CURDIR)/_build/html/index.html"

book-clean:
	rm -rf _build

lab: $(STAMP) ## Open JupyterLab
	$(BIN)/jupyter lab chapters

bench: $(STAMP) ## Speed benchmarks against PyTorch CPU, scikit-learn and plain numpy
	$(PIP) install --quiet "torch==2.13.0" || echo "PyTorch not installable here: comparing without it"
	$(BIN)/python benchmarks/run_all.py

release-exercises: $(STAMP)
	$(BIN)/nnlib-grade release exercises/source/*.ipynb

constraints: ## Re-resolve the tested versions into constraints.txt
	rm -rf /tmp/nnlib-constraints && $(PYTHON) -m venv /tmp/nnlib-constraints
	/tmp/nnlib-constraints/bin/pip install --quiet -e ".[dev]"
	/tmp/nnlib-constraints/bin/pip freeze --exclude-editable | grep -v '^nnlib' > constraints.txt

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis
