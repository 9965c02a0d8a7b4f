// Test helpers: a seeded random generator, values that a strict schema accepts (what a model in strict mode could
// send), and a real JSON Schema validator (@cfworker/json-schema) to judge them.
import { Validator } from "@cfworker/json-schema";

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, so failures replay. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

type Schema = Record<string, unknown>;

const FORMAT_VALUES: Record<string, string> = {
  "date-time": "2026-01-02T03:04:05Z",
  time: "03:04:05Z",
  date: "2026-01-02",
  duration: "P1DT2H",
  email: "ada@example.com",
  hostname: "example.com",
  ipv4: "192.168.0.1",
  ipv6: "2001:db8::1",
  uuid: "123e4567-e89b-42d3-a456-426614174000",
};

const PATTERN_CANDIDATES = ["abc", "ABC", "a1", "x-1", "@ada", "2026", "+33 1 23 45 67 89", "a", "ab_cd"];

function sampleString(schema: Schema, random: () => number): string {
  if (typeof schema["format"] === "string") return FORMAT_VALUES[schema["format"]] ?? "x";
  const pattern = schema["pattern"];
  if (typeof pattern === "string") {
    const regex = new RegExp(pattern, "u");
    return PATTERN_CANDIDATES.find((candidate) => regex.test(candidate)) ?? "abc";
  }
  return pick(random, ["", "Paris", "hello world", "ünïcödé", "null"]);
}

function sampleNumber(schema: Schema, random: () => number, integer: boolean): number {
  const low = Math.max(
    typeof schema["minimum"] === "number" ? schema["minimum"] : -50,
    typeof schema["exclusiveMinimum"] === "number" ? schema["exclusiveMinimum"] + 1 : -Infinity,
  );
  const high = Math.min(
    typeof schema["maximum"] === "number" ? schema["maximum"] : 50,
    typeof schema["exclusiveMaximum"] === "number" ? schema["exclusiveMaximum"] - 1 : Infinity,
  );
  const step = typeof schema["multipleOf"] === "number" ? schema["multipleOf"] : integer ? 1 : 0.25;
  const steps = Math.max(0, Math.floor((high - low) / step));
  return Math.ceil(low / step) * step + Math.floor(random() * (steps + 1)) * step;
}

/** Options for `sampleStrictValue`. */
export interface SampleOptions {
  /** Probability of choosing the `{ type: "null" }` branch of a union when there is one. */
  nullChance: number;
  /** Levels of objects/arrays/references to go down before choosing the shortest way out. */
  maxDepth: number;
}

function resolve(root: Schema, ref: string): Schema {
  if (ref === "#") return root;
  const name = decodeURIComponent(ref.slice("#/$defs/".length)).replace(/~1/g, "/").replace(/~0/g, "~");
  const target = (root["$defs"] as Record<string, Schema> | undefined)?.[name];
  if (target === undefined) throw new Error(`unresolvable ${ref}`);
  return target;
}

function isNullBranch(branch: unknown): boolean {
  return typeof branch === "object" && branch !== null && (branch as Schema)["type"] === "null";
}

function sampleUnion(branches: unknown[], root: Schema, random: () => number, options: SampleOptions, depth: number): unknown {
  const nullBranch = branches.find(isNullBranch);
  const others = branches.filter((branch) => !isNullBranch(branch));
  if (nullBranch !== undefined && (others.length === 0 || depth >= options.maxDepth || random() < options.nullChance)) return null;
  return sample(pick(random, others) as Schema, root, random, options, depth);
}

function sample(schema: Schema, root: Schema, random: () => number, options: SampleOptions, depth: number): unknown {
  if (typeof schema["$ref"] === "string") return sample(resolve(root, schema["$ref"]), root, random, options, depth + 1);
  if (Array.isArray(schema["anyOf"])) return sampleUnion(schema["anyOf"], root, random, options, depth);
  if (Object.hasOwn(schema, "const")) return schema["const"];
  if (Array.isArray(schema["enum"])) return pick(random, schema["enum"]);
  const types = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : [schema["type"] as string];
  const nonNull = types.filter((name) => name !== "null");
  const type = nonNull.length === 0 || (types.includes("null") && random() < options.nullChance) ? "null" : pick(random, nonNull);
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return random() < 0.5;
    case "integer":
    case "number":
      return sampleNumber(schema, random, type === "integer");
    case "string":
      return sampleString(schema, random);
    case "array": {
      const min = typeof schema["minItems"] === "number" ? schema["minItems"] : 0;
      const max = typeof schema["maxItems"] === "number" ? schema["maxItems"] : min + 3;
      const count = depth >= options.maxDepth ? min : min + Math.floor(random() * (Math.min(max, min + 3) - min + 1));
      return Array.from({ length: count }, () => sample(schema["items"] as Schema, root, random, options, depth + 1));
    }
    case "object": {
      const value: Record<string, unknown> = {};
      for (const [key, child] of Object.entries((schema["properties"] ?? {}) as Record<string, Schema>)) {
        Object.defineProperty(value, key, {
          value: sample(child, root, random, options, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return value;
    }
    default:
      throw new Error(`cannot sample ${JSON.stringify(schema)}`);
  }
}

/** A random value the strict `schema` accepts: every key present, `null` for some optional ones. */
export function sampleStrictValue(schema: Schema, seed: number, options: Partial<SampleOptions> = {}): unknown {
  const full: SampleOptions = { nullChance: 0.5, maxDepth: 6, ...options };
  return sample(schema, schema, createRandom(seed), full, 0);
}

/** The validator's verdict and, when invalid, its errors as text (readable in a failed expectation). */
export function validateJson(schema: unknown, value: unknown): { valid: boolean; errors: string[] } {
  // The validator annotates the schema it is given, so it gets a copy.
  const result = new Validator(structuredClone(schema) as Schema, "2020-12", false).validate(value);
  return { valid: result.valid, errors: result.errors.map((error) => `${error.instanceLocation}: ${error.error}`) };
}

/** Freezes a value and everything in it, so a test fails if anything writes to it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** Where a schema is used, as the emulator's `validateStrictSchema` takes it. */
export type StrictSchemaTarget = { kind: "function"; name: string; index: number } | { kind: "response_format"; name: string };

/**
 * The shape of the emulator's strict-schema module (libs/openai-emulator/src/validate/validate-strict-schema.ts).
 * Tests load it with `require` at run time: a static import would pull the emulator's sources into this package's
 * TypeScript program, outside its rootDir (TS6059). Jest maps the path to the TypeScript source.
 */
export interface EmulatorStrictValidator {
  /** Throws OpenAI's 400 for the first violation of the strict subset; returns when the real API would accept. */
  validateStrictSchema(schema: unknown, target: StrictSchemaTarget, limits?: object): void;
}
