#!/usr/bin/env bash
# The one test command (npm test): generated-artefact drift, lint (incl. module boundaries),
# type checks, then every unit, integration and end-to-end test on the real Postgres and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}

node scripts/preflight.js

echo "== generated artefacts"
bash scripts/check-generated.sh

echo "== lint and type checks"
npx nx run-many -t lint typecheck --parallel=2 --outputStyle=static

echo "== tests"
mkdir -p tmp
set +e
npx jest -c jest.config.js --json --outputFile=tmp/jest-results.json "$@"
status=$?
set -e
node -e '
  const r = require("./tmp/jest-results.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
'
exit $status
