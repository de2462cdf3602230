#!/usr/bin/env bash
# Make sure a Chrome or Chromium exists for the audits (and chromedriver for
# the Selenium engine). Uses what is installed; otherwise installs Debian's
# chromium and chromium-driver when running as root with apt-get; otherwise
# says in one line what to install.
set -euo pipefail
python="${1:-.venv/bin/python}"

have_browser() { "$python" -c 'from auditor.engines.base import find_browser; print(find_browser())' 2>/dev/null; }

if found=$(have_browser); then
    echo "Browser: $found"
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "No Chrome or Chromium found: installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    found=$(have_browser) && { echo "Browser: $found"; exit 0; }
fi
echo "No Chrome or Chromium found: install one (Debian/Ubuntu: sudo apt-get install chromium chromium-driver) or set AUDITOR_BROWSER to its path" >&2
exit 1
