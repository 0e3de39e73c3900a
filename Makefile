# The two commands a new user types: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
TORCH   := torch==2.13.0

.PHONY: setup demo test lint unit check-sets bench bench-deps clean

setup: $(STAMP)

# torch goes in first and pinned: any other spelling pulls several GB of CUDA wheels.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -e '.[all,dev]'
	touch $(STAMP)

# assess exits 1 when it finds something: that is the demo working, not failing.
demo: $(STAMP)
	$(BIN)/python -m hauberk.demo build --out .demo
	$(BIN)/hauberk assess --config .demo/assess.toml --format html,json --output-dir . \
		|| [ $$? -eq 1 ]

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples tools
	$(BIN)/ruff format --check src tests bench examples tools
	$(BIN)/mypy

# The rebuilds of held-out prompt sets 10-25 from their package files and the all-pairs
# overlap checks of sets 11-13 take 27 minutes together: `make check-sets` runs them (the
# rebuilds skip where the files are absent).
# The slowest tests are listed at the end: `make test` must stay under 30 minutes on 2 cores.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not rebuild" --durations=25

check-sets: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m rebuild

test: lint unit

bench-deps: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m pip install -q --no-deps torchattacks==3.5.1
	@# bench/llm.py: llm-guard's rule scanners only; its full install downgrades cryptography
	$(BIN)/python -m pip install -q --no-deps llm-guard==0.3.16
	@# bench/gateway.py drives load with wrk (Debian package); without it, a slower httpx client
	command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || apt-get install -y -q wrk >/dev/null \
		|| echo "wrk not installed: bench/gateway.py falls back to its httpx load generator"

bench: bench-deps
	$(BIN)/python bench/report_render.py
	$(BIN)/python bench/pattern_time.py
	$(BIN)/python bench/scan.py
	$(BIN)/python bench/scan_interp.py
	$(BIN)/python bench/sign.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/governance_registry.py
	$(BIN)/python bench/gateway.py
	$(BIN)/python bench/gateway_capture.py
	$(BIN)/python bench/gateway_capture_lag.py
	$(BIN)/python bench/privacy.py
	$(BIN)/python bench/theft.py
	$(BIN)/python bench/evasion.py
	$(BIN)/python bench/monitor.py
	$(BIN)/python bench/assess_tabular.py
	PYTHONPATH=src:. $(BIN)/python bench/distributed.py
	$(BIN)/python bench/data_pii.py
	$(BIN)/python bench/data_backdoor.py
	$(BIN)/python bench/data_tabular_backdoor.py
	$(BIN)/python bench/data.py
	$(BIN)/python bench/data_cell.py
	$(BIN)/python bench/llm.py
	$(BIN)/python bench/federated.py
	$(BIN)/python bench/governance.py
	$(BIN)/python bench/crypto.py
	$(BIN)/python bench/llm_redteam.py
	$(BIN)/python bench/llm_stream.py
	$(BIN)/python bench/llm_long.py
	$(BIN)/python bench/llm_output.py

clean:
	rm -rf $(VENV) .demo report.html report.json report.sarif report.junit.xml
