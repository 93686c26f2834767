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

# A converted list: the converter writes sorted lower-case keys of the named dict,
# and refuses a pickle that references any class or function.
python3 - "$scratch" <<'PY'
import bz2, pickle, sys, os
d = sys.argv[1]
with bz2.open(os.path.join(d, "ok.pkl.bz2"), "wb") as f:
    pickle.dump({"variants": {"Zeta": ["z"], "alpha beta": ["a"], "": []}, "other": {}}, f)
with bz2.open(os.path.join(d, "evil.pkl.bz2"), "wb") as f:
    pickle.dump({"variants": {"x": os.getcwd}}, f)
PY
python3 "$root/scripts/assets/pickle-dict-keys.py" "$scratch/ok.pkl.bz2" "$scratch/ok.txt" variants 2>/dev/null
[ "$(cat "$scratch/ok.txt")" = $'alpha beta\nzeta' ] || { echo "FAIL: converted list: $(cat "$scratch/ok.txt")"; exit 1; }
if python3 "$root/scripts/assets/pickle-dict-keys.py" "$scratch/evil.pkl.bz2" "$scratch/evil.txt" variants 2>/dev/null; then
  echo "FAIL: a pickle with a global was converted"; exit 1
fi
printf 'tampered' >> "$scratch/medical/drug_names.txt"
set +e
out=$(MODELS_DIR="$scratch" "$root/scripts/fetch-models" --check 2>&1)
code=$?
set -e
[ $code -eq 1 ] && grep -q "CORRUPT:  medical/drug_names.txt" <<<"$out" || { echo "FAIL: converted list not checked: $out"; exit 1; }
echo "fetch-models: 4 passed, 0 failed"
