# ComplaintDesk build and test entry points.
#
#   make run     build the app and start it (data in the OS data folder)
#   make test    everything CI checks: UI typecheck + Vitest, cargo tests, generated-bindings
#                check, the end-to-end tests in a real window under Xvfb, then the Rust and
#                front-end tests again at two hard dates (faketime)
#   make test-dates  the Rust and front-end tests at every hard date (DATES="year-end ..." for some)
#   make ui      build the front end into ui/dist
#   make build   build the app binary target/debug/complaintdesk (serves the embedded UI)
#   make e2e     build, then run only the end-to-end tests
#   make dist    the installer of this machine (.deb on Linux, .dmg/.app on macOS) under
#                target/release/bundle/ (a release build: about 20 minutes on 2 cores)
#   make clean   remove build output and installed node_modules
#
# Every target first installs what is missing (and skips what is present): on Debian/Ubuntu the
# apt packages below, Rust through rustup, tauri-driver, and the npm packages of ui/ and
# tests/e2e/. On macOS only the Xcode command line tools are needed (xcode-select --install);
# the WebDriver tests run on Linux only.
#
# `make run` builds a debug binary: a clean debug build takes about 3 minutes on 2 cores and
# shares its output with `make test`; a release build (thin LTO, one codegen unit) takes
# longer and relinks slowly. `make run PROFILE=release` builds and starts the release binary.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# rustup installs into ~/.cargo/bin, which may not be on PATH yet in a fresh shell.
export PATH := $(HOME)/.cargo/bin:$(PATH)

UNAME := $(shell uname -s)
# The shared store's tests run beside a private PostgreSQL (tests/pg.sh starts and stops it).
PG := tests/pg.sh
PROFILE ?= debug
# One set of flags for tests and builds, so Tauri and its dependencies compile once.
# --all-targets matters: a build without test targets leaves dev-dependencies out of feature
# unification (tempfile turns on bitflags/std), which changes bitflags and so recompiles the
# whole GTK/Tauri stack (about a minute) between `cargo test` and `cargo build`.
# (`cargo test` includes dev-dependencies by itself; --all-targets there would skip doctests.)
FEATURES := --features custom-protocol
comma := ,
BUILD_FLAGS := --workspace $(if $(filter release,$(PROFILE)),--release,--all-targets) $(FEATURES)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
APP := $(TARGET_DIR)/$(PROFILE)/complaintdesk
BINDINGS := ui/src/lib/ipc/bindings
# Contents of the bindings folder, to compare before and after cargo test where git cannot.
BINDINGS_HASH := (cd $(BINDINGS) 2>/dev/null && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)

APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential libssl-dev libayatana-appindicator3-dev \
	librsvg2-dev libxdo-dev xvfb webkit2gtk-driver fonts-noto-cjk poppler-utils sqlite3 \
	faketime dunst util-linux python3-xlib postgresql
NODE_MIN := 20.19

# sudo only when not root and sudo exists.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || ! command -v sudo >/dev/null 2>&1 || echo sudo)

.PHONY: help run test deps system-deps rust-deps node-check ui ui-check build build-e2e cargo-test bindings-check e2e test-dates clean

help:
	@sed -n '3,14p' Makefile | sed 's/^# \{0,1\}//'

