#!/usr/bin/env bash
# `npm run test:nvim`: the standalone language server (`node dist/server.js --stdio`)
# driven by headless Neovim, a second LSP client independent of VS Code.
# Each check: open test/e2e/workspace/FILE, send METHOD (hover, definition, documentSymbol)
# at WORD (first occurrence; documentSymbol ignores it), expect the answer, as text (see
# nvim-hover.lua), to contain every TEXT (separated by ';;').
# The server finds the bundled seeds/ next to dist/ by itself (includeBundledCorpus
# defaults to true), so the acronym VUFO, used but not defined in brief.md, is expanded
# from seeds/004, and "Nghị quyết 34" resolves to 34-NQ/TW in seeds/002.
# Installs neovim with apt if it is missing (as root, or through sudo), builds dist/
# when it is missing or stale. Ends with `N passed, N failed`; exit 1 on any failure.
# Env: LSP_TIMEOUT_MS (per check, default 30000), NVIM_HOVER_TIMEOUT (seconds, default 90).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# A second server configuration, as a Neovim user writes it (init_options): the Word, PDF
# and web-page sources of test/fixtures/formats/corpus as corpus (relative to the workspace),
# and a cache dir of this run's own, where the converted sources' text renditions go.
cache_dir="$(mktemp -d)"
trap 'rm -rf "$cache_dir"' EXIT
FORMATS="{\"corpusPaths\":[\"../../fixtures/formats/corpus\"],\"cacheDir\":\"$cache_dir\"}"

CHECKS=(
  # method|file|word|expected texts (;; between them)[|initializationOptions JSON]
  "hover|brief.md|VUFO|Liên hiệp các tổ chức hữu nghị Việt Nam"
  # the expansion's source in the corpus: the title of seeds/004 (not only the glossary)
  "hover|brief.md|VUFO|Vận dụng linh hoạt đường lối đối ngoại của Đảng"
  "hover|brief.md|ĐCSVN|Đảng Cộng sản Việt Nam"
  "hover|brief.md|Nghị quyết 34|34-NQ/TW"
  # the passage of seeds/002 that cites the resolution in full (line 75)
  "definition|brief.md|Nghị quyết 34|002_a85f37c5d9189d9a.txt:75:;;Nghị quyết số 34-NQ/TW ngày 9/1/2023"
  # a plain-text brief (filetype text) with Vietnamese numbering: the headings, nested
  "documentSymbol|brief.txt||I. Bối cảnh;;I. Bối cảnh > 1. Kết quả đạt được;;I. Bối cảnh > 2. Hạn chế;;II. Đề xuất > 1. Về tổ chức thực hiện"
  # TTDLQG is defined only in a .docx (made by the docx package): the hover names the Word
  # file, and definition opens the passage in its text rendition, a file Neovim can open
  "hover|du-lieu.md|TTDLQG|Trung tâm Dữ liệu quốc gia;;ke-hoach-du-lieu.docx|$FORMATS"
  "definition|du-lieu.md|TTDLQG|ke-hoach-du-lieu.docx.txt:7:;;Trung tâm Dữ liệu quốc gia (TTDLQG) làm nền tảng|$FORMATS"
)

if ! command -v "${NVIM:-nvim}" >/dev/null && command -v apt-get >/dev/null; then
  SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "nvim-check: installing neovim with apt-get" >&2
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends neovim; } >&2
fi
if ! node -e 'require("./tools/lib").ensureBuilt({ log: (m) => console.error("nvim-check: " + m) })'; then
  echo "nvim-check: FAIL build"
  echo "0 passed, ${#CHECKS[@]} failed"
  exit 1
fi

passed=0 failed=0
for check in "${CHECKS[@]}"; do
  IFS='|' read -r method file word expect init <<<"$check"
  t0=$(date +%s%N)
  if LSP_INIT_OPTIONS="$init" LSP_METHOD="$method" LSP_CMD="node $root/dist/server.js --stdio" LSP_ROOT="$root/test/e2e/workspace" \
     LSP_READY_METHOD=policyLens/status LSP_TIMEOUT_MS="${LSP_TIMEOUT_MS:-30000}" \
     NVIM_HOVER_TIMEOUT="${NVIM_HOVER_TIMEOUT:-90}" \
     bash "$here/nvim-hover.sh" "test/e2e/workspace/$file" "${word:-1:1}" "$expect" 2>&1; then
    passed=$((passed + 1)); verdict=PASS
  else
    failed=$((failed + 1)); verdict=FAIL
  fi
  echo "$verdict nvim $method $file${word:+ \"$word\"} contains \"$expect\" ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
