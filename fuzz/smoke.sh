#!/usr/bin/env bash
# Runs every fuzz target for a short budget (default 45 s each, one at a time,
# one job), seeded from ../shared/corpus when it is there. Used by
# scripts/test-all; skips, saying why, when `cargo +nightly fuzz` is missing.
# Usage: fuzz/smoke.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-45}"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz smoke run skipped: cargo +nightly fuzz is not installed (rustup toolchain install nightly; cargo install cargo-fuzz --locked)"
  exit 0
fi
shared="$(cd .. && pwd)/../shared/corpus"
seeds_for() {
  case "$1" in
    meta_*) echo "$shared/metadata" ;;
    phi_scan) echo "$shared/phi" ;;
    *) echo "" ;;
  esac
}
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  seeds="$(seeds_for "$target")"
  [ -n "$seeds" ] && [ -d "$seeds" ] || seeds=""
  echo "==> fuzz $target for ${budget}s ${seeds:+(seeds: $seeds)}"
  mkdir -p "artifacts/$target"
  stamp="$(mktemp)"
  # -rss_limit_mb: a bomb that gets past the caps fails the run rather than the machine.
  cargo +nightly fuzz run "$target" "corpus/$target" $seeds -- \
    -max_total_time="$budget" -jobs=1 -workers=1 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 \
    2>&1 | grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|Done [0-9]+ runs)" || true
  # A crash leaves a file in artifacts/<target>/ and a non-zero status above; make it fatal.
  # Only inputs found by this run count (older ones may be kept for triage).
  found="$(find "artifacts/$target" -type f -newer "$stamp" \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) | head -1)"
  rm -f "$stamp"
  if [ -n "$found" ]; then
    echo "fuzz target $target found a failing input: see fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
