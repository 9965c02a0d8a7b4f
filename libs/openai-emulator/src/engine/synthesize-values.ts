// Values for synthesizeJson: a checker for the supported subset of JSON Schema (every output is checked before it
// is returned), and the scalars: readable words, format values, pattern matches, and numbers on a grid fine enough
// to meet bounds and multipleOf.
import { isIP } from "node:net";
import randexpModule from "randexp";
import type { Random } from "./random.js";
import {
  SchemaError, absorb, compileRegex, emptyMerged, escapePointer, isRecord, itemNodes, propertyNodes,
} from "./synthesize-schema.js";
import type { Merged, RefResolver, SchemaLike, SchemaNode, TypeName } from "./synthesize-schema.js";

// randexp assigns `module.exports = RandExp` while its typings declare a default export, so under NodeNext the
// default import is typed as the module namespace; at runtime (Node ESM or jest's CommonJS) it is the class itself.
type RandExpClass = typeof randexpModule.default;
const RandExp: RandExpClass =
  (randexpModule as unknown as { default?: RandExpClass }).default ?? (randexpModule as unknown as RandExpClass);

/** Where a value breaks a schema: the schema's pointer, the value's path, and the rule. */
export interface Violation {
  pointer: string;
  path: string;
  message: string;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

export function hasType(value: unknown, type: TypeName): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isRecord(value);
  }
}

export function numberProblem(m: Merged, value: number): string | undefined {
  if (m.minimum !== undefined && value < m.minimum) return `must be >= ${m.minimum}`;
  if (m.maximum !== undefined && value > m.maximum) return `must be <= ${m.maximum}`;
  if (m.exclusiveMinimum !== undefined && value <= m.exclusiveMinimum) return `must be > ${m.exclusiveMinimum}`;
  if (m.exclusiveMaximum !== undefined && value >= m.exclusiveMaximum) return `must be < ${m.exclusiveMaximum}`;
  // Validators test multipleOf by float division (ajv: value / step must parse back as an integer); so must we.
  const step = m.multipleOf.find((divisor) => {
    const quotient = value / divisor;
    return !Number.isInteger(quotient) || Math.abs(quotient) >= 1e21;
  });
  return step === undefined ? undefined : `must be a multiple of ${step}`;
}

export function stringProblem(m: Merged, value: string): string | undefined {
  const length = [...value].length;
  if (length < m.minLength) return `must have at least ${m.minLength} characters`;
  if (m.maxLength !== undefined && length > m.maxLength) return `must have at most ${m.maxLength} characters`;
  const pattern = m.patterns.find((source) => !compileRegex(source, m.pointer).test(value));
  if (pattern !== undefined) return `must match the pattern ${JSON.stringify(pattern)}`;
  const format = m.formats.find((name) => !isValidFormat(name, value));
  return format === undefined ? undefined : `must be a valid "${format}"`;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day >= 1 && day <= days;
}

