#!/usr/bin/env bash
# Regenerates every generated artefact and fails when a committed copy drifts from its source:
# the Prisma client, the migrations (against schema.prisma), the OpenAPI document and the CLI and console types.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Prisma client"
node scripts/prisma-generate.js >/dev/null
if ! git diff --quiet --exit-code -- libs/db/src/generated || [ -n "$(git ls-files --others --exclude-standard libs/db/src/generated)" ]; then
  git --no-pager diff --stat -- libs/db/src/generated
  echo "the committed Prisma client differs from prisma/schema.prisma: run npm run prisma:generate and commit" >&2
  exit 1
fi
echo "Prisma client matches prisma/schema.prisma"

echo "== Migrations"
node scripts/run-ts.js scripts/db/check-drift.ts

echo "== OpenAPI document and the CLI and console types generated from it"
node scripts/run-ts.js scripts/openapi-generate.ts --check

echo "== docker-compose.yml"
if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose)
else compose=()
fi
if [ ${#compose[@]} -gt 0 ]; then
  SWITCHYARD_MASTER_KEY=check SWITCHYARD_ADMIN_TOKEN=check "${compose[@]}" -f docker-compose.yml config -q
  echo "docker-compose.yml is valid (${compose[*]} config)"
else
  echo "SKIPPED: no docker compose on this machine (apt-get install docker-compose) — docker-compose.yml not validated"
fi
