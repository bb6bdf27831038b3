#!/usr/bin/env bash
# Benchmarks of the data gateway, with the figures the README quotes:
#   1. signed licence checks per second with a warm cache (criterion, in-process);
#   2. licence-gated download of 100 MiB against a direct IPFS `cat` of the same bytes, in the
#      same run: a dev node, a real IPFS node and the gateway (release builds) on this machine.
# Needs a node build (scripts/dev-chain.sh builds it). SIZE_MIB, ROUNDS and GATEWAY_THREADS (the
# gateway's worker threads; 1 by default, as IPFS needs the other core of a 2-core machine)
# change the run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
SIZE_MIB="${SIZE_MIB:-100}"
ROUNDS="${ROUNDS:-5}"

stage "signed licence checks (criterion)"
cargo bench -p bdes-gateway --bench licence_checks

stage "release builds: node, gateway, CLI, throughput harness"
build_node
SKIP_WASM_BUILD=1 cargo build --release -p bdes-gateway -p bdes-cli --bins --example throughput
BIN="$CARGO_TARGET_DIR/release"

WORK="$(mktemp -d /tmp/bdes-bench.XXXXXX)"
export BDES_IPFS_REPO="$WORK/ipfs" BDES_IPFS_API_PORT=5101 BDES_IPFS_GATEWAY_PORT=8181 BDES_IPFS_SWARM_PORT=4101
IPFS="http://127.0.0.1:$BDES_IPFS_API_PORT"
RPC_PORT=9955
URL="ws://127.0.0.1:$RPC_PORT"
GATEWAY="http://127.0.0.1:8189"
cleanup() {
	kill "${GATEWAY_PID:-}" "${NODE_PID:-}" 2> /dev/null || true
	"$ROOT/scripts/ipfs.sh" stop || true
	rm -rf "$WORK"
}
trap cleanup EXIT

stage "IPFS, dev node, gateway"
"$ROOT/scripts/ipfs.sh" start
"$NODE_BIN" --dev --rpc-port "$RPC_PORT" --base-path "$WORK/chain" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do
	curl -sf -H 'Content-Type: application/json' -d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		"http://127.0.0.1:$RPC_PORT" > /dev/null 2>&1 && break
	sleep 1
done
"$BIN/bdes-gateway" --listen 127.0.0.1:8189 --node "$URL" --ipfs "$IPFS" --operator-suri //Ferdie \
	--worker-threads "${GATEWAY_THREADS:-1}" \
	> "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!

stage "a ${SIZE_MIB} MiB asset, approved, with a licence for Dave"
bdes() { "$BIN/bdes" --url "$URL" --ipfs "$IPFS" --json "$@"; }
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/data.bin"
published="$(bdes --suri //Bob data publish "$WORK/data.bin" --title "Benchmark ${SIZE_MIB} MiB")"
asset="$(node -pe "JSON.parse(process.argv[1]).asset" "$published")"
cid="$(node -pe "JSON.parse(process.argv[1]).cid" "$published")"
(cd e2e && BDES_URL="$URL" node scripts/council-motion.mjs approve "$asset")
offer="$(bdes --suri //Bob licence offer "$asset" --price 1 --duration 10000 --calls 1000)"
offer="$(node -pe "JSON.parse(process.argv[1]).offer" "$offer")"
licence="$(bdes --suri //Dave licence buy "$offer")"
licence="$(node -pe "JSON.parse(process.argv[1]).licence" "$licence")"

stage "download throughput: gateway against direct IPFS cat"
"$BIN/examples/throughput" --gateway "$GATEWAY" --ipfs "$IPFS" --asset "$asset" --cid "$cid" \
	--licence "$licence" --suri //Dave --rounds "$ROUNDS"
