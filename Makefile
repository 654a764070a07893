# sitrep: `make run` starts the app, `make test` runs every test, `make demo` writes
# a sample PDF. Each first installs what is missing (system packages, then .venv/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR := out

.PHONY: setup system-deps run test demo bench catalogs clean

setup: system-deps $(STAMP)

system-deps:
	@sh scripts/system-deps.sh

# Reinstalled whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

run: setup
	$(BIN)/sitrep-gui

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

demo: setup
	@mkdir -p $(DEMO_DIR)
	$(BIN)/sitrep demo -o $(DEMO_DIR)/flash-update-demo.pdf
	$(BIN)/sitrep demo -o $(DEMO_DIR)/flash-update-demo-ar.pdf --languages ar
	$(BIN)/sitrep demo -o $(DEMO_DIR)/flash-update-demo-en.pdf --languages en
	@echo "PDFs in $(DEMO_DIR)/ (see them as pictures: pdftoppm -r 80 -png FILE page)"

bench: setup
	$(BIN)/python bench/render_bench.py

# After changing any user-visible string: re-extract, merge, compile.
catalogs: setup
	$(BIN)/python scripts/catalogs.py

clean:
	rm -rf $(VENV) $(DEMO_DIR) build dist .pytest_cache
