#!/usr/bin/env bash
# Installs the project's npm dependencies when they are missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[install] installing npm dependencies (npm ci) — once per clone, about 1 minute" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
