#!/usr/bin/env bash
# Makes the Pulumi YAML language host (pulumi-language-yaml) available next to the Pulumi CLI that
# scripts/ensure-pulumi.sh provides, and prints that directory. Order: PATH -> the cache (beside the
# cached CLI) -> build from Go modules into the cache, under ensure-pulumi's lock. Progress goes to
# stderr; stdout is the directory (put it first on PATH; the engine also looks beside `pulumi`).
set -euo pipefail

YAML_VERSION="${CLOUDTASKS_PULUMI_YAML_VERSION:-1.25.0}"
CACHE_ROOT="${CLOUDTASKS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cloudtasks}"
here="$(cd "$(dirname "$0")" && pwd)"

log() { printf '[ensure-pulumi-yaml] %s\n' "$*" >&2; }

cli_dir="$(bash "$here/ensure-pulumi.sh")"

# 1. already beside the CLI (cached build, or a Pulumi install that bundles it), or on PATH.
if [ -x "$cli_dir/pulumi-language-yaml" ]; then echo "$cli_dir"; exit 0; fi
if command -v pulumi-language-yaml >/dev/null 2>&1 && [ -z "${CLOUDTASKS_IGNORE_PATH_PULUMI:-}" ]; then
  echo "$cli_dir"; exit 0
fi
case "$cli_dir" in
  "$CACHE_ROOT"/*) ;;
  *)
    log "pulumi in $cli_dir has no pulumi-language-yaml beside it and none is on PATH: install Pulumi's YAML host, or set CLOUDTASKS_IGNORE_PATH_PULUMI=1 to use the cached CLI"
    exit 1 ;;
esac

# 2. build into the cached CLI's directory, under the same lock as the CLI build.
exec 9>"$CACHE_ROOT/.build.lock"
if command -v flock >/dev/null 2>&1; then
  log "waiting for the build lock ($CACHE_ROOT/.build.lock)"
  flock 9
fi
if [ -x "$cli_dir/pulumi-language-yaml" ]; then echo "$cli_dir"; exit 0; fi

mod="$CACHE_ROOT/build/pulumi-language-yaml"
mkdir -p "$mod"
# A wrapper module: replace directives (the clipboard fork pkg/v3 needs) only apply in a main module.
# pulumi pkg/sdk stay at the versions pulumi-yaml asks for: pinning them to the CLI's breaks its build
# (plugin API skew), and the host speaks the same language-host protocol to a newer engine.
cat > "$mod/go.mod" <<MOD
module cloudtasks.local/pulumi-language-yaml

go 1.25.11

require (
	github.com/pulumi/pulumi-yaml v$YAML_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
printf 'package tools\n\nimport _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"\n' > "$mod/tools.go"

export GOSUMDB=off GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local
start=$(date +%s)
log "building pulumi-language-yaml v$YAML_VERSION from Go modules into $cli_dir — about 4 minutes cold on 2 cores"
(cd "$mod" && go mod tidy >&2 && go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$YAML_VERSION" \
  -o "$cli_dir/pulumi-language-yaml.partial" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2)
mv "$cli_dir/pulumi-language-yaml.partial" "$cli_dir/pulumi-language-yaml"
log "pulumi-language-yaml ready in $cli_dir ($(( $(date +%s) - start ))s)"
echo "$cli_dir"
