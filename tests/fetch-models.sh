#!/usr/bin/env bash
# Checks scripts/fetch-models offline against a copy of models/: a complete
# folder verifies and is left alone; a corrupted file is named with both
# checksums and fails --check.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$root/models/." "$scratch/"
before=$(cd "$scratch" && find . -type f -exec sha256sum {} + | sort)

out=$(MODELS_DIR="$scratch" "$root/scripts/fetch-models")
grep -q "all assets present and verified" <<<"$out" || { echo "FAIL: complete folder not verified: $out"; exit 1; }
after=$(cd "$scratch" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || { echo "FAIL: second run changed files"; exit 1; }

printf 'tampered' >> "$scratch/centerface.onnx"
set +e
out=$(MODELS_DIR="$scratch" "$root/scripts/fetch-models" --check 2>&1)
code=$?
set -e
[ $code -eq 1 ] || { echo "FAIL: --check exited $code on a corrupt model"; exit 1; }
grep -q "CORRUPT:  centerface.onnx — checksum mismatch (expected 09189dea" <<<"$out" || { echo "FAIL: message: $out"; exit 1; }
echo "fetch-models: 2 passed, 0 failed"
