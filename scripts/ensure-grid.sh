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
    mkdir -p "$CACHE"
    npm install --silent --no-audit --no-fund --prefix "$CACHE" "selenium-server@$VERSION" >&2
    jar="$(ls "$CACHE"/node_modules/selenium-server/lib/runner/selenium-server-standalone-*.jar | head -n 1)"
fi
echo "$jar"
