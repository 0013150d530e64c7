# Sourced by probe-placement.sh and ab.sh: handoff JAR prints the round trip, in ns, of a cache
# line between the two cores (OrderingBenchmark.handoff, one short JMH fork), which tells where
# the hypervisor has put the two vCPUs right now. Needs $java.
handoff() {
  "$java" -jar "$1" 'OrderingBenchmark.handoff$' -f 1 -wi 1 -i 1 -w 1s -r 1s 2>/dev/null \
    | awk '$1 == "OrderingBenchmark.handoff" {printf "%.0f", $(NF-1)}'
}
