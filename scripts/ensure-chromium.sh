#!/bin/sh
# Browser tests use Debian's Chromium (never a browser a test tool downloads).
set -e
if command -v chromium >/dev/null 2>&1 || [ -x "${MASAR_CHROMIUM:-/nonexistent}" ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "masar: installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  exit 0
fi
echo "masar: the browser tests need Chromium: install Debian's 'chromium' package (or set MASAR_CHROMIUM)" >&2
exit 1
