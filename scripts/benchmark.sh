#!/usr/bin/env bash
# Benchmarks BDES's pallets, and the SDK pallets the README compares them with, on the runtime
# WASM in one run on one machine, and writes their weights.
#
#   scripts/benchmark.sh                      # every BDES pallet and the SDK references
#   scripts/benchmark.sh pallet_data_assets   # one
#   STEPS=20 REPEAT=10 (defaults: what the committed weights used; the SDK's usual 50 × 20 takes
#   about three times as long) set the precision. The order book runs at the SDK's 50 × 20: its
#   placements' fit over 1 to 32 fills is what placements are refunded to, and at 20 × 10 its
#   intercept moved by 300 µs between runs on this VM.
#
# The runner is the node's own `benchmark-pallet` subcommand (frame-omni-bencher's runner,
# node/src/bench.rs), so nothing but the node and a runtime-benchmarks WASM is built.
# BDES pallets get `pallets/<dir>/src/weights.rs` (scripts/weight-template.hbs); the SDK pallets
# get `runtime/src/weights/<pallet>.rs` (the SDK's runtime template), which the runtime uses.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

stage "cargo build --release -p bdes-node (the benchmark runner)"
timed build_node

stage "runtime WASM with runtime-benchmarks"
timed cargo build -p bdes-runtime --features runtime-benchmarks
WASM="$CARGO_TARGET_DIR/debug/wbuild/bdes-runtime/bdes_runtime.compact.compressed.wasm"
[ -f "$WASM" ] || WASM="${WASM%.compact.compressed.wasm}.wasm"

declare -A DIRS=([pallet_collator_rewards]=collator-rewards [pallet_data_assets]=data-assets
	[pallet_data_licences]=data-licences [pallet_revenue_shares]=revenue-shares
	[pallet_order_book]=order-book [pallet_nft_market]=nft-market [pallet_ido]=ido [pallet_compute]=compute [pallet_feeds]=feeds
	[pallet_reserve_pool]=reserve-pool)
# The references, and what every extrinsic is charged besides its call (the transaction
# extensions: nonce, era, weight, fee payment, proof reclaim).
SDK=(pallet_balances pallet_assets pallet_nfts frame_system_extensions cumulus_pallet_weight_reclaim
	pallet_transaction_payment)
declare -A STEPS_OF=([pallet_order_book]=50)
declare -A REPEAT_OF=([pallet_order_book]=20)
PALLETS=("$@")
[ ${#PALLETS[@]} -gt 0 ] || PALLETS=("${!DIRS[@]}" "${SDK[@]}")
mkdir -p runtime/src/weights
for pallet in "${PALLETS[@]}"; do
	if [ -n "${DIRS[$pallet]:-}" ]; then
		out=(--template scripts/weight-template.hbs --output "pallets/${DIRS[$pallet]}/src/weights.rs")
	elif [[ " ${SDK[*]} " == *" $pallet "* ]]; then
		out=(--output "runtime/src/weights/$pallet.rs")
	else
		echo "unknown pallet $pallet" >&2
		exit 2
	fi
	stage "benchmark $pallet"
	timed "$NODE_BIN" benchmark-pallet --runtime "$WASM" --pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-${STEPS_OF[$pallet]:-20}}" --repeat "${REPEAT:-${REPEAT_OF[$pallet]:-10}}" \
		--wasm-execution compiled "${out[@]}"
done
