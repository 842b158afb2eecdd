# Task runner. `make test` is the gate CI runs (.ci/run) and the README's test command.
.PHONY: test ci check-tools services lint unit bench bench-worker bench-compare demo book

CARGO ?= cargo

test: ci

ci: check-tools services lint unit

check-tools:
	@command -v $(CARGO) >/dev/null || { echo "error: cargo is not installed (https://rustup.rs)"; exit 2; }
	@echo "toolchain: $$($(CARGO) --version)"

# The broker, Redis and PostgreSQL the worker's tests use: installed, started or
# reported missing (the tests fail rather than skip without them).
services:
	@scripts/services >/dev/null

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# CI=true makes insta fail on snapshot changes instead of writing them.
unit:
	eval "$$(scripts/services)" && CI=true INSTA_UPDATE=no $(CARGO) test --workspace --all-targets --locked
	CI=true INSTA_UPDATE=no $(CARGO) test --workspace --doc --locked
	eval "$$(scripts/services)" && FAKE_KSQLDB_VERBATIM=1 CI=true INSTA_UPDATE=no $(CARGO) test --test deploy --locked

# Every benchmark; each prints its figures (see book/src/benchmarks.md).
bench:
	$(CARGO) bench --bench compile
	$(CARGO) bench --bench rank
	$(CARGO) bench --bench engine
	$(CARGO) bench --bench read_api
	$(CARGO) bench --bench portal_check
	$(CARGO) bench --bench raw_route
	ulimit -n 12000 && $(CARGO) bench --bench player_ws

# Worker throughput and latency against a real broker, Redis and PostgreSQL.
bench-worker: services
	eval "$$(scripts/services)" && $(CARGO) bench -p tourney-worker --bench pipeline
	eval "$$(scripts/services)" && ulimit -n 20000 && $(CARGO) bench -p tourney-worker --bench pool

# tourney beside the tools an operator would use instead (DuckDB, /bin/true), in one
# run: medians and ratios (see book/src/benchmarks.md).
bench-compare:
	scripts/bench-compare

# The main job on the embedded default: generated traffic scored live in one process,
# the read API served while it runs, the final board printed; then the same traffic
# through the dry-run, which must show the same board.
demo:
	$(CARGO) build --release --locked
	./target/release/tourney run examples/tournaments/weekend-slots.tourney \
	  --generate 200000 --players 20000 --seed 1 --exit-when-done --listen 127.0.0.1:0 --top 10
	./target/release/tourney gen-events --tournament examples/tournaments/weekend-slots.tourney \
	  --events 200000 --players 20000 --seed 1 \
	  | ./target/release/tourney dry-run examples/tournaments/weekend-slots.tourney --events - --top 10

book:
	@command -v mdbook >/dev/null || { echo "error: mdbook is not installed (cargo install mdbook)"; exit 2; }
	mdbook build book
