#!/usr/bin/env bash
# Validates an OpenAPI document with a third-party validator, @apidevtools/swagger-parser (the
# parser behind many OpenAPI tools; it checks the document against the OpenAPI 3.0 JSON Schema
# and resolves every $ref). Installed on first use into NPM_DIR, not into the source tree.
# Usage: openapi_validate.sh DOCUMENT NPM_DIR
# Exit 0: valid; 1: invalid (the validator's message on stderr); 77: no validator could be
# installed (no node/npm, or the registry is unreachable) - the caller skips, saying so.
set -uo pipefail
doc="$1"
npm_dir="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not installed: OpenAPI document not checked by a third-party validator" >&2
  exit 77
fi
if [ ! -d "$npm_dir/node_modules/@apidevtools/swagger-parser" ]; then
  mkdir -p "$npm_dir"
  if ! (cd "$npm_dir" && timeout 120 npm install --no-audit --no-fund --silent \
          @apidevtools/swagger-parser@10 >"$npm_dir/install.log" 2>&1); then
    echo "npm could not install @apidevtools/swagger-parser (see $npm_dir/install.log):" \
         "OpenAPI document not checked by a third-party validator" >&2
    exit 77
  fi
fi
NODE_PATH="$npm_dir/node_modules" node "$here/openapi_validate.js" "$doc"
