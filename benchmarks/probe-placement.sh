#!/usr/bin/env bash
# Alternates a handoff probe (OrderingBenchmark.handoff, one round trip of a cache line between
# the two cores) with a short 2-thread read_100 run of PURE_LRU, CAFFEINE and CHM, so that each
# read figure comes with the placement of the vCPUs just before and just after it.
# Usage, from benchmarks/ after building the jar: bash probe-placement.sh [rounds] > results/placement.txt
set -euo pipefail
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
jar=target/benchmarks.jar
source "$(dirname "$0")/handoff.sh"
echo "time,roundTripBeforeNs,PURE_LRU,CAFFEINE,CHM,roundTripAfterNs"
for _ in $(seq 1 "${1:-12}"); do
  before=$(handoff "$jar")
  reads=$("$java" -jar "$jar" 'GetPutBenchmark.read_100' -p cacheType=PURE_LRU,CAFFEINE,CHM \
    -f 1 -wi 1 -i 2 -w 1s -r 1s -t 2 2>/dev/null \
    | awk '$1 == "GetPutBenchmark.read_100" {printf "%s,", $(NF-1)}')
  after=$(handoff "$jar")
  echo "$(date -u +%T),$before,$reads$after"
done
