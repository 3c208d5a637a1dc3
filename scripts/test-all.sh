#!/usr/bin/env bash
# Every check the project has, in the order a failure is cheapest to see.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
turbo run build typecheck
biome check --error-on-warnings .
node apps/api/scripts/check-migrations.mjs
vitest run
