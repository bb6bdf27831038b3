#!/usr/bin/env bash
# A real IPFS node (js-ipfs 0.66.1 from npm, patched to Kubo's wire format) on 127.0.0.1,
# offline: no bootstrap peers, no NAT, no MDNS.
#
#   scripts/ipfs.sh install          npm install (lockfile) + wire-format patches
#   scripts/ipfs.sh start            init the repo if needed, start the daemon, wait for the API
#   scripts/ipfs.sh stop             stop the daemon started by `start`
#   scripts/ipfs.sh status           exit 0 if the API answers
#
# Environment: BDES_IPFS_REPO (default /tmp/bdes-ipfs), BDES_IPFS_API_PORT (5001),
# BDES_IPFS_GATEWAY_PORT (8080), BDES_IPFS_SWARM_PORT (4001).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IPFS_DIR="$ROOT/ipfs"
REPO="${BDES_IPFS_REPO:-/tmp/bdes-ipfs}"
API_PORT="${BDES_IPFS_API_PORT:-5001}"
GATEWAY_PORT="${BDES_IPFS_GATEWAY_PORT:-8080}"
SWARM_PORT="${BDES_IPFS_SWARM_PORT:-4001}"
API="http://127.0.0.1:$API_PORT"
PIDFILE="$REPO.pid"
LOG="$REPO.log"
export IPFS_PATH="$REPO" NO_UPDATE_NOTIFIER=1

jsipfs() { node "$IPFS_DIR/node_modules/ipfs/src/cli.js" "$@"; }

install() {
	if [ ! -f "$IPFS_DIR/node_modules/ipfs/src/cli.js" ]; then
		# `npm ci` fails on an optional GitHub tarball dependency; install honours the lockfile.
		(cd "$IPFS_DIR" && npm install --no-audit --no-fund --loglevel=error)
	fi
	node "$IPFS_DIR/kubo-wire-format.mjs"
}

status() { curl -sf -X POST "$API/api/v0/version" > /dev/null; }

configure() {
	jsipfs init --profile test > /dev/null
	node --input-type=module -e "
		import { readFileSync, writeFileSync } from 'node:fs'
		const path = process.argv[1] + '/config'
		const c = JSON.parse(readFileSync(path, 'utf8'))
		c.Bootstrap = []
		c.Addresses = {
			Swarm: ['/ip4/127.0.0.1/tcp/$SWARM_PORT'],
			API: '/ip4/127.0.0.1/tcp/$API_PORT',
			Gateway: '/ip4/127.0.0.1/tcp/$GATEWAY_PORT',
			RPC: '/ip4/127.0.0.1/tcp/0',
			Delegates: []
		}
		c.Discovery = { MDNS: { Enabled: false }, webRTCStar: { Enabled: false } }
		c.Swarm = { ...(c.Swarm || {}), DisableNatPortMap: true }
		writeFileSync(path, JSON.stringify(c, null, 2))
	" "$REPO"
}

start() {
	install
	if status; then echo "IPFS API already up at $API"; return 0; fi
	[ -f "$REPO/config" ] || configure
	nohup node "$IPFS_DIR/node_modules/ipfs/src/cli.js" daemon --enable-preload=false > "$LOG" 2>&1 &
	echo $! > "$PIDFILE"
	for _ in $(seq 1 60); do
		if status; then echo "IPFS API up at $API (repo $REPO, log $LOG)"; return 0; fi
		if ! kill -0 "$(cat "$PIDFILE")" 2> /dev/null; then break; fi
		sleep 1
	done
	echo "IPFS did not start; its log:" >&2
	cat "$LOG" >&2
	return 1
}

stop() {
	if [ -f "$PIDFILE" ]; then
		kill "$(cat "$PIDFILE")" 2> /dev/null || true
		for _ in $(seq 1 20); do kill -0 "$(cat "$PIDFILE")" 2> /dev/null || break; sleep 0.5; done
		rm -f "$PIDFILE"
	fi
}

case "${1:-}" in
	install) install ;;
	start) start ;;
	stop) stop ;;
	status) status ;;
	*) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
