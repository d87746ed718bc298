#!/usr/bin/env bash
# npm run demo: installs what it needs, then runs the demo stack against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> pulumi-cloudtasks demo: install dependencies (once), get a Pulumi CLI (once), pack the package, start the emulator, pulumi up" >&2
bash scripts/install.sh
exec node_modules/.bin/ts-node --transpile-only scripts/demo.ts
