// Random user schemas within what strict mode can express (after conversion): nested objects with optional,
// nullable and nullish properties, arrays, enums, consts, discriminated unions (anyOf and oneOf), `$defs` or
// `definitions` with `$ref`s (recursive ones only where the recursion can stop), annotations, `$ref` with siblings,
// typeless objects and one-schema allOfs. fast-check does not resolve from libs/openai, hence this seeded generator.
import { createRandom, pick } from "./strict-values.js";

type Schema = Record<string, unknown>;

interface State {
  random: () => number;
  defsKeyword: "$defs" | "definitions";
  definitions: Map<string, Schema>;
  /** Definitions being generated: a reference to one of them is recursion. */
  building: string[];
}

const MAX_DEPTH = 4;
const NAMES = ["a", "b", "city", "unit", "items", "kind2", "a b", "constructor", "ünï", "x/y", "n~1"];

function chance(state: State, probability: number): boolean {
  return state.random() < probability;
}

function annotate(state: State, schema: Schema): Schema {
  if (chance(state, 0.2)) schema["description"] = pick(state.random, ["a thing", "Ünïcode text", ""]);
  if (chance(state, 0.1)) schema["title"] = "Title";
  return schema;
}

function primitive(state: State): Schema {
  switch (pick(state.random, ["string", "format", "pattern", "integer", "number", "boolean", "enum", "const"])) {
    case "string":
      return { type: "string" };
    case "format":
      return { type: "string", format: pick(state.random, ["date", "email", "uuid", "ipv4", "date-time"]) };
    case "pattern":
      return { type: "string", pattern: "^[a-z]+$" };
    case "integer":
      return { type: "integer", minimum: 0, maximum: 100 };
    case "number":
      return chance(state, 0.5) ? { type: "number" } : { type: "number", exclusiveMinimum: 0, multipleOf: 0.5 };
    case "boolean":
      return { type: "boolean" };
    case "enum":
      return chance(state, 0.5) ? { type: "string", enum: ["x", "y", "z"] } : { enum: ["x", 2, null] };
    default:
      return { const: pick(state.random, ["fixed", 7, true]) };
  }
}

function nullable(state: State, schema: Schema): Schema {
  const type = schema["type"];
  if (typeof type === "string" && !Object.hasOwn(schema, "enum") && chance(state, 0.5)) return { ...schema, type: [type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

function discriminatedUnion(state: State, depth: number, keyword: "anyOf" | "oneOf"): Schema {
  const count = 2 + Math.floor(state.random() * 2);
  const branches = Array.from({ length: count }, (_, i) => {
    const branch = object(state, depth + 1);
    const properties = { kind: { type: "string", const: `k${i}` }, ...(branch["properties"] as Schema) };
    return { ...branch, properties, required: ["kind", ...((branch["required"] as string[]) ?? [])] };
  });
  return { [keyword]: branches };
}

function reference(state: State, depth: number, optional: boolean): Schema {
  const recursive = optional && state.building.length > 0 && chance(state, 0.5);
  let name = recursive ? pick(state.random, state.building) : undefined;
  if (name === undefined) {
    const existing = [...state.definitions.keys()].filter((key) => !state.building.includes(key));
    name = existing.length > 0 && chance(state, 0.4) ? pick(state.random, existing) : `Def${state.definitions.size}${pick(state.random, ["", " x"])}`;
    if (!state.definitions.has(name)) {
      state.definitions.set(name, {});
      state.building.push(name);
      state.definitions.set(name, chance(state, 0.7) ? object(state, depth + 1) : primitive(state));
      state.building.pop();
    }
  }
  const ref: Schema = { $ref: name === "#" ? "#" : `#/${state.defsKeyword}/${encodeURIComponent(name)}` };
  return chance(state, 0.3) ? { ...ref, description: "refers", ...(chance(state, 0.5) ? { default: null } : {}) } : ref;
}

/** A property or item schema; `optional` says whether a recursive reference may appear here. */
function node(state: State, depth: number, optional: boolean): Schema {
  const kinds = depth >= MAX_DEPTH ? ["primitive"] : ["primitive", "primitive", "object", "array", "union", "oneOf", "ref", "nullable", "allOf"];
  switch (pick(state.random, kinds)) {
    case "object":
      return object(state, depth + 1);
    case "array":
      return annotate(state, { type: "array", items: node(state, depth + 1, true), ...(chance(state, 0.2) ? { maxItems: 4 } : {}) });
    case "union":
      return chance(state, 0.5) ? discriminatedUnion(state, depth, "anyOf") : { anyOf: [{ type: "string" }, { type: "integer" }] };
    case "oneOf":
      return discriminatedUnion(state, depth, "oneOf");
    case "ref":
      return reference(state, depth, optional);
    case "nullable":
      return nullable(state, node(state, depth + 1, true));
    case "allOf":
      return { allOf: [node(state, depth + 1, optional)], description: "wrapped" };
    default:
      return annotate(state, primitive(state));
  }
}

function object(state: State, depth: number): Schema {
  const count = Math.floor(state.random() * 5);
  const properties: Schema = {};
  const required: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = pick(state.random, NAMES);
    if (Object.hasOwn(properties, name)) continue;
    const isRequired = chance(state, 0.4);
    properties[name] = node(state, depth, !isRequired);
    if (isRequired) required.push(name);
  }
  const schema: Schema = chance(state, 0.1) ? { properties } : { type: "object", properties };
  if (required.length > 0 || chance(state, 0.5)) schema["required"] = required;
  if (chance(state, 0.3)) schema["additionalProperties"] = false;
  return annotate(state, schema);
}

/** A random user schema for `seed`; the same seed always gives the same schema. */
export function randomJsonSchema(seed: number): Schema {
  const state: State = {
    random: createRandom(seed),
    defsKeyword: seed % 2 === 0 ? "$defs" : "definitions",
    definitions: new Map(),
    building: ["#"],
  };
  const root = object(state, 0);
  root["type"] = "object";
  if (state.definitions.size > 0) root[state.defsKeyword] = Object.fromEntries(state.definitions);
  return root;
}
