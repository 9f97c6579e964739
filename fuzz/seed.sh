#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's fixtures (files are named by content hash,
# as libFuzzer names them). Run from anywhere; idempotent. After fuzzing, minimize with
# `cargo fuzz cmin <target>` (see README "Fuzzing").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=$root/fuzz/corpus
mkdir -p "$corpus"/{spec_markdown,spec_json,event_parse,verify,spec_diff}

add() { # add TARGET FILE
    local sum
    sum=$(sha1sum "$2" | cut -d' ' -f1)
    cp "$2" "$corpus/$1/$sum"
}

# Markdown specs: the spec, the reader's fixtures, the compile-fail specs, the drift specs.
for f in spec/webhooks.md webhook-spec/tests/fixtures/*.md webhook-spec/tests/fixtures/malformed/*.md \
    tests/ui/specs/*.md tests/drift/*.md; do
    add spec_markdown "$f"
done

# JSON specs: the reader's fixture and the JSON form of every valid Markdown spec.
add spec_json webhook-spec/tests/fixtures/small.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-hard}
cargo build -q -p webhook-spec
for f in spec/webhooks.md webhook-spec/tests/fixtures/every_type.md tests/ui/specs/*.md tests/drift/*.md; do
    out=$tmp/$(basename "$f" .md).json
    if "$CARGO_TARGET_DIR/debug/webhook-spec" json "$f" >"$out" 2>/dev/null; then
        add spec_json "$out"
    fi
done

# Event bodies: one fixture per kind.
for f in tests/fixtures/events/*.json; do
    add event_parse "$f"
done

# Deliveries for `verify` (layout in fuzz/src/targets.rs): two control bytes, then secret, id,
# timestamp, signature, extra headers and body separated by NUL, correctly signed.
python3 - "$corpus/verify" tests/fixtures/events/*.json <<'EOF'
import base64, hashlib, hmac, sys
out, files = sys.argv[1], sys.argv[2:]
secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
key = base64.b64decode(secret[len("whsec_"):])
for i, f in enumerate(files[:6]):
    body = open(f, "rb").read()
    msg_id, ts = f"msg_{i}", str(1614265330 + i)
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    sig = "v1," + base64.b64encode(mac).decode()
    extra = "Webhook-Id:msg_shadow" if i % 2 else "content-type:application/json"
    data = bytes([i * 20, i]) + b"\0".join(
        [secret.encode(), msg_id.encode(), ts.encode(), f"v1a,xyz {sig}".encode(), extra.encode(), body])
    name = hashlib.sha1(data).hexdigest()
    open(f"{out}/{name}", "wb").write(data)
EOF
# Spec pairs for `spec_diff` (layout in fuzz/src/targets.rs): byte 0 picks seed -> input (0),
# input -> seed (1) or old NUL new (2).
python3 - "$corpus/spec_diff" <<'EOF'
import hashlib, sys
out = sys.argv[1]
read = lambda f: open(f, "rb").read()
specs = ["spec/webhooks.md", "tests/drift/session_created_removed.md",
         "tests/drift/session_created_renamed.md", "tests/ui/specs/valid.md"]
pairs = [("spec/webhooks.md", "tests/drift/session_created_removed.md"),
         ("tests/drift/session_created_renamed.md", "spec/webhooks.md"),
         ("tests/ui/specs/valid.md", "tests/ui/specs/kind_added.md")]
seeds = [bytes([m]) + read(f) for f in specs for m in (0, 1)]
seeds += [b"\2" + read(a) + b"\0" + read(b) for a, b in pairs]
for data in seeds:
    open(f"{out}/{hashlib.sha1(data).hexdigest()}", "wb").write(data)
EOF
ls "$corpus" | while read -r t; do echo "$t: $(ls "$corpus/$t" | wc -l) files"; done
