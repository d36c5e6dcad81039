#!/usr/bin/env bash
# Start the built server once under Node 22 LTS (the Dockerfile's base) and hit /healthz and one run.
# No Docker engine runs here, so this is how CI keeps the container's runtime honest. Node 22 comes from the
# npm registry's `node@22` package; the production dependencies are installed for it in a scratch folder (the
# native better-sqlite3 is built for Node 22's ABI there, as the Dockerfile's build stage does).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
npm install --silent --no-save --prefix "$work/node22" node@22 >/dev/null
node22=$(ls "$work"/node22/node_modules/node/bin/node)
# The registry's Node package ships its headers: build native addons against them, not the machine's Node 20.
api_h=$(find "$work/node22" -path '*include/node/node_api.h' | head -n 1)
[ -n "$api_h" ] || { echo "node22-smoke: the node@22 package has no headers"; exit 1; }
headers=$(dirname "$(dirname "$(dirname "$api_h")")")
echo "node22-smoke: $("$node22" --version)"
mkdir -p "$work/app"
cp "$root/package.json" "$root/package-lock.json" "$work/app/"
cp -r "$root/dist" "$work/app/dist"
(cd "$work/app" && PATH="$(dirname "$node22"):$PATH" npm_config_nodedir="$headers" npm ci --omit=dev --silent >/dev/null)
port=$((20000 + RANDOM % 20000))
(cd "$work/app" && HOST=127.0.0.1 PORT=$port DATA_DIR="$work/data" LOG_LEVEL=warn "$node22" dist/src/server.js) &
pid=$!
for i in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"node":"v22' || { echo "node22-smoke: /healthz did not answer on Node 22"; exit 1; }
id=$(curl -sf -XPOST "http://127.0.0.1:$port/v1/sessions" -H 'content-type: application/json' \
  -d '{"model":"rate","preset":"leaky-r0.9","seed":1}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -sf -XPOST "http://127.0.0.1:$port/v1/sessions/$id/runs" -H 'content-type: application/json' \
  -d '{"steps":20,"inputs":[{"type":"pulse","channel":0,"onset":0,"duration":1,"amplitude":1}],"wait":true}' | grep -q '"status":"done"' \
  || { echo "node22-smoke: the run did not finish on Node 22"; exit 1; }
kernels=$(curl -sf "http://127.0.0.1:$port/healthz" | sed -E 's/.*"kernels":"([^"]+)".*/\1/')
echo "node22-smoke: ok (healthz and one run on $("$node22" --version), kernels: $kernels)"
