// Schema plumbing for synthesizeJson: errors that name a JSON pointer, local $ref resolution, and the
// flattening of one schema location (its allOf members, $ref targets and chosen branches) into one Merged view.
import type { JsonSchema } from "../wire.js";
import { isRecord } from "../json-values.js";

/** A JSON Schema as it may appear anywhere in a document: an object, or `true` / `false`. */
export type SchemaLike = JsonSchema | boolean;

/** A schema together with its JSON pointer from the document root (without the leading `#`). */
export interface SchemaNode {
  readonly schema: SchemaLike;
  readonly pointer: string;
}

/** A schema the synthesizer cannot satisfy or does not support; `pointer` locates the schema in the document. */
export class SchemaError extends Error {
  readonly pointer: string;
  /** Set when retrying elsewhere cannot help (the work budget ran out). */
  readonly fatal: boolean;

  constructor(pointer: string, problem: string, fatal = false) {
    super(`Cannot synthesize JSON for the schema at #${pointer}: ${problem}`);
    this.name = "SchemaError";
    this.pointer = pointer;
    this.fatal = fatal;
  }
}

export type TypeName = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array";
const TYPE_NAMES: readonly string[] = ["string", "number", "integer", "boolean", "null", "object", "array"];

// Assertions this synthesizer cannot honour; silently ignoring them would produce invalid output.
const UNSUPPORTED = [
  "if", "contains", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties", "unevaluatedItems",
  "$dynamicRef", "$recursiveRef",
];

export { isRecord };

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function asSchema(value: unknown, pointer: string): SchemaLike {
  if (typeof value === "boolean" || isRecord(value)) return value as SchemaLike;
  throw new SchemaError(pointer, "expected a schema (an object or a boolean)");
}

/** The sub-schema under `keys` (e.g. `"not"`, or `"properties", "city"`), or undefined when absent. */
export function subschema(node: SchemaNode, ...keys: string[]): SchemaNode | undefined {
  let value: unknown = node.schema;
  let pointer = node.pointer;
  for (const key of keys) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
    pointer += `/${escapePointer(key)}`;
  }
  return value === undefined ? undefined : { schema: asSchema(value, pointer), pointer };
}

/** The schemas of an array-valued keyword (`anyOf`, `prefixItems`, ...), or undefined when absent. */
export function subschemaList(node: SchemaNode, key: string): SchemaNode[] | undefined {
  if (!isRecord(node.schema) || node.schema[key] === undefined) return undefined;
  const list = node.schema[key];
  const pointer = `${node.pointer}/${key}`;
  if (!Array.isArray(list)) throw new SchemaError(pointer, `"${key}" must be an array of schemas`);
  return list.map((item: unknown, index) => ({ schema: asSchema(item, `${pointer}/${index}`), pointer: `${pointer}/${index}` }));
}

/** The entries of an object-valued keyword (`properties`, `$defs`, ...), in document order. */
export function subschemaMap(node: SchemaNode, key: string): Array<[string, SchemaNode]> {
  if (!isRecord(node.schema) || node.schema[key] === undefined) return [];
  const map = node.schema[key];
  if (!isRecord(map)) throw new SchemaError(`${node.pointer}/${key}`, `"${key}" must be an object of schemas`);
  return Object.keys(map).map((name) => {
    const pointer = `${node.pointer}/${key}/${escapePointer(name)}`;
    return [name, { schema: asSchema(map[name], pointer), pointer }];
  });
}

/** Every direct sub-schema of a node, whatever keyword holds it. */
export function childSchemas(node: SchemaNode): SchemaNode[] {
  const children: SchemaNode[] = [];
  for (const key of ["additionalProperties", "additionalItems", "not", "propertyNames", "contains", "if", "then", "else"]) {
    const child = subschema(node, key);
    if (child) children.push(child);
  }
  for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"]) children.push(...(subschemaList(node, key) ?? []));
  const items = isRecord(node.schema) ? node.schema.items : undefined;
  if (Array.isArray(items)) children.push(...(subschemaList(node, "items") ?? []));
  else if (items !== undefined) children.push(subschema(node, "items") as SchemaNode);
  for (const key of ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]) {
    children.push(...subschemaMap(node, key).map(([, child]) => child));
  }
  return children;
}

