#!/usr/bin/env python3
"""Collects criterion medians per run, and reports medians across runs against the targets.

    bench-summary.py collect CRITERION_DIR RUN   # one JSON line per benchmark, to stdout
    bench-summary.py report RUNS.jsonl           # Markdown tables
"""

import json
import pathlib
import statistics
import sys


def collect(root, run):
    root = pathlib.Path(root)
    for est in sorted(root.glob("**/new/estimates.json")):
        bench = json.loads((est.parent / "benchmark.json").read_text())
        e = json.loads(est.read_text())
        print(json.dumps({
            "run": int(run),
            "id": bench["full_id"],
            "median_ns": e["median"]["point_estimate"],
        }))


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


TARGETS = [
    # (label, numerator, denominator, op, bound): ratio = num / den
    ("parse tag first: derived `tag` enum / generated", "parse/tag_first/derived_tagged_enum", "parse/tag_first/generated", ">=", 1.4),
    ("parse tag last: derived `tag` enum / generated", "parse/tag_last/derived_tagged_enum", "parse/tag_last/generated", ">=", 1.4),
    ("parse tag first: generated / plain struct", "parse/tag_first/generated", "parse/tag_first/plain_struct", "<=", 1.1),
    ("parse tag last: generated / plain struct", "parse/tag_last/generated", "parse/tag_last/plain_struct", "<=", 1.1),
    ("unwrap: generated / (HMAC + plain struct)", "unwrap/generated", "unwrap/hmac_plain_struct", "<=", 1.3),
    ("unwrap: (standardwebhooks + derived) / generated", "unwrap/standardwebhooks_derived", "unwrap/generated", ">=", 1.5),
    ("verify 64 KiB throughput / raw SHA-256 throughput", "verify_64k/sha256", "verify_64k/verify", ">=", 0.95),
    ("parse 44 kinds / 22 kinds (session.thread_idled)", "kinds/44/thread_idled", "kinds/22/thread_idled", "<=", 1.1),
    ("parse 44 kinds / 22 kinds (last kind)", "kinds/44/last_kind", "kinds/22/last_kind", "<=", 1.1),
    ("codegen 44 kinds / 22 kinds", "codegen/generate/44", "codegen/generate/22", "<=", 2.2),
]


def report(path):
    rows = [json.loads(l) for l in pathlib.Path(path).read_text().splitlines() if l.strip()]
    runs = sorted({r["run"] for r in rows})
    by_id = {}
    for r in rows:
        by_id.setdefault(r["id"], {})[r["run"]] = r["median_ns"]
    med = {k: statistics.median(v.values()) for k, v in by_id.items()}
    print(f"{len(runs)} runs; median across runs of each run's criterion median\n")
    print("| benchmark | median | min run | max run |")
    print("|---|---:|---:|---:|")
    for k in sorted(by_id):
        v = by_id[k].values()
        print(f"| `{k}` | {fmt(med[k])} | {fmt(min(v))} | {fmt(max(v))} |")
    # The fastest run of each benchmark is the least disturbed by slow phases of a shared
    # machine; its ratio is given beside the median of per-run ratios.
    print("\n| target | ratio (median of per-run ratios) | fastest runs | bound | |")
    print("|---|---:|---:|---:|---|")
    for label, num, den, op, bound in TARGETS:
        if num not in by_id or den not in by_id:
            continue
        per_run = [by_id[num][r] / by_id[den][r] for r in runs if r in by_id[num] and r in by_id[den]]
        ratio = statistics.median(per_run)
        fastest = min(by_id[num].values()) / min(by_id[den].values())
        ok = ratio >= bound if op == ">=" else ratio <= bound
        print(f"| {label} | {ratio:.2f} ({min(per_run):.2f}–{max(per_run):.2f}) | {fastest:.2f} | {op} {bound} | {'met' if ok else 'MISSED'} |")
    if "codegen/generate/22" in med:
        ms = med["codegen/generate/22"] / 1e6
        fastest = min(by_id["codegen/generate/22"].values()) / 1e6
        print(f"| codegen 22 kinds | {ms:.2f} ms | {fastest:.2f} ms | <= 20 ms | {'met' if ms <= 20 else 'MISSED'} |")


if __name__ == "__main__":
    if sys.argv[1] == "collect":
        collect(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[2])
