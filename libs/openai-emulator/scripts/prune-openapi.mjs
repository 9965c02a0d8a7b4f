#!/usr/bin/env node
// Regenerates src/__tests__/openapi/openai-schemas.json, the pruned copy of OpenAI's published OpenAPI schemas that the
// emulator's test suite validates every response against (src/__tests__/openapi/oracle.ts).
//
//   git -C <openai-openapi clone> show HEAD:openapi.json > /tmp/openapi.json
//   node libs/openai-emulator/scripts/prune-openapi.mjs /tmp/openapi.json --commit <sha> --date <YYYY-MM-DD>
//
// It keeps the response schemas of the routes the emulator serves under /v1 (and the error envelope), plus every schema
// they reference, so each `#/components/schemas/...` $ref still resolves. Structure only: descriptions, titles,
// examples, `x-*` extensions, `deprecated` and `default` are dropped; OpenAPI's `nullable: true` becomes a `"null"` type.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = path.join(here, "../src/__tests__/openapi/openai-schemas.json");

/** The routes the emulator serves under /v1 (src/emulator.ts route()), as `METHOD path` of the spec. */
const ROUTES = [
  ["post", "/chat/completions"],
  ["post", "/completions"],
  ["get", "/models"],
  ["get", "/models/{model}"],
  ["post", "/responses"],
  ["get", "/responses/{response_id}/input_items"],
  ["post", "/files"],
  ["get", "/files"],
  ["get", "/files/{file_id}"],
  ["delete", "/files/{file_id}"],
  ["post", "/vector_stores"],
  ["get", "/vector_stores"],
  ["get", "/vector_stores/{vector_store_id}"],
  ["delete", "/vector_stores/{vector_store_id}"],
  ["post", "/vector_stores/{vector_store_id}/files"],
  ["get", "/vector_stores/{vector_store_id}/files"],
  ["delete", "/vector_stores/{vector_store_id}/files/{file_id}"],
  ["get", "/vector_stores/{vector_store_id}/files/{file_id}/content"],
  ["post", "/vector_stores/{vector_store_id}/file_batches"],
  ["post", "/vector_stores/{vector_store_id}/search"],
];
/** Schemas needed beyond the routes' 200 responses: every error body uses this envelope. */
const EXTRA_ROOTS = ["ErrorResponse"];

/** Annotation keywords: no effect on what validates. */
const DROPPED = new Set(["description", "title", "example", "examples", "deprecated", "default", "$comment", "discriminator"]);
/** Keywords whose value maps names to schemas (the names themselves are data, never pruned). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function parseArgs(argv) {
  const [spec, ...rest] = argv;
  if (!spec || spec.startsWith("--")) usage("the spec file is required");
  const options = { spec, out: DEFAULT_OUT, commit: undefined, date: undefined };
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i]?.replace(/^--/u, "");
    if (!["out", "commit", "date"].includes(key) || rest[i + 1] === undefined) usage(`unexpected argument ${rest[i]}`);
    options[key] = rest[i + 1];
  }
  if (!options.commit || !options.date) usage("--commit and --date name the spec version");
  return options;
}

function usage(problem) {
  process.stderr.write(`prune-openapi: ${problem}\nusage: prune-openapi.mjs <openapi.json> --commit <sha> --date <YYYY-MM-DD> [--out <file>]\n`);
  process.exit(2);
}

/** A copy of a schema without annotations; `nullable: true` turned into a "null" type (JSON Schema 2020-12 has no `nullable`). */
function pruneSchema(schema, refs) {
  if (Array.isArray(schema)) return schema.map((item) => pruneSchema(item, refs));
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (key === "$ref") {
      const name = /^#\/components\/schemas\/(.+)$/u.exec(value)?.[1];
      if (!name) throw new Error(`unsupported $ref ${value}`);
      refs.add(name);
      out[key] = value;
    } else if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, pruneSchema(sub, refs)]));
    } else if (key === "enum" || key === "const" || key === "required") {
      out[key] = value;
    } else {
      out[key] = pruneSchema(value, refs);
    }
  }
  if (schema.nullable === true) return makeNullable(out);
  return out;
}

function makeNullable(schema) {
  if (typeof schema.type === "string") {
    const nullable = { ...schema, type: [schema.type, "null"] };
    if (nullable.enum) nullable.enum = [...nullable.enum, null];
    return nullable;
  }
  if (Array.isArray(schema.type)) return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const spec = JSON.parse(readFileSync(options.spec, "utf8"));
  const all = spec.components?.schemas ?? {};
  const pending = new Set(EXTRA_ROOTS);
  const paths = {};
  for (const [method, route] of ROUTES) {
    const operation = spec.paths?.[route]?.[method];
    if (!operation) throw new Error(`the spec has no ${method.toUpperCase()} ${route}`);
    const content = operation.responses?.["200"]?.content ?? {};
    const media = {};
    for (const [type, { schema }] of Object.entries(content)) media[type] = pruneSchema(schema, pending);
    paths[route] = { ...paths[route], [method]: media };
  }
  const schemas = {};
  for (const name of pending) {
    if (name in schemas) continue;
    if (!(name in all)) throw new Error(`the spec has no schema ${name}`);
    const found = new Set();
    schemas[name] = pruneSchema(all[name], found);
    for (const ref of found) pending.add(ref);
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
  const pruned = {
    source: "https://github.com/openai/openai-openapi (openapi.json)",
    commit: options.commit,
    date: options.date,
    license: "MIT (OpenAI)",
    generatedBy: "libs/openai-emulator/scripts/prune-openapi.mjs",
    openapi: spec.openapi,
    paths,
    components: { schemas: sorted },
  };
  writeFileSync(options.out, `${JSON.stringify(pruned, null, 1)}\n`);
  process.stdout.write(`wrote ${Object.keys(sorted).length} schemas for ${ROUTES.length} routes to ${path.relative(process.cwd(), options.out)}\n`);
}

main();
