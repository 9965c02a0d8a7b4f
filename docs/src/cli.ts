#!/usr/bin/env node
// The docs tools: `check` runs every notebook against the emulator and compares outputs and renderings, `update`
// reruns them and saves what they print, `render` writes the Markdown, `import` turns a Markdown page into a notebook.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DocsPaths } from "./execute.js";
import { executeNotebook } from "./execute.js";
import type { Notebook, NotebookCell, NotebookOutput } from "./notebook.js";
import { cellOutputText, cellSource, readNotebook, splitLines, writeNotebook } from "./notebook.js";
import { importMarkdown, renderNotebook } from "./render.js";

const paths: DocsPaths = { docsDir: resolve(dirname(fileURLToPath(import.meta.url)), "..") };

function notebookFiles(named: string[]): string[] {
  if (named.length > 0) return named.map((name) => resolve(name));
  return readdirSync(paths.docsDir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(paths.docsDir, name));
}

function renderingPath(notebookPath: string): string {
  return notebookPath.replace(/\.ipynb$/, ".md");
}

function normalizeText(text: string, notebook: Notebook): string {
  // eslint-disable-next-line no-control-regex
  let result = text.replace(/\u001b\[[0-9;]*m/g, "");
  for (const [pattern, replacement] of notebook.metadata.tessera?.normalize ?? []) {
    result = result.replace(new RegExp(pattern, "g"), replacement);
  }
  return result;
}

function normalizeOutput(output: NotebookOutput, notebook: Notebook, count: number): NotebookOutput {
  const text = (value: unknown): string[] =>
    splitLines(normalizeText(Array.isArray(value) ? value.join("") : String(value ?? ""), notebook));
  switch (output.output_type) {
    case "stream":
      return { ...output, text: text(output.text) };
    case "execute_result":
      return { output_type: "execute_result", execution_count: count, metadata: {}, data: { "text/plain": text(output.data["text/plain"]) } };
    case "display_data":
      return { output_type: "display_data", metadata: {}, data: { "text/plain": text(output.data["text/plain"]) } };
    case "error":
      return { ...output, evalue: normalizeText(output.evalue, notebook), traceback: [] };
    default: {
      const unknown: never = output;
      return unknown;
    }
  }
}

/** The executed cells with stable counts and normalized outputs: what `update` saves and `check` compares. */
function settle(executed: Notebook): Notebook {
  let count = 0;
  const cells = executed.cells.map((cell): NotebookCell => {
    if (cell.cell_type !== "code") return cell;
    count += 1;
    const outputs = (cell.outputs ?? []).map((output) => normalizeOutput(output, executed, count));
    const metadata = { ...cell.metadata };
    delete metadata.execution;
    return { ...cell, metadata, execution_count: count, outputs };
  });
  return { ...executed, cells };
}

function firstDifference(saved: string, now: string): string {
  const savedLines = saved.split("\n");
  const nowLines = now.split("\n");
  const index = savedLines.findIndex((line, at) => line !== nowLines[at]);
  const at = index === -1 ? savedLines.length : index;
  return `line ${at + 1}: saved ${JSON.stringify(savedLines[at] ?? "(end)")}, now ${JSON.stringify(nowLines[at] ?? "(end)")}`;
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function checkRendering(file: string): string[] {
  const expected = renderNotebook(readNotebook(file), basename(file));
  const target = renderingPath(file);
  if (existsSync(target) && readFileSync(target, "utf8") === expected) return [];
  return [`${basename(target)} is not the rendering of ${basename(file)}: run pnpm docs:render`];
}

/**
 * Type-checks the notebooks' code as the TypeScript a reader would paste: each notebook's code cells, in order, as one
 * module (as the kernel shares them) in dist/cells/, checked by tsc with the repository's strict settings. Deno's
 * kernel runs cells without checking types, so this is what catches an example that no longer compiles.
 */
function typecheckCells(files: string[]): string[] {
  const folder = join(paths.docsDir, "dist", "cells");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const file of files) {
    const cells = readNotebook(file).cells.filter((cell) => cell.cell_type === "code");
    const text = cells.map((cell) => `// cell ${cell.id}\n${cellSource(cell)}\n`).join("\n");
    writeFileSync(join(folder, basename(file).replace(/\.ipynb$/, ".ts")), `${text}\nexport {};\n`);
  }
  const tsc = join(paths.docsDir, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", join(paths.docsDir, "tsconfig.cells.json")], { encoding: "utf8" });
  if (result.status === 0) return [];
  return [`the notebooks' code does not type-check (docs/dist/cells/*.ts hold it, a "// cell <id>" line before each cell):\n${result.stdout}${result.stderr}`];
}

async function check(files: string[], live: boolean): Promise<number> {
  const problems: string[] = live ? [] : typecheckCells(files);
  let cellsRun = 0;
  await forEachLimited(files, 2, async (file) => {
    const name = basename(file);
    const saved = readNotebook(file);
    const { notebook, failure } = await executeNotebook(file, paths, live);
    const settled = settle(notebook);
    if (failure !== undefined) problems.push(`${name}: ${failure}`);
    settled.cells.forEach((cell, index) => {
      if (cell.cell_type !== "code") return;
      cellsRun += 1;
      const now = cellOutputText(cell);
      if (live) {
        process.stdout.write(`\n--- ${name} [${cell.id}]\n${cellSource(cell)}\n>>>\n${now}`);
        return;
      }
      const before = cellOutputText(saved.cells[index] ?? cell);
      if (before !== now) problems.push(`${name} cell ${index} (${cell.id}) prints something else: ${firstDifference(before, now)}`);
    });
    if (!live) problems.push(...checkRendering(file));
    process.stdout.write(`${name}: ran${failure === undefined ? "" : " (stopped early)"}\n`);
  });
  for (const problem of problems) process.stderr.write(`\n${problem}\n`);
  const mode = live ? "against the API given by the environment (outputs not compared)" : "against the emulator";
  process.stdout.write(`\ndocs: ${files.length} notebooks, ${cellsRun} code cells run ${mode}; ${problems.length} problems\n`);
  if (problems.length > 0 && !live) process.stderr.write("A stale output: rerun `pnpm docs:update` and review the diff.\n");
  return problems.length === 0 ? 0 : 1;
}

async function update(files: string[]): Promise<number> {
  let status = 0;
  await forEachLimited(files, 2, async (file) => {
    const { notebook, failure } = await executeNotebook(file, paths, false);
    writeNotebook(file, settle(notebook));
    writeFileSync(renderingPath(file), renderNotebook(readNotebook(file), basename(file)));
    process.stdout.write(`${basename(file)}: ${failure === undefined ? "updated" : `FAILED\n${failure}`}\n`);
    if (failure !== undefined) status = 1;
  });
  return status;
}

function render(files: string[]): number {
  for (const file of files) writeFileSync(renderingPath(file), renderNotebook(readNotebook(file), basename(file)));
  process.stdout.write(`rendered ${files.length} notebooks\n`);
  return 0;
}

function importPage(markdownFile: string): number {
  const slug = basename(markdownFile, ".md");
  const target = join(dirname(resolve(markdownFile)), `${slug}.ipynb`);
  writeNotebook(target, importMarkdown(readFileSync(markdownFile, "utf8"), slug));
  process.stdout.write(`wrote ${target}: run pnpm docs:update to execute it\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const live = rest.includes("--live");
  const named = rest.filter((argument) => !argument.startsWith("--"));
  switch (command) {
    case "check":
      if (live && (process.env.OPENAI_API_KEY ?? "") === "") throw new Error("--live runs against the real API: set OPENAI_API_KEY.");
      return check(notebookFiles(named), live);
    case "update":
      return update(notebookFiles(named));
    case "render":
      return render(notebookFiles(named));
    case "import":
      return named.reduce((status, file) => Math.max(status, importPage(file)), 0);
    default:
      process.stderr.write("usage: cli.js check [--live] [notebooks] | update [notebooks] | render | import <page.md>\n");
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
