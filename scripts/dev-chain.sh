#!/usr/bin/env bash
# Starts a single-node BDES development chain (Alice collates, blocks every 3 s, no relay chain
# needed), RPC on 127.0.0.1:${RPC_PORT:-9944}. Extra arguments go to bdes-node
# (e.g. `--base-path /tmp/bdes` to keep the chain between runs).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	stage "cargo build --release -p bdes-node (the first build takes over an hour on 2 cores)"
	build_node
fi

RPC_PORT="${RPC_PORT:-9944}"
stage "bdes-node --dev on ws://127.0.0.1:$RPC_PORT"
echo "    Polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer"
exec "$NODE_BIN" --dev --rpc-port "$RPC_PORT" --rpc-cors all "$@"
