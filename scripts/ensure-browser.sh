#!/usr/bin/env bash
# Make sure a Chrome or Chromium exists for the audits (and chromedriver for
# the Selenium engine). Uses what is installed; otherwise installs Debian's
# chromium and chromium-driver when running as root with apt-get; otherwise
# says in one line what to install.
set -euo pipefail
python="${1:-.venv/bin/python}"

# The project itself must import first: a broken install is not a missing browser.
if ! problem=$("$python" -c 'import auditor' 2>&1); then
    echo "The project does not import with $python: $(printf '%s\n' "$problem" | tail -n 1)" >&2
    exit 1
fi

have_browser() { "$python" -c 'from auditor.engines.browsers import find_browser; print(find_browser())' 2>/dev/null; }
have_driver() { "$python" -c 'from auditor.engines.selenium_sessions import find_chromedriver; print(find_chromedriver())' 2>/dev/null; }

if found=$(have_browser) && driver=$(have_driver); then
    echo "Browser: $found; chromedriver: $driver"
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "No Chrome or Chromium, or no chromedriver, found: installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    found=$(have_browser) && driver=$(have_driver) && { echo "Browser: $found; chromedriver: $driver"; exit 0; }
fi
if found=$(have_browser); then
    echo "Browser: $found; no chromedriver found: the Selenium engine needs one (Debian/Ubuntu: sudo apt-get install chromium-driver, or set AUDITOR_CHROMEDRIVER)" >&2
    exit 0
fi
echo "No Chrome or Chromium found: install one (Debian/Ubuntu: sudo apt-get install chromium chromium-driver) or set AUDITOR_BROWSER to its path" >&2
exit 1
