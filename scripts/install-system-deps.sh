#!/bin/sh
# Install the Debian packages the browser tests need, if they are missing:
#   chromium        — the headless browser Playwright drives (Playwright's own download
#                     does not work without internet, so we use Debian's build)
#   fonts-noto-cjk  — Chinese fonts, so screenshots show characters, not boxes
# Runs apt-get as root, or through sudo when it is available.
set -eu
need=""
# TR_CHROMIUM names another Chromium-based browser to test with (CI runners have Google Chrome).
if [ -z "${TR_CHROMIUM:-}" ]; then
  command -v chromium >/dev/null 2>&1 || need="$need chromium"
fi
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need="$need fonts-noto-cjk"
[ -z "$need" ] && exit 0
echo "installing Debian packages:$need" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "error: need root (or sudo) to install:$need — run: apt-get install$need" >&2
  exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
