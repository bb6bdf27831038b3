#!/usr/bin/env bash
# Builds the example models (models/) as the WebAssembly modules the worker runs, into
# $CARGO_TARGET_DIR/wasm32-unknown-unknown/model/bdes_model_<name>.wasm.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
cargo build --profile model --target wasm32-unknown-unknown \
	-p bdes-model-aggregate -p bdes-model-filter -p bdes-model-join -p bdes-model-kmeans
ls -l "$CARGO_TARGET_DIR/wasm32-unknown-unknown/model/"bdes_model_*.wasm
