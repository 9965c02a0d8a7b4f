#!/usr/bin/env bash
# Proves docs/use-in-your-project.md: builds the tarballs (pack:all), installs them with npm into a new app outside
# the repository, and runs the page's smoke.mjs there (taken from the page itself, so the page cannot go stale).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bash scripts/pack-all.sh >/dev/null
app=$(mktemp -d "${TMPDIR:-/tmp}/tessera-app.XXXXXX")
trap 'rm -rf "$app"' EXIT
awk '/^```js$/{block=1; next} block && /^```$/{exit} block' docs/use-in-your-project.md >"$app/smoke.mjs"
grep -q '^// smoke.mjs' "$app/smoke.mjs" || { echo "docs/use-in-your-project.md: no smoke.mjs block found." >&2; exit 1; }
cd "$app"
printf '{ "name": "tessera-smoke-app", "private": true, "type": "module" }\n' >package.json
npm install --loglevel=error --no-audit --no-fund \
  "$repo/packs/tessera-openai-0.1.0.tgz" "$repo/packs/tessera-openai-tokens-0.1.0.tgz" \
  "$repo/packs/tessera-openai-emulator-0.1.0.tgz" @langchain/core >/dev/null
output=$(node smoke.mjs)
echo "$output"
grep -q "input_tokens" <<<"$output" || { echo "smoke.mjs printed no usage_metadata." >&2; exit 1; }
echo "packed tarballs: installed with npm into $(basename "$app") and answered (openai $(node -p 'require("./node_modules/openai/package.json").version'))"
