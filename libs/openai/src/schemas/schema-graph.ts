// A converter's JSON Schema as an object graph, so that Zod 3 and Zod 4 output for the same schema can be written out
// identically although the two spell references very differently: zod-to-json-schema points at the first place a
// schema appeared (`#/properties/a/items`), Zod 4 at generated `$defs` entries (`#/$defs/__schema0`), and each
// unrolls recursion to a different depth.
//
// 1. Every `$ref` is resolved to the node it names (sibling keywords merged over a copy of the target).
// 2. Nodes that are structurally the same (same keywords, same data, equivalent subschemas) are merged: the
//    smallest graph with the same meaning, whatever unrolling the converter chose.
// 3. A depth-first walk in canonical keyword order finds the nodes that contain themselves: they alone need a name.

import { DROPPED_KEYWORDS, forEachSubschema, mapSubschemas, type JsonRecord } from "./json-schema-keywords.js";
import { isRecord, setOwn } from "../internal/json-values.js";

/**
 * A schema as nodes with their references resolved.
 *
 * @example
 * const graph: SchemaGraph = createSchemaGraph({ type: "string" });
 */
export interface SchemaGraph {
  /** The root schema node. */
  root: unknown;
  /** The node a (possibly `$ref`) subschema stands for. Booleans come back as they are. */
  resolve(subschema: unknown): unknown;
  /** The `$defs` key a node was found under in the converter's output, if any. */
  definitionName(node: unknown): string | undefined;
  /** The nodes a depth-first walk reaches again while inside them. */
  cycleTargets: ReadonlySet<unknown>;
}

interface References {
  root: unknown;
  resolve(subschema: unknown): unknown;
  names: Map<unknown, string>;
}

function resolveReferences(document: JsonRecord): References {
  const rootNode: JsonRecord = {};
  for (const key of Object.keys(document)) if (!DROPPED_KEYWORDS.has(key)) setOwn(rootNode, key, document[key]);
  const resolved = new Map<JsonRecord, unknown>();
  const names = new Map<unknown, string>();
  const lookup = (ref: string): { node: unknown; name?: string } => {
    if (ref === "#") return { node: rootNode };
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref "${ref}"`);
    const segments = ref.slice(2).split("/").map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
    let current: unknown = document;
    for (const segment of segments) {
      const found = typeof current === "object" && current !== null && Object.hasOwn(current, segment);
      if (!found) throw new Error(`unresolvable $ref "${ref}"`);
      current = (current as JsonRecord)[segment];
    }
    const isDefinition = segments.length === 2 && (segments[0] === "$defs" || segments[0] === "definitions");
    return isDefinition ? { node: current, name: segments[1] } : { node: current };
  };
  const resolve = (node: unknown, depth = 0): unknown => {
    if (!isRecord(node) || typeof node["$ref"] !== "string") return node;
    if (resolved.has(node)) return resolved.get(node);
    if (depth > 100) throw new Error("$ref chain too long");
    const { $ref, ...siblings } = node;
    const found = lookup($ref as string);
    const target = resolve(found.node, depth + 1);
    if (found.name !== undefined && !names.has(target)) names.set(target, found.name);
    // A `$ref` with siblings (e.g. Zod 4's `.default().describe()` under `reused: "ref"`) is written inline, merged.
    let result: unknown = target;
    if (Object.keys(siblings).length > 0) result = isRecord(target) ? { ...target, ...siblings } : { allOf: [target], ...siblings };
    resolved.set(node, result);
    return result;
  };
  return { root: resolve(rootNode), resolve: (node) => resolve(node), names };
}

/** Merges structurally equal nodes (partition refinement); returns each node's representative. */
function mergeEqualNodes(references: References): Map<unknown, unknown> {
  const nodes: JsonRecord[] = [];
  const indexOf = new Map<unknown, number>();
  const collect = (subschema: unknown): void => {
    const node = references.resolve(subschema);
    if (!isRecord(node) || indexOf.has(node)) return;
    indexOf.set(node, nodes.length);
    nodes.push(node);
    forEachSubschema(node, collect);
  };
  collect(references.root);
  const children: number[][] = [];
  const labels = nodes.map((node) => {
    const own: number[] = [];
    children.push(own);
    const label = mapSubschemas(node, (child) => {
      const target = references.resolve(child);
      if (!isRecord(target)) return target;
      own.push(indexOf.get(target) ?? -1);
      return "\u0000subschema";
    });
    return JSON.stringify(label);
  });
  let blocks = numberDistinct(labels);
  for (;;) {
    const signatures = blocks.map((block, index) => `${block}:${(children[index] ?? []).map((child) => blocks[child]).join(",")}`);
    const next = numberDistinct(signatures);
    // Each round only splits blocks, so an unchanged count means an unchanged partition.
    const settled = new Set(next).size === new Set(blocks).size;
    blocks = next;
    if (settled) break;
  }
  const representatives = new Map<unknown, unknown>();
  const firstOfBlock = new Map<number, JsonRecord>();
  nodes.forEach((node, index) => {
    const block = blocks[index] ?? index;
    if (!firstOfBlock.has(block)) firstOfBlock.set(block, node);
    representatives.set(node, firstOfBlock.get(block));
  });
  return representatives;
}

// Numbers each distinct string in order of first appearance.
function numberDistinct(keys: ReadonlyArray<string>): number[] {
  const numbers = new Map<string, number>();
  return keys.map((key) => {
    let number = numbers.get(key);
    if (number === undefined) numbers.set(key, (number = numbers.size));
    return number;
  });
}

function findCycleTargets(root: unknown, resolve: (subschema: unknown) => unknown): Set<unknown> {
  const onPath = new Set<unknown>();
  const finished = new Set<unknown>();
  const targets = new Set<unknown>();
  const visit = (subschema: unknown): void => {
    const node = resolve(subschema);
    if (!isRecord(node) || finished.has(node)) return;
    if (onPath.has(node)) {
      targets.add(node);
      return;
    }
    onPath.add(node);
    // Canonical key order, so outputs whose keys come in different orders pick the same targets.
    forEachSubschema(node, visit);
    onPath.delete(node);
    finished.add(node);
  };
  visit(root);
  return targets;
}

/**
 * Builds the graph of a converter's JSON Schema output.
 *
 * @example
 * const graph = createSchemaGraph({ type: "object", properties: { kids: { type: "array", items: { $ref: "#" } } } });
 * graph.cycleTargets.has(graph.root); // true
 */
export function createSchemaGraph(document: JsonRecord): SchemaGraph {
  const references = resolveReferences(document);
  const representatives = mergeEqualNodes(references);
  const represent = (node: unknown): unknown => representatives.get(node) ?? node;
  const resolve = (subschema: unknown): unknown => represent(references.resolve(subschema));
  const names = new Map<unknown, string>();
  for (const [node, name] of references.names) if (!names.has(represent(node))) names.set(represent(node), name);
  const root = represent(references.root);
  return { root, resolve, definitionName: (node) => names.get(node), cycleTargets: findCycleTargets(root, resolve) };
}
