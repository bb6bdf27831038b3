# Shared by the scripts: one persistent target dir, so every build after the first is warm.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/bdes-target}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
NODE_BIN="$CARGO_TARGET_DIR/release/bdes-node"
export NODE_BIN

# Prints a stage header with a timestamp, and the time a stage took.
stage() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
timed() {
	local start=$SECONDS rc=0
	"$@" || rc=$?
	printf '    (took %ds: %s)\n' "$((SECONDS - start))" "$*"
	return $rc
}

# Builds the node, linting the workspace's own crates (node, runtime, pallets) with clippy
# (-D warnings) on the way: dependencies are built as usual, so this costs no second build of the
# node's dependency tree. Every script builds the node this way, so their artifacts stay shared.
build_node() {
	local driver
	driver="$(dirname "$(rustup which cargo)")/clippy-driver"
	CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" RUSTC_WORKSPACE_WRAPPER="$driver" \
		cargo build --release -p bdes-node "$@"
}

# The node's unit tests, with the same compiler wrapper as `build_node`: a different wrapper
# would rebuild the workspace crates in release.
test_node() {
	local driver
	driver="$(dirname "$(rustup which cargo)")/clippy-driver"
	CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" RUSTC_WORKSPACE_WRAPPER="$driver" \
		cargo test --release -p bdes-node "$@"
}
