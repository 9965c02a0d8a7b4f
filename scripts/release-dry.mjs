// `pnpm release:dry`: builds and packs every library (scripts/pack-all.sh, the tarballs `pnpm publish` would upload)
// and prints what would be published: name, version, files, packed and unpacked size, and the changesets waiting to
// be released. Nothing is published. It fails if a tarball ships something users do not need or cannot run:
//   - tests, test fixtures or helpers, source maps, TypeScript sources, build info;
//   - a compiled file that imports a package the tarball does not declare (dependencies or peerDependencies), as a
//     test harness compiled by mistake would;
//   - a `main`, `types`, `bin` or `exports` target that is not in the tarball.
// The tarballs stay in packs/ for scripts/check-packs.sh. Run: `pnpm release:dry` (or `node scripts/release-dry.mjs`).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FORBIDDEN = [
  [/\.test\.[cm]?[jt]s$|(^|\/)(__tests__|__fixtures__|conformance)\//, "a test, fixture or test helper"],
  [/\.map$/, "a source map (src does not ship)"],
  [/(?<!\.d)\.[cm]?ts$/, "a TypeScript source"],
  [/\.tsbuildinfo$/, "build info"],
];
const BUILTINS = new Set(builtinModules);
// Static imports and exports at the start of a line (tsc writes one per line, comments start with `*` or `//`), then
// dynamic import() and require() calls with a literal specifier.
const IMPORT = /^(?:import\s*|(?:import|export)\b[^;]*?\sfrom\s*)["']([^"'.][^"']*)["'];$|\b(?:import|require)\(\s*["']([^"'.][^"']*)["']\s*\)/gm;
const PACKAGE_NAME = /^(?:@[\w.-]+\/)?[\w.-]+(?:\/[\w./-]*)?$/;

/** The files of a .tgz (ustar, as npm and pnpm write it): path inside `package/` and contents. */
function readTarball(file) {
  const data = gunzipSync(readFileSync(file));
  const entries = new Map();
  for (let offset = 0; offset + 512 <= data.length; ) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start, length) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const name = [text(345, 155), text(0, 100)].filter(Boolean).join("/");
    const size = Number.parseInt(text(124, 12).trim() || "0", 8);
    const type = text(156, 1);
    if (type === "0" || type === "") entries.set(name.replace(/^package\//, ""), data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every path a package.json field points at, which must exist in the tarball. */
function entryPoints(manifest) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === "string") targets.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk([manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]);
  return targets.filter((target) => target !== undefined).map((target) => target.replace(/^\.\//, ""));
}

function problemsOf(files, manifest) {
  const problems = [];
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  for (const [name, contents] of files) {
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(name)) problems.push(`${name}: ${what}`);
    if (!/\.[cm]?js$|\.d\.[cm]?ts$/.test(name)) continue;
    for (const [, staticSpecifier, callSpecifier] of contents.toString("utf8").matchAll(IMPORT)) {
      const specifier = staticSpecifier ?? callSpecifier;
      if (!PACKAGE_NAME.test(specifier)) continue;
      const dependency = packageName(specifier);
      if (specifier.startsWith("node:") || BUILTINS.has(dependency) || dependency === manifest.name) continue;
      if (!declared.has(dependency)) problems.push(`${name}: imports ${specifier}, which package.json does not declare`);
    }
  }
  for (const target of entryPoints(manifest)) if (!files.has(target)) problems.push(`package.json points at ${target}, which is not packed`);
  return problems;
}

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** The changesets waiting in .changeset/: file name and the bump each asks for, per package. */
function pendingChangesets() {
  const folder = path.join(root, ".changeset");
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith(".md") && name !== "README.md")
    .map((name) => {
      const front = readFileSync(path.join(folder, name), "utf8").match(/^---\n([\s\S]*?)\n---/)?.[1] ?? "";
      const bumps = [...front.matchAll(/^["']?([^"':]+)["']?:\s*(major|minor|patch)\s*$/gm)].map(([, name, bump]) => ({ name, bump }));
      return { name, bumps };
    });
}

/** The version `changeset version` would give: the largest pending bump, shared by the fixed group (.changeset/config.json). */
function nextVersion(version, changesets) {
  const order = ["patch", "minor", "major"];
  const largest = Math.max(-1, ...changesets.flatMap(({ bumps }) => bumps.map(({ bump }) => order.indexOf(bump))));
  if (largest < 0) return version;
  const [major, minor, patch] = version.split(".").map(Number);
  if (order[largest] === "major") return `${major + 1}.0.0`;
  if (order[largest] === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

execFileSync("bash", [path.join(root, "scripts/pack-all.sh")], { stdio: ["ignore", "ignore", "inherit"] });
const tarballs = readdirSync(path.join(root, "packs")).filter((name) => name.endsWith(".tgz")).sort();
const changesets = pendingChangesets();
const rows = [];
const problems = [];
for (const tarball of tarballs) {
  const file = path.join(root, "packs", tarball);
  const files = readTarball(file);
  const manifest = JSON.parse(files.get("package.json").toString("utf8"));
  const unpacked = [...files.values()].reduce((sum, contents) => sum + contents.length, 0);
  rows.push([manifest.name, manifest.version, nextVersion(manifest.version, changesets), String(files.size), kilobytes(statSync(file).size), kilobytes(unpacked)]);
  problems.push(...problemsOf(files, manifest).map((problem) => `${tarball}: ${problem}`));
}

const header = ["package", "version", "after changeset version", "files", "packed", "unpacked"];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) => `| ${cells.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(" | ")} |`;
console.log("Would publish (dry run: nothing is uploaded; tarballs in packs/):\n");
console.log([line(header), `| ${widths.map((width, column) => (column < 3 ? "-".repeat(width) : `${"-".repeat(width - 1)}:`)).join(" | ")} |`, ...rows.map(line)].join("\n"));
console.log(`\nPending changesets (\`pnpm changeset version\` applies them): ${changesets.length === 0 ? "none" : ""}`);
for (const { name, bumps } of changesets) console.log(`  .changeset/${name}: ${bumps.map(({ name: pkg, bump }) => `${pkg} ${bump}`).join(", ")}`);
if (problems.length > 0) {
  console.error(`\nThe tarballs ship what they should not:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  process.exit(1);
}
console.log("\nEvery tarball ships only built code, types, README and package.json; every import is declared.");
