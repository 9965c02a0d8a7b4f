import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// scripts/prune-openapi.mjs, run as a maintainer would, on a miniature spec with the features the real one uses.
const SCRIPT = join(__dirname, "../../../scripts/prune-openapi.mjs");
const ok = { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } };
const miniSpec = {
  openapi: "3.1.0",
  paths: {
    "/chat/completions": { post: { responses: { "200": { description: "OK", content: { ...ok.content, "text/event-stream": { schema: { $ref: "#/components/schemas/Chunk" } } } } } } },
    "/completions": { post: { responses: { "200": ok } } },
    "/models": { get: { responses: { "200": ok } } },
    "/models/{model}": { get: { responses: { "200": ok } } },
    "/responses": { post: { responses: { "200": ok } } },
    "/responses/{response_id}/input_items": { get: { responses: { "200": ok } } },
    "/files": { get: { responses: { "200": ok } }, post: { responses: { "200": ok } } },
    "/files/{file_id}": { get: { responses: { "200": ok } }, delete: { responses: { "200": ok } } },
    "/vector_stores": { get: { responses: { "200": ok } }, post: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}": { get: { responses: { "200": ok } }, delete: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}/files": { get: { responses: { "200": ok } }, post: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}/files/{file_id}": { delete: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}/files/{file_id}/content": { get: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}/file_batches": { post: { responses: { "200": ok } } },
    "/vector_stores/{vector_store_id}/search": { post: { responses: { "200": ok } } },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        description: "dropped",
        "x-oaiMeta": { example: "dropped" },
        properties: { description: { type: "string", description: "a property named description stays" }, part: { $ref: "#/components/schemas/Part" } },
        required: ["description"],
      },
      Part: { type: "string", enum: ["a", "b"], nullable: true, example: "a" },
      Chunk: { type: "object", properties: { id: { type: "string", default: "x" } } },
      ErrorResponse: { type: "object", properties: { error: { $ref: "#/components/schemas/Error" } } },
      Error: { type: "object", title: "dropped", properties: { code: { anyOf: [{ type: "string" }, { type: "null" }] } } },
      Unused: { type: "object" },
    },
  },
};

describe("scripts/prune-openapi.mjs", () => {
  it("keeps the routes' schemas and what they reference, structure only, with the version it was given", () => {
    const dir = mkdtempSync(join(tmpdir(), "prune-openapi-"));
    try {
      writeFileSync(join(dir, "spec.json"), JSON.stringify(miniSpec));
      const out = join(dir, "out.json");
      const run = spawnSync(process.execPath, [SCRIPT, join(dir, "spec.json"), "--commit", "abc123", "--date", "2026-08-21", "--out", out], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      const pruned = JSON.parse(readFileSync(out, "utf8"));
      expect(pruned).toMatchObject({ commit: "abc123", date: "2026-08-21", openapi: "3.1.0" });
      expect(Object.keys(pruned.components.schemas)).toEqual(["Chunk", "Error", "ErrorResponse", "Part", "Thing"]);
      expect(pruned.components.schemas.Thing).toEqual({
        type: "object",
        properties: { description: { type: "string" }, part: { $ref: "#/components/schemas/Part" } },
        required: ["description"],
      });
      expect(pruned.components.schemas.Part).toEqual({ type: ["string", "null"], enum: ["a", "b", null] });
      expect(pruned.paths["/chat/completions"].post["text/event-stream"]).toEqual({ $ref: "#/components/schemas/Chunk" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to run without the spec's version", () => {
    const run = spawnSync(process.execPath, [SCRIPT, "spec.json"], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--commit and --date name the spec version/);
  });
});
