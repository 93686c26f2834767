#!/usr/bin/env bash
# Runs every fuzz target for a short budget (default 45 s each, one at a time,
# one job), seeded from ../shared/corpus when it is there. Used by
# scripts/test-all. Runs on the stable toolchain: cargo-fuzz's flags that
# stable rustc calls unstable (-Zsanitizer=address) are allowed with
# RUSTC_BOOTSTRAP=1 (a nightly toolchain works too: FUZZ_TOOLCHAIN=nightly).
# cargo-fuzz itself comes from `scripts/install-deps --test-tools`.
# Without cargo-fuzz: under CI=true it fails; elsewhere it prints one
# "SKIP: <why>" line and exits 0.
# Fails (exit 1) when a target does not build or finds a failing input (crash,
# panic, assertion, timeout, out-of-memory); the input is left in
# fuzz/artifacts/<target>/ and named in the message.
# `fuzz/smoke.sh build` only builds every target (scripts/test-all does that
# in the background, at low priority, while other checks run).
# Usage: [FUZZ_LOG_DIR=dir] fuzz/smoke.sh [SECONDS_PER_TARGET | build]
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-45}"
# The pinned cargo-fuzz version (scripts/install-deps installs this one).
cargo_fuzz_version=0.13.2
export RUSTC_BOOTSTRAP=1
fuzz() { cargo ${FUZZ_TOOLCHAIN:+"+$FUZZ_TOOLCHAIN"} fuzz "$@"; }
# How the targets are built: by default unoptimised with debug assertions and
# overflow checks, without AddressSanitizer. The targets reach the ONNX runtime
# through clearpost-core, and an optimised ASan build of it did not finish in
# over an hour on this 2-core machine under load; the code fuzzed is safe Rust,
# where a panic or an overflow (caught here) is the failure that matters.
# FUZZ_BUILD="--release --sanitizer address" restores the thorough build.
read -r -a build_flags <<<"${FUZZ_BUILD:---dev --sanitizer none}"
if ! fuzz --version >/dev/null 2>&1; then
  why="cargo-fuzz is not installed (scripts/install-deps --test-tools, or: cargo install cargo-fuzz --version $cargo_fuzz_version --locked)"
  if [ "${CI:-}" = "true" ] || [ "${CI:-}" = "1" ]; then
    echo "FAILED: fuzz smoke run: $why; under CI=true the fuzz targets may not be skipped" >&2
    exit 1
  fi
  echo "SKIP: fuzz smoke run: $why"
  exit 0
fi
shared="$(cd .. && pwd)/../shared/corpus"

# The PHI corpus is one JSON-lines file of 1,500 short texts. As a single
# 400 kB seed it made libFuzzer mutate 400 kB inputs (12 executions in 110 s);
# one text per seed file keeps inputs short. Generated under seeds/ (git-ignored:
# corpus data never enters the repo).
phi_seeds() {
  local jsonl="$shared/phi/presidio_synth_v2.jsonl" out="seeds/phi_scan"
  [ -f "$jsonl" ] && command -v python3 >/dev/null || return 0
  if [ ! -d "$out" ] || [ "$jsonl" -nt "$out" ]; then
    rm -rf "$out" && mkdir -p "$out"
    python3 - "$jsonl" "$out" <<'EOF'
import json, sys
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    with open(f"{sys.argv[2]}/{i:04d}.md", "w", encoding="utf-8") as f:
        f.write(json.loads(line)["text"])
EOF
  fi
  echo "$out"
}
seeds_for() {
  case "$1" in
    meta_*) [ -d "$shared/metadata" ] && echo "$shared/metadata" ;;
    phi_scan) phi_seeds ;;
  esac
  return 0
}
# Photos need room; drafts are short and the scanner's cost grows with length.
max_len_for() {
  case "$1" in
    phi_scan) echo 4096 ;;
    *) echo 1048576 ;;
  esac
}

failed=()
targets=$(fuzz list)
# One build of every target first, so that the per-target times below are fuzzing.
build_began=$SECONDS
if ! fuzz build "${build_flags[@]}" >fuzz-build.log 2>&1; then
  tail -40 fuzz-build.log >&2
  echo "FAILED: the fuzz targets do not build (fuzz/fuzz-build.log)" >&2
  exit 1
fi
echo "fuzz targets built ($(echo $targets)) with ${build_flags[*]}: $((SECONDS - build_began)) s, $(fuzz --version), $(rustc --version)"
[ "$budget" = build ] && exit 0
echo "fuzz smoke run: $(echo $targets | wc -w) targets, ${budget}s each"
for target in $targets; do
  mkdir -p "corpus/$target" "artifacts/$target"
  seeds="$(seeds_for "$target")"
  echo "==> fuzz $target for ${budget}s ${seeds:+(seeds: $seeds)}"
  stamp="$(mktemp)"
  log="$(mktemp)"
  status=0
  began=$SECONDS
  # -rss_limit_mb: a bomb that gets past the caps fails the run rather than the
  # machine; -timeout: one input running a minute is a hang, not a slow photo
  # (the slowest seen, a 70 kB JPEG declaring 28 megapixels to turn upright,
  # takes 10 s under ASan).
  fuzz run "${build_flags[@]}" "$target" "corpus/$target" $seeds -- \
    -max_total_time="$budget" -timeout=60 -jobs=1 -workers=1 -rss_limit_mb=2048 \
    -max_len="$(max_len_for "$target")" -print_final_stats=1 >"$log" 2>&1 || status=$?
  echo "    ${target}: $((SECONDS - began)) s including the build"
  grep -E "^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done [0-9]+ runs|thread .* panicked)" "$log" || true
  # Only inputs found by this run count (older ones may be kept for triage).
  found="$(find "artifacts/$target" -type f -newer "$stamp" \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | head -1)"
  rm -f "$stamp"
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    tail -40 "$log" >&2
    echo "FAILED: fuzz target $target (exit $status)${found:+, failing input: fuzz/$found}" >&2
    failed+=("$target")
  fi
  # FUZZ_LOG_DIR=dir keeps each target's full libFuzzer output.
  if [ -n "${FUZZ_LOG_DIR:-}" ]; then mkdir -p "$FUZZ_LOG_DIR" && mv "$log" "$FUZZ_LOG_DIR/$target.log"; else rm -f "$log"; fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz smoke run failed for: ${failed[*]} (reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <input>)" >&2
  exit 1
fi
echo "fuzz smoke run: every target ran ${budget}s without a failing input"
