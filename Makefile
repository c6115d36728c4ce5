# Two entry points: `make run` starts the dashboard, `make test` runs every test.
# Both create .venv from the pinned requirements.lock on first use.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test browser lint bench

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

run: install
	$(BIN)/streamlit run dashboard.py

# Browser tests drive Debian's chromium; install it when missing (needs root, as on CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
		else echo "chromium missing: run 'sudo apt-get install -y chromium' (browser tests will be skipped)"; fi; }

lint: install
	$(BIN)/ruff check .

# pytest exits 5 when it collects no test; that is not a failure of the code.
test: install browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q || [ $$? -eq 5 ]

bench: install
	$(BIN)/python benchmarks/mentions.py
	$(BIN)/python benchmarks/pipeline.py
