# Two commands do all set-up on a fresh machine (only python3 needed):
#   make demo   - the system with realistic demo data: web, Celery worker and beat
#   make test   - the whole test suite against real PostgreSQL, Redis, Celery and Chromium
# DATABASE_URL / REDIS_URL select external servers; without them embedded ones are started.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# requirements.txt: runtime (the Docker image); requirements-embedded.txt: + the embedded PostgreSQL and
# Redis (make demo); requirements-dev.txt: + tests and lint (make test). One stamp per set and version.
REQS := $(shell cat requirements.txt requirements-embedded.txt requirements-dev.txt | cksum | cut -d' ' -f1)
DEMO_STAMP := $(VENV)/.installed-demo-$(REQS)
DEV_STAMP := $(VENV)/.installed-dev-$(REQS)

.PHONY: demo test install install-dev lint format vendor services stop bench clean

define pip_install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(1)
endef

$(DEMO_STAMP): requirements.txt requirements-embedded.txt
	$(call pip_install,requirements-embedded.txt)
	@rm -f $(VENV)/.installed-demo-*
	@touch $(DEMO_STAMP)

$(DEV_STAMP): requirements.txt requirements-embedded.txt requirements-dev.txt
	$(call pip_install,requirements-dev.txt)
	@rm -f $(VENV)/.installed-demo-* $(VENV)/.installed-dev-*
	@touch $(DEV_STAMP) $(DEMO_STAMP)

install: $(DEMO_STAMP)

install-dev: $(DEV_STAMP)

demo: $(DEMO_STAMP)
	$(BIN)/python -m misconduct.launcher demo

test: $(DEV_STAMP)
	$(BIN)/python -m misconduct.launcher test -- $(ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-copy the pinned front-end assets into static/vendor/ (needs Node; result is committed).
vendor:
	./scripts/vendor-assets.sh

# Print the addresses of the running services (starting the embedded ones if needed).
services: $(DEMO_STAMP)
	$(BIN)/python -m misconduct.launcher services

# Stop the embedded PostgreSQL and Redis.
stop: $(DEMO_STAMP)
	$(BIN)/python -m misconduct.launcher stop

clean:
	rm -rf $(VENV) var/static
