#!/usr/bin/env bash
# Benchmarks BDES's pallets on the runtime WASM and writes their `weights.rs`.
#
#   scripts/benchmark.sh                      # every BDES pallet
#   scripts/benchmark.sh pallet_data_assets   # one
#   STEPS=50 REPEAT=20 (defaults) set the precision; the order book defaults to 10 × 5 and the
#   NFT market to 20 × 10, as each of their steps builds a large state (a 100,000-order book).
#
# Builds the runtime with `runtime-benchmarks` and installs frame-omni-bencher 0.28 (the
# stable2609 release) into /var/tmp/bdes-tools the first time; both take long on 2 cores.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

TOOLS="${BDES_TOOLS:-/var/tmp/bdes-tools}"
BENCHER="$TOOLS/bin/frame-omni-bencher"
if [ ! -x "$BENCHER" ]; then
	stage "cargo install frame-omni-bencher 0.28.0"
	timed cargo install frame-omni-bencher --version 0.28.0 --locked --root "$TOOLS" \
		--target-dir "${BDES_BENCHER_TARGET:-/var/tmp/bdes-bencher-target}"
fi

stage "runtime WASM with runtime-benchmarks"
timed cargo build -p bdes-runtime --features runtime-benchmarks
WASM="$CARGO_TARGET_DIR/debug/wbuild/bdes-runtime/bdes_runtime.compact.compressed.wasm"
[ -f "$WASM" ] || WASM="${WASM%.compact.compressed.wasm}.wasm"

declare -A DIRS=([pallet_collator_rewards]=collator-rewards [pallet_data_assets]=data-assets
	[pallet_data_licences]=data-licences [pallet_revenue_shares]=revenue-shares
	[pallet_order_book]=order-book [pallet_nft_market]=nft-market)
declare -A STEPS_OF=([pallet_order_book]=10 [pallet_nft_market]=20)
declare -A REPEAT_OF=([pallet_order_book]=5 [pallet_nft_market]=10)
PALLETS=("$@")
[ ${#PALLETS[@]} -gt 0 ] || PALLETS=("${!DIRS[@]}")
for pallet in "${PALLETS[@]}"; do
	dir="${DIRS[$pallet]:?unknown pallet $pallet}"
	stage "benchmark $pallet"
	timed "$BENCHER" v1 benchmark pallet --runtime "$WASM" --pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-${STEPS_OF[$pallet]:-50}}" --repeat "${REPEAT:-${REPEAT_OF[$pallet]:-20}}" \
		--wasm-execution compiled \
		--template scripts/weight-template.hbs --output "pallets/$dir/src/weights.rs"
done
