# The two commands a new machine needs: `make demo` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
NPM ?= npm

.PHONY: demo test deps ui build lint clean

## Run Worktray on the built-in Worksection simulator.
demo: build
	scripts/demo.sh

## Every test: lints, Rust unit and integration tests, UI tests.
test: build lint tests/oauth-mock/node_modules/.package-lock.json
	$(CARGO) test --workspace --locked
	scripts/with-keyring.sh $(CARGO) test -p worktray-tests --test keyring --locked -- --test-threads=1
	$(NPM) --prefix ui test

deps:
	scripts/install-deps.sh

ui/node_modules/.package-lock.json: ui/package-lock.json
	$(NPM) --prefix ui ci --no-audit --no-fund

# The independent OAuth2 server the sign-in tests run against.
tests/oauth-mock/node_modules/.package-lock.json: tests/oauth-mock/package-lock.json
	$(NPM) --prefix tests/oauth-mock ci --no-audit --no-fund

ui: deps ui/node_modules/.package-lock.json
	$(NPM) --prefix ui run build

build: ui
	$(CARGO) build --workspace --bins --locked

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(NPM) --prefix ui run check

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules tests/oauth-mock/node_modules
