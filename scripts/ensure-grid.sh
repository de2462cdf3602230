#!/usr/bin/env bash
# Puts the Selenium 3 standalone server (hub and node in one jar, from the npm
# registry's `selenium-server` package) in a cache folder, for the tests that
# run a real Selenium Grid on 127.0.0.1. Prints the jar's path.
# Does nothing (and says so) when Java is absent: those tests then skip.
set -euo pipefail
VERSION="${SELENIUM_SERVER_VERSION:-3.141.59}"
CACHE="${AUDITOR_GRID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inclusion-auditor/selenium-server}"

if ! command -v java >/dev/null 2>&1; then
    echo "ensure-grid: java not found; the Selenium Grid tests will be skipped" >&2
    exit 0
fi
jar="$(ls "$CACHE"/node_modules/selenium-server/lib/runner/selenium-server-standalone-*.jar 2>/dev/null | head -n 1 || true)"
if [ -z "$jar" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            echo "ensure-grid: installing npm from Debian's packages to fetch the Selenium server" >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >&2
        else
            echo "ensure-grid: java is here but npm is not; install npm (apt-get install npm) so the Grid tests can run" >&2
            exit 1
        fi
    fi
    mkdir -p "$CACHE"
    npm install --silent --no-audit --no-fund --prefix "$CACHE" "selenium-server@$VERSION" >&2
    jar="$(ls "$CACHE"/node_modules/selenium-server/lib/runner/selenium-server-standalone-*.jar | head -n 1)"
fi
echo "$jar"
