#!/usr/bin/env bash
# `npm run test:emacs`: the standalone language server driven by headless Emacs with
# eglot (Debian's emacs-nox and elpa-eglot), the third LSP client of the e2e suite: hover,
# definition (xref), outline (imenu) and diagnostics (flymake) on test/e2e/workspace, and
# no protocol warning. The checks are in emacs-check.el (one Emacs session).
# Installs emacs-nox and elpa-eglot with apt if missing (as root, or through sudo), builds
# dist/ when it is missing or stale. Ends with `N passed, N failed`; exit 1 on any failure.
# Env: LSP_TIMEOUT_S (per wait, default 60), EMACS_CHECK_TIMEOUT (seconds, default 300).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

if ! { command -v emacs >/dev/null && ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1; } && command -v apt-get >/dev/null; then
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "emacs-check: installing emacs-nox and elpa-eglot with apt-get" >&2
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends emacs-nox elpa-eglot; } >&2
fi
if ! node -e 'require("./tools/lib").ensureBuilt({ log: (m) => console.error("emacs-check: " + m) })'; then
  echo "emacs-check: FAIL build"
  echo "0 passed, 1 failed"
  exit 1
fi

# Throw-away home: the user's init files, packages and eglot state are never used.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/emacs-check.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
HOME="$tmp" XDG_CACHE_HOME="$tmp/cache" PL_ROOT="$root" LSP_TIMEOUT_S="${LSP_TIMEOUT_S:-60}" \
  timeout -k 5 "${EMACS_CHECK_TIMEOUT:-300}" emacs --batch -Q -l "$here/emacs-check.el" 2> >(grep -v '^Loading\|^\[eglot\] Connected\|^\[eglot\] Waiting\|^\[eglot\] Starting\|^Contacting host' >&2)
rc=$?
if [ $rc -eq 124 ]; then echo "emacs-check: FAIL timed out"; echo "0 passed, 1 failed"; fi
exit $rc