/** Resolves the document-local references JSON Schema allows: `#`, `#/json/pointer` and `#anchor`. */
export class RefResolver {
  private anchors: Map<string, SchemaNode> | undefined;

  constructor(private readonly root: SchemaLike) {}

  resolve(ref: string, from: string): SchemaNode {
    const rootId = isRecord(this.root) && typeof this.root.$id === "string" ? this.root.$id.replace(/#$/, "") : undefined;
    const fragment = rootId && ref.startsWith(rootId) ? ref.slice(rootId.length) || "#" : ref;
    if (!fragment.startsWith("#")) {
      throw new SchemaError(from, `$ref "${ref}" is not local; only "#", "#/..." and "#anchor" references are supported`);
    }
    const body = fragment.slice(1);
    if (body === "") return { schema: this.root, pointer: "" };
    if (!body.startsWith("/")) {
      const anchor = this.anchorMap().get(body);
      if (!anchor) throw new SchemaError(from, `$ref "${ref}" names no $anchor in the document`);
      return anchor;
    }
    let node: SchemaNode | undefined = { schema: this.root, pointer: "" };
    for (const raw of body.slice(1).split("/")) {
      const key = decodeSegment(raw, ref, from).replace(/~1/g, "/").replace(/~0/g, "~");
      node = node && followSegment(node, key);
    }
    if (!node || !(typeof node.schema === "boolean" || isRecord(node.schema))) {
      throw new SchemaError(from, `$ref "${ref}" does not resolve to a schema in the document`);
    }
    return node;
  }

  private anchorMap(): Map<string, SchemaNode> {
    if (this.anchors) return this.anchors;
    const anchors = new Map<string, SchemaNode>();
    const visit = (node: SchemaNode): void => {
      if (!isRecord(node.schema)) return;
      if (typeof node.schema.$anchor === "string") anchors.set(node.schema.$anchor, node);
      // draft-07 spelled anchors as `$id: "#name"`
      if (typeof node.schema.$id === "string" && node.schema.$id.startsWith("#")) anchors.set(node.schema.$id.slice(1), node);
      childSchemas(node).forEach(visit);
    };
    visit({ schema: this.root, pointer: "" });
    this.anchors = anchors;
    return anchors;
  }
}

function decodeSegment(raw: string, ref: string, from: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new SchemaError(from, `$ref "${ref}" is not a valid URI fragment`);
  }
}

// A pointer may step through arrays (`/anyOf/0`) as well as objects, so it walks raw JSON, not keywords.
function followSegment(node: SchemaNode, key: string): SchemaNode | undefined {
  const container: unknown = node.schema;
  if (!(Array.isArray(container) || isRecord(container)) || !Object.hasOwn(container, key)) return undefined;
  const value: unknown = (container as Record<string, unknown>)[key];
  if (value === undefined) return undefined;
  return { schema: value as SchemaLike, pointer: `${node.pointer}/${escapePointer(key)}` };
}

export interface ObjectPart {
  properties: Map<string, SchemaNode>;
  patterns: Array<{ regex: RegExp; node: SchemaNode }>;
  additional: SchemaNode | undefined;
  /** `additionalProperties: false`: keys outside `properties` and `patternProperties` are forbidden. */
  closed: boolean;
}

export interface ArrayPart {
  prefix: SchemaNode[];
  rest: SchemaNode | undefined;
  /** `items: false` (or draft-07 `additionalItems: false`): no items past the prefix. */
  closed: boolean;
}

export interface Choice {
  kind: "anyOf" | "oneOf";
  pointer: string;
  branches: SchemaNode[];
}

