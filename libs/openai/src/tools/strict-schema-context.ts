// The state of one strict conversion: the problems found so far, and the definitions of the strict schema. Every
// `$ref` of the user's schema is rewritten to a `#/$defs/NAME` of the strict schema: `$defs` keep their names,
// `definitions` move to `$defs` (renamed if the name is taken), and a reference to any other place in the schema
// (zod-to-json-schema's `#/properties/a`) gets that place copied into `$defs`, which also keeps recursion intact.
import type { SchemaIssue } from "../errors/errors.js";
import { escapePointerToken, fragmentTokens, isPlainObject, valueAt, type JsonRecord } from "../internal/json-values.js";
import type { PlanNode } from "./optional-null-plan.js";

/** One definition of the strict schema. */
export interface StrictDefinition {
  /** Its name under `$defs`. */
  name: string;
  /** Where its source lives in the user's schema, as a JSON pointer. */
  pointer: string;
  /** The user's schema at `pointer`. */
  source: unknown;
  /** The strict schema, once converted. */
  schema?: JsonRecord;
  /** What to restore below it, once converted. */
  plan?: PlanNode;
}

/** The state of one conversion; see the file comment. */
export interface ConversionContext {
  readonly subject: string;
  /** The user's root schema. */
  readonly root: JsonRecord;
  readonly issues: SchemaIssue[];
  /** By canonical user pointer (`/definitions/Node`). */
  readonly definitions: Map<string, StrictDefinition>;
  readonly names: Set<string>;
  /** Definitions registered but not yet converted. */
  readonly pending: StrictDefinition[];
  /** The user pointer each strict node was made from, to place limit problems. */
  readonly sources: WeakMap<object, string>;
}

export function createConversionContext(root: JsonRecord, subject: string): ConversionContext {
  return {
    subject,
    root,
    issues: [],
    definitions: new Map(),
    names: new Set(),
    pending: [],
    sources: new WeakMap(),
  };
}

/** Records one problem of the user's schema. */
export function addIssue(context: ConversionContext, pointer: string, problem: string): void {
  context.issues.push({ subject: context.subject, pointer, problem });
}

const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

// A definition name that needs no escaping in a `$ref`, and is not taken yet.
function uniqueName(context: ConversionContext, wanted: string): string {
  const base = SAFE_NAME.test(wanted) ? wanted : wanted.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "") || "def";
  let name = base;
  for (let suffix = 2; context.names.has(name); suffix += 1) name = `${base}_${suffix}`;
  context.names.add(name);
  return name;
}

function wantedName(tokens: readonly string[]): string {
  const [container, name] = tokens;
  const isDefinition = tokens.length === 2 && (container === "$defs" || container === "definitions");
  return isDefinition && name !== undefined ? name : tokens.join("_");
}

/** The strict `$ref` for a user `$ref`, registering its target as a definition; undefined (and an issue) if it dangles. */
export function strictRefFor(context: ConversionContext, ref: string, pointer: string): string | undefined {
  const tokens = fragmentTokens(ref);
  if (tokens === undefined) {
    addIssue(
      context,
      pointer,
      `'$ref' ${JSON.stringify(ref)} is not supported in strict mode: only references inside the schema ('#', ` +
        "'#/$defs/…', '#/definitions/…') are; copy the referenced schema into '$defs'.",
    );
    return undefined;
  }
  if (tokens.length === 0) return "#";
  const target = valueAt(context.root, tokens);
  if (!isPlainObject(target) && typeof target !== "boolean") {
    addIssue(context, pointer, `'$ref' ${JSON.stringify(ref)} points at nothing in this schema; fix the reference.`);
    return undefined;
  }
  const canonical = tokens.map((token) => `/${escapePointerToken(token)}`).join("");
  let definition = context.definitions.get(canonical);
  if (definition === undefined) {
    definition = { name: uniqueName(context, wantedName(tokens)), pointer: canonical, source: target };
    context.definitions.set(canonical, definition);
    context.pending.push(definition);
  }
  return `#/$defs/${definition.name}`;
}

/** The user's schema a `$ref` points at (the root for `#`), or undefined. */
export function resolveUserRef(root: JsonRecord, ref: unknown): unknown {
  if (typeof ref !== "string") return undefined;
  const tokens = fragmentTokens(ref);
  return tokens === undefined ? undefined : valueAt(root, tokens);
}
