#!/usr/bin/env bash
# Installs the npm dependencies when node_modules is missing or older than package-lock.json,
# so a fresh clone needs no manual step before `npm test` or `npm run sample`.
set -euo pipefail
cd "$(dirname "$0")/.."

marker=node_modules/.package-lock.json
if [[ ! -f "$marker" || package-lock.json -nt "$marker" ]]; then
  echo "Installing npm dependencies (npm ci)..."
  npm ci --no-fund --no-audit
fi
