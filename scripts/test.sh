#!/usr/bin/env bash
# npm test: installs what it needs, then typecheck, lint, and every suite (unit, integration, e2e
# under the real Pulumi CLI, which scripts/ensure-pulumi.sh builds once and caches outside the clone).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-pulumi.sh >/dev/null
bash scripts/ensure-pulumi-yaml.sh >/dev/null # the YAML language host, for the provider plugin suite
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx mocha --timeout 600000 --reporter test/support/summary-reporter.js \
  'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts'
