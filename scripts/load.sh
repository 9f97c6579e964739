#!/usr/bin/env bash
# Bounded load test of the receiver example (not part of `cargo test`).
#
# Starts `examples/receiver` on a free loopback port, runs `examples/load` against it RUNS times
# (EVENTS distinct events each, every 10th retried, 1 in 20 deliveries invalid; CONCURRENCY
# connections), then checks the receiver's log: every valid event handled (or, for an unknown
# kind, acknowledged) exactly once, one duplicate line per retry, every invalid delivery
# rejected. It samples the receiver's resident memory after each run: the peak must not keep
# growing (the de-duplication ring is bounded at 10,000 ids; a run sends more than that).
#
#   scripts/load.sh                         # EVENTS=20000 CONCURRENCY=16 RUNS=3
#   EVENTS=5000 RUNS=2 scripts/load.sh
#
# Exit status 0 when every check passes. Every step has a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-20000}
CONCURRENCY=${CONCURRENCY:-16}
RUNS=${RUNS:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export ANTHROPIC_WEBHOOK_SIGNING_KEY=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw

cargo build --release -q -p webhook-types --features axum --example receiver --example load
bin=$CARGO_TARGET_DIR/release/examples

work=$(mktemp -d)
receiver_pid=
cleanup() {
    if [ -n "$receiver_pid" ]; then kill "$receiver_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/receiver" 0 >"$work/receiver.log" 2>&1 &
receiver_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/receiver.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "receiver did not start:"; cat "$work/receiver.log"; exit 1; }

rss() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$receiver_pid/status"; }
echo "receiver pid $receiver_pid on port $port; RSS at start $(rss VmRSS) kB"

status=0
for run in $(seq "$RUNS"); do
    timeout 600 "$bin/load" --port "$port" --events "$EVENTS" --concurrency "$CONCURRENCY" \
        --run "$run" --expect "$work/expect$run" || status=1
    echo "  receiver after run $run: RSS $(rss VmRSS) kB, peak $(rss VmHWM) kB"
    rss VmHWM >>"$work/peaks"
done

kill -INT "$receiver_pid"
timeout 30 tail --pid="$receiver_pid" -f /dev/null || { echo "receiver did not stop"; status=1; }
receiver_pid=

log=$work/receiver.log
cat "$work"/expect* | grep -v '^#' | sort >"$work/valid"
# Lines: `{id} {kind} handled: …`, `{id} unknown kind {kind}: …`, `{id} {kind} duplicate: …`,
# `rejected {status} {code}: …`.
grep -E '^whe_[^ ]+ ([^ ]+ handled:|unknown kind )' "$log" | cut -d' ' -f1 | sort >"$work/handled"
handled_once=$(uniq -u "$work/handled" | comm -12 - "$work/valid" | wc -l)
handled_twice=$(uniq -d "$work/handled" | wc -l)
not_sent=$(comm -13 "$work/valid" "$work/handled" | sort -u | wc -l)
valid=$(wc -l <"$work/valid")
duplicates=$(grep -cE '^whe_[^ ]+ [^ ]+ duplicate:' "$log" || true)
rejected=$(grep -c '^rejected ' "$log" || true)
retries=$(awk '/^# valid/ { n += $5 } END { print n }' "$work"/expect*)
invalid=$(awk '/^# valid/ { n += $7 } END { print n }' "$work"/expect*)
echo "valid events $valid: handled exactly once $handled_once, more than once $handled_twice, \
unexpected ids $not_sent"
echo "retries $retries: duplicate lines $duplicates"
echo "invalid deliveries $invalid: rejected lines $rejected"
for r in 400 401 413; do echo "  rejected $r: $(grep -c "^rejected $r " "$log" || true)"; done
[ "$handled_once" -eq "$valid" ] && [ "$handled_twice" -eq 0 ] && [ "$not_sent" -eq 0 ] || status=1
[ "$duplicates" -eq "$retries" ] || status=1
[ "$rejected" -eq "$invalid" ] || status=1

# Flat memory: the last run's peak is within 10% (plus 4 MiB) of the first run's.
first=$(head -1 "$work/peaks")
last=$(tail -1 "$work/peaks")
echo "peak RSS: first run $first kB, last run $last kB"
[ "$last" -le $((first + first / 10 + 4096)) ] || { echo "memory grew"; status=1; }

if [ "$status" -eq 0 ]; then echo "load test passed"; else echo "load test FAILED"; fi
exit "$status"
