#!/usr/bin/env bash
# Real-editor checks for CI: install what they need, build once, then run the extension-host
# suite in code-server, the UI checks in Chromium and the Neovim and Emacs (eglot) client tests. Every step runs
# even when an earlier one failed; the exit code is non-zero if any failed.
#
#   bash scripts/real-editor/ci.sh        (npm run test:editor)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

start=$(date +%s)
logs="$(mktemp -d)"
failed_steps=()
passed=0
failed=0

step() {
  local name="$1"; shift
  local t0=$(date +%s)
  printf '\n=== real-editor: %s\n' "$name"
  "$@" 2>&1 | tee "$logs/$name.log"
  local rc=${PIPESTATUS[0]}
  printf '=== real-editor: %s: %s in %ss\n' "$name" "$([[ $rc == 0 ]] && echo ok || echo "FAILED ($rc)")" "$(( $(date +%s) - t0 ))"
  [[ $rc == 0 ]] || failed_steps+=("$name")
  return $rc
}

# Counts of the tests a step ran: node:test's "ℹ pass N"/"ℹ fail N", or the runner's "N passed, N failed".
count() {
  local log="$logs/$1.log" p f
  p=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  f=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  if [[ -z "$p" ]]; then
    p=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
  fi
  passed=$(( passed + ${p:-0} ))
  failed=$(( failed + ${f:-0} ))
}

if ! step setup bash scripts/real-editor/setup.sh; then
  echo "real-editor: setup failed; the editor tests cannot run"
  echo "0 passed, 1 failed"
  exit 1
fi
if ! step build npm run --silent build; then
  echo "0 passed, 1 failed"
  exit 1
fi
export TOPO_SKIP_BUILD=1
step code-server npm run --silent test:code-server; count code-server
step ui npm run --silent test:ui; count ui
step nvim npm run --silent test:nvim; count nvim
step emacs npm run --silent test:emacs; count emacs

rm -rf "$logs"
total=$(( $(date +%s) - start ))
printf '\n=== real-editor: done in %dm%02ds%s\n' $((total / 60)) $((total % 60)) "${failed_steps[*]:+; failed: ${failed_steps[*]}}"
# A step that failed before counting any test still counts as a failure.
if ((${#failed_steps[@]} > 0 && failed == 0)); then failed=${#failed_steps[@]}; fi
echo "editor: ${passed} passed, ${failed} failed"
((${#failed_steps[@]} == 0))