/** Everything one value must satisfy, gathered from a node and the schemas it pulls in. */
export interface Merged {
  pointer: string;
  sources: SchemaNode[];
  types: TypeName[] | undefined;
  families: Set<"object" | "array" | "string" | "number">;
  enums: unknown[][];
  hints: unknown[];
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number[];
  minLength: number;
  maxLength: number | undefined;
  patterns: string[];
  formats: string[];
  arrays: ArrayPart[];
  minItems: number;
  maxItems: number | undefined;
  uniqueItems: boolean;
  objects: ObjectPart[];
  required: string[];
  order: string[];
  minProperties: number;
  maxProperties: number | undefined;
  propertyNames: SchemaNode[];
  choices: Choice[];
  /** `not` schemas: generation cannot aim for them, so they are only checked. */
  negations: SchemaNode[];
  impossible: string | undefined;
  expandedRefs: string[];
}

export function emptyMerged(pointer: string): Merged {
  return {
    pointer, sources: [], types: undefined, families: new Set(), enums: [], hints: [],
    minimum: undefined, maximum: undefined, exclusiveMinimum: undefined, exclusiveMaximum: undefined, multipleOf: [],
    minLength: 0, maxLength: undefined, patterns: [], formats: [],
    arrays: [], minItems: 0, maxItems: undefined, uniqueItems: false,
    objects: [], required: [], order: [], minProperties: 0, maxProperties: undefined, propertyNames: [],
    choices: [], negations: [], impossible: undefined, expandedRefs: [],
  };
}

// Parts are never mutated once built, so copying the lists is enough for branches to diverge safely.
export function cloneMerged(m: Merged): Merged {
  return {
    ...m, sources: [...m.sources], types: m.types && [...m.types], families: new Set(m.families), enums: [...m.enums],
    hints: [...m.hints], multipleOf: [...m.multipleOf], patterns: [...m.patterns], formats: [...m.formats],
    arrays: [...m.arrays], objects: [...m.objects], required: [...m.required], order: [...m.order],
    propertyNames: [...m.propertyNames], choices: [...m.choices], negations: [...m.negations],
    expandedRefs: [...m.expandedRefs],
  };
}

/** Adds a node's constraints to `m`; anyOf/oneOf are queued in `m.choices` for the caller to decide. */
export function absorb(m: Merged, node: SchemaNode, refs: RefResolver): void {
  const { schema, pointer } = node;
  if (schema === true) return;
  if (schema === false) {
    m.impossible ??= `the schema at #${pointer} is false, so no value is valid`;
    return;
  }
  m.sources.push(node);
  for (const keyword of UNSUPPORTED) {
    if (schema[keyword] !== undefined) throw new SchemaError(pointer, `the keyword "${keyword}" is not supported`);
  }
  if (schema.$ref !== undefined) absorbRef(m, node, refs);
  absorbType(m, node);
  absorbValues(m, node);
  absorbNumber(m, node);
  absorbString(m, node);
  absorbArray(m, node);
  absorbObject(m, node);
  for (const member of subschemaList(node, "allOf") ?? []) absorb(m, member, refs);
  const negation = subschema(node, "not");
  if (negation) m.negations.push(negation);
  for (const kind of ["anyOf", "oneOf"] as const) {
    const branches = subschemaList(node, kind);
    if (branches) m.choices.push({ kind, pointer: `${node.pointer}/${kind}`, branches });
  }
}

function absorbRef(m: Merged, node: SchemaNode, refs: RefResolver): void {
  const ref = (node.schema as JsonSchema).$ref;
  if (typeof ref !== "string") throw new SchemaError(node.pointer, "$ref must be a string");
  const target = refs.resolve(ref, node.pointer);
  // A reference back to a schema already merged at this same value (allOf: [{$ref: "#"}]) adds nothing new.
  if (m.expandedRefs.includes(target.pointer)) return;
  m.expandedRefs.push(target.pointer);
  absorb(m, target, refs);
}

