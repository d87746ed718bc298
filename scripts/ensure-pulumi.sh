#!/usr/bin/env bash
# Makes a Pulumi CLI (pulumi + pulumi-language-nodejs + pulumi-resource-pulumi-nodejs) available and
# prints the directory that holds it. Order: PATH (if new enough) -> cache keyed by version -> build
# from Go modules into the cache -> one clear error. Progress goes to stderr; stdout is the directory.
set -euo pipefail

PULUMI_VERSION="${CLOUDTASKS_PULUMI_VERSION:-3.248.0}"
MIN_VERSION="3.139.0" # configure() needs engine >= 3.139
# The Node.js language host left sdk/v3 at v3.69 for a module the Go proxy does not serve here;
# v3.68's host speaks the same language-host protocol.
LANGHOST_SDK_VERSION="3.68.0"
CLIPBOARD_FORK="github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
CACHE_ROOT="${CLOUDTASKS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloudtasks}"
BIN_DIR="$CACHE_ROOT/pulumi-v$PULUMI_VERSION/bin"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

version_ge() { # $1 >= $2
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

complete_dir() {
  [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ]
}

# 1. pulumi on PATH, new enough, with its Node.js host beside it or on PATH.
if command -v pulumi >/dev/null 2>&1 && [ -z "${CLOUDTASKS_IGNORE_PATH_PULUMI:-}" ]; then
  found="$(command -v pulumi)"
  v="$(pulumi version 2>/dev/null | sed 's/^v//')" || v=""
  dir="$(dirname "$(readlink -f "$found")")"
  if [ -n "$v" ] && version_ge "$v" "$MIN_VERSION" && complete_dir "$dir"; then
    echo "$dir"; exit 0
  fi
  log "ignoring pulumi on PATH ($found, version '${v:-unknown}'): need >= $MIN_VERSION with its Node.js plugins beside it"
fi

# While something slow runs, say every 30 s that it still does (a first run must never look hung).
heartbeat_pid=""
start_heartbeat() { # $1: what is going on
  stop_heartbeat
  local what="$1" began; began=$(date +%s)
  # Its sleep is killed with it, and it holds no stdout: callers read stdout until every writer is gone.
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    while :; do sleep 30 & sleeper=$!; wait "$sleeper"; log "$what — $(( $(date +%s) - began ))s so far"; done
  ) >/dev/null &
  heartbeat_pid=$!
}
stop_heartbeat() { [ -n "$heartbeat_pid" ] && kill "$heartbeat_pid" 2>/dev/null; heartbeat_pid=""; }
trap stop_heartbeat EXIT

# 2. the cache (under a lock: concurrent callers wait for one build instead of racing it).
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build.lock"
if command -v flock >/dev/null 2>&1 && ! flock -n 9; then
  log "another process is building the Pulumi CLI into $CACHE_ROOT; waiting for it (a build takes about 5 minutes on 2 cores, once per machine)"
  start_heartbeat "still waiting for the other Pulumi CLI build"
  flock 9
  stop_heartbeat
fi
if complete_dir "$BIN_DIR"; then echo "$BIN_DIR"; exit 0; fi

# 3. build from Go modules.
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
[ensure-pulumi] No Pulumi CLI found and no Go toolchain to build one.
Install Pulumi >= $MIN_VERSION (https://www.pulumi.com/docs/install/) so that 'pulumi' and
'pulumi-language-nodejs' are on PATH, or install Go >= 1.25 and run this script again.
MSG
  exit 1
fi

find_dynamic_provider_script() {
  local candidates=("$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs")
  for c in "${candidates[@]}"; do [ -f "$c" ] && { echo "$c"; return 0; }; done
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "@pulumi/pulumi@$PULUMI_VERSION" >/dev/null && tar xzf pulumi-pulumi-*.tgz)
  echo "$tmp/package/pulumi-resource-pulumi-nodejs"
}

log "no Pulumi CLI >= $MIN_VERSION on PATH: building Pulumi v$PULUMI_VERSION from Go modules into $CACHE_ROOT"
log "this happens once per machine and takes about 5 minutes on 2 cores; later runs start at once"
start_heartbeat "still building the Pulumi CLI (about 5 minutes in all)"
build_root="$CACHE_ROOT/build"
mkdir -p "$build_root" "$BIN_DIR.partial"
export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local
start=$(date +%s)

# go_build NAME VERSION PACKAGE GO_MOD_BODY [BUILD_FLAGS...]: builds PACKAGE in a throwaway wrapper
# module (replace directives only apply in the main module, so `go install pkg@v` cannot work).
go_build() {
  local name="$1" version="$2" package="$3" body="$4"; shift 4
  local mod="$build_root/$name"
  mkdir -p "$mod"
  printf 'module cloudtasks.local/%s\n\n%s\n' "$name" "$body" > "$mod/go.mod"
  printf 'package tools\n\nimport _ "%s"\n' "$package" > "$mod/tools.go"
  (cd "$mod" && go mod tidy >&2 && go build -trimpath "$@" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$BIN_DIR.partial/$name" "$package" >&2)
}

log "building pulumi-language-nodejs (sdk/v3 v$LANGHOST_SDK_VERSION) — about 1 minute cold"
go_build pulumi-language-nodejs "$LANGHOST_SDK_VERSION" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
  "go 1.25
require github.com/pulumi/pulumi/sdk/v3 v$LANGHOST_SDK_VERSION"
log "language host built in $(( $(date +%s) - start ))s"

log "building pulumi v$PULUMI_VERSION from Go modules — about 4 minutes cold on 2 cores"
go_build pulumi "$PULUMI_VERSION" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  "go 1.25.11
require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)
replace github.com/atotto/clipboard => $CLIPBOARD_FORK" \
  -tags osusergo,grpcnotrace

script="$(find_dynamic_provider_script)"
cp "$script" "$BIN_DIR.partial/pulumi-resource-pulumi-nodejs"
chmod +x "$BIN_DIR.partial/"*
rm -rf "$BIN_DIR"
mv "$BIN_DIR.partial" "$BIN_DIR"
stop_heartbeat
log "Pulumi CLI ready in $BIN_DIR ($(( $(date +%s) - start ))s)"
echo "$BIN_DIR"
