# Thực Thi — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench openapi messages screenshots clean

# Reinstall only when the dependency list changes, so a second `make run` starts fast.
# pip's output goes to var/install.log (shown only when it fails), so `make run` prints its banner.
$(STAMP): pyproject.toml
	@mkdir -p var
	@echo "Cài đặt thư viện / installing dependencies (nhật ký / log: var/install.log)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
	  && $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"; } > var/install.log 2>&1 \
	  || { tail -n 40 var/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

run: install
	@$(BIN)/thucthi serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/test.sh

bench: install
	$(BIN)/thucthi bench units

# Regenerate the checked-in OpenAPI document after changing the API.
openapi: install
	$(BIN)/thucthi export_openapi_schema --api thucthi.api.api.api --indent 2 --sorted --output docs/openapi.json

# Refresh the English catalogue after changing Vietnamese texts (needs GNU gettext).
messages: install
	cd thucthi && ../$(BIN)/thucthi makemessages -l en --no-obsolete && ../$(BIN)/thucthi compilemessages -l en

# Retake the README's screenshots: each role's day in Chromium, kept in docs/screenshots/.
screenshots: install
	bash scripts/ensure-chromium.sh
	THUCTHI_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m browser -q -p no:cacheprovider tests/browser/test_role_days.py

clean:
	rm -rf $(VENV) var build *.egg-info
