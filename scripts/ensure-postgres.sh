#!/usr/bin/env bash
# The api's PostgreSQL tests start a throwaway server of their own from
# Debian's PostgreSQL 15 binaries (apps/api/test/support/postgres-server.ts):
# install them when they are missing. Only the binaries are used; the
# package's own cluster, where it starts one, is left alone: the tests
# listen on a free port of their own.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/postgres ]; then exit 0; fi
echo "Installing Debian postgresql (15) for the tests…"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
/usr/lib/postgresql/15/bin/postgres --version
