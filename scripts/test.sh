#!/usr/bin/env bash
# Runs every check and test: set-up (scripts/setup.sh: the system packages the tests use, on
# Debian/Ubuntu as root), lint, typecheck, the UI production build, and all vitest projects (unit
# tests of every package, cross-package tests, and tests against real engines).
# Usage: npm test            (extra args go to vitest and skip set-up and the checks,
#                             e.g. npm test -- --project core)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node.sh
export NEXT_TELEMETRY_DISABLED=1

phase() {
  local name=$1
  shift
  local start=$SECONDS
  echo "::: $name"
  # A failure is returned, not swallowed: a caller's `|| status=$?` turns `set -e` off in here.
  local rc=0
  "$@" || rc=$?
  echo "::: $name took $((SECONDS - start))s"
  return $rc
}

if [ $# -eq 0 ]; then
  phase setup bash scripts/setup.sh
  phase lint npx biome check .
  phase typecheck npx tsc --noEmit -p tsconfig.json
  phase typecheck-ui npx tsc --noEmit -p ui/tsconfig.json
  phase ui-build npm run build --silent -w @driftwood/ui
fi

mkdir -p test-results
status=0
phase tests npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# One plain summary line for any reader of the log.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