function absorbType(m: Merged, node: SchemaNode): void {
  const type = (node.schema as JsonSchema).type;
  if (type === undefined) return;
  const listed = Array.isArray(type) ? type : [type];
  for (const name of listed) {
    if (typeof name !== "string" || !TYPE_NAMES.includes(name)) {
      throw new SchemaError(node.pointer, `unknown type ${JSON.stringify(name)}`);
    }
  }
  m.types = intersectTypes(m.types, listed as TypeName[]);
}

function intersectTypes(current: TypeName[] | undefined, next: TypeName[]): TypeName[] {
  if (!current) return [...new Set(next)];
  // "integer" is a subset of "number", so the pair intersects to "integer".
  const covers = (list: TypeName[], type: TypeName): boolean =>
    list.includes(type) || (type === "integer" && list.includes("number"));
  return [...new Set([...current.filter((type) => covers(next, type)), ...next.filter((type) => covers(current, type))])];
}

function absorbValues(m: Merged, node: SchemaNode): void {
  const schema = node.schema as JsonSchema;
  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum)) throw new SchemaError(node.pointer, "enum must be an array");
    m.enums.push(schema.enum);
  }
  if (Object.hasOwn(schema, "const")) m.enums.push([schema.const]);
  if (schema.default !== undefined) m.hints.push(schema.default);
  if (Array.isArray(schema.examples)) m.hints.push(...(schema.examples as unknown[]));
}

function readNumber(node: SchemaNode, key: string, check: (value: number) => boolean, rule: string): number | undefined {
  const value = (node.schema as JsonSchema)[key];
  if (value === undefined || typeof value === "boolean") return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || !check(value)) {
    throw new SchemaError(node.pointer, `${key} must be ${rule}`);
  }
  return value;
}

const isCount = (value: number): boolean => Number.isInteger(value) && value >= 0;
const larger = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const smaller = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

function absorbNumber(m: Merged, node: SchemaNode): void {
  const schema = node.schema as JsonSchema;
  const any = (): boolean => true;
  const minimum = readNumber(node, "minimum", any, "a number");
  const maximum = readNumber(node, "maximum", any, "a number");
  const multipleOf = readNumber(node, "multipleOf", (value) => value > 0, "a number greater than 0");
  // draft-04 spelled exclusive bounds as booleans that modify minimum/maximum
  const legacyMin = (schema.exclusiveMinimum as unknown) === true;
  const legacyMax = (schema.exclusiveMaximum as unknown) === true;
  m.minimum = larger(m.minimum, legacyMin ? undefined : minimum);
  m.maximum = smaller(m.maximum, legacyMax ? undefined : maximum);
  m.exclusiveMinimum = larger(m.exclusiveMinimum, legacyMin ? minimum : readNumber(node, "exclusiveMinimum", any, "a number"));
  m.exclusiveMaximum = smaller(m.exclusiveMaximum, legacyMax ? maximum : readNumber(node, "exclusiveMaximum", any, "a number"));
  if (multipleOf !== undefined) m.multipleOf.push(multipleOf);
  const numeric = [minimum, maximum, multipleOf, schema.exclusiveMinimum, schema.exclusiveMaximum];
  if (numeric.some((value) => value !== undefined)) m.families.add("number");
}

function absorbString(m: Merged, node: SchemaNode): void {
  const schema = node.schema as JsonSchema;
  const minLength = readNumber(node, "minLength", isCount, "a non-negative integer");
  const maxLength = readNumber(node, "maxLength", isCount, "a non-negative integer");
  m.minLength = larger(m.minLength, minLength) ?? 0;
  m.maxLength = smaller(m.maxLength, maxLength);
  if (schema.pattern !== undefined) {
    if (typeof schema.pattern !== "string") throw new SchemaError(node.pointer, "pattern must be a string");
    m.patterns.push(schema.pattern);
  }
  if (typeof schema.format === "string") m.formats.push(schema.format);
  if (minLength !== undefined || maxLength !== undefined || schema.pattern !== undefined) m.families.add("string");
}

