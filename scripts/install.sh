#!/usr/bin/env bash
# Install everything kehoach needs on a fresh Debian/Ubuntu machine (as root,
# or with sudo): the Debian packages (Tesseract with Vietnamese data, poppler,
# DejaVu fonts) and the Python package in editable mode.
#   bash scripts/install.sh          # runtime
#   bash scripts/install.sh --test   # runtime + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

debs="tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core libreoffice-writer"
missing=""
for p in $debs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

PY="${PYTHON:-python3}"
"$PY" -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -vE "^WARNING: (Running pip as|Location)" || true
"$PY" -c "import extract" && echo "kehoach installed: $(command -v kehoach || echo "$PY -m extract.cli")"