## dist: the Tauri CLI builds the release binary and bundles it from the top level, where
## tauri.conf.json is (it runs the UI's build itself, see beforeBuildCommand)
.PHONY: dist
dist: deps
	ui/node_modules/.bin/tauri build
	@ls -l $(TARGET_DIR)/release/bundle/*/* 2>/dev/null || true

## deps: install what is missing, skip what is present
deps: system-deps rust-deps node-check ui/node_modules/.installed tests/e2e/node_modules/.installed

system-deps:
ifeq ($(UNAME),Linux)
	@if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then \
		echo "deps: not a Debian/Ubuntu system; install the equivalents of: $(APT_PACKAGES)"; \
	else \
		missing=""; \
		for pkg in $(APT_PACKAGES); do \
			dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$pkg"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "deps: installing$$missing"; \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q; \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		fi; \
	fi
else ifeq ($(UNAME),Darwin)
	@xcode-select -p >/dev/null 2>&1 || { echo "deps: run 'xcode-select --install' first"; exit 1; }
endif

rust-deps:
	@if ! command -v cargo >/dev/null; then \
		echo "deps: installing Rust with rustup"; \
		curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal; \
	fi
ifeq ($(UNAME),Linux)
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --version ^2 --locked
endif

node-check:
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "deps: Node.js >= $(NODE_MIN) with npm is needed (https://nodejs.org or your package manager)"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number),[x,y]="$(NODE_MIN)".split(".").map(Number);process.exit(a>x||(a===x&&b>=y)?0:1)' \
		|| { echo "deps: Node.js >= $(NODE_MIN) is needed, found $$(node --version)"; exit 1; }

# npm ci only when node_modules is missing or older than the lock file.
ui/node_modules/.installed: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

tests/e2e/node_modules/.installed: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund
	touch $@

## ui: the front end, built into ui/dist (the Rust build embeds it)
ui: deps
	cd ui && npm run build

ui-check: deps
	cd ui && npm run typecheck
	cd ui && npm test

## build: the app binary, serving the embedded UI
# tauri-codegen compresses ui/dist into the build's OUT_DIR and skips files that already exist;
# a file left half-written by an interrupted compilation gives a window with no script (blank).
# So the shell is recompiled on its own with those files removed (a few seconds). Cargo.toml
# keeps the shell to one compilation, so no second one writes them while this one reads.
define build_app
	cargo build $(BUILD_FLAGS)$(1)
	rm -rf $(TARGET_DIR)/$(PROFILE)/build/complaintdesk-*/out/tauri-codegen-assets
	touch src-tauri/lib.rs
	cargo build $(BUILD_FLAGS)$(1) -p complaintdesk
endef

build: ui
	$(call build_app,)

## build-e2e: the binary the window tests drive, target/debug/complaintdesk-test-clock: the same
## debug build with the test-clock feature (its "now" can be set by a test; src-tauri/clock.rs).
## The plain binary is built after it by `make build`, so `make run` never starts this one.
E2E_APP := $(TARGET_DIR)/debug/complaintdesk-test-clock
build-e2e: ui
	$(MAKE) --no-print-directory build-e2e-only PROFILE=debug

.PHONY: build-e2e-only
build-e2e-only:
	$(call build_app,$(comma)test-clock)
	cp $(TARGET_DIR)/debug/complaintdesk $(E2E_APP)

## cargo-test: every crate's tests; also regenerates the ts-rs bindings in ui/src/lib/ipc/bindings
cargo-test: ui
	@mkdir -p $(TARGET_DIR) && $(BINDINGS_HASH) > $(TARGET_DIR)/bindings-before.sha256
	$(PG) cargo test --workspace $(FEATURES)

## bindings-check: the committed TypeScript bindings match what the Rust types generate
bindings-check:
	@if git rev-parse --verify -q HEAD >/dev/null 2>&1; then \
		if ! git diff --exit-code --stat -- $(BINDINGS); then \
			echo "$(BINDINGS) changed when regenerated by cargo test: commit the new files"; exit 1; \
		fi; \
		untracked="$$(git ls-files --others --exclude-standard -- $(BINDINGS))"; \
		if [ -n "$$untracked" ]; then \
			echo "cargo test generated bindings that are not committed:"; echo "$$untracked"; exit 1; \
		fi; \
		echo "bindings: $(BINDINGS) matches the Rust types"; \
	elif [ -f $(TARGET_DIR)/bindings-before.sha256 ]; then \
		if ! $(BINDINGS_HASH) | diff $(TARGET_DIR)/bindings-before.sha256 -; then \
			echo "$(BINDINGS) changed when regenerated by cargo test"; exit 1; \
		fi; \
		echo "bindings: no commit yet; $(BINDINGS) unchanged by cargo test"; \
	else \
		echo "bindings: no commit and no earlier snapshot: run make cargo-test first"; exit 1; \
	fi

