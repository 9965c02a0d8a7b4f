// Rewrites a converter's raw JSON Schema into the canonical form documented in convert-to-json-schema.ts, so Zod 3
// and Zod 4 output for the same schema serialize to the same bytes. The schema graph (schema-graph.ts) removes the
// differences in references; this file writes the graph out (a node that contains itself becomes a `$defs` entry,
// or `#` for the root; anything else is inline wherever it is used) and evens out the remaining spellings.

import { ANNOTATION_KEYWORDS, mapSubschemas, orderedKeys, type JsonRecord } from "./json-schema-keywords.js";
import { cloneJson, isRecord, setOwn } from "../internal/json-values.js";
import { createSchemaGraph } from "./schema-graph.js";
import type { JsonSchemaObject } from "./schema-input.js";

function jsonEqual(left: unknown, right: unknown): boolean {
  return JSON.stringify(cloneJson(left)) === JSON.stringify(cloneJson(right));
}

function uniqueName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[^A-Za-z0-9_.-]/g, "_") || "schema";
  let name = base;
  for (let suffix = 2; used.has(name); suffix++) name = `${base}${suffix}`;
  used.add(name);
  return name;
}

/**
 * Rewrites raw Zod-converter output into the canonical JSON Schema form (see convert-to-json-schema.ts).
 *
 * @example
 * canonicalizeJsonSchema({ $schema: "...", type: ["string", "null"] }); // { anyOf: [{ type: "string" }, { type: "null" }] }
 */
export function canonicalizeJsonSchema(document: JsonRecord): JsonSchemaObject {
  const graph = createSchemaGraph(document);
  const names = new Map<unknown, string>();
  const usedNames = new Set<string>();
  const pending: JsonRecord[] = [];

  const referenceTo = (node: JsonRecord, hint: string): JsonRecord => {
    if (node === graph.root) return { $ref: "#" };
    let name = names.get(node);
    if (name === undefined) {
      // A Zod 4 `.meta({ id })` names the definition; otherwise the property it was first met under does.
      const defined = graph.definitionName(node);
      name = uniqueName(defined !== undefined && !/^__schema\d+$/.test(defined) ? defined : hint, usedNames);
      names.set(node, name);
      pending.push(node);
    }
    return { $ref: `#/$defs/${name}` };
  };
  const emitSchema = (subschema: unknown, hint: string): unknown => {
    const node = graph.resolve(subschema);
    if (!isRecord(node)) return cloneJson(node);
    return graph.cycleTargets.has(node) ? referenceTo(node, hint) : emitNode(node, hint);
  };
  const emitNode = (node: JsonRecord, hint: string): JsonRecord => {
    const out = mapSubschemas(node, (child, propertyName) => emitSchema(child, propertyName ?? hint));
    normalizeKeywords(out);
    const ordered: JsonRecord = {};
    for (const keyword of orderedKeys(out)) setOwn(ordered, keyword, out[keyword]);
    return ordered;
  };

  const root = isRecord(graph.root) ? emitNode(graph.root, "schema") : {};
  const definitions: JsonRecord = {};
  for (let index = 0; index < pending.length; index++) {
    const node = pending[index] as JsonRecord;
    const name = names.get(node) ?? "schema";
    setOwn(definitions, name, emitNode(node, name));
  }
  if (pending.length > 0) setOwn(root, "$defs", definitions);
  return root;
}

/** Local rewrites of one emitted node whose children are already canonical. */
function normalizeKeywords(node: JsonRecord): void {
  // Draft-07 tuples (zod-to-json-schema): `items: [...]` + `additionalItems` -> `prefixItems` + `items`.
  if (Array.isArray(node["items"]) && node["prefixItems"] === undefined) {
    node["prefixItems"] = node["items"];
    node["items"] = "additionalItems" in node ? node["additionalItems"] : false;
    delete node["additionalItems"];
  }
  expandTypeArray(node);
  if (node["type"] === "null" && node["const"] === null) delete node["const"];
  if (node["type"] === "integer") {
    // Zod 4 bounds every integer to the safe range; the bound is not part of what the user wrote.
    if (node["minimum"] === Number.MIN_SAFE_INTEGER) delete node["minimum"];
    if (node["maximum"] === Number.MAX_SAFE_INTEGER) delete node["maximum"];
  }
  const extra = node["additionalProperties"];
  if (isRecord(extra) && Object.keys(extra).length === 0) node["additionalProperties"] = true;
  simplifyPropertyNames(node);
  if (Array.isArray(node["anyOf"])) {
    // Zod 4 merges nested unions into one list; do the same for Zod 3's nested `anyOf`.
    node["anyOf"] = node["anyOf"].flatMap((member) => {
      const onlyAnyOf = isRecord(member) && Object.keys(member).length === 1 && Array.isArray(member["anyOf"]);
      return onlyAnyOf ? (member["anyOf"] as unknown[]) : [member];
    });
  }
  hoistNullableAnnotations(node);
}

// Zod 4 compacts `anyOf: [{type: "string"}, {type: "null"}]` into `type: ["string", "null"]`; undo it, so a nullable
// has one shape whatever its inner type.
function expandTypeArray(node: JsonRecord): void {
  const types = node["type"];
  if (!Array.isArray(types) || node["anyOf"] !== undefined) return;
  const annotations: ReadonlyArray<string> = ANNOTATION_KEYWORDS;
  if (Object.keys(node).some((key) => key !== "type" && !annotations.includes(key))) return;
  delete node["type"];
  if (types.length === 1) node["type"] = types[0];
  else node["anyOf"] = types.map((type: unknown) => ({ type }));
}

// Property names are always strings, so `type: "string"` there says nothing; Zod 4 writes it, Zod 3 does not.
function simplifyPropertyNames(node: JsonRecord): void {
  const names = node["propertyNames"];
  if (!isRecord(names) || names["type"] !== "string") return;
  const { type: _type, ...rest } = names;
  if (Object.keys(rest).length === 0) delete node["propertyNames"];
  else node["propertyNames"] = rest;
}

// `.describe("d").nullable()` puts the description inside the non-null branch, `.nullable().describe("d")` beside the
// `anyOf`; Zod 3 copies it to both. The canonical place is beside the `anyOf`.
function hoistNullableAnnotations(node: JsonRecord): void {
  const anyOf = node["anyOf"];
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return;
  const isNull = (member: unknown): boolean => isRecord(member) && Object.keys(member).length === 1 && member["type"] === "null";
  const nullIndex = anyOf.findIndex(isNull);
  const other: unknown = anyOf[1 - nullIndex];
  if (nullIndex < 0 || !isRecord(other)) return;
  for (const keyword of ANNOTATION_KEYWORDS) {
    if (!Object.hasOwn(other, keyword)) continue;
    if (!Object.hasOwn(node, keyword)) setOwn(node, keyword, other[keyword]);
    else if (!jsonEqual(node[keyword], other[keyword])) continue;
    delete other[keyword];
  }
}
