#!/usr/bin/env bash
# Builds the Go conformance driver (test/conformance/go: the official Tencent and Huawei Go SDKs
# calling the emulator) once per source version and prints the binary's path. Cached outside the
# clone, like the Pulumi CLI (scripts/ensure-pulumi.sh), under a lock so concurrent callers wait for
# one build. Only the SDK packages the driver imports are compiled (about a minute cold on 2 cores).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$(dirname "$here")/test/conformance/go"
CACHE_ROOT="${CLOUDTASKS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloudtasks}"

log() { printf '[ensure-conformance] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "Go is needed to build the conformance driver (Go >= 1.25); install it and run this again."
  exit 1
fi

key="$(cd "$src" && cat go.mod go.sum ./*.go | sha256sum | cut -c1-16)"
dir="$CACHE_ROOT/conformance-$key"
bin="$dir/cloudtasks-conformance"

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.conformance.lock"
command -v flock >/dev/null 2>&1 && flock 9
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

log "building the Go conformance driver ($key)"
start=$(date +%s)
mkdir -p "$dir"
# -mod=readonly: the committed go.sum is the whole truth, and the clone is never written.
(cd "$src" && GOFLAGS=-mod=readonly GOSUMDB=off CGO_ENABLED=0 GOTOOLCHAIN=local \
  go build -trimpath -ldflags "-s -w" -o "$bin.partial" . >&2)
mv "$bin.partial" "$bin"
# Older builds of the driver are of no further use.
for old in "$CACHE_ROOT"/conformance-*; do [ "$old" = "$dir" ] || rm -rf "$old"; done
log "built in $(( $(date +%s) - start ))s: $bin"
echo "$bin"
