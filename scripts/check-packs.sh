#!/usr/bin/env bash
# Proves docs/use-in-your-project.md on the tarballs a release would publish:
#   1. release:dry (scripts/release-dry.mjs): builds and packs every library, prints names, versions, files and sizes,
#      and fails if a tarball ships tests, fixtures, source maps or an undeclared import;
#   2. attw and publint on each tarball (scripts/lint-packs.mjs);
#   3. installs the tarballs with npm into a new app outside the repository and runs there: the page's smoke.mjs
#      (import) and smoke.cjs (require()), taken from the page itself so the page cannot go stale; the lazy-import
#      check in both formats (scripts/check-lazy-imports.mjs); and a typecheck of a tiny consumer under
#      moduleResolution node16, nodenext and bundler (scripts/check-consumer-types.mjs); and the emulator's bin.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
node scripts/release-dry.mjs
node scripts/lint-packs.mjs
app=$(mktemp -d "${TMPDIR:-/tmp}/tessera-app.XXXXXX")
trap '[ -n "${KEEP_APP:-}" ] || rm -rf "$app"' EXIT

# The ```js block of the page whose first line is "// <name>".
page_block() {
  awk -v name="$1" '/^```js$/{block=1; first=1; keep=0; next} block && /^```$/{block=0; next}
    block { if (first) { keep = ($0 == "// " name); first = 0 } if (keep) print }' docs/use-in-your-project.md
}
for smoke in smoke.mjs smoke.cjs; do
  page_block "$smoke" >"$app/$smoke"
  [ -s "$app/$smoke" ] || { echo "docs/use-in-your-project.md: no $smoke block found." >&2; exit 1; }
done
cp scripts/check-lazy-imports.mjs scripts/check-consumer-types.mjs "$app/"

cd "$app"
printf '{ "name": "tessera-smoke-app", "private": true, "type": "module" }\n' >package.json
# Every tarball together (whatever their version): @tessera/openai depends on @tessera/openai-tokens at its version.
npm install --loglevel=error --no-audit --no-fund "$repo"/packs/*.tgz @langchain/core >/dev/null
for smoke in smoke.mjs smoke.cjs; do
  output=$(node "$smoke")
  echo "$smoke: $output" | head -3
  grep -q "input_tokens" <<<"$output" || { echo "$smoke printed no usage_metadata." >&2; exit 1; }
done
./node_modules/.bin/openai-emulator --help | grep -q '^Usage: openai-emulator' || { echo "the openai-emulator bin did not start." >&2; exit 1; }
node check-lazy-imports.mjs esm
node check-lazy-imports.mjs cjs
node check-consumer-types.mjs "$repo/node_modules/typescript/bin/tsc"
echo "packed tarballs: installed with npm into $(basename "$app"), answered through import and require() (openai $(node -p 'require("./node_modules/openai/package.json").version'))"
