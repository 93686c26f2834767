#!/usr/bin/env bash
# Runs the end-to-end tests against the real app binary under Xvfb.
#   tests/e2e/run.sh [path/to/clearpost-app]
# Needs: xvfb-run, WebKitWebDriver (Debian webkit2gtk-driver), tauri-driver
# (cargo install tauri-driver --locked), node, and `npm install` done in tests/e2e.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app=${1:-${CLEARPOST_APP:-$root/target/debug/clearpost-app}}
[ -x "$app" ] || { echo "e2e: app binary not found at $app (build it with: scripts/tauri build --debug --no-bundle)" >&2; exit 2; }
command -v tauri-driver >/dev/null || { echo "e2e: tauri-driver not found (cargo install tauri-driver --locked)" >&2; exit 2; }
command -v WebKitWebDriver >/dev/null || { echo "e2e: WebKitWebDriver not found (apt-get install webkit2gtk-driver)" >&2; exit 2; }

if [ -z "${E2E_UNDER_XVFB:-}" ]; then
  # Re-run this script inside a virtual display.
  exec env E2E_UNDER_XVFB=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$app"
fi

scratch=$(mktemp -d)
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export CLEARPOST_APP="$app" E2E_ARTIFACTS="${E2E_ARTIFACTS:-$here/artifacts}"
# Debug builds answer the Photos panel's file dialog with this path (the GTK
# dialog cannot be driven over WebDriver); photos.test.mjs writes the photo there.
export CLEARPOST_E2E_PICK="$scratch/pick/ward-photo.png"
# Debug builds save exports, bundles and decisions here instead of asking in a
# native dialog (src-tauri/src/file_dialog.rs); workflow.test.mjs reads them.
export CLEARPOST_E2E_SAVE_DIR="$scratch/saved"
mkdir -p "$CLEARPOST_E2E_SAVE_DIR"
# No accessibility bus or GPU under Xvfb: keep WebKit quiet and software-rendered.
export NO_AT_BRIDGE=1
# network.test.mjs starts the app through network-trace.sh, which runs this
# binary under strace and writes its logs here (tauri-driver and
# WebKitWebDriver pass the environment on to the app they start).
export CLEARPOST_TRACED_APP="$app" CLEARPOST_NET_TRACE="$scratch/net-trace"
# checks.test.mjs starts the app through without-word-lists.sh, which points it
# at this empty models folder.
export CLEARPOST_E2E_EMPTY_MODELS="$scratch/empty-models"
mkdir -p "$CLEARPOST_E2E_EMPTY_MODELS"

tauri-driver --port 4444 > "$scratch/tauri-driver.log" 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 1 50); do
  (echo > /dev/tcp/127.0.0.1/4444) 2>/dev/null && break
  sleep 0.2
done
cd "$here"
status=0
# The no-network check: the app under strace (its own run, as the app binary
# it starts is the wrapper, not the one the other tests look for).
network_check() { CLEARPOST_APP="$here/network-trace.sh" node --test --test-reporter=spec network.test.mjs; }
# E2E_SCRIPT=bench-app.mjs runs one script in this harness instead of the tests.
if [ "${E2E_SCRIPT:-}" = network.test.mjs ]; then
  network_check || status=$?
elif [ -n "${E2E_SCRIPT:-}" ]; then
  node "$E2E_SCRIPT" || status=$?
else
  npm test || status=$?
  network_check || status=$?
fi
if [ $status -ne 0 ]; then
  echo "--- tauri-driver log ---"; tail -50 "$scratch/tauri-driver.log"
fi
exit $status
