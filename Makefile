# docflow — the two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip --disable-pip-version-check -q
STAMP  := $(VENV)/.installed
# Tests run in parallel (pytest-xdist): one worker per core, at most four; PYTEST_WORKERS=0 for one process.
PYTEST_WORKERS ?= auto --maxprocesses 4

.PHONY: demo demo-replay demo-reset test install system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins change.
$(STAMP): $(BIN)/python requirements.txt requirements-test.txt constraints.txt pyproject.toml
	$(PIP) install -r requirements.txt -r requirements-test.txt -c constraints.txt
	$(PIP) install --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m docflow.demo.run run

# With `make demo` running, in a second terminal: a school year at speed (calls, reminders,
# overdue notices, the monitoring summary) arriving in the demo mailboxes.
demo-replay: $(STAMP)
	$(BIN)/docflow reporting replay --from 2026-09-01 --to 2027-08-31 --demo-schools

demo-reset: $(STAMP)
	$(BIN)/python -m docflow.demo.run reset

system-deps:
	bash .ci/system-deps

test: $(STAMP) system-deps
	$(BIN)/ruff check docflow dags plugins tests bench
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check docflow dags plugins tests bench

bench: $(STAMP)
	$(BIN)/python bench/intake.py --messages 200

clean:
	rm -rf $(VENV) .pytest_cache
