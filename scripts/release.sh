#!/usr/bin/env bash
# Publishes the versions `changeset version` wrote (docs/releasing.md): builds
# both packages, runs their suites – the pack tests check each tarball as a
# consumer gets it – then `changeset publish` runs `pnpm publish` for each
# package whose version the registry does not have yet and tags it in git.
set -euo pipefail
cd "$(dirname "$0")/.."
turbo run build --filter=@tbo/contracts --filter=@tbo/signing
vitest run --project contracts --project signing
changeset publish
