// Strict mode's null mapping on large tool arguments: restoring 200,000 discriminated-union items and 100,000 items
// told apart by their keys. The work must grow in proportion to the value; the unit tests check the results, and
// this script reports the time (tests carry no wall-clock bounds). Run with `pnpm bench`.
import { restoreOptionalNulls } from "../../libs/openai/dist/tools/restore-optional-nulls.js";
import { toStrictJsonSchema } from "../../libs/openai/dist/tools/to-strict-json-schema.js";

const N = { type: "number" };
const S = { type: "string" };

function timed(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function itemsSchema(item: Record<string, unknown>) {
  return toStrictJsonSchema({ type: "object", properties: { items: { type: "array", items: item } }, required: ["items"] }, 'tool "t"').restore;
}

const discriminated = itemsSchema({
  anyOf: [
    { type: "object", properties: { kind: { const: "a" }, x: N, note: S }, required: ["kind", "x"] },
    { type: "object", properties: { kind: { const: "b" }, y: N, note: { type: ["string", "null"] } }, required: ["kind", "y", "note"] },
  ],
});
const byKeys = itemsSchema({
  anyOf: [
    { type: "object", properties: { x: N, note: S }, required: ["x"] },
    { type: "object", properties: { y: N, note: { type: ["string", "null"] } }, required: ["y", "note"] },
  ],
});

const lines = ["Strict-mode null restoration (restoreOptionalNulls)", "", "| value | items | ms | µs per item |", "| --- | ---: | ---: | ---: |"];
for (const [label, plan, size, make] of [
  ["discriminated union", discriminated, 200_000, (i: number) => (i % 2 === 0 ? { kind: "a", x: i, note: null } : { kind: "b", y: i, note: null })],
  ["union told apart by keys", byKeys, 100_000, (i: number) => (i % 2 === 0 ? { x: i, note: null } : { y: i, note: null })],
] as const) {
  const items = Array.from({ length: size }, (_, index) => make(index));
  timed(() => restoreOptionalNulls({ items: items.slice(0, 1000) }, plan)); // warm-up
  const ms = timed(() => restoreOptionalNulls({ items }, plan));
  lines.push(`| ${label} | ${size} | ${ms.toFixed(0)} | ${((ms * 1000) / size).toFixed(2)} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
