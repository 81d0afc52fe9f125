# Two commands matter: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3.11
VENV ?= .venv
# The suite runs in one process per core of a 2-core CI machine (pytest-xdist).
PYTEST_ARGS ?= -n 2
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEVSTACK := $(BIN)/python -m config.devstack

.PHONY: run test lint install messages bench bench-ledger bench-invoicing clean

run: install  ## Start Kontor with a demo company (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set)
	$(DEVSTACK) run

test: install lint  ## Lint, type-check, check migrations, run the whole suite
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install  ## Provisioning benchmark: 100 companies, median/p95 seconds each
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/provisioning.py

bench-ledger: install  ## Ledger benchmark: reports, posting, import (1 year × 200 documents a day; FULL=1: 10 years × 1,000)
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/ledger.py $(if $(FULL),--full)

bench-invoicing: install  ## Invoicing benchmarks: create+issue via the API (1 and 20 clients), PDF render, e-invoice (UBL, CII, signed e-CF) render+validation, party and product search
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/invoicing.py --clients 1
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/invoicing.py --clients 20
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/invoice_pdf.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/einvoice.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/parties_search.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(DEVSTACK) exec -- $(BIN)/python bench/catalog_search.py

install: $(INSTALLED)

$(INSTALLED): requirements/*.txt package.json package-lock.json $(wildcard locale/*/LC_MESSAGES/django.po)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(MAKE) messages
	touch $@

messages:  ## Compile the translation catalogues (Babel: no GNU gettext needed)
	test ! -d locale || $(BIN)/pybabel compile --domain=django --directory=locale --use-fuzzy --statistics

clean:
	rm -rf $(VENV) node_modules staticfiles .run
