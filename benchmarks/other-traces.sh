#!/usr/bin/env bash
# Builds the directory of other public traces that HitRatioSweep takes as its third argument: the
# traces of Caffeine's simulator, each rewritten as a gzip file that Traces reads (LIRS text, one
# key per line, or cache2k binary, big-endian 32-bit keys).
#
# Usage: other-traces.sh CAFFEINE_CHECKOUT OUTPUT_DIR
# Needs gzip, xz and python3.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 CAFFEINE_CHECKOUT OUTPUT_DIR" >&2
  exit 2
fi
parsers="$1/simulator/src/main/resources/com/github/benmanes/caffeine/cache/simulator/parser"
out="$2"
[ -d "$parsers" ] || { echo "error: no simulator traces under $parsers" >&2; exit 1; }
mkdir -p "$out"

# LIRS: already one key per line (gli, loop, sprite and 2_pools are among the six of shared/traces).
for t in backf cpp cs multi1 multi2 multi3 ps scan zigzag; do
  cp "$parsers/lirs/$t.trace.gz" "$out/"
done
# cache2k and CloudPhysics: big-endian 32-bit keys, recompressed.
for t in orm-busy orm-night web07; do
  xz -dc "$parsers/cache2k/$t.trace.xz" | gzip > "$out/$t.trace.gz"
done
xz -dc "$parsers/cloud_physics/w106.trace.xz" | gzip > "$out/w106.trace.gz"
# Address traces ("op 0xADDRESS size" per line; the key is the address, as Caffeine reads them).
# mcf is left out: nearly every access is a new address, so every policy hits nothing.
for t in gcc gzip swim twolf; do
  gzip -dc "$parsers/address/$t.trace.gz" \
    | python3 -c 'import sys
for line in sys.stdin:
    fields = line.split()
    if len(fields) > 1:
        print(int(fields[1], 16))' \
    | gzip > "$out/$t.trace.gz"
done
# Corda: big-endian 64-bit keys.
gzip -dc "$parsers/corda/trace_vaultservice.gz" \
  | python3 -c 'import struct, sys
data = sys.stdin.buffer.read()
for (key,) in struct.iter_unpack(">q", data[: len(data) // 8 * 8]):
    print(key)' \
  | gzip > "$out/vaultservice.trace.gz"
# AdaptSize: "time id size" per line; the key is the id.
xz -dc "$parsers/adapt_size/request.trace.xz" | awk '{ print $2 }' | gzip > "$out/adaptsize.trace.gz"
ls "$out"