function isTime(text: string): boolean {
  const match = /^(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:z|[+-](\d\d)(?::?(\d\d))?)$/i.exec(text);
  if (!match) return false;
  const [hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match.slice(1).map((part) => Number(part ?? 0));
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
}

const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;

// The checks mirror ajv-formats' "full" mode for the formats synthesizeJson writes; other formats are annotations.
const FORMAT_CHECKS = new Map<string, (text: string) => boolean>([
  ["date", isDate],
  ["time", isTime],
  ["date-time", (text) => {
    const parts = text.split(/t|\s/i);
    return parts.length === 2 && isDate(parts[0] ?? "") && isTime(parts[1] ?? "");
  }],
  ["duration", (text) => /^P(?!$)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$/.test(text)],
  ["email", (text) => EMAIL.test(text)],
  ["hostname", (text) => HOSTNAME.test(text)],
  ["ipv4", (text) => isIP(text) === 4],
  ["ipv6", (text) => isIP(text) === 6 && !text.includes("%")],
  ["uuid", (text) => /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(text)],
  ["uri", (text) => /^[a-z][a-z0-9+\-.]*:[^\s"<>\\^`{|}]*$/i.test(text) && /[/:]/.test(text)],
]);

export function isValidFormat(format: string, text: string): boolean {
  return FORMAT_CHECKS.get(format)?.(text) ?? true;
}

/** A JSON Schema validator for exactly the subset synthesizeJson generates, so every output can be checked. */
export class SchemaChecker {
  // (schema, value) pairs being checked; meeting one again means a reference cycle that asserts nothing new.
  private readonly active = new Map<SchemaLike, unknown[]>();

  constructor(private readonly refs: RefResolver) {}

  check(nodes: readonly SchemaNode[], value: unknown, path = ""): Violation | undefined {
    for (const node of nodes) {
      const violation = this.checkNode(node, value, path);
      if (violation) return violation;
    }
    return undefined;
  }

  private checkNode(node: SchemaNode, value: unknown, path: string): Violation | undefined {
    if (node.schema === true) return undefined;
    const seen = this.active.get(node.schema) ?? [];
    if (seen.includes(value)) return undefined;
    seen.push(value);
    this.active.set(node.schema, seen);
    try {
      const m = emptyMerged(node.pointer);
      absorb(m, node, this.refs);
      return this.checkMerged(m, value, path);
    } finally {
      seen.pop();
    }
  }

  private checkMerged(m: Merged, value: unknown, path: string): Violation | undefined {
    const fail = (message: string): Violation => ({ pointer: m.pointer, path, message });
    if (m.impossible) return fail(m.impossible);
    if (m.types && !m.types.some((type) => hasType(value, type))) return fail(`must be of type ${m.types.join(" or ")}`);
    if (m.enums.some((list) => !list.some((allowed) => deepEqual(allowed, value)))) {
      return fail("must equal one of the enum/const values");
    }
    const problem = typeof value === "number" ? numberProblem(m, value) : typeof value === "string" ? stringProblem(m, value) : undefined;
    if (problem) return fail(problem);
    const nested = Array.isArray(value) ? this.checkArray(m, value, path) : isRecord(value) ? this.checkObject(m, value, path) : undefined;
    return nested ?? this.checkCombinators(m, value, path);
  }

  private checkArray(m: Merged, value: unknown[], path: string): Violation | undefined {
    const fail = (message: string): Violation => ({ pointer: m.pointer, path, message });
    if (value.length < m.minItems) return fail(`must have at least ${m.minItems} items`);
    if (m.maxItems !== undefined && value.length > m.maxItems) return fail(`must have at most ${m.maxItems} items`);
    const repeated = (item: unknown, index: number): boolean => value.findIndex((other) => deepEqual(other, item)) !== index;
    if (m.uniqueItems && value.some(repeated)) return fail("must have unique items");
    for (const [index, item] of value.entries()) {
      const nodes = itemNodes(m, index);
      if (!nodes) return fail(`must have at most ${index} items`);
      const violation = this.check(nodes, item, `${path}/${index}`);
      if (violation) return violation;
    }
    return undefined;
  }

  private checkObject(m: Merged, value: Record<string, unknown>, path: string): Violation | undefined {
    const fail = (message: string): Violation => ({ pointer: m.pointer, path, message });
    const keys = Object.keys(value);
    const missing = m.required.find((key) => !Object.hasOwn(value, key));
    if (missing !== undefined) return fail(`must have the required property "${missing}"`);
    if (keys.length < m.minProperties) return fail(`must have at least ${m.minProperties} properties`);
    if (m.maxProperties !== undefined && keys.length > m.maxProperties) return fail(`must have at most ${m.maxProperties} properties`);
    for (const key of keys) {
      const nodes = propertyNodes(m, key);
      if (!nodes) return fail(`must not have the additional property "${key}"`);
      const violation = this.check(m.propertyNames, key, path) ?? this.check(nodes, value[key], `${path}/${escapePointer(key)}`);
      if (violation) return violation;
    }
    return undefined;
  }

  private checkCombinators(m: Merged, value: unknown, path: string): Violation | undefined {
    for (const choice of m.choices) {
      if (choice.kind === "anyOf") {
        if (choice.branches.some((branch) => !this.checkNode(branch, value, path))) continue;
        return { pointer: choice.pointer, path, message: "must match a schema in anyOf" };
      }
      const matches = choice.branches.filter((branch) => !this.checkNode(branch, value, path)).length;
      if (matches !== 1) {
        return { pointer: choice.pointer, path, message: `must match exactly one schema in oneOf, but matches ${matches}` };
      }
    }
    const negation = m.negations.find((node) => !this.checkNode(node, value, path));
    return negation ? { pointer: negation.pointer, path, message: "must not match the schema in not" } : undefined;
  }
}

const ADJECTIVES = ["sample", "example", "demo", "quick", "bright", "calm", "green", "blue", "north", "silver", "little", "gentle"];
const NOUNS = ["value", "note", "river", "garden", "signal", "harbor", "meadow", "lantern", "orbit", "pebble", "summit", "record"];
const STRING_ATTEMPTS = 24;
const MAX_SYNTHESIZED_LENGTH = 100_000;

/** Lowercase words from a property name: `firstName` and `first_name` both give "first name". */
export function hintWords(hint: string): string {
  const words = hint.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.slice(0, 3).join(" ");
}

/** The singular of a plural property name, for the items of an array property (`tags` → `tag`). */
export function singular(hint: string): string {
  if (/ies$/.test(hint)) return `${hint.slice(0, -3)}y`;
  if (/[^s]s$/.test(hint)) return hint.slice(0, -1);
  return hint;
}

function slug(hint: string, random: Random): string {
  return hintWords(hint).replace(/ /g, "-") || random.pick(NOUNS);
}

const pad2 = (value: number): string => String(value).padStart(2, "0");
const hex = (random: Random, digits: number): string =>
  Array.from({ length: digits }, () => random.int(0, 15).toString(16)).join("");
const date = (random: Random): string => `${random.int(2020, 2026)}-${pad2(random.int(1, 12))}-${pad2(random.int(1, 28))}`;
const time = (random: Random): string => `${pad2(random.int(0, 23))}:${pad2(random.int(0, 59))}:${pad2(random.int(0, 59))}Z`;

function uuid(random: Random): string {
  // version 4: the "4" marks the version and 8/9/a/b the variant
  const variant = random.pick(["8", "9", "a", "b"]);
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

type FormatWriter = (random: Random, hint: string) => string;

const FORMAT_WRITERS = new Map<string, FormatWriter>([
  ["date-time", (random) => `${date(random)}T${time(random)}`],
  ["date", date],
  ["time", time],
  ["duration", (random) => {
    const amount = random.int(1, 12);
    return random.pick([`P${amount}D`, `P${amount}W`, `PT${amount}H`, `PT${amount}M`]);
  }],
  ["email", (random, hint) => `${slug(hint, random).replace(/-/g, ".")}.${random.pick(ADJECTIVES)}@example.com`],
  ["hostname", (random, hint) => `${slug(hint, random)}.example.com`],
  ["ipv4", (random) => `${random.pick([10, 172, 192])}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`],
  ["ipv6", (random) => `2001:db8:${hex(random, 4)}::${hex(random, 4)}`],
  ["uuid", uuid],
  ["uri", (random, hint) => `https://example.com/${slug(hint, random)}`],
  ["url", (random, hint) => `https://example.com/${slug(hint, random)}`],
  ["uri-reference", (random, hint) => `/${slug(hint, random)}`],
  ["uri-template", (random, hint) => `https://example.com/${slug(hint, random)}/{id}`],
  ["json-pointer", (random, hint) => `/${slug(hint, random)}`],
  ["relative-json-pointer", (random, hint) => `0/${slug(hint, random)}`],
  ["regex", () => "^[a-z]+$"],
  ["byte", (random, hint) => Buffer.from(slug(hint, random)).toString("base64")],
]);
FORMAT_WRITERS.set("idn-email", FORMAT_WRITERS.get("email") as FormatWriter);
FORMAT_WRITERS.set("idn-hostname", FORMAT_WRITERS.get("hostname") as FormatWriter);
FORMAT_WRITERS.set("iri", FORMAT_WRITERS.get("uri") as FormatWriter);
FORMAT_WRITERS.set("iri-reference", FORMAT_WRITERS.get("uri-reference") as FormatWriter);

/** A string meeting the length, pattern and format constraints of `m`; `hint` is the property name. */
export function synthesizeString(m: Merged, hint: string, random: Random): string {
  if (m.maxLength !== undefined && m.minLength > m.maxLength) {
    throw new SchemaError(m.pointer, `minLength ${m.minLength} exceeds maxLength ${m.maxLength}`);
  }
  if (m.minLength > MAX_SYNTHESIZED_LENGTH) {
    throw new SchemaError(m.pointer, `minLength ${m.minLength} is too large to synthesize`);
  }
  for (const source of m.patterns) compileRegex(source, m.pointer); // reports an invalid pattern as such
  const writer = m.formats.map((format) => FORMAT_WRITERS.get(format)).find((found) => found !== undefined);
  let problem: string | undefined;
  for (let attempt = 0; attempt < STRING_ATTEMPTS; attempt++) {
    // With both a format and a pattern, alternate: either may be the one that also satisfies the other.
    const useFormat = writer && (m.patterns.length === 0 || attempt % 2 === 0);
    const candidate = useFormat ? writer(random, hint) : m.patterns.length > 0 ? fromPattern(m, attempt, random) : words(m, hint, random);
    if (candidate === undefined) continue;
    problem = stringProblem(m, candidate);
    if (problem === undefined) return candidate;
  }
  const wanted = [
    ...m.patterns.map((source) => `pattern ${JSON.stringify(source)}`),
    ...m.formats.map((format) => `format "${format}"`),
    `length ${m.minLength}..${m.maxLength ?? "∞"}`,
  ];
  throw new SchemaError(m.pointer, `found no string with ${wanted.join(", ")}${problem ? ` (last try ${problem})` : ""}`);
}

function words(m: Merged, hint: string, random: Random): string {
  let text = `${random.pick(ADJECTIVES)} ${hintWords(hint) || random.pick(NOUNS)}`;
  while (text.length < m.minLength) text += ` ${random.pick(NOUNS)}`;
  if (m.maxLength !== undefined && text.length > m.maxLength) text = text.slice(0, m.maxLength).trimEnd();
  // trimming a cut word's trailing space may leave the text one short
  return text.padEnd(m.minLength, "s");
}

function fromPattern(m: Merged, attempt: number, random: Random): string | undefined {
  const source = m.patterns[attempt % m.patterns.length] as string;
  let generator: InstanceType<RandExpClass>;
  try {
    generator = new RandExp(source);
  } catch {
    return undefined; // a syntax randexp cannot parse; stringProblem reports the pattern if nothing else works
  }
  generator.randInt = (low: number, high: number) => random.int(low, high);
  // `+` and `*` repeat up to min + max times: small keeps strings short; later attempts stretch to reach minLength.
  generator.max = attempt < STRING_ATTEMPTS / 3 ? 3 : Math.max(3, m.minLength);
  const text = generator.gen();
  const missing = m.minLength - [...text].length;
  if (missing <= 0) return text;
  // An unanchored pattern still matches when text is added on its free side.
  const filler = "x".repeat(missing);
  if (!/(^|[^\\])\$$/.test(source)) return text + filler;
  return source.startsWith("^") ? text : filler + text;
}

/** A number meeting the bounds and multipleOf of `m`; integral when `integer`. */
export function synthesizeNumber(m: Merged, integer: boolean, random: Random): number {
  for (const step of numberGrids(m, integer, random)) {
    const range = gridRange(m, step);
    if (!range) continue;
    const [low, high] = range;
    for (let attempt = 0; attempt < 8; attempt++) {
      const value = onGrid(random.int(low, high), step);
      if (numberProblem(m, value) === undefined && (!integer || Number.isInteger(value))) return value;
    }
    // Float rounding can reject a few grid points (0.3 / 0.1 is not an integer); scan for one that passes.
    for (let index = low; index <= Math.min(high, low + 500); index++) {
      const value = onGrid(index, step);
      if (numberProblem(m, value) === undefined && (!integer || Number.isInteger(value))) return value;
    }
  }
  const bounds = { minimum: m.minimum, maximum: m.maximum, exclusiveMinimum: m.exclusiveMinimum, exclusiveMaximum: m.exclusiveMaximum };
  const rules = [
    ...Object.entries(bounds).filter(([, bound]) => bound !== undefined).map(([name, bound]) => `${name} ${bound}`),
    ...m.multipleOf.map((step) => `multipleOf ${step}`),
  ];
  throw new SchemaError(m.pointer, `no ${integer ? "integer" : "number"} satisfies ${rules.join(", ") || "the constraints"}`);
}

// Candidate spacings for values, coarsest first: plain numbers prefer whole numbers or cents, and go finer only
// when the bounds leave no room.
function numberGrids(m: Merged, integer: boolean, random: Random): number[] {
  const step = commonStep(m.multipleOf, integer);
  if (step !== undefined) return [step];
  return random.chance(0.5) ? [1, 0.01, 1e-4, 1e-8] : [0.01, 1, 1e-4, 1e-8];
}

function decimals(value: number): number {
  const [mantissa = "", exponent = "0"] = value.toString().split("e");
  return Math.max(0, (mantissa.split(".")[1]?.length ?? 0) - Number(exponent));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The least common multiple of every multipleOf (and of 1 for integers), or undefined when there is none. */
function commonStep(multiples: readonly number[], integer: boolean): number | undefined {
  if (multiples.length === 0) return integer ? 1 : undefined;
  const places = Math.max(...multiples.map(decimals));
  const scale = 10 ** places;
  let scaled = integer ? scale : 1;
  for (const multiple of multiples) {
    const whole = Math.round(multiple * scale);
    scaled = (scaled / gcd(scaled, whole)) * whole;
  }
  // Beyond exact float integers the arithmetic above is meaningless; fall back to the largest step and let checks decide.
  if (places > 12 || !Number.isSafeInteger(scaled)) return Math.max(...multiples, integer ? 1 : 0);
  return scaled / scale;
}

function onGrid(index: number, step: number): number {
  return Number((index * step).toFixed(Math.min(20, decimals(step))));
}

/** Grid indices [low, high] inside the bounds: a window of about 100 units from the point nearest zero. */
function gridRange(m: Merged, step: number): [number, number] | undefined {
  const lower = Math.max(m.minimum ?? -Infinity, m.exclusiveMinimum ?? -Infinity);
  const upper = Math.min(m.maximum ?? Infinity, m.exclusiveMaximum ?? Infinity);
  if (lower > upper) return undefined;
  const span = Math.max(1, Math.ceil(100 / step));
  const first = Number.isFinite(lower) ? Math.ceil(lower / step) : -Infinity;
  const last = Number.isFinite(upper) ? Math.floor(upper / step) : Infinity;
  const start = Math.min(Math.max(0, first), last);
  // A range at or below zero grows downwards from its top instead.
  const low = start === last ? Math.max(first, start - span) : start;
  const high = Math.min(last, low + span);
  if (low > high || !Number.isSafeInteger(low) || !Number.isSafeInteger(high)) return undefined;
  return [low, high];
}
