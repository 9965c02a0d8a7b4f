import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createEmulator, loadScenarioFile } from "@tessera/openai-emulator";
import type { ListeningServer } from "@tessera/openai-emulator";
import type { Notebook } from "./notebook.js";
import { readNotebook } from "./notebook.js";

/** Where the tools find what they run. */
export interface DocsPaths {
  /** The docs/ folder: the notebooks, the kernel's working folder (its node_modules resolves the packages). */
  docsDir: string;
}

/** The result of running one notebook top to bottom. */
export interface Execution {
  /** The notebook with the outputs the kernel produced. */
  notebook: Notebook;
  /** Why the run stopped early (a cell threw, the kernel died), if it did. */
  failure?: string;
}

// Keys that would point a notebook at the real API (or another organisation) during an emulator run.
const REAL_API_VARIABLES = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_ORGANIZATION", "OPENAI_PROJECT"];

/** The key the notebooks get in an emulator run: the emulator accepts any non-empty key. */
export const EMULATOR_API_KEY = "sk-docs-emulator";

let pythonFound: string | undefined;

/** The Python that has Jupyter's nbclient: `TESSERA_DOCS_PYTHON`, else `python3`, else Debian's `/usr/bin/python3`. */
export function findPython(): string {
  if (pythonFound !== undefined) return pythonFound;
  const candidates = [process.env.TESSERA_DOCS_PYTHON, "python3", "/usr/bin/python3"].filter(
    (candidate): candidate is string => candidate !== undefined && candidate !== "",
  );
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ["-c", "import nbclient, nbformat"], { stdio: "ignore" });
    if (probe.status === 0) return (pythonFound = candidate);
  }
  throw new Error(
    "No Python with Jupyter's nbclient was found. On Debian or Ubuntu: `sudo apt-get install python3-nbclient`; " +
      "elsewhere `pip install nbclient`; or set TESSERA_DOCS_PYTHON to a python that has it.",
  );
}

function writeKernelSpec(paths: DocsPaths): string {
  const jupyterPath = mkdtempSync(join(tmpdir(), "tessera-docs-kernel-"));
  const kernelDir = join(jupyterPath, "kernels", "deno");
  mkdirSync(kernelDir, { recursive: true });
  const deno = join(paths.docsDir, "node_modules", ".bin", "deno");
  const spec = { argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" };
  writeFileSync(join(kernelDir, "kernel.json"), JSON.stringify(spec, null, 2));
  return jupyterPath;
}

async function startEmulator(notebook: Notebook, paths: DocsPaths): Promise<ListeningServer> {
  const scenarioFile = notebook.metadata.tessera?.scenario;
  const scenarios = scenarioFile === undefined ? undefined : await loadScenarioFile(join(paths.docsDir, scenarioFile));
  // Sequential ids and a fixed clock make `chatcmpl-…`, `call_…`, `req_…` and `created` the same on every run.
  const profile = notebook.metadata.tessera?.profile;
  const emulator = createEmulator({
    ids: "sequential",
    now: () => 0,
    ...(scenarios === undefined ? {} : { scenarios }),
    ...(profile === undefined ? {} : { profile }),
  });
  return emulator.listen();
}

const KERNEL_START_RACE = /AddrInUse|Address already in use/;

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status: status ?? 1, stderr }));
  });
}

/**
 * Runs a notebook top to bottom in Deno's Jupyter kernel (driven by nbclient), cells sharing state as in any kernel.
 * Unless `live`, an emulator is started for it and the kernel gets its URL in `OPENAI_BASE_URL` (with any real key
 * removed), so the notebook's own code reads like a user's and runs offline; `live` passes the environment through.
 */
export async function executeNotebook(path: string, paths: DocsPaths, live: boolean): Promise<Execution> {
  const python = findPython();
  const notebook = readNotebook(path);
  const scratch = mkdtempSync(join(tmpdir(), "tessera-docs-run-"));
  const jupyterPath = writeKernelSpec(paths);
  const server = live || notebook.metadata.tessera?.emulator === false ? undefined : await startEmulator(notebook, paths);
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: jupyterPath, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
    if (!live) for (const name of REAL_API_VARIABLES) delete env[name];
    if (server !== undefined) Object.assign(env, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: EMULATOR_API_KEY });
    const target = join(scratch, basename(path));
    const script = join(paths.docsDir, "tools", "execute-notebook.py");
    let { status, stderr } = await run(python, [script, path, target, paths.docsDir, "deno"], env, paths.docsDir);
    // The kernel can die at start when a port jupyter_client picked for it was taken in between (by another kernel or
    // an emulator starting beside it): "AddrInUse". No cell ran then, so starting it again is safe.
    for (let retry = 0; retry < 3 && !existsSync(target) && KERNEL_START_RACE.test(stderr); retry++) {
      ({ status, stderr } = await run(python, [script, path, target, paths.docsDir, "deno"], env, paths.docsDir));
    }
    if ((status !== 0 && status !== 1) || !existsSync(target)) throw new Error(`${basename(path)}: the kernel run failed (${status}):\n${stderr}`);
    const executed = readNotebook(target);
    return status === 0 ? { notebook: executed } : { notebook: executed, failure: stderr.trim() };
  } finally {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(jupyterPath, { recursive: true, force: true });
  }
}
