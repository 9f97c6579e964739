#!/usr/bin/env bash
# Instruction counts per iteration (valgrind callgrind), stable on a loaded machine: runs each
# variant of the `instr` bench binary with N and with 0 iterations and prints the difference
# divided by N, then the ratios that match the timing targets.
#
#   scripts/callgrind.sh [N=2000]
#
# Note: valgrind does not emulate SHA-NI, so under callgrind sha2 takes its software path;
# HMAC/SHA instruction counts are those of the portable code, not of the hardware path that
# the timings use.
set -euo pipefail
N=${1:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BIN=$(cargo bench -p webhook-types --bench instr --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instr" and m.get("executable"):
        print(m["executable"])')
OUT=$(mktemp -d)
count() { # variant iterations
    valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$BIN" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
declare -A per
for v in $("$BIN" | sed 's/^variants: //'); do
    a=$(count "$v" 0)
    b=$(count "$v" "$N")
    per[$v]=$(( (b - a) / N ))
    printf '%-34s %10d instructions/iteration\n' "$v" "${per[$v]}"
done
ratio() { echo "scale=3; $1 / $2" | bc; }
echo
echo "derived/generated (tag first, from_slice):   $(ratio "${per[parse_derived_first]}" "${per[parse_generated_first]}")"
echo "derived/generated (tag last, from_slice):    $(ratio "${per[parse_derived_last]}" "${per[parse_generated_last]}")"
echo "derived/generated (tag first, utf8+from_str): $(ratio "${per[parse_derived_str_first]}" "${per[parse_generated_first]}")"
echo "derived/generated (tag last, utf8+from_str):  $(ratio "${per[parse_derived_str_last]}" "${per[parse_generated_last]}")"
echo "generated/plain (tag first):                 $(ratio "${per[parse_generated_first]}" "${per[parse_plain_first]}")"
echo "generated/plain (tag last):                  $(ratio "${per[parse_generated_last]}" "${per[parse_plain_last]}")"
echo "value/generated (tag first):                 $(ratio "${per[parse_value_first]}" "${per[parse_generated_first]}")"
echo "unwrap generated/(hmac+plain):               $(ratio "${per[unwrap_generated]}" "${per[unwrap_hmac_plain_struct]}")"
echo "unwrap (standardwebhooks+derived)/generated: $(ratio "${per[unwrap_standardwebhooks_derived]}" "${per[unwrap_generated]}")"
echo "verify64k/sha256 (software SHA here):        $(ratio "${per[verify64k]}" "${per[sha256_64k]}")"
echo "44/22 kinds (thread_idled):                  $(ratio "${per[kinds44_first]}" "${per[kinds22_first]}")"
echo "44/22 kinds (last kind):                     $(ratio "${per[kinds44_last_kind]}" "${per[kinds22_last_kind]}")"
rm -rf "$OUT"
