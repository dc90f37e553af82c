#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently: Debian packages (chromium, neovim,
# emacs-nox with elpa-eglot, ripgrep and code-server's native build deps), code-server into .cache/code-server, and the
# project's test devDependencies. Works offline except for the npm registry and Debian's mirror.
#
#   bash scripts/real-editor/setup.sh          # install what is missing
#   bash scripts/real-editor/setup.sh --check  # exit 0 only when everything is installed
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CS_DIR="$ROOT/.cache/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
# emacs-nox + elpa-eglot: Emacs 28 in Debian 12 (eglot is built into Emacs 29 and later).
DEBIAN_PACKAGES=(chromium neovim emacs-nox elpa-eglot ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)
# name=spec: mocha stays on 11 (CommonJS; 12 is ESM-only and needs Node >= 20.19 in the extension host)
DEV_PACKAGES=(playwright-core=playwright-core mocha=mocha@^11 @vscode/test-electron=@vscode/test-electron @types/mocha=@types/mocha @vscode/vsce=@vscode/vsce)
CHECK_ONLY=0
[[ "${1:-}" == "--check" ]] && CHECK_ONLY=1

START=$(date +%s)
log() { printf '[setup] %s\n' "$*"; }
# Runs a long command and says every 10 s that it is still at work, instead of minutes of silence.
with_progress() {
  local what="$1" t0 pid status
  shift
  t0=$(date +%s)
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null && sleep 1; done
    kill -0 "$pid" 2>/dev/null && log "still ${what} ($(( $(date +%s) - t0 ))s)"
  done
  wait "$pid" && status=0 || status=$?
  return "$status"
}

# ---- Debian packages -------------------------------------------------------------------
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  if ((CHECK_ONLY)); then log "missing Debian packages: ${missing[*]}"; exit 1; fi
  if [[ "$(id -u)" == 0 ]]; then
    log "apt-get install ${missing[*]}"
    t0=$(date +%s)
    export DEBIAN_FRONTEND=noninteractive
    with_progress "updating Debian's package lists" apt-get update -qq
    with_progress "installing Debian packages" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    log "Debian packages installed in $(( $(date +%s) - t0 ))s"
  else
    log "missing Debian packages; run as root:"
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
else
  log "Debian packages present"
fi

# ---- code-server -------------------------------------------------------------------------
installed_cs=""
if [[ -f "$CS_DIR/node_modules/code-server/package.json" ]]; then
  installed_cs="$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true)"
fi
if [[ "$installed_cs" == "$CODE_SERVER_VERSION" && -x "$CS_BIN" ]]; then
  log "code-server $installed_cs present in .cache/code-server"
else
  if ((CHECK_ONLY)); then log "code-server $CODE_SERVER_VERSION missing"; exit 1; fi
  t0=$(date +%s)
  mkdir -p "$CS_DIR" "$ROOT/.cache/tmp"
  [[ -f "$CS_DIR/package.json" ]] || echo '{ "name": "topo-code-server-cache", "private": true }' > "$CS_DIR/package.json"
  # @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless it finds this archive in
  # its cache under os.tmpdir(); Debian's rg stands in for it.
  export TMPDIR="$ROOT/.cache/tmp"
  for v in 1.15.11 1.15.10 1.15.9; do
    cache="$TMPDIR/vscode-ripgrep-cache-$v"
    mkdir -p "$cache"
    for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-4-x86_64-unknown-linux-musl.tar.gz; do
      [[ -f "$cache/$asset" ]] || tar -czf "$cache/$asset" -C /usr/bin rg
    done
  done
  log "npm install code-server@$CODE_SERVER_VERSION into .cache/code-server"
  (
    cd "$CS_DIR"
    export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
    with_progress "installing code-server" npm install --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  [[ -x "$CS_BIN" ]] || { log "code-server binary missing after install"; exit 1; }
  log "code-server installed in $(( $(date +%s) - t0 ))s"
fi

# ---- project devDependencies -------------------------------------------------------------
need_save=()
need_install=0
for entry in "${DEV_PACKAGES[@]}"; do
  pkg="${entry%%=*}" spec="${entry#*=}"
  in_manifest="$(node -e "const p=require('./package.json');process.stdout.write(String(!!((p.devDependencies||{})['$pkg']||(p.dependencies||{})['$pkg'])))")"
  if [[ "$in_manifest" != true ]]; then need_save+=("$spec")
  elif [[ ! -f "node_modules/$pkg/package.json" ]]; then need_install=1
  fi
done
if ((${#need_save[@]})); then
  if ((CHECK_ONLY)); then log "devDependencies missing: ${need_save[*]}"; exit 1; fi
  log "npm install --save-dev ${need_save[*]}"
  npm install --save-dev --no-audit --no-fund --loglevel=error "${need_save[@]}"
elif ((need_install)); then
  if ((CHECK_ONLY)); then log "node_modules incomplete"; exit 1; fi
  log "npm install (node_modules incomplete)"
  npm install --no-audit --no-fund --loglevel=error
else
  log "devDependencies present"
fi

log "versions: code-server $(node -p "require('$CS_DIR/node_modules/code-server/package.json').version"), $(/usr/bin/chromium --version 2>/dev/null), $(nvim --version | head -1), $(emacs --version | head -1)"
log "done in $(( $(date +%s) - START ))s"
