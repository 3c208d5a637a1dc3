#!/usr/bin/env bash
# The tests use two Debian tools we did not write: Chromium drives the
# console's end-to-end tests (browser downloads are not possible here) and
# oathtool is the independent TOTP implementation (apps/api/src/lib/totp.test.ts,
# apps/admin/e2e/operators.test.ts). Install whichever is missing.
set -euo pipefail
missing=()
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if [ ! -x /usr/bin/oathtool ]; then missing+=(oathtool); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian ${missing[*]} for the tests…"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
/usr/bin/chromium --version
/usr/bin/oathtool --version | head -1
