# Two commands do all the set-up: `make book` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
BUILD_FLAGS := -W -n --keep-going

.PHONY: book bundle test bench vendor lock linkcheck clean

# The chapters run with their notebook's folder as working directory: pass an instructor's
# files on as absolute paths so that a path relative to here still finds them.
# (A web address stays as given, to be refused as one.)
ifdef MMEDLEARN_PROGRAMS
ifeq ($(findstring ://,$(MMEDLEARN_PROGRAMS)),)
export MMEDLEARN_PROGRAMS := $(abspath $(MMEDLEARN_PROGRAMS))
endif
endif
ifdef MMEDLEARN_DEFAULTS
export MMEDLEARN_DEFAULTS := $(abspath $(MMEDLEARN_DEFAULTS))
endif
.DEFAULT_GOAL := book

# The venv is rebuilt only when what it installs changes. Everything comes from the locks,
# pinned whole with hashes (scripts/lock.sh); the package itself, a local folder, has no hash.
# pip installs uv, and uv the rest: the same locked packages, in seconds rather than a minute.
# Compiled to bytecode as pip does: where PYTHONDONTWRITEBYTECODE is set (as on CI's image),
# every Python process would otherwise compile each module it imports, every time.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
$(BIN)/.uv: requirements-uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-uv.lock
	touch $@

$(BIN)/.book-deps: requirements-book.lock pyproject.toml $(BIN)/.uv
	$(UV) --require-hashes -r requirements-book.lock
	$(UV) --no-deps -e .
	touch $@

$(BIN)/.test-deps: $(BIN)/.book-deps requirements-test.lock
	$(UV) --require-hashes -r requirements-test.lock
	touch $@

# Chapters are executed at build time and cached in _build/.jupyter_cache: a rebuild re-runs
# only the chapters whose code changed, or all of them when the data or mmedlearn changed.
# A programmes file that is a folder, a web address or empty is refused in seconds, in one
# line, before the build (which would find it only when the first chapter runs).
book: $(BIN)/.book-deps
	@$(BIN)/python scripts/check_programmes_file.py
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# A zip of the built site that works opened from disk, for classrooms without a connection.
bundle: book
	$(BIN)/python scripts/bundle.py _build/html _build/mmed-pathways-offline.zip

# Lint and format first: a style slip fails in seconds, before the long browser tests.
# The suite runs in TEST_WORKERS processes, a test file per process at a time (each file's
# browser, JupyterLab server or book build stays in one process); TEST_WORKERS=0 runs it in one.
# Three on two cores: each process spends part of its time waiting on a browser, a kernel or a
# build, and a third fills those gaps (on this machine 4 min 34 s, against 4 min 50 s with two).
TEST_WORKERS ?= 3
test: $(BIN)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

bench: $(BIN)/.test-deps
	$(BIN)/python benchmarks/bench_book.py
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_roi.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_pages.py

# Every source address in data/*.csv still answers. Needs the web, so not part of `make test`.
linkcheck:
	$(PYTHON) scripts/linkcheck.py

# After changing a pin in requirements.txt or requirements-test.txt.
lock:
	scripts/lock.sh $(PYTHON)

vendor: $(BIN)/.book-deps
	scripts/vendor_js.sh $(BIN)/python

clean:
	rm -rf _build
