// Lints every tarball in packs/ (written by scripts/pack-all.sh) as the registry would receive it:
//   - @arethetypeswrong/cli (attw): types and code resolve, and agree on the module format, under TypeScript's node10,
//     node16 (from CommonJS and from ESM) and bundler resolution;
//   - publint (strict: warnings fail too): package.json fields, exports and files are consistent with what is packed.
// Prints one line per package and resolution, and fails on any problem. Run: `node scripts/lint-packs.mjs`.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const attw = path.join(root, "node_modules/.bin/attw");
const KIND = { 1: "CJS", 99: "ESM" };
let failures = 0;

/** Runs attw on one tarball; returns its JSON analysis and whether it passed (attw exits 1 on any problem). */
function runAttw(tarball) {
  try {
    return { report: JSON.parse(execFileSync(attw, [tarball, "--format", "json"], { encoding: "utf8" })), passed: true };
  } catch (error) {
    if (typeof error.stdout !== "string" || !error.stdout.startsWith("{")) throw error;
    return { report: JSON.parse(error.stdout), passed: false };
  }
}

function formatOf(analysis, fileName) {
  for (const info of Object.values(analysis.programInfo ?? {})) {
    const kind = info.moduleKinds?.[fileName]?.detectedKind;
    if (kind !== undefined) return KIND[kind] ?? String(kind);
  }
  return "?";
}

for (const name of readdirSync(path.join(root, "packs")).filter((file) => file.endsWith(".tgz")).sort()) {
  const tarball = path.join(root, "packs", name);
  const { report, passed } = runAttw(tarball);
  const { analysis } = report;
  const entry = analysis.entrypoints["."];
  const shown = Object.values(entry.resolutions).map(({ resolutionKind, resolution, implementationResolution }) => {
    const types = resolution?.fileName?.replace(`/node_modules/${analysis.packageName}/`, "") ?? "unresolved";
    const code = implementationResolution?.fileName?.replace(`/node_modules/${analysis.packageName}/`, "") ?? "unresolved";
    return `${resolutionKind}: ${types} -> ${code} (${formatOf(analysis, resolution?.fileName)})`;
  });
  const problems = analysis.problems ?? [];
  console.log(`attw     ${analysis.packageName}: ${passed && problems.length === 0 ? "no problems" : "PROBLEMS"}; ${shown.join("; ")}`);
  if (!passed || problems.length > 0) {
    failures++;
    console.error(JSON.stringify(problems, null, 2));
  }

  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, strict: true });
  console.log(`publint  ${pkg.name}: ${messages.length === 0 ? "no problems" : `${messages.length} problem(s)`}`);
  for (const message of messages) {
    failures++;
    console.error(`  ${message.type}: ${formatMessage(message, pkg)}`);
  }
}
if (failures > 0) process.exit(1);
