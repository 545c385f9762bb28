# The two commands a new machine needs: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
NPM ?= npm
NODE ?= node

.PHONY: demo test deps ui build lint tauri-driver bench package package-install clean

# Tools the tests need that are not Debian packages, built once beside the build output.
TOOLS_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/tools
TAURI_DRIVER := $(TOOLS_DIR)/bin/tauri-driver
# The simulator `make build` leaves, which the newman run starts.
SIM := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/debug/worktray-sim

## Run Worktray on the built-in Worksection simulator.
demo: build
	scripts/demo.sh

## Every test: lints, Rust unit and integration tests, the vendor's Postman collections against
## the simulator, UI tests, the real app on a desktop.
test: build lint tests/oauth-mock/node_modules/.package-lock.json tests/newman/node_modules/.package-lock.json $(TAURI_DRIVER)
	@# The core's tests regenerate the UI's TypeScript bindings: they must match what is committed.
	$(CARGO) test --workspace --locked export_bindings
	git diff --exit-code -- ui/src/lib/bindings
	test -z "$$(git ls-files --others --exclude-standard ui/src/lib/bindings)"
	@# The Rust tests mostly wait (on the simulator's faults), so the UI tests and Worksection's
	@# own Postman collections (newman, against the simulator) run beside them. The bindings
	@# are not written again meanwhile: the UI tests read them.
	scripts/together.sh "$(NPM) --prefix ui test" "$(NODE) tests/newman/run.mjs $(SIM)" \
		"$(CARGO) test --workspace --locked -- --skip export_bindings"
	scripts/with-keyring.sh $(CARGO) test -p worktray-tests --test keyring --locked -- \
		--test-threads=1 --skip from_the_window
	@# The first run from the window needs a desktop as well. Only it: with a display, the
	@# keyring's unlock prompt would show for the locked-keyring test and wait for a person.
	TAURI_DRIVER=$(TAURI_DRIVER) scripts/with-desktop.sh scripts/with-keyring.sh \
		$(CARGO) test -p worktray-tests --test keyring --locked from_the_window -- --test-threads=1
	TAURI_DRIVER=$(TAURI_DRIVER) WORKTRAY_SCREENSHOTS=$(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/screenshots \
		scripts/with-desktop.sh $(CARGO) test -p worktray-tests --test desktop_e2e --locked -- --test-threads=1
	@# The packages of the debug build the tests ran (a release build would double the time),
	@# checked, installed on this machine and run from the app menu's entry.
	$(MAKE) package-install PACKAGE_PROFILE=debug
	WORKTRAY_SCREENSHOTS=$(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/screenshots \
		scripts/with-desktop.sh $(CARGO) test -p worktray-tests --test installed --locked

# WebDriver for the Tauri window (tauri-driver drives WebKitWebDriver): about a minute, once.
$(TAURI_DRIVER):
	$(CARGO) install --locked --root $(TOOLS_DIR) tauri-driver --version 2.1.0

tauri-driver: $(TAURI_DRIVER)

## Memory (whole process tree, WebKit included), idle CPU, start-up, window and API cost of the
## release build, as a table (also in target/bench.md). It measures; a missed target shows FAIL.
bench: release
	scripts/bench.sh

## The .deb and .rpm (Tauri's bundler), from the release build `make bench` measures, checked
## with lintian, desktop-file-validate and appstreamcli. PACKAGE_PROFILE=debug packages the
## debug build instead (make test does).
PACKAGE_PROFILE ?= release
package: packaging/node_modules/.package-lock.json $(if $(filter release,$(PACKAGE_PROFILE)),release,build)
	PACKAGE_PROFILE=$(PACKAGE_PROFILE) scripts/package.sh

## Installs the .deb just made on this machine (through sudo unless root).
package-install: package
	scripts/install-package.sh $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)/package/$(PACKAGE_PROFILE)/bundle/deb/*.deb

release: ui
	$(CARGO) build --release --locked -p worktray -p worktray-window -p worktray-sim

deps:
	scripts/install-deps.sh

ui/node_modules/.package-lock.json: ui/package-lock.json
	$(NPM) --prefix ui ci --no-audit --no-fund

# The independent OAuth2 server the sign-in tests run against.
tests/oauth-mock/node_modules/.package-lock.json: tests/oauth-mock/package-lock.json
	$(NPM) --prefix tests/oauth-mock ci --no-audit --no-fund

# The Tauri bundler's command line, which makes the packages.
packaging/node_modules/.package-lock.json: packaging/package-lock.json
	$(NPM) --prefix packaging ci --no-audit --no-fund

# newman, which runs the vendor's Postman collections against the simulator.
tests/newman/node_modules/.package-lock.json: tests/newman/package-lock.json
	$(NPM) --prefix tests/newman ci --no-audit --no-fund

ui: deps ui/node_modules/.package-lock.json
	$(NPM) --prefix ui run build

build: ui
	$(CARGO) build --workspace --bins --locked

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	@# --all-targets leaves out the tests that need a keyring or a desktop (test = false).
	$(CARGO) clippy -p worktray-tests --test keyring --test desktop_e2e --test installed --locked -- -D warnings
	$(NPM) --prefix ui run check

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tests/oauth-mock/node_modules tests/newman/node_modules \
		packaging/node_modules
