#!/usr/bin/env bash
# End-to-end tests in a real VS Code: installs code-server and Chromium (once), builds the
# extension and its .vsix, installs the .vsix into a fresh code-server, and runs the `vscode`
# API suite and the browser scenario against copies of sample-workspace/. code-server, Chromium
# and the driver run in a network namespace whose only interface is loopback.
#
# Environment:
#   PL_E2E_MODE=vsix|dev   vsix (the default) installs the packaged extension, dev loads the
#                          repository as an extension development folder.
#   PL_E2E_ONLY=api|ui     run one of the two parts.
#   PL_E2E_KEEP=1          keep the run folder (code-server log, workspace copies) in /tmp.
#   PL_E2E_SKIP_BUILD=1    use the existing dist/ bundles (when another step just built them).
#   PL_E2E_WORKSPACE=DIR   test copies of DIR instead of sample-workspace/ (the panel checks
#                          expect the sample dataset).
# Screenshots and results.json go to test/artifacts/e2e/. The last line is always
# "e2e: N passed, N failed", which scripts/test-all.sh reads.
set -uo pipefail
cd "$(dirname "$0")/../.."

started=$SECONDS
artifacts=test/artifacts/e2e
mkdir -p "$artifacts"
driver_log=$(mktemp -t pl-e2e-driver.XXXXXX)
pgid_file=$(mktemp -t pl-e2e-pgid.XXXXXX)
driver_pid=
package_dir=

step() { printf '=== e2e: %s (%d s)\n' "$*" $((SECONDS - started)); }

give_up() {
  echo "e2e: $*" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
}

# Ends what this script started: the driver, then code-server's process group, whose leader's
# id the driver wrote to $pgid_file (it outlives a driver that crashed).
cleanup() {
  if [[ -n $driver_pid ]] && kill -0 "$driver_pid" 2>/dev/null; then
    kill -TERM "$driver_pid" 2>/dev/null
    sleep 1
    kill -KILL "$driver_pid" 2>/dev/null
  fi
  local pgid
  pgid=$(cat "$pgid_file" 2>/dev/null)
  if [[ -n $pgid ]] && kill -0 -- "-$pgid" 2>/dev/null; then
    kill -TERM -- "-$pgid" 2>/dev/null
    sleep 1
    kill -KILL -- "-$pgid" 2>/dev/null
  fi
  rm -f "$pgid_file" "$driver_log"
  [[ -n $package_dir ]] && rm -rf "$package_dir"
  if [[ -n $interrupted ]]; then
    echo "e2e: interrupted"
    echo "e2e: 0 passed, 1 failed"
  fi
}
interrupted=
trap cleanup EXIT
trap 'interrupted=1; exit 130' INT TERM

step "setting up code-server and Chromium"
setup_started=$SECONDS
code_server_dir=$(bash test/e2e/setup-code-server.sh | tail -1) || give_up "setup-code-server.sh failed"
echo "code-server: $code_server_dir ($((SECONDS - setup_started)) s)"

step "building the extension and the test suite"
if [[ ${PL_E2E_SKIP_BUILD:-0} != 1 ]]; then
  node esbuild.mjs || give_up "the esbuild build failed"
fi
node test/e2e/build-suite.mjs || give_up "the test suite build failed"

mode=${PL_E2E_MODE:-vsix}
driver_args=(--code-server "$code_server_dir" --artifacts "$artifacts")
case $mode in
  vsix)
    if ! node -e 'process.exit(require("./package.json").scripts?.package ? 0 : 1)'; then
      give_up 'package.json has no "package" script to build the .vsix; run with PL_E2E_MODE=dev to test the sources'
    fi
    step "packaging the .vsix"
    package_dir=$(mktemp -d -t pl-e2e-vsix.XXXXXX)
    before=$(date +%s)
    npm run --silent package || give_up "npm run package failed"
    # The package script writes the .vsix into the repository root.
    vsix=$(find . -maxdepth 2 -name '*.vsix' -newermt "@$((before - 1))" -not -path './node_modules/*' | head -1)
    [[ -n $vsix ]] || give_up "npm run package produced no .vsix in the repository root"
    cp "$vsix" "$package_dir/"
    vsix="$package_dir/$(basename "$vsix")"
    echo "package: $vsix ($(du -k "$vsix" | cut -f1) KiB)"
    driver_args+=(--vsix "$vsix")
    ;;
  dev) driver_args+=(--dev) ;;
  *) give_up "PL_E2E_MODE must be vsix or dev, not \"$mode\"" ;;
esac
[[ -n ${PL_E2E_ONLY:-} ]] && driver_args+=(--only "$PL_E2E_ONLY")
[[ ${PL_E2E_KEEP:-0} == 1 ]] && driver_args+=(--keep)
[[ -n ${PL_E2E_WORKSPACE:-} ]] && driver_args+=(--workspace "$PL_E2E_WORKSPACE")

# Only loopback inside the namespace: nothing the editor, the extension or the browser does can
# reach another host. Creating it needs root (CI runs as root); elsewhere the run goes on with
# the browser's own host-resolver rules and prints a note.
isolation=(unshare -n -- bash -c 'ip link set lo up && exec "$@"' isolated)
if ! unshare -n -- true 2>/dev/null; then
  echo "NOTE: cannot create a network namespace (not root?); running without network isolation" >&2
  isolation=()
fi

step "running the suites ($mode)"
PL_E2E_PGID_FILE=$pgid_file "${isolation[@]}" node --import tsx test/e2e/driver/main.ts "${driver_args[@]}" \
  > >(tee "$driver_log") 2>&1 &
driver_pid=$!
wait "$driver_pid"
status=$?
driver_pid=
sleep 0.2 # let tee flush the last lines

summary=$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' "$driver_log" | tail -1)
[[ -n $summary ]] || summary="e2e: 0 passed, 1 failed"
if [[ $status -ne 0 && $summary =~ ^e2e:\ [0-9]+\ passed,\ 0\ failed ]]; then
  summary="${summary/ 0 failed/ 1 failed}"
fi
step "done, exit status $status"
echo "$summary"
exit "$status"
