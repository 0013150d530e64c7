#!/usr/bin/env bash
# A/B of two builds of the benchmarks jar (say, main and a change): short JMH runs of one
# benchmark, the two jars back to back in each pair, with a handoff probe (the round trip of a
# cache line between the two cores, OrderingBenchmark.handoff) before and after each pair, so a
# pair is only compared with pairs measured under the same vCPU placement.
# Usage, from benchmarks/: bash ab.sh A.jar B.jar [pairs] [threads] [benchmark] [params]
#   e.g. bash ab.sh /tmp/main/benchmarks.jar target/benchmarks.jar 8 2 GetPutBenchmark.read_100 cacheType=PURE_LRU
#   (params: one or more name=value, separated by spaces, each passed with -p)
set -euo pipefail
java="${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java"
a="${1:?jar A}"
b="${2:?jar B}"
pairs="${3:-8}"
threads="${4:-2}"
bench="${5:-GetPutBenchmark.read_100}"
params="${6:-cacheType=PURE_LRU}"
param_args=()
for p in $params; do param_args+=(-p "$p"); done
source "$(dirname "$0")/handoff.sh"
score() {
  "$java" -jar "$1" "$bench" "${param_args[@]}" -f 1 -wi 1 -i 2 -w 1s -r 1s -t "$threads" 2>/dev/null \
    | awk -v b="$bench" '$1 == b {printf "%s", $(NF-1)}'
}
echo "# $bench -p $params -t $threads; A=$a B=$b"
echo "time,roundTripBeforeNs,A,B,roundTripAfterNs"
for _ in $(seq 1 "$pairs"); do
  before=$(handoff "$b")
  sa=$(score "$a")
  sb=$(score "$b")
  after=$(handoff "$b")
  echo "$(date -u +%T),$before,$sa,$sb,$after"
done