function absorbArray(m: Merged, node: SchemaNode): void {
  const schema = node.schema as JsonSchema;
  const minItems = readNumber(node, "minItems", isCount, "a non-negative integer");
  const maxItems = readNumber(node, "maxItems", isCount, "a non-negative integer");
  m.minItems = larger(m.minItems, minItems) ?? 0;
  m.maxItems = smaller(m.maxItems, maxItems);
  m.uniqueItems ||= schema.uniqueItems === true;
  const tuple = Array.isArray(schema.items);
  const prefix = (tuple ? subschemaList(node, "items") : subschemaList(node, "prefixItems")) ?? [];
  const rest = tuple ? subschema(node, "additionalItems") : subschema(node, "items");
  const closed = rest?.schema === false;
  if (prefix.length > 0 || rest) m.arrays.push({ prefix, rest: closed ? undefined : rest, closed });
  const bounded = minItems !== undefined || maxItems !== undefined || schema.uniqueItems !== undefined;
  if (prefix.length > 0 || rest || bounded) m.families.add("array");
}

function absorbObject(m: Merged, node: SchemaNode): void {
  const schema = node.schema as JsonSchema;
  const properties = new Map(subschemaMap(node, "properties"));
  const patterns = subschemaMap(node, "patternProperties").map(([source, child]) => ({
    regex: compileRegex(source, child.pointer),
    node: child,
  }));
  const additional = subschema(node, "additionalProperties");
  if (properties.size > 0 || patterns.length > 0 || additional) {
    const closed = additional?.schema === false;
    m.objects.push({ properties, patterns, additional: closed ? undefined : additional, closed });
  }
  for (const key of properties.keys()) if (!m.order.includes(key)) m.order.push(key);
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || schema.required.some((key) => typeof key !== "string")) {
      throw new SchemaError(node.pointer, "required must be an array of strings");
    }
    for (const key of schema.required) if (!m.required.includes(key)) m.required.push(key);
  }
  const propertyNames = subschema(node, "propertyNames");
  if (propertyNames) m.propertyNames.push(propertyNames);
  const minProperties = readNumber(node, "minProperties", isCount, "a non-negative integer");
  const maxProperties = readNumber(node, "maxProperties", isCount, "a non-negative integer");
  m.minProperties = larger(m.minProperties, minProperties) ?? 0;
  m.maxProperties = smaller(m.maxProperties, maxProperties);
  const counted = minProperties !== undefined || maxProperties !== undefined;
  if (m.objects.length > 0 || schema.required !== undefined || propertyNames || counted) m.families.add("object");
}

const regexCache = new Map<string, RegExp>();

/** Compiles a JSON Schema pattern the way validators do: ECMA-262 with the `u` flag, unanchored. */
export function compileRegex(source: string, pointer: string): RegExp {
  let regex = regexCache.get(source);
  if (!regex) {
    try {
      regex = new RegExp(source, "u");
    } catch {
      throw new SchemaError(pointer, `pattern ${JSON.stringify(source)} is not a valid regular expression`);
    }
    regexCache.set(source, regex);
  }
  return regex;
}

/** The schemas an object property must satisfy, or undefined when `additionalProperties: false` forbids the key. */
export function propertyNodes(m: Merged, key: string): SchemaNode[] | undefined {
  const nodes: SchemaNode[] = [];
  for (const part of m.objects) {
    const own = part.properties.get(key);
    const patterned = part.patterns.filter((pattern) => pattern.regex.test(key)).map((pattern) => pattern.node);
    if (own) nodes.push(own);
    nodes.push(...patterned);
    if (own || patterned.length > 0) continue;
    if (part.closed) return undefined;
    if (part.additional) nodes.push(part.additional);
  }
  return nodes;
}

/** The schemas the item at `index` must satisfy, or undefined when `items: false` forbids it. */
export function itemNodes(m: Merged, index: number): SchemaNode[] | undefined {
  const nodes: SchemaNode[] = [];
  for (const part of m.arrays) {
    const node = index < part.prefix.length ? part.prefix[index] : part.rest;
    if (node) nodes.push(node);
    else if (index >= part.prefix.length && part.closed) return undefined;
  }
  return nodes;
}
