#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test BDES: apt packages for the node,
# the Rust targets from rust-toolchain.toml, and the end-to-end test's npm packages.
set -euo pipefail
source "$(dirname "$0")/common.sh"

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
ls /usr/lib/llvm-*/lib/libclang*.so >/dev/null 2>&1 || need_apt+=(libclang-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
	stage "apt-get install ${need_apt[*]}"
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

stage "rust toolchain (rust-toolchain.toml)"
cd "$ROOT"
# The toolchain pinned in rust-toolchain.toml, with the WASM targets and rust-src the runtime needs.
channel="$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)"
rustup toolchain install "$channel" --profile minimal \
	--component rust-src,clippy,rustfmt --target wasm32v1-none,wasm32-unknown-unknown >/dev/null 2>&1

stage "npm packages of the end-to-end test"
cd "$ROOT/e2e"
if [ ! -d node_modules/@polkadot/api ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi

stage "IPFS node for development and the end-to-end test (js-ipfs from npm, Kubo wire format)"
"$ROOT/scripts/ipfs.sh" install
