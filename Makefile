# kompetensi: `make help` lists the targets.
#
# With an active conda environment or virtualenv the targets install into it and use it;
# otherwise they create ./.venv with python3. Either way the versions come from
# requirements.lock (the same pins as environment.yml).

SHELL := /bin/bash
.DEFAULT_GOAL := help

DATASET ?= contoh
SIKLUS ?= 2025
JOBS ?= 2
ACTIVE_ENV := $(VIRTUAL_ENV)$(CONDA_PREFIX)

ifneq ($(ACTIVE_ENV),)
  PY := python
  STAMP := .make/installed-$(shell printf '%s' "$(ACTIVE_ENV)" | md5sum | cut -c1-10)
  ENV_DEP :=
else
  PY := .venv/bin/python
  STAMP := .venv/.installed
  ENV_DEP := .venv/bin/python
endif

.PHONY: help install check report pdf test lab lint synth benchmark benchmark-cycle benchmark-fanout clean

help: ## list the targets
	@echo "kompetensi: make <target>   (DATASET=$(DATASET) SIKLUS=$(SIKLUS) JOBS=$(JOBS))"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/\1\t\2/' | awk -F'\t' '{printf "  %-17s %s\n", $$1, $$2}'

.venv/bin/python:
	python3 -m venv .venv

$(STAMP): requirements.lock pyproject.toml $(ENV_DEP)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.lock
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	@mkdir -p $(dir $@) && touch $@

install: $(STAMP) ## create or update the environment from requirements.lock

check: $(STAMP) ## is the raw data ready? every cycle of DATASET (or SIKLUS=...); exits 1 if not
	$(PY) -m kompetensi.cli check $(DATASET) $(if $(filter command line,$(origin SIKLUS)),--siklus $(SIKLUS))

report: $(STAMP) ## run the cycle on the sample -> reports/<dataset>/<siklus>/index.html (PAKSA=1: past the check)
	$(PY) -m kompetensi.cli run --dataset $(DATASET) --siklus $(SIKLUS) --jobs $(JOBS) $(if $(PAKSA),--paksa)

pdf: $(STAMP) ## one PDF of the cycle's report (after `make report`) -> reports/<dataset>/<siklus>/laporan_<dataset>_<siklus>.pdf (needs chromium)
	$(PY) -m kompetensi.cli pdf --dataset $(DATASET) --siklus $(SIKLUS) --jobs $(JOBS)

test: $(STAMP) ## run every test: unit, reference values, notebooks (nbval), end-to-end
	$(PY) -m pytest --nbval-lax --nbval-current-env --durations=20 --doctest-modules kompetensi tests notebooks

benchmark: $(STAMP) ## national-scale benchmark (ASN="10000 1000000 4300000"; ~4 min the first time, 5.4 GB of data)
	$(PY) -m benchmarks.national $(if $(ASN),--asn $(ASN))

benchmark-cycle: $(STAMP) ## the cycle report against running each notebook by hand with nbconvert (ROUNDS=2; ~6 min) -> docs/performance.md
	$(PY) -m benchmarks.cycle --rounds $(or $(ROUNDS),2)
benchmark-fanout: $(STAMP) ## reports per agency on Dask at national scale (ASN=1000000 OPD=24 WORKERS="1 2"; needs `make benchmark` data)
	$(PY) -m benchmarks.fanout --asn $(or $(ASN),1000000) --agencies $(or $(OPD),24) --workers $(or $(WORKERS),1 2)

lab: $(STAMP) ## open JupyterLab on the project
	$(PY) -m jupyter lab --notebook-dir="$(CURDIR)"

lint: $(STAMP) ## ruff on code and notebooks; notebooks must have no outputs
	$(PY) -m ruff check .
	$(PY) -m nbstripout --keep-id --verify notebooks/*.ipynb

synth: $(STAMP) ## regenerate the synthetic sample in data/raw/contoh (FORMAT=siasn: the same sample in SIASN layouts in data/raw/contoh_siasn)
	$(PY) -m kompetensi.cli synth --seed 20251128 $(if $(filter siasn,$(FORMAT)),--format siasn --out data/raw/$(if $(filter contoh,$(DATASET)),contoh_siasn,$(DATASET)))

clean: ## delete generated data and reports (data/processed, reports)
	find data/processed reports -mindepth 1 -not -name .gitkeep -delete
