import { InvalidOptionError } from "../errors/errors.js";
import { findNonJsonValue } from "../internal/find-non-json-value.js";

type Body = Record<string, unknown>;

/** Where an extra body comes from, for naming it in an error. */
export type ExtraBodyOrigin = "field" | "call option";

/**
 * Deep-merges extra body keys into a built request, last: plain objects are merged key by key (so
 * `{ chat_template_kwargs: { enable_thinking: false } }` keeps what else that object holds), anything else (arrays,
 * strings, `null`) replaces what is there, and `undefined` members are skipped. Nothing is checked against the API or
 * adapted to the server: what is in `extraBody` is what is sent. A value JSON cannot carry (NaN, a BigInt, a cycle)
 * throws an InvalidOptionError naming its path before anything is sent. Neither input is changed.
 *
 * @example
 * mergeExtraBody({ model: "m", stream_options: { include_usage: true } }, { stream_options: { continuous_usage_stats: true } }, "call option");
 * // { model: "m", stream_options: { include_usage: true, continuous_usage_stats: true } }
 */
export function mergeExtraBody<T extends object>(body: T, extra: Body | undefined, origin: ExtraBodyOrigin): T {
  if (extra === undefined) return body;
  const found = findNonJsonValue(extra);
  if (found !== undefined) {
    const where = found.path === "" ? "" : ` at ${found.path}`;
    const label = origin === "field" ? "The field `extraBody`" : "The call option `extraBody`";
    throw new InvalidOptionError(`${label} holds${where} ${found.problem}. Replace it with a JSON value; nothing was sent.`, {
      option: found.path === "" ? "extraBody" : `extraBody.${found.path}`,
    });
  }
  return mergeObjects(body as Body, extra) as T;
}

function mergeObjects(target: Body, extra: Body): Body {
  const merged: Body = { ...target };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(current) ? mergeObjects(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Body {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
