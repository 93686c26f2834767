#!/usr/bin/env bash
# Stands in for the app binary in network.test.mjs: WebKitWebDriver starts this
# script with the app's arguments, and it runs the real app under strace,
# recording the network system calls of the app and of every process it starts
# (WebKit's web and network processes) in a file in $CLEARPOST_NET_TRACE/.
# Set by run.sh: CLEARPOST_TRACED_APP (the real binary), CLEARPOST_NET_TRACE (a folder).
set -euo pipefail
: "${CLEARPOST_TRACED_APP:?the real app binary}" "${CLEARPOST_NET_TRACE:?where strace writes}"
# --seccomp-bpf stops the app only at network calls, so WebKit runs at speed;
# -yy names each descriptor's socket (family and both ends).
# The WebDriver link's loopback port, the one address the test allows.
# The rendering users get: compositing off (with it, main.rs's GL defaults).
# The app keeps compositing on under WebDriver only for screenshots, and this
# test takes none, so one full session runs exactly as a user's does.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
echo "WEBKIT_INSPECTOR_SERVER=${WEBKIT_INSPECTOR_SERVER:-}" > "$CLEARPOST_NET_TRACE/app-$$.env"
exec strace -f --seccomp-bpf -qq -yy -s 128 -e trace=network -e signal=none \
  -o "$CLEARPOST_NET_TRACE/app-$$.strace" -- "$CLEARPOST_TRACED_APP" "$@"
