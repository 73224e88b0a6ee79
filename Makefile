# pgAnalytics — every target a newcomer or CI needs. `make demo` and `make test` are the two that matter.
SHELL := /bin/bash
PGA   := ./bin/pga.js
NODE_TEST := node --import tsx --test --test-force-exit

# Every test: unit tests need nothing running; the others use the Kafka and PostgreSQL that `make up` starts
# (or private stacks of their own), so `make test` starts the stack first.
TESTS = $(shell find test -name '*.test.ts' | sort)

AGENT_BUILD := collector-native/build

.PHONY: help deps install up down status migrate demo test lint typecheck bench clean collector collector-test

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

deps: ## install the system packages the stack needs (Java, Maven, psql) when missing
	@scripts/install-deps.sh

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: deps node_modules/.package-lock.json ## install everything (system packages, npm packages)

collector: ## build the native agent (installs its Debian packages when missing): collector-native/build/pga-agent
	@scripts/install-agent-deps.sh
	@cmake -S collector-native -B $(AGENT_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(AGENT_BUILD) -j2

collector-test: collector ## the agent's GoogleTest unit tests alone (the full suite runs them too)
	$(AGENT_BUILD)/pga-agent-tests

up: install ## start the local stack (Kafka, PostgreSQL) and create the topics
	$(PGA) up

down: ## stop what `make up` started
	$(PGA) down

status: ## show the state of the local stack
	$(PGA) status

migrate: up ## apply the database migrations
	$(PGA) migrate

demo: install collector ## run the whole system on a small simulated fleet (Ctrl-C stops it)
	$(PGA) demo

typecheck: node_modules/.package-lock.json
	npx tsc -p tsconfig.json --noEmit

lint: node_modules/.package-lock.json typecheck ## lint, format and type checks
	npx eslint .
	npx prettier --check .

test: install lint collector up ## everything CI runs: lint, type checks, and every test against the real stack
	$(NODE_TEST) --test-concurrency=2 $(TESTS)

bench: collector up ## the benchmarks (figures printed, never asserted): ingest, api, agent
	$(PGA) bench ingest
	$(PGA) bench api
	$(PGA) bench agent

clean: down ## stop the stack and delete its data
	$(PGA) down --purge
