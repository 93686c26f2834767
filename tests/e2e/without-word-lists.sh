#!/usr/bin/env bash
# Stands in for the app binary in checks.test.mjs: the real app with an empty
# models folder, as on a machine where the PHI word lists and model are missing.
# Set by run.sh: CLEARPOST_TRACED_APP (the real binary), CLEARPOST_E2E_EMPTY_MODELS.
set -euo pipefail
: "${CLEARPOST_TRACED_APP:?the real app binary}" "${CLEARPOST_E2E_EMPTY_MODELS:?an empty folder}"
export CLEARPOST_MODELS_DIR="$CLEARPOST_E2E_EMPTY_MODELS"
exec "$CLEARPOST_TRACED_APP" "$@"
