#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing. Playwright cannot download
# its own browser on these machines, so the tests drive /usr/bin/chromium (or $CHROMIUM_PATH).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
echo "Chromium not found at $chromium: installing Debian's chromium package…"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Install Chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
"$chromium" --version
