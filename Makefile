# Two commands do all set-up on a fresh machine (only python3 needed):
#   make demo   - the system with realistic demo data: web, Celery worker and beat
#   make test   - the whole test suite against real PostgreSQL, Redis, Celery and Chromium
# DATABASE_URL / REDIS_URL select external servers; without them embedded ones are started.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)

.PHONY: demo test install lint format vendor services stop bench clean

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m misconduct.launcher demo

test: $(STAMP)
	$(BIN)/python -m misconduct.launcher test -- $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-copy the pinned front-end assets into static/vendor/ (needs Node; result is committed).
vendor:
	./scripts/vendor-assets.sh

# Print the addresses of the running services (starting the embedded ones if needed).
services: $(STAMP)
	$(BIN)/python -m misconduct.launcher services

# Stop the embedded PostgreSQL and Redis.
stop: $(STAMP)
	$(BIN)/python -m misconduct.launcher stop

clean:
	rm -rf $(VENV) var/static
