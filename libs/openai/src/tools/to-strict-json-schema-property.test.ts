// Property test over random schemas (seeded, so a failure names its seed and replays): every conversion is accepted
// by the emulator's strict validator, every model output it allows restores to a value the original schema
// accepts, and restoring removes only nulls the original schema refuses.
import { describe, expect, it } from "@jest/globals";
import { randomJsonSchema } from "./__fixtures__/random-json-schema.js";
import { deepFreeze, sampleStrictValue, validateJson, type EmulatorStrictValidator } from "./__fixtures__/strict-values.js";
import { isPlainObject } from "../internal/json-values.js";
import { restoreOptionalNulls } from "./restore-optional-nulls.js";
import { toStrictJsonSchema } from "./to-strict-json-schema.js";

// The emulator's independent validator, by relative path (see EmulatorStrictValidator for why at run time).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateStrictSchema } = require("../../../openai-emulator/src/validate/validate-strict-schema.js") as EmulatorStrictValidator;

const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);
const OUTPUTS_PER_SCHEMA = 4;

type Path = Array<string | number>;

/** Paths of the keys present in `output` but absent from `restored` (what restoring removed). */
function removedPaths(output: unknown, restored: unknown, path: Path = []): Path[] {
  if (Array.isArray(output) && Array.isArray(restored)) {
    return output.flatMap((item, i) => removedPaths(item, restored[i], [...path, i]));
  }
  if (!isPlainObject(output) || !isPlainObject(restored)) return [];
  return Object.keys(output).flatMap((key) =>
    Object.hasOwn(restored, key) ? removedPaths(output[key], restored[key], [...path, key]) : [[...path, key]],
  );
}

function withNullAt(value: unknown, path: Path): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1] as string, { value: null, enumerable: true, writable: true, configurable: true });
  return copy;
}

interface Stats {
  removedNulls: number;
  keptNulls: number;
  withDefinitions: number;
  withUnionPlans: number;
}

function checkSeed(seed: number, stats: Stats): void {
  const original = deepFreeze(randomJsonSchema(seed));
  const { schema, restore } = toStrictJsonSchema(original, `tool "random_${seed}"`);
  validateStrictSchema(schema, { kind: "function", name: `random_${seed}`, index: 0 });
  const plan = JSON.parse(JSON.stringify(restore)) as typeof restore;
  if (schema["$defs"] !== undefined) stats.withDefinitions += 1;
  if (JSON.stringify(plan).includes('"anyOf"')) stats.withUnionPlans += 1;
  for (let i = 0; i < OUTPUTS_PER_SCHEMA; i += 1) {
    const output = deepFreeze(sampleStrictValue(schema, seed * 100 + i, { nullChance: i / OUTPUTS_PER_SCHEMA }));
    const context = { seed, output };
    expect({ ...context, ...validateJson(schema, output) }).toEqual({ ...context, valid: true, errors: [] });
    const restored = restoreOptionalNulls(output, plan);
    expect({ ...context, restored, ...validateJson(original, restored) }).toEqual({ ...context, restored, valid: true, errors: [] });
    const removed = removedPaths(output, restored);
    stats.removedNulls += removed.length;
    stats.keptNulls += (JSON.stringify(restored).match(/:null/g) ?? []).length;
    for (const path of removed) {
      // Only nulls the user's schema refuses are removed: putting one back must make the value invalid.
      expect({ seed, path, validAfterPuttingBack: validateJson(original, withNullAt(restored, path)).valid }).toEqual({
        seed,
        path,
        validAfterPuttingBack: false,
      });
    }
  }
}

describe("toStrictJsonSchema and restoreOptionalNulls on random schemas", () => {
  it(`hold their properties for ${SEEDS.length} seeded schemas`, () => {
    const stats: Stats = { removedNulls: 0, keptNulls: 0, withDefinitions: 0, withUnionPlans: 0 };
    for (const seed of SEEDS) checkSeed(seed, stats);
    // The generator must keep exercising what matters, or this test would pass while testing little.
    expect(stats.removedNulls).toBeGreaterThan(1000);
    expect(stats.keptNulls).toBeGreaterThan(300);
    expect(stats.withDefinitions).toBeGreaterThan(100);
    expect(stats.withUnionPlans).toBeGreaterThan(100);
  });
});
