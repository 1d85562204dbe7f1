#!/usr/bin/env bash
# Runs every test suite: build, type check, unit, protocol (LSP over stdio) and end-to-end
# (code-server in Chromium). Installs what the suites need first. Prints one closing line
# "tests: N passed, N failed" and exits non-zero when any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# Google's auth library probes the cloud metadata server unless told not to; tests talk only to 127.0.0.1.
export METADATA_SERVER_DETECTION=none
export NO_PROXY=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

artifacts=test/artifacts
mkdir -p "$artifacts"
passed=0
failed=0
failed_stages=()

run_stage() {
  local name=$1
  shift
  echo "=== $name"
  if "$@"; then
    echo "=== $name: ok"
  else
    echo "=== $name: FAILED"
    failed_stages+=("$name")
    return 1
  fi
}

# Runs node's test runner over the given files and adds its pass/fail counts to the totals.
run_node_tests() {
  local name=$1
  shift
  local files=("$@")
  if [[ ${#files[@]} -eq 0 ]]; then
    echo "=== $name: no test files"
    return 0
  fi
  local tap="$artifacts/$name.tap"
  echo "=== $name (${#files[@]} files)"
  node --import tsx --test --test-concurrency=2 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" \
    "${files[@]}"
  local status=$?
  local suite_pass suite_fail
  suite_pass=$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | awk '{print $3}')
  suite_fail=$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | awk '{print $3}')
  passed=$((passed + ${suite_pass:-0}))
  failed=$((failed + ${suite_fail:-0}))
  if [[ $status -ne 0 ]]; then
    failed_stages+=("$name")
    [[ ${suite_fail:-0} -gt 0 ]] || failed=$((failed + 1))
  fi
  echo "=== $name: ${suite_pass:-0} passed, ${suite_fail:-0} failed"
}

find_tests() {
  find "$1" -name '*.test.ts' -not -path '*/fixtures/*' 2>/dev/null | sort
}

run_stage deps bash scripts/ensure-deps.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }
run_stage build node esbuild.mjs || failed=$((failed + 1))
run_stage typecheck npx tsc -p . --noEmit || failed=$((failed + 1))

mapfile -t unit_files < <(find_tests test/unit)
run_node_tests unit "${unit_files[@]}"

mapfile -t protocol_files < <(find_tests test/protocol)
run_node_tests protocol "${protocol_files[@]}"

if [[ -x test/e2e/run.sh ]]; then
  e2e_log="$artifacts/e2e.log"
  bash test/e2e/run.sh 2>&1 | tee "$e2e_log"
  e2e_status=${PIPESTATUS[0]}
  e2e_counts=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$e2e_log" | tail -1)
  e2e_pass=$(sed -E 's/^e2e: ([0-9]+) passed.*/\1/' <<<"$e2e_counts")
  e2e_fail=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$e2e_counts")
  passed=$((passed + ${e2e_pass:-0}))
  failed=$((failed + ${e2e_fail:-0}))
  if [[ $e2e_status -ne 0 ]]; then
    failed_stages+=(e2e)
    [[ ${e2e_fail:-0} -gt 0 ]] || failed=$((failed + 1))
  fi
fi

if [[ ${#failed_stages[@]} -gt 0 ]]; then
  echo "Failed stages: ${failed_stages[*]}"
fi
echo "tests: $passed passed, $failed failed"
[[ $failed -eq 0 && ${#failed_stages[@]} -eq 0 ]]
