#!/usr/bin/env bash
# What the `generate!` macro costs in build time.
#
# Builds, from clean, several times, interleaved, each in a fresh target dir:
#   macro:    webhook-types as it is (webhook-macros + webhook-spec + syn expand the spec at
#             compile time);
#   expanded: a throwaway copy of webhook-types whose `generate!(...)` is replaced by the
#             output of `webhook-spec expand` (same runtime sources, same dependency versions
#             from the workspace Cargo.lock, no proc-macro crates).
# and prints each run and the medians. Sources must be in the cargo cache (`--offline`).
#
#   scripts/build-cost.sh [RUNS=3] [PROFILE=dev|release]
#
# Both builds use the same number of jobs (default: all cores) and the dev profile by default.
set -euo pipefail

RUNS=${1:-3}
PROFILE=${2:-dev}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/target/build-cost
rm -rf "$WORK"
mkdir -p "$WORK"

profile_flag=()
if [ "$PROFILE" = release ]; then profile_flag=(--release); fi

# --- the expanded crate -------------------------------------------------------------------
EXP=$WORK/expanded
mkdir -p "$EXP/src"
cp "$ROOT"/webhook-types/src/*.rs "$EXP/src/"
(cd "$ROOT" && cargo run --quiet --offline -p webhook-spec -- expand spec/webhooks.md) \
    > "$EXP/src/generated.rs"
python3 - "$ROOT" "$EXP" <<'EOF'
import re, sys, pathlib
root, exp = map(pathlib.Path, sys.argv[1:3])
lib = (exp / "src/lib.rs").read_text()
lib = re.sub(r'(?m)^generate!\("[^"]*"\);\s*$', 'include!("generated.rs");', lib)
lib = re.sub(r'(?m)^#\[doc\(hidden\)\]\npub use webhook_macros::__handler_impl;\n', "", lib)
lib = re.sub(r'(?m)^pub use webhook_macros::.*\n', "", lib)
assert 'include!("generated.rs")' in lib and "webhook_macros" not in lib
(exp / "src/lib.rs").write_text(lib)

# Dependencies: webhook-types' own, less webhook-macros, with the workspace's specs.
ws = (root / "Cargo.toml").read_text()
wsdeps = {}
section = None
for line in ws.splitlines():
    if line.startswith("["):
        section = line.strip()
        continue
    if section == "[workspace.dependencies]" and "=" in line and not line.startswith("#"):
        k, v = line.split("=", 1)
        wsdeps[k.strip()] = v.strip()
crate = (root / "webhook-types/Cargo.toml").read_text()
deps, features = [], []
section = None
for line in crate.splitlines():
    if line.startswith("["):
        section = line.strip()
        continue
    if section == "[features]" and line.strip() and not line.startswith("#"):
        name = line.split("=", 1)[0].strip()
        if any(d in line for d in ("axum", "http", "webhook-macros")):
            # Features of the dependencies left out: kept, empty.
            features.append(f"{name} = []")
        else:
            features.append(line)
    if section == "[dependencies]" and "=" in line and not line.startswith("#"):
        name = line.split("=", 1)[0].strip().split(".")[0]
        if name in ("webhook-macros", "http", "axum"):
            continue
        spec = wsdeps[name]
        optional = "optional = true" in line
        if spec.startswith("{"):
            spec = spec[1:-1].strip()
        else:
            spec = f"version = {spec}"
        if optional:
            spec += ", optional = true"
        deps.append(f"{name} = {{ {spec} }}")
# The workspace's profiles, so that both builds compile with the same settings.
profiles = ws[ws.index("[profile."):] if "[profile." in ws else ""
(exp / "Cargo.toml").write_text(
    '[package]\nname = "webhook-types"\nversion = "0.1.0"\nedition = "2024"\n\n'
    "[features]\n" + "\n".join(features) + "\n\n"
    "[dependencies]\n" + "\n".join(deps) + "\n\n"
    "# Outside the main workspace.\n[workspace]\n\n" + profiles
)
EOF
cp "$ROOT/Cargo.lock" "$EXP/Cargo.lock"

build() { # name dir package-args...
    local name=$1 dir=$2
    shift 2
    local target=$WORK/target-$name-$run
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && cargo build --offline --quiet "${profile_flag[@]}" --target-dir "$target" "$@")
    end=$(date +%s.%N)
    rm -rf "$target"
    echo "$end - $start" | bc
}

# Warm the file cache and check both build before timing anything.
run=warm
build macro "$ROOT" -p webhook-types >/dev/null
build expanded "$EXP" >/dev/null

macro_times=()
expanded_times=()
for run in $(seq 1 "$RUNS"); do
    m=$(build macro "$ROOT" -p webhook-types)
    e=$(build expanded "$EXP")
    macro_times+=("$m")
    expanded_times+=("$e")
    printf 'run %d: macro %.1f s, expanded %.1f s (load %s)\n' "$run" "$m" "$e" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m=$(median "${macro_times[@]}")
e=$(median "${expanded_times[@]}")
ratios=()
for i in "${!macro_times[@]}"; do
    ratios+=("$(echo "${macro_times[$i]} / ${expanded_times[$i]}" | bc -l)")
done
printf 'profile %s, %d runs, %s jobs\n' "$PROFILE" "$RUNS" "$(nproc)"
printf 'median clean build: webhook-types (generate!) %.1f s, expanded crate %.1f s, ratio %.2f\n' \
    "$m" "$e" "$(echo "$m / $e" | bc -l)"
# Each run's pair is built back to back, so its ratio is the least disturbed by slow phases of a
# shared machine (the statistic scripts/bench.sh reports too).
printf 'median of per-run ratios: %.2f (runs: %s)\n' "$(median "${ratios[@]}")" \
    "$(printf '%.2f ' "${ratios[@]}")"
