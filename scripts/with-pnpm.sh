#!/usr/bin/env bash
# Turbo runs each package's script through `pnpm`. When the README commands are
# run with `npx pnpm@…`, that pnpm may not be on PATH; put a shim for the very
# pnpm running this script (npm_execpath) in front, then run the command.
set -euo pipefail
if ! command -v pnpm >/dev/null 2>&1; then
  if [ -z "${npm_execpath:-}" ]; then
    echo "pnpm is not on PATH and npm_execpath is unset; run through pnpm (see README)" >&2
    exit 1
  fi
  shim_dir="$(mktemp -d)"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$npm_execpath" > "$shim_dir/pnpm"
  chmod +x "$shim_dir/pnpm"
  export PATH="$shim_dir:$PATH"
fi
exec "$@"
