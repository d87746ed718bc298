#!/usr/bin/env bash
# npm test: installs what it needs, then typecheck, lint, and every suite (unit, integration, e2e
# under the real Pulumi CLI, which scripts/ensure-pulumi.sh builds once and caches outside the clone;
# the conformance test's Go driver over the official Go SDKs, which scripts/ensure-conformance.sh builds
# and caches the same way).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> npm test: install dependencies (once), get a Pulumi CLI (once), typecheck, lint, unit, integration, e2e" >&2
bash scripts/install.sh
bash scripts/ensure-pulumi.sh >/dev/null
bash scripts/ensure-conformance.sh >/dev/null
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx mocha --timeout 600000 --reporter test/support/summary-reporter.js \
  'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts'
