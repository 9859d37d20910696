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
	$(BIN)/collegekit summary --records $(RECORDS) --today $(EXAMPLE_TODAY)
	$(BIN)/collegekit attendance-report --records $(RECORDS) --year 2025 --today $(EXAMPLE_TODAY)
	$(BIN)/collegekit render all --records $(RECORDS) --out build

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

# A long run of the property-based tests (25 cases each in `make test`):
# rounds of FUZZ_EXAMPLES cases per property, each round with a new seed, until
# FUZZ_MINUTES have passed (at least one round). Hypothesis prints how many
# cases each round tried; the last line counts the rounds.
#   make fuzz FUZZ_MINUTES=60            an hour
#   make fuzz FUZZ_EXAMPLES=200          one shorter round
FUZZ_EXAMPLES ?= 1000
FUZZ_MINUTES ?= 0
FUZZ_TESTS := tests/test_fuzz.py tests/test_stats_properties.py tests/test_output_paths.py \
	tests/test_fuzz_hardening.py tests/test_links.py tests/test_minutes_parse.py
fuzz: install
	@end=$$(( $$(date +%s) + 60 * $(FUZZ_MINUTES) )); rounds=0; \
	while [ $$rounds -eq 0 ] || [ $$(date +%s) -lt $$end ]; do \
		seed=$$(od -An -N4 -tu4 /dev/urandom | tr -d ' '); echo "round $$((rounds + 1)), seed $$seed"; \
		FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider --hypothesis-show-statistics \
			--hypothesis-seed=$$seed $(FUZZ_TESTS) || exit 1; \
		rounds=$$((rounds + 1)); \
	done; \
	echo "make fuzz: $$rounds round(s) of $(FUZZ_EXAMPLES) cases for each property, no failure."

# About 45 minutes on a 2-CPU machine; the first run also generates the
# colleges (another 15). benchmarks/README.md says what each part measures.
# make bench: the whole-process table of issue 17 first (whole.py), then the
# other suites; make bench BENCH_QUICK=1: the table alone, on smaller colleges
# (a few minutes instead of about an hour).
bench: install
ifdef BENCH_QUICK
	$(BIN)/python benchmarks/whole.py --quick --out-json benchmarks/out/whole-quick.json
else
	$(BIN)/python benchmarks/whole.py --out-json benchmarks/out/whole.json
	$(BIN)/python benchmarks/startup.py --out-json benchmarks/out/startup.json
	$(BIN)/python benchmarks/run.py --repetitions 3 --out-json benchmarks/out/tools.json
	$(BIN)/python benchmarks/scale.py --out-json benchmarks/out/scale.json
	$(BIN)/python benchmarks/attendance.py --out-json benchmarks/out/attendance.json
	$(BIN)/python benchmarks/render.py
	$(BIN)/python benchmarks/site.py --out-json benchmarks/out/site.json
	$(BIN)/python benchmarks/problems.py --out-json benchmarks/out/problems.json
endif

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
