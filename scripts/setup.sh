#!/usr/bin/env bash
# Set up a machine for notes: a Chromium-family browser and fonts that cover every edition's
# script. Finds what is there first; installs from Debian/Ubuntu packages only what is missing.
set -euo pipefail

have_browser() {
  [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ -x "${PUPPETEER_EXECUTABLE_PATH}" ] && return 0
  for b in google-chrome-stable google-chrome chromium chromium-browser; do
    command -v "$b" >/dev/null 2>&1 && return 0
  done
  return 1
}

have_fonts() {
  command -v fc-list >/dev/null 2>&1 && fc-list 'Noto Serif' | grep -q . && fc-list 'Noto Sans' | grep -q .
}

have_cjk() {
  command -v fc-list >/dev/null 2>&1 && fc-list 'Droid Sans Fallback' | grep -q .
}

missing=()
have_browser || missing+=(chromium)
have_fonts || missing+=(fonts-noto-core)
have_cjk || missing+=(fonts-droid-fallback)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: browser and fonts found."
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]} from the distribution's packages…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: installed ${missing[*]}."
else
  echo "setup: please install ${missing[*]} (a Chrome or Chromium browser, Noto fonts, poppler-utils) with your system's package manager," >&2
  echo "       or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium you already have." >&2
  exit 1
fi
