import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseScenarioText, ScenarioError } from "./parse-scenario.js";
import type { Scenario } from "./scenario.js";

/**
 * Reads a scenario file: YAML for `.yaml` and `.yml`, JSON otherwise. Throws a `ScenarioError` (naming the file, and
 * each bad rule and field) when it cannot be read or is invalid.
 *
 * @example
 * const emulator = createEmulator({ scenarios: await loadScenarioFile("docs/scenarios.json") });
 */
export async function loadScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError([{ rule: null, field: "(file)", message: `cannot be read: ${reason}` }], file);
  }
  const format = /\.ya?ml$/iu.test(path.extname(file)) ? "yaml" : "json";
  return parseScenarioText(text, { format, source: file });
}
