#!/usr/bin/env bash
# The project's test command: formatting, lints, pallet and runtime tests, and the end-to-end
# tests with @polkadot/api. The end-to-end tests run against the built node when there is one in
# the target dir (rebuilt incrementally first), otherwise against the runtime WASM in chopsticks;
# the data-assets end-to-end test (CLI, real IPFS, offchain-worker pinning) needs the node's
# offchain workers and says it is skipped on the chopsticks path.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

"$ROOT/scripts/setup.sh"

stage "cargo fmt --check"
timed cargo fmt --all -- --check

stage "cargo clippy (pallets, runtime; -D warnings)"
timed env SKIP_WASM_BUILD=1 cargo clippy --workspace --exclude bdes-node --all-targets -- -D warnings

stage "example models to WebAssembly (the worker's tests run them)"
timed "$ROOT/scripts/build-models.sh"

stage "cargo test (pallets, runtime, models, worker)"
timed env SKIP_WASM_BUILD=1 cargo test --workspace --exclude bdes-node

stage "cargo test (pallet benchmarks, as tests)"
timed env SKIP_WASM_BUILD=1 cargo test -p pallet-collator-rewards -p pallet-data-assets \
	-p pallet-data-licences -p pallet-revenue-shares -p pallet-order-book -p pallet-nft-market -p pallet-ido -p pallet-compute -p pallet-feeds -p pallet-reserve-pool \
	--features runtime-benchmarks

if [ -x "$NODE_BIN" ] && [ "${BDES_E2E_TARGET:-}" != chopsticks ]; then
	stage "cargo build --release -p bdes-node, with clippy on the workspace crates (incremental: a node build is present)"
	timed build_node
	stage "cargo test --release -p bdes-node (the node's own code: its default database)"
	timed test_node
	stage "cargo build -p bdes-cli -p bdes-gateway -p bdes-worker -p bdes-connector (what the data-assets, rights, compute and feeds end-to-end tests drive)"
	timed env SKIP_WASM_BUILD=1 cargo build -p bdes-cli -p bdes-gateway -p bdes-worker -p bdes-connector
	export BDES_E2E_TARGET=node BDES_NODE_BIN="$NODE_BIN" BDES_CLI_BIN="$CARGO_TARGET_DIR/debug/bdes" \
		BDES_GATEWAY_BIN="$CARGO_TARGET_DIR/debug/bdes-gateway" BDES_WORKER_BIN="$CARGO_TARGET_DIR/debug/bdes-worker" \
		BDES_CONNECTOR_BIN="$CARGO_TARGET_DIR/debug/bdes-connector"
else
	stage "no node build in $CARGO_TARGET_DIR: building the runtime WASM for chopsticks"
	# In the test profile, so it reuses the artifacts of the tests above; the WASM itself is
	# always built optimised by substrate-wasm-builder.
	timed cargo test -p bdes-runtime --no-run
	export BDES_E2E_TARGET=chopsticks
	wbuild="$CARGO_TARGET_DIR/debug/wbuild/bdes-runtime"
	BDES_RUNTIME_WASM="$wbuild/bdes_runtime.compact.compressed.wasm"
	[ -f "$BDES_RUNTIME_WASM" ] || BDES_RUNTIME_WASM="$wbuild/bdes_runtime.wasm"
	export BDES_RUNTIME_WASM
fi

stage "end-to-end test ($BDES_E2E_TARGET)"
cd "$ROOT/e2e"
timed node --test --test-reporter=spec --test-timeout=900000 tests/
