// What JSON.stringify would change or choke on, found before a request is serialized: the SDK's own serialization
// turns NaN and Infinity into null (so the API's default applies without a word), drops functions and symbols, turns
// a Map into {} and throws an untyped TypeError on a BigInt or a cycle. Internal: never exported from the package.

/** A value JSON cannot carry as given: where (a path such as `tools[0].function.parameters.properties.a`) and what. */
export interface NonJsonValue {
  /** The path from the value checked, `""` for the value itself. */
  path: string;
  /** The same place as property names and array indexes, e.g. for a JSON pointer. */
  segments: Array<string | number>;
  /** What it is and what JSON would make of it, e.g. "NaN (JSON would send null)". */
  problem: string;
}

type Found = Omit<NonJsonValue, "path">;

/**
 * The first value inside `value` that JSON would not send as given, or `undefined` when it all serializes faithfully.
 * `undefined` object members are fine (JSON leaves them out, as the API wants); `undefined` in an array is not (it
 * becomes null). Objects with `toJSON` (a Date) are checked as serialized. Shared objects are fine; a cycle is not.
 *
 * @example
 * findNonJsonValue({ temperature: NaN }); // { path: "temperature", problem: "NaN (JSON would send it as null)" }
 * findNonJsonValue({ a: [1, "x"] }); // undefined
 */
export function findNonJsonValue(value: unknown, path = ""): NonJsonValue | undefined {
  const found = walk(value, [], []);
  if (found === undefined) return undefined;
  const tail = found.segments.map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${segment}`)).join("");
  return { ...found, path: path === "" ? tail.replace(/^\./u, "") : `${path}${tail}` };
}

function walk(value: unknown, segments: Array<string | number>, ancestors: object[]): Found | undefined {
  const leaf = describeLeaf(value);
  if (leaf !== undefined) return { segments, problem: leaf };
  if (typeof value !== "object" || value === null) return undefined;
  if (ancestors.includes(value)) return { segments, problem: "a circular reference (JSON cannot represent a cycle)" };
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return walk(toJSON.call(value, ""), segments, [...ancestors, value]);
  if (value instanceof Map || value instanceof Set) {
    return { segments, problem: `a ${value instanceof Map ? "Map" : "Set"} (JSON would send it as {}); use a plain object or array` };
  }
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      if (item === undefined) return { segments: [...segments, index], problem: "undefined in an array (JSON would send it as null)" };
      const found = walk(item, [...segments, index], inner);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    const found = walk(member, [...segments, key], inner);
    if (found) return found;
  }
  return undefined;
}

function describeLeaf(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? undefined : `${String(value)} (JSON would send it as null, so the API's default would apply)`;
    case "bigint":
      return `the BigInt ${String(value)}n (JSON cannot represent it); use a number`;
    case "function":
      return "a function (JSON would leave it out silently)";
    case "symbol":
      return "a symbol (JSON would leave it out silently)";
    default:
      return undefined;
  }
}

/**
 * A JSON pointer (RFC 6901) for a found value's segments, e.g. `/properties/a~1b/default`.
 *
 * @example
 * toJsonPointer(["properties", "a/b", 0]); // "/properties/a~1b/0"
 */
export function toJsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${String(segment).replace(/~/gu, "~0").replace(/\//gu, "~1")}`).join("");
}
