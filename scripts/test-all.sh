#!/usr/bin/env bash
# Every check the project has, in the order a failure is cheapest to see.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh
turbo run build typecheck
biome check --error-on-warnings .
pnpm --filter @tbo/api deps:check
node apps/api/scripts/check-migrations.mjs
mkdir -p artifacts
vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest-report.json
# One plain closing line for whoever reads only the end of the log.
node -e "const r = require('./artifacts/vitest-report.json'); console.log(r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed' + (r.numPendingTests ? ', ' + r.numPendingTests + ' skipped' : ''))"
