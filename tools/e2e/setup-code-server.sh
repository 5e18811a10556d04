#!/usr/bin/env bash
# Idempotent installer for Policy Lens's editor tooling (`npm start`, `npm run test:e2e`,
# `npm run test:nvim`). Adapted from the team's e2e kit; the project depends on nothing
# outside this repository at run time.
#   - Debian packages: chromium (the browser playwright-core drives), neovim (second
#     LSP client) and emacs-nox with elpa-eglot (third LSP client) for the e2e tests; ripgrep (VS Code's search binary), libkrb5-dev
#     (headers to build the `kerberos` native module) and a C/C++ toolchain only while
#     code-server itself is being installed.
#   - playwright-core (e2e only), into the cache dir, NOT into the project's
#     node_modules: `npm ci` stays lean.
#   - code-server (a real VS Code workbench served over HTTP) from the npm
#     registry, with every native module rebuilt locally (nothing is downloaded
#     from outside the npm registry).
#
# Usage:   bash setup-code-server.sh            # everything the e2e tests need
#          bash setup-code-server.sh --start    # only what `npm start` needs: code-server
#                                               # (no chromium, neovim, playwright-core)
# Env:     E2E_CACHE_DIR        where to install (default: ${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e)
#          CODE_SERVER_VERSION  default 4.100.3 (last release that runs on Node 20)
#          PLAYWRIGHT_CORE_VERSION default 1.65.1
#          E2E_SKIP_APT=1       do not touch apt (install the packages yourself)
#          E2E_APT_PACKAGES     override the whole package list (checked on every run)
# Output:  the last line is `CODE_SERVER_BIN=<path>`; run-in-code-server.js finds the
#          same default location by itself, or takes CODE_SERVER_BIN from the env.
# A second run when everything is present only checks and prints (well under 1 s).
# Concurrent runs (npm start and the e2e tests at once) are serialised by a lock file.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
E2E_CACHE_DIR="${E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-e2e}"
INSTALL_DIR="$E2E_CACHE_DIR/code-server-$CODE_SERVER_VERSION"
PKG_DIR="$INSTALL_DIR/node_modules/code-server"
STAMP="$INSTALL_DIR/.e2e-install-complete"
MODE=e2e
for arg in "$@"; do
  case "$arg" in
    --start) MODE=start ;;
    --e2e) MODE=e2e ;;
    -h|--help) awk 'NR>1 && /^#/ {sub(/^# ?/, ""); print; next} NR>1 {exit}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup-code-server.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
# Packages needed at run time (by the e2e tests), and only to build code-server.
RUNTIME_PACKAGES=""
if [ "$MODE" = e2e ]; then RUNTIME_PACKAGES="chromium neovim emacs-nox elpa-eglot"; fi
BUILD_PACKAGES="ripgrep libkrb5-dev build-essential python3 pkg-config"
if [ -n "${E2E_APT_PACKAGES:-}" ]; then
  APT_PACKAGES="$E2E_APT_PACKAGES"
elif [ -f "$STAMP" ] && [ -f "$PKG_DIR/out/node/entry.js" ]; then
  APT_PACKAGES="$RUNTIME_PACKAGES"
else
  APT_PACKAGES="$RUNTIME_PACKAGES $BUILD_PACKAGES"
fi

log() { printf '[setup-code-server] %s\n' "$*" >&2; }

# One installer at a time (npm start and the e2e runner may both call this script).
mkdir -p "$E2E_CACHE_DIR"
if command -v flock >/dev/null; then
  exec 9>"$E2E_CACHE_DIR/.setup.lock"
  flock 9
fi

