// Small helpers over parsed JSON values and schemas, shared by the schema adapter, the strict-schema converter and the
// null restorer. Internal: never exported from the package.

/** A JSON object (not an array, not null). */
export type JsonRecord = Record<string, unknown>;

/**
 * True for a plain object such as `JSON.parse` builds (not an array, a Date or a class instance), from any realm:
 * `structuredClone`, a worker or a vm context make objects whose Object.prototype is not this one.
 */
export function isPlainObject(value: unknown): value is JsonRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Sets an own, enumerable property. Plain assignment would treat a `__proto__` key (valid in JSON, and so a valid
 * property name in a schema or a model's output) as the prototype.
 */
export function setOwn(target: JsonRecord, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** The own property `key` of `record`, never one inherited from Object.prototype (`constructor`, `toString`, …). */
export function getOwn(record: JsonRecord | undefined, key: string): unknown {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `value` is an object that is not an array (of any prototype). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy of the arrays and plain objects in a JSON value, without `undefined` members (as JSON has none). */
export function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (!isPlainObject(value)) return value;
  const copy: JsonRecord = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) setOwn(copy, key, cloneJson(item));
  return copy;
}

/** Deep equality of JSON values (key order does not matter). */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return Array.isArray(right) && left.length === right.length && left.every((item, i) => jsonEqual(item, right[i]));
  }
  if (!isPlainObject(left) || !isPlainObject(right)) return false;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}

/** One JSON pointer token (RFC 6901): `~` becomes `~0` and `/` becomes `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends tokens to a JSON pointer: `childPointer("/properties", "a/b")` is `/properties/a~1b`. */
export function childPointer(pointer: string, ...tokens: string[]): string {
  return tokens.reduce((path, token) => `${path}/${escapePointerToken(token)}`, pointer);
}

/**
 * The tokens of a `$ref` that is a fragment-only JSON pointer (`#`, `#/$defs/Node`), decoded (`~1`, `~0`, `%20`);
 * undefined for anything else (a remote URL, an anchor such as `#node`).
 */
export function fragmentTokens(ref: string): string[] | undefined {
  if (ref === "#") return [];
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((raw) => {
      let token = raw;
      try {
        token = decodeURIComponent(raw);
      } catch {
        // A stray "%" is a literal character, not an escape.
      }
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/** The value at `tokens` below `root`, through objects and arrays; undefined when the path does not exist. */
export function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let current: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(current) && /^(0|[1-9]\d*)$/.test(token)) current = current[Number(token)];
    else if (isPlainObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}
