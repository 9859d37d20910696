# Everything runs in .venv, created from the committed lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RECORDS ?= records
# The example college describes its records as of this day; checked on a
# later date, its missing future meetings would be reported.
EXAMPLE_TODAY ?= 2026-11-25

.PHONY: install demo test fuzz bench lock clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

demo: install
	$(BIN)/collegekit lint --records $(RECORDS) --today $(EXAMPLE_TODAY)
	$(BIN)/collegekit summary --records $(RECORDS)
	$(BIN)/collegekit attendance-report --records $(RECORDS) --year 2025 --today $(EXAMPLE_TODAY)
	$(BIN)/collegekit render all --records $(RECORDS) --out build

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

# A long run of the property-based tests (a few dozen cases each run in
# `make test`); `make fuzz FUZZ_EXAMPLES=20000` for longer. Hypothesis prints
# how many cases it tried.
FUZZ_EXAMPLES ?= 3000
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q --hypothesis-show-statistics tests/test_fuzz.py \
		tests/test_stats_properties.py tests/test_output_paths.py

# About 45 minutes on a 2-CPU machine; the first run also generates the
# colleges (another 15). benchmarks/README.md says what each part measures.
bench: install
	$(BIN)/python benchmarks/startup.py --out-json benchmarks/out/startup.json
	$(BIN)/python benchmarks/run.py --repetitions 3 --out-json benchmarks/out/tools.json
	$(BIN)/python benchmarks/scale.py --out-json benchmarks/out/scale.json
	$(BIN)/python benchmarks/attendance.py --out-json benchmarks/out/attendance.json
	$(BIN)/python benchmarks/render.py

# Re-resolve the dependencies after a change in pyproject.toml: uv.lock is the
# lock; requirements.txt is its export with hashes, which plain pip installs.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet uv==0.13.8
	.venv-lock/bin/uv lock --quiet --python 3.11
	.venv-lock/bin/uv export --quiet --frozen --extra dev --no-emit-project --format requirements-txt \
		-o requirements.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) build .pytest_cache
