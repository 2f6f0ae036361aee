#!/usr/bin/env bash
# Installs what the browser tests need when it is missing, from Debian's packages: Chromium
# (Playwright cannot download its own browser on these machines; tests drive /usr/bin/chromium or
# $CHROMIUM_PATH), the sqlite3 shell (a test opens an exported .db with it) and gpg (tests check
# that our encrypted backups decrypt with it, and that files it encrypts import) and LibreOffice
# Calc without its GUI (a test opens our CSV exports with it in French and English settings:
# about 90 MB to download, 15 s to install, without the recommended extras).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v gpg >/dev/null || missing+=(gnupg)
# Installed without recommends: they would add the whole office suite's extras.
lean=()
command -v soffice >/dev/null || lean+=(libreoffice-calc-nogui)
[ ${#missing[@]} -eq 0 ] && [ ${#lean[@]} -eq 0 ] && exit 0
all=(${missing[@]+"${missing[@]}"} ${lean[@]+"${lean[@]}"})

echo "Installing ${all[*]} from Debian's packages…"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Install ${all[*]} (apt-get install ${all[*]}) or set CHROMIUM_PATH." >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
# Set by env after sudo: sudo's env_reset drops a variable set in front of it.
[ ${#missing[@]} -eq 0 ] || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
[ ${#lean[@]} -eq 0 ] || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
echo "Installed: ${all[*]}"
