# XRM — the Quick start is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
SCALE ?= 1
SEED ?= 7
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve worker test test-fast install browser redis postgres java lake demo-data warehouse-path bench lint format backup restore

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Serve the app on the demo warehouse (built on first run).
run: $(STAMP)
	$(BIN)/python -m jobs.build --if-missing --scale $(SCALE) --seed $(SEED)
	$(BIN)/python app.py

## Serve with gunicorn: several worker processes and threads (XRM_WORKERS, XRM_THREADS; README "Serving");
## with XRM_REDIS_URL set, a Celery worker for the background jobs beside it (XRM_JOB_WORKERS).
serve: $(STAMP)
	$(BIN)/python -m jobs.build --if-missing --scale $(SCALE) --seed $(SEED)
	$(BIN)/gunicorn -c gunicorn.conf.py

## The Celery worker alone, for background jobs (XRM_REDIS_URL must be set; beside `make run`, or on another machine).
worker: $(STAMP)
	$(BIN)/python -m background worker

## Headless Chromium and its driver for the browser tests (Debian packages), when missing.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "Installing chromium, chromium-driver and fonts-noto-cjk (apt-get)…"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium chromium-driver fonts-noto-cjk; \
	fi

## Debian's redis-server for the tests of background jobs on Celery (XRM_REDIS_URL), when missing.
redis:
	@if [ ! -x /usr/bin/redis-server ]; then \
		echo "Installing redis-server (apt-get)…"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q redis-server; \
	fi

## Debian's PostgreSQL server binaries for the store tests on PostgreSQL, when missing (the tests start
## their own throwaway server on 127.0.0.1 as a temporary folder and stop it).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
		echo "Installing postgresql (apt-get)…"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends postgresql; \
	fi

## Debian's Java 17 runtime for Apache Spark (the cube's Spark engine and its tests), when missing.
java:
	@if ! command -v java >/dev/null 2>&1; then \
		echo "Installing openjdk-17-jre-headless (apt-get)…"; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends openjdk-17-jre-headless; \
	fi

## Write the current warehouse version to the lake (XRM_LAKE, default instance/lake) as Parquet, for Spark.
lake: $(STAMP)
	XRM_LAKE=$${XRM_LAKE:-instance/lake} $(BIN)/python -m olap.lake

## The whole suite: unit, integration and browser tests; the store tests also on PostgreSQL (required here);
## the cube's differential suite on Spark local mode (needs Java: `java`).
test: $(STAMP) browser redis postgres java
	XRM_REQUIRE_PG=1 $(BIN)/python -m pytest

## The suite without browser tests and the Spark engine's (seconds, not minutes): for the edit-test loop.
test-fast: $(STAMP) redis
	$(BIN)/python -m pytest -m "not browser and not spark"

## Rebuild the demo warehouse as a new version (SCALE=10 for the large one).
demo-data: $(STAMP)
	$(BIN)/python -m jobs.build --scale $(SCALE) --seed $(SEED)

## Back up the instance (warehouse version, operational store, scores, campaign files) to backups/.
backup: $(STAMP)
	$(BIN)/python -m jobs.backup create

## Restore the newest backup (or FILE=backups/xrm-backup-….tar); stop the app first.
restore: $(STAMP)
	$(BIN)/python -m jobs.backup restore $(FILE)

warehouse-path: $(STAMP)
	@$(BIN)/python -m data.warehouse path

bench: $(STAMP)
	$(BIN)/python bench/bench_generator.py --scales 1,10
	$(BIN)/python bench/bench_dashboard.py --scales 1,10
	$(BIN)/python bench/bench_explore.py --scales 1,10
	$(BIN)/python bench/bench_explore_browser.py --scales 1,10
	$(BIN)/python bench/bench_explore_click.py --scales 1,10
	$(BIN)/python bench/bench_first_paint.py --scales 1,10 --cold
	$(BIN)/python bench/bench_dashboard_click.py --scales 1,10
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_segments.py --scales 1,10
	$(BIN)/python bench/bench_mining_rfm.py --scales 1,10
	$(BIN)/python bench/bench_mining_cluster.py --scales 1,10
	$(BIN)/python bench/bench_mining_rules.py --scales 1,10
	$(BIN)/python bench/bench_mining_forecast.py --scales 1,10
	$(BIN)/python bench/bench_mining_propensity.py --scales 1,10
	$(BIN)/python bench/bench_mining_simulate.py --scales 1,10
	$(BIN)/python bench/bench_pipeline.py --scales 1,10
	$(BIN)/python bench/bench_campaigns.py --scales 1,10
	$(BIN)/python bench/bench_campaign_launch.py --scales 1,10
	$(BIN)/python bench/bench_import.py --rows 1000000,10000000
	$(BIN)/python bench/bench_import_steps.py --rows 5000000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
