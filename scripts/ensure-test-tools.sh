#!/usr/bin/env bash
# Installs what the browser tests need when it is missing, from Debian's packages: Chromium
# (Playwright cannot download its own browser on these machines; tests drive /usr/bin/chromium or
# $CHROMIUM_PATH), the sqlite3 shell (a test opens an exported .db with it) and gpg (tests check
# that our encrypted backups decrypt with it, and that files it encrypts import).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v gpg >/dev/null || missing+=(gnupg)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} from Debian's packages…"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Install ${missing[*]} (apt-get install ${missing[*]}) or set CHROMIUM_PATH." >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