## test: what CI runs
# The whole date sweep (five dates, about four minutes each: the Rust tests and the front-end
# tests that touch time) would take make test well past 30 minutes on 2 cores; CI runs the two
# below, `make test-dates` runs all five.
CI_DATES := year-end utc-day-boundary
test: deps
	$(MAKE) --no-print-directory ui-check
	$(MAKE) --no-print-directory cargo-test
	$(MAKE) --no-print-directory bindings-check
	$(MAKE) --no-print-directory build-e2e
	$(MAKE) --no-print-directory build PROFILE=debug
	$(MAKE) --no-print-directory e2e-only
	$(MAKE) --no-print-directory test-dates-only DATES="$(CI_DATES)"

## e2e: build, then the end-to-end tests alone
e2e: build-e2e
	$(MAKE) --no-print-directory build PROFILE=debug
	$(MAKE) --no-print-directory e2e-only

.PHONY: e2e-only
e2e-only:
ifeq ($(UNAME),Linux)
	COMPLAINTDESK_APP="$(abspath $(E2E_APP))" COMPLAINTDESK_SHIPPED_APP="$(abspath $(TARGET_DIR)/debug/complaintdesk)" $(PG) tests/e2e/run.sh
else
	@echo "e2e: skipped, the WebDriver tests run on Linux only"
endif

## test-dates: the Rust and front-end tests under faketime at the dates where deadlines are hard
## (tests/dates.sh lists them); DATES="year-end spring-makeup" runs some
DATES ?=
test-dates: deps ui
	cargo test --workspace $(FEATURES) --no-run
	$(MAKE) --no-print-directory test-dates-only

.PHONY: test-dates-only
test-dates-only:
ifeq ($(UNAME),Linux)
	tests/dates.sh $(DATES)
else
	@echo "test-dates: runs on Linux, under Debian's faketime"
endif

## bench: case-list speed (CD_BENCH_CASES=1000000 for a million), the watcher, the dashboard on
## demo databases (CD_BENCH_DASHBOARD=10000,100000), PDF documents, and start-up time
## (`make bench-startup PROFILE=release STARTUP_CASES=0,100000`: the release window on a new desk and
## on a 100,000-case one, side by side)
.PHONY: bench bench-startup bench-stores bench-scale bench-import
bench: deps bench-startup bench-stores bench-scale bench-import
	cargo bench -p complaintdesk-core --bench classify
	cargo bench -p complaintdesk-core --bench case_list
	cargo bench -p complaintdesk-core --bench watcher
	cargo bench -p complaintdesk-core --bench dashboard
	cargo bench -p complaintdesk-docs --bench docs

## bench-stores: the same 100,000-case desk on SQLite and on PostgreSQL (a private server), side by
## side; and how soon another desk hears of a change on the shared store.
bench-stores: deps
	$(PG) cargo bench -p complaintdesk-core --bench stores
	$(PG) cargo bench -p complaintdesk-core --bench live
	# The CLI's demo of 10,000 cases on both stores gives the same figures (make test runs it at
	# 1,000: a debug build takes about 45 s per 1,000 on the shared store; this takes about 6 minutes).
	DEMO_CASES=10000 $(PG) cargo test --release -p complaintdesk-cli --test shared_store the_same_demo

## bench-scale: ten years × 100,000 cases (CD_SCALE_CASES) on SQLite and on PostgreSQL: a year's
## KPIs and dashboard and every list filter, beside the same SQL run raw, with their targets.
## The SQLite desk is written once (a few minutes) and kept under target/bench-data.
bench-scale: deps
	$(PG) cargo bench -p complaintdesk-core --bench scale

## bench-import: a 100,000-row GBK CSV and .xlsx of past complaints (CD_IMPORT_ROWS) imported into a
## new desk: rows per second and peak memory beside a file a tenth as long, on both stores.
bench-import: deps
	$(PG) cargo bench -p complaintdesk-core --bench import

bench-startup: build
ifeq ($(UNAME),Linux)
	COMPLAINTDESK_APP="$(abspath $(APP))" tests/e2e/run.sh startup.bench.mjs
else
	@echo "bench-startup: the WebDriver benchmark runs on Linux only"
endif

## run: build and start the app; under Xvfb when Linux has no display
run: build
ifeq ($(UNAME),Linux)
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
		echo "run: no display, starting under xvfb-run"; \
		exec xvfb-run -a -s "-screen 0 1440x900x24" $(APP); \
	else \
		exec $(APP); \
	fi
else
	$(APP)
endif

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules tests/e2e/node_modules tests/e2e/artifacts gen
