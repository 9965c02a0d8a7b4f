#!/usr/bin/env bash
# Writes an installable tarball of every library to packs/ (the packages are not on the npm registry yet).
# `pnpm pack` turns each `workspace:*` dependency into the sibling's version, so install the tarballs together; see
# docs/use-in-your-project.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf packs && mkdir packs
pnpm exec turbo run build --filter='./libs/*' --output-logs=errors-only
for library in libs/*/; do
  (cd "$library" && pnpm pack --pack-destination ../../packs >/dev/null)
done
ls -1 packs
