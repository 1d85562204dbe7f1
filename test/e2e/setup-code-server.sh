#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100.3 with a Node extension host) and Debian's Chromium
# for the end-to-end tests and `npm run editor`. Each step is skipped when its result is already
# present, so a second run returns in about a second.
#
# Usage: test/e2e/setup-code-server.sh [DIR]
#   DIR defaults to $PL_CODE_SERVER_DIR, else ~/.cache/processor-lens/code-server-VERSION.
#   It lives outside the repository's node_modules, so `npm ci` never removes it.
# Environment:
#   CODE_SERVER_VERSION  default 4.100.3; newer releases need Node 22 or 24.
#   SKIP_APT=1           do not install Debian packages (fail with the list if they are missing).
#   CHROMIUM=0           skip the chromium package (for `npm run editor` with your own browser).
# Prints the install directory as its last line.
set -euo pipefail

version=${CODE_SERVER_VERSION:-4.100.3}
dir=${1:-${PL_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/processor-lens/code-server-$version}}
script_hash=$(sha256sum "$0" | cut -c1-16)
stamp="$dir/.setup-complete"
expected_stamp="$version $script_hash"

apt_packages=(libkrb5-dev ripgrep build-essential python3 iproute2)
[[ ${CHROMIUM:-1} == 0 ]] || apt_packages+=(chromium)

log() { printf 'setup-code-server: %s\n' "$*" >&2; }

missing_apt_packages() {
  local package
  for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || echo "$package"
  done
}

# Fast path: a finished install made by this version of the script.
if [[ -f $stamp && $(<"$stamp") == "$expected_stamp" && -z $(missing_apt_packages) ]]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$dir"
# Two runs at once (the e2e suite and `npm run editor`) would corrupt one npm tree.
exec 9>"$dir/.setup.lock"
flock 9

started=$SECONDS

# 1. Debian packages: compilers and Kerberos headers for code-server's native modules,
#    ripgrep for Quick Open and search, iproute2 for the test's network namespace, Chromium.
mapfile -t missing < <(missing_apt_packages)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ ${SKIP_APT:-0} == 1 || $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${missing[*]}"
    log "install them with: apt-get install --no-install-recommends ${missing[*]}"
    exit 1
  fi
  log "installing Debian packages: ${missing[*]}"
  # The package lists are fetched only when apt cannot find a package without them.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# 2. code-server 4.100.x declares Node 20 in its engines and its native modules are built for it.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [[ $node_major != 20 ]]; then
  log "code-server $version needs Node 20, found $(node --version); install Node 20 or set CODE_SERVER_VERSION"
  exit 1
fi

# node-gyp downloads Node's headers from nodejs.org unless it is pointed at the installed ones;
# Debian's and NodeSource's nodejs packages ship them under /usr/include/node.
if [[ -z ${npm_config_nodedir:-} && $(npm config get nodedir) == undefined ]]; then
  export npm_config_nodedir=/usr
fi
# kerberos and argon2 otherwise try to fetch prebuilt binaries from GitHub first.
export npm_config_build_from_source=true
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

cd "$dir"
# A package.json of its own keeps npm from installing into a parent folder's project.
[[ -f package.json ]] || printf '{\n  "private": true,\n  "description": "code-server for Processor Lens end-to-end tests"\n}\n' >package.json

cs=node_modules/code-server
vs=$cs/lib/vscode

# 3. code-server itself, without its postinstall (which would run the steps below with network
#    access to GitHub and nodejs.org).
if [[ $(node -p "try { require('./$cs/package.json').version } catch { '' }") != "$version" ]]; then
  log "installing code-server@$version from npm"
  npm install --ignore-scripts --save-exact "code-server@$version" >&2
fi

# 4. VS Code's own runtime dependencies.
if [[ ! -f $vs/node_modules/.package-lock.json ]]; then
  log "installing VS Code's dependencies"
  (cd "$vs" && npm install --omit=dev --ignore-scripts >&2)
fi

# 5. Quick Open and search run the rg binary that @vscode/ripgrep would have downloaded.
if [[ ! -x $vs/node_modules/@vscode/ripgrep/bin/rg ]]; then
  install -D -m755 "$(command -v rg)" "$vs/node_modules/@vscode/ripgrep/bin/rg"
fi

# 6. Native modules of VS Code's server. @parcel/watcher is left alone: it loads its prebuilt
#    linux-x64-glibc package, and rebuilding it from source would only cost time.
native_modules=(kerberos node-pty @vscode/spdlog @vscode/deviceid native-watchdog)
require_all() {
  local module
  for module in "$@"; do
    node -e "require('$module')" 2>/dev/null || return 1
  done
}
if ! (cd "$vs" && require_all "${native_modules[@]}"); then
  log "building native modules: ${native_modules[*]}"
  (cd "$vs" && npm rebuild "${native_modules[@]}" >&2)
  (cd "$vs" && for module in "${native_modules[@]}"; do
    node -e "require('$module')" || { log "native module $module does not load after the rebuild"; exit 1; }
  done)
fi

# 7. The links code-server's postinstall makes: the integrated terminal's `code-server` command
#    and $BROWSER point at them.
[[ -e $vs/node_modules.asar ]] || ln -s node_modules "$vs/node_modules.asar"
[[ -e $vs/bin/remote-cli/code-server ]] || ln -s code-linux.sh "$vs/bin/remote-cli/code-server"
[[ -e $vs/bin/helpers/browser.sh ]] || ln -s browser-linux.sh "$vs/bin/helpers/browser.sh"

# 8. Built-in extensions' dependencies (TypeScript for the TypeScript and JSON language features).
if [[ ! -f $vs/extensions/node_modules/.package-lock.json ]]; then
  log "installing the built-in extensions' dependencies"
  (cd "$vs/extensions" && npm install --omit=dev >&2)
fi

# 9. code-server requires argon2 at start-up, even with `--auth none`.
if ! (cd "$cs" && node -e "require('argon2')" 2>/dev/null); then
  log "building argon2"
  npm rebuild argon2 >&2
  (cd "$cs" && node -e "require('argon2')")
fi

# 10. Smoke test, with its config and data kept inside the install directory.
# The first run also prints an "info Wrote default config file" line, so only the version line is read.
smoke=$(XDG_CONFIG_HOME="$dir/.xdg" XDG_DATA_HOME="$dir/.xdg" node_modules/.bin/code-server --version)
version_line=$(grep -E "^$version " <<<"$smoke" || true)
if [[ -z $version_line ]]; then
  log "code-server --version printed no line starting with $version: $smoke"
  exit 1
fi
log "code-server --version: $version_line"

echo "$expected_stamp" >"$stamp"
log "ready in $((SECONDS - started)) s: $dir"
echo "$dir"
