#!/usr/bin/env bash
# Install everything kehoach needs on a fresh Debian/Ubuntu machine (as root,
# or with sudo): the Debian packages (Tesseract with Vietnamese data, poppler,
# DejaVu fonts, LibreOffice Writer for old .doc files) and the Python package
# in editable mode.
#   bash scripts/install.sh          # runtime
#   bash scripts/install.sh --test   # runtime + test dependencies
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

debs="tesseract-ocr tesseract-ocr-vie poppler-utils fonts-dejavu-core libreoffice-writer"
[ "${1:-}" = "--test" ] && debs="$debs chromium"   # the review page is checked in a real browser
command -v python3 >/dev/null 2>&1 || debs="$debs python3"
# a minimal Debian has python3 without pip
python3 -m pip --version >/dev/null 2>&1 || debs="$debs python3-pip python3-venv python3-dev"
missing=""
for p in $debs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

PY="${PYTHON:-python3}"
pipargs="-q --disable-pip-version-check"
# Debian's own Python refuses system-wide installs (PEP 668) unless told to
if ! "$PY" -m pip install $pipargs -e ".${extras}" 2>/tmp/kehoach-pip.log; then
  if grep -q "externally-managed-environment" /tmp/kehoach-pip.log; then
    "$PY" -m pip install $pipargs --break-system-packages -e ".${extras}"
  else
    cat /tmp/kehoach-pip.log >&2
    exit 1
  fi
fi
command -v pyenv >/dev/null 2>&1 && pyenv rehash 2>/dev/null || true
"$PY" -c "import extract" && echo "kehoach installed: $(command -v kehoach || echo "$PY -m extract.cli")"
