#!/usr/bin/env bash
# npm run demo: installs what it needs, then runs the demo stack against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec node_modules/.bin/ts-node --transpile-only scripts/demo.ts