# ---------------------------------------------------------------- apt packages
missing_pkgs() {
  local p missing=()
  for p in $APT_PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

if [ "${E2E_SKIP_APT:-0}" != 1 ] && [ -n "${APT_PACKAGES// /}" ] && command -v dpkg-query >/dev/null; then
  MISSING="$(missing_pkgs)"
  if [ -n "$MISSING" ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    log "installing Debian packages: $MISSING"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $MISSING >&2
  fi
fi

# ---------------------------------------------------------------- playwright-core
# The only npm dependency of run-in-code-server.js. Installed next to code-server so
# the kit works without a package.json of its own; the runner finds it there (or in
# your project's node_modules if you add playwright-core as a devDependency).
PLAYWRIGHT_DIR="$E2E_CACHE_DIR/playwright-core-$PLAYWRIGHT_CORE_VERSION"
if [ "$MODE" = e2e ] && [ ! -f "$PLAYWRIGHT_DIR/node_modules/playwright-core/package.json" ]; then
  log "installing playwright-core@$PLAYWRIGHT_CORE_VERSION into $PLAYWRIGHT_DIR"
  mkdir -p "$PLAYWRIGHT_DIR"
  echo '{"name":"vscode-e2e-playwright","private":true}' > "$PLAYWRIGHT_DIR/package.json"
  # --ignore-scripts: never let it try to download a browser; Debian's chromium is used.
  (cd "$PLAYWRIGHT_DIR" && npm install "playwright-core@$PLAYWRIGHT_CORE_VERSION" --ignore-scripts --no-save --no-audit --no-fund >&2)
fi

# ---------------------------------------------------------------- code-server
if [ -f "$STAMP" ] && [ -f "$PKG_DIR/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $INSTALL_DIR"
  echo "CODE_SERVER_BIN=$PKG_DIR/out/node/entry.js"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  log "WARNING: code-server $CODE_SERVER_VERSION requires Node 20, found $(node -v); continuing anyway"
fi
command -v rg >/dev/null || { log "ripgrep (rg) not found on PATH"; exit 1; }

start=$(date +%s)
log "installing code-server $CODE_SERVER_VERSION into $INSTALL_DIR (about 1-2 minutes, ~300 MB)"
rm -rf "$INSTALL_DIR"
mkdir -p "$INSTALL_DIR"
cd "$INSTALL_DIR"
echo '{"name":"vscode-e2e-code-server","private":true}' > package.json

# npx inside node-pty's install script must not prompt; native builds use the
# local Node headers (nodedir) when the npmrc provides them.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# 1. The package itself, without its postinstall (which insists on --unsafe-perm and
#    would let @vscode/ripgrep download a binary from GitHub).
log "1/5 npm install code-server@$CODE_SERVER_VERSION --ignore-scripts"
npm install "code-server@$CODE_SERVER_VERSION" --ignore-scripts --no-save >&2
# code-server's own native module (argon2, used for password auth) - built from source.
npm rebuild argon2 >&2

# 2. VS Code's server dependencies (what postinstall.sh's vscode_install does).
log "2/5 npm install in lib/vscode"
cd "$PKG_DIR/lib/vscode"
npm install --omit=dev --ignore-scripts >&2
# @vscode/ripgrep's postinstall downloads rg from GitHub: give it Debian's instead.
# (Its postinstall exits early when bin/ already exists.)
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

# 3. Build the native modules (node-pty, spdlog, kerberos, native-watchdog, ...).
log "3/5 npm rebuild in lib/vscode (native modules)"
npm rebuild >&2

# 4. The symlinks postinstall.sh creates.
log "4/5 symlinks from postinstall.sh"
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && rm -f code-server && ln -s code-linux.sh code-server)
(cd bin/helpers && rm -f browser.sh && ln -s browser-linux.sh browser.sh)

# 5. Shared dependencies of the built-in extensions (typescript for TS/JS features).
log "5/5 npm install in lib/vscode/extensions"
cd extensions
npm install --omit=dev >&2

# Smoke check: the server entry point loads and reports its version. Sandbox its
# config/data dirs so it does not write ~/.config/code-server/config.yaml.
cd "$INSTALL_DIR"
sandbox="$(mktemp -d)"
ver="$(HOME="$sandbox" XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" \
  node "$PKG_DIR/out/node/entry.js" --version 2>&1 | grep -o "^$CODE_SERVER_VERSION [0-9a-f]*" || true)"
rm -rf "$sandbox"
if [ -z "$ver" ]; then
  log "code-server --version did not report $CODE_SERVER_VERSION"; exit 1
fi
# The native modules VS Code's server needs at run time must load.
(cd "$PKG_DIR/lib/vscode" && node -e 'for (const m of ["node-pty", "@vscode/spdlog", "native-watchdog", "kerberos"]) require(m)') \
  || { log "a native module failed to load"; exit 1; }
node -e 'require("argon2")' || { log "argon2 failed to load"; exit 1; }
touch "$STAMP"
log "done in $(( $(date +%s) - start )) s: code-server $ver"
echo "CODE_SERVER_BIN=$PKG_DIR/out/node/entry.js"
