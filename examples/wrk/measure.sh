#!/usr/bin/env bash
# Loads a catalog server with wrk on loopback and prints wrk's report and the repository call
# count of each run. SERVER=helidon (the default) runs the Helidon example once with the cache
# and once without; SERVER=spring-boot runs the Spring Boot example (its cache is always on).
# Bounded: a 5 s warm-up and one measured run (DURATION, default 10s) per mode, 2 wrk threads,
# 16 connections.
# Usage, from the repository root, with JAVA_HOME set to a JDK 21+ (the wrapper reads it):
#   bash examples/wrk/measure.sh
#   SERVER=spring-boot bash examples/wrk/measure.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
SERVER=${SERVER:-helidon}
case "$SERVER" in
  helidon) URL=http://127.0.0.1:8080 MODES="on off" ;;
  spring-boot) URL=http://127.0.0.1:8082 MODES="on" ;;
  *) echo "SERVER must be helidon or spring-boot, was '$SERVER'" >&2; exit 2 ;;
esac
mkdir -p target

calls() {
  curl -s "$URL/stats" | sed -E 's/.*"repositoryCalls":([0-9]+).*/\1/'
}

measure() {
  local mode=$1 enabled=$2
  # package (tests skipped) so that the reactor has the catalog's tests jar, a test dependency
  # of the Helidon example that exec:java resolves
  CATALOG_CACHE_ENABLED=$enabled setsid ./mvnw -q -pl "examples/$SERVER" -am -Prun \
    package -DskipTests > "target/$SERVER-$mode.log" 2>&1 &
  local pid=$!
  trap "kill -- -$pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 120); do
    curl -sf "$URL/stats" > /dev/null && break
    sleep 1
  done
  if ! curl -sf "$URL/stats" > /dev/null; then
    echo "the server did not start; its output:" >&2
    cat "target/$SERVER-$mode.log" >&2
    exit 1
  fi
  echo "== $SERVER, cache $mode (CATALOG_CACHE_ENABLED=$enabled), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t2 -c16 -d5s -s examples/wrk/products.lua "$URL" > /dev/null
  local before
  before=$(calls)
  wrk -t2 -c16 -d"$DURATION" --latency -s examples/wrk/products.lua "$URL"
  echo "repository calls: $before after the warm-up, $(calls) after the measured run"
  curl -s "$URL/stats"
  echo
  kill -- -"$pid"
  wait "$pid" 2> /dev/null || true
  trap - EXIT
}

for mode in $MODES; do
  if [ "$mode" = on ]; then measure on true; else measure off false; fi
done
