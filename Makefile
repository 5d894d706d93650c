# Neural Networks from the Perceptron to the MLP -- one command for each job.
# Every target creates the virtual environment it needs (.venv) on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PIP     = $(BIN)/python -m pip
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help venv test lint unit book book-clean lab bench chromium release-exercises clean constraints

help: ## List the targets
	@echo "make test    set up .venv and run every check (ruff + pytest: library, grader, notebooks, book, browser)"
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

chromium: ## Install Debian's chromium for the browser tests if it is missing
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

lint: $(STAMP)
	$(BIN)/ruff check nnlib tests benchmarks

unit: $(STAMP) ## Fast: library unit tests only
	$(BIN)/python -m pytest tests/nnlib $(PYTEST_ARGS)

test: $(STAMP) chromium lint ## Run every test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

book: $(STAMP) ## Build the HTML book with warnings as errors
	$(BIN)/jupyter-book build . --warningiserror --keep-going
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
