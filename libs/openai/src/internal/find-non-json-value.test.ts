import { describe, expect, it } from "@jest/globals";
import { findNonJsonValue, toJsonPointer } from "./find-non-json-value.js";

describe("findNonJsonValue", () => {
  it("accepts what JSON carries faithfully, including shared objects, Dates and undefined members", () => {
    const shared = { a: 1 };
    expect(findNonJsonValue({ x: shared, y: shared, when: new Date(0), gone: undefined, list: [1, "a", null, true] })).toBeUndefined();
  });

  it.each([
    ["NaN", { a: { b: Number.NaN } }, "a.b", ["a", "b"], /^NaN \(JSON would send it as null/u],
    ["Infinity in an array", { a: [1, Number.NEGATIVE_INFINITY] }, "a[1]", ["a", 1], /^-Infinity/u],
    ["a BigInt", { n: 3n }, "n", ["n"], /BigInt 3n/u],
    ["a function", { f: () => 1 }, "f", ["f"], /function \(JSON would leave it out silently\)/u],
    ["a symbol", { s: Symbol("x") }, "s", ["s"], /symbol/u],
    ["undefined in an array", { list: [undefined] }, "list[0]", ["list", 0], /undefined in an array/u],
    ["a Map", { m: new Map() }, "m", ["m"], /a Map \(JSON would send it as \{\}\)/u],
  ])("finds %s with its path", (_name, value, path, segments, problem) => {
    const found = findNonJsonValue(value);
    expect(found).toMatchObject({ path, segments });
    expect(found?.problem).toMatch(problem);
  });

  it("finds a cycle where it closes, and prefixes a given path", () => {
    const cycle: Record<string, unknown> = { inner: {} };
    (cycle.inner as Record<string, unknown>).back = cycle;
    expect(findNonJsonValue(cycle, "modelKwargs")).toMatchObject({ path: "modelKwargs.inner.back", problem: expect.stringMatching(/circular/u) });
  });

  it("builds escaped JSON pointers", () => {
    expect(toJsonPointer(["properties", "a/b~c", 0])).toBe("/properties/a~1b~0c/0");
  });
});
