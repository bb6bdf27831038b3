#!/usr/bin/env bash
# Starts a single-node BDES development chain (Alice collates, blocks every 3 s, no relay chain
# needed), RPC on 127.0.0.1:${RPC_PORT:-9944}, with a real IPFS node on 127.0.0.1:5001 and
# Alice's pinner key (`bdpn`) in the node's keystore, so listings approved by the Council are
# pinned by the node's offchain worker. Extra arguments go to bdes-node (e.g. `--base-path
# /tmp/bdes` to keep the chain between runs). SKIP_IPFS=1 leaves IPFS alone.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

# On a fresh machine the node's build needs protoc, libclang and the WASM targets, and the
# walkthrough needs the e2e scripts' npm packages and IPFS: the same setup as the tests.
"$ROOT/scripts/setup.sh"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	stage "cargo build --release -p bdes-node (the first build takes over an hour on 2 cores)"
	build_node
fi

if [ "${SKIP_IPFS:-0}" != 1 ]; then
	stage "IPFS (js-ipfs, Kubo RPC API) on 127.0.0.1:${BDES_IPFS_API_PORT:-5001}"
	"$ROOT/scripts/ipfs.sh" start
fi

RPC_PORT="${RPC_PORT:-9944}"
RPC="http://127.0.0.1:$RPC_PORT"
# Alice's sr25519 public key: the development preset registers her as a pinner.
ALICE_PUBLIC=0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d
rpc() { curl -sf -H 'Content-Type: application/json' -d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":$2}" "$RPC"; }
(
	for _ in $(seq 1 120); do
		if rpc system_health '[]' > /dev/null 2>&1; then
			rpc author_insertKey "[\"bdpn\",\"//Alice\",\"$ALICE_PUBLIC\"]" > /dev/null &&
				echo "==> Alice's pinner key (bdpn) is in the node's keystore"
			exit 0
		fi
		sleep 1
	done
	echo "==> the node's RPC did not come up; pinner key not inserted" >&2
) &

stage "bdes-node --dev on ws://127.0.0.1:$RPC_PORT"
echo "    Polkadot.js Apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A$RPC_PORT#/explorer"
exec "$NODE_BIN" --dev --rpc-port "$RPC_PORT" --rpc-cors all --offchain-worker always "$@"
