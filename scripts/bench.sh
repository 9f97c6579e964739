#!/usr/bin/env bash
# Runs the criterion benches RUNS times (whole suites alternate, so slow phases of a shared
# machine hit every variant), collects each run's median per benchmark, and prints the median
# across runs with the ratios checked against the targets in BENCHMARKS.md.
#
#   scripts/bench.sh [RUNS=5]
#
# Uses CARGO_TARGET_DIR if set (criterion's data goes to $CARGO_TARGET_DIR/criterion).
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$TARGET/bench-runs.jsonl
: > "$OUT"
cd "$ROOT"
cargo bench --quiet -p webhook-types --bench webhooks --no-run
cargo bench --quiet -p webhook-spec --bench codegen --no-run
for run in $(seq 1 "$RUNS"); do
    echo "run $run/$RUNS (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    cargo bench --quiet -p webhook-types --bench webhooks >/dev/null 2>&1
    cargo bench --quiet -p webhook-spec --bench codegen >/dev/null 2>&1
    python3 "$ROOT/scripts/bench-summary.py" collect "$TARGET/criterion" "$run" >> "$OUT"
done
python3 "$ROOT/scripts/bench-summary.py" report "$OUT"
