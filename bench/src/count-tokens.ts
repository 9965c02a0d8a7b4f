// Offline token counting speed: 1 MB of text, with the ranks loaded once first (their one-time load is reported on
// its own), then adversarial inputs: long runs without a break, which js-tiktoken's merge handled in quadratic time
// (10,000 `a`s took 13 s). Target: well under a second for any 1 MB input. Each figure stands beside plain
// js-tiktoken (`new Tiktoken(ranks).encode(text).length`, the library we build on) on the same text, and the two counts
// must agree, so a fast but wrong counter cannot win. Plain js-tiktoken is skipped on inputs its quadratic merge cannot
// finish in reasonable time (one piece longer than PLAIN_PIECE_LIMIT characters). Run with `pnpm bench`.
import { countTextTokens, loadEncoding } from "@tessera/openai-tokens";
import { Tiktoken } from "js-tiktoken/lite";
import cl100k from "js-tiktoken/ranks/cl100k_base";
import o200k from "js-tiktoken/ranks/o200k_base";

const PLAIN = { o200k_base: new Tiktoken(o200k), cl100k_base: new Tiktoken(cl100k) } as const;
// 10,000 `a`s (one piece) take plain js-tiktoken about 13 s; runs this long or longer are not timed there.
const PLAIN_PIECE_LIMIT = 5_000;

const WORDS = "the quick brown fox jumps over a lazy dog while seven wizards quietly brew potent elixirs for tomorrow".split(" ");

function prose(bytes: number, seed: number): string {
  const parts: string[] = [];
  let size = 0;
  let state = seed;
  while (size < bytes) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const word = `${WORDS[state % WORDS.length]}${state % 13 === 0 ? `${state % 1000}` : ""}${state % 17 === 0 ? ".\n" : " "}`;
    parts.push(word);
    size += word.length;
  }
  return parts.join("");
}

/** A deterministic pseudo-random string over an alphabet of code points. */
function randomRun(alphabet: readonly string[], length: number, seed: number): string {
  const parts: string[] = [];
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    parts.push(alphabet[(state >>> 8) % alphabet.length] ?? "");
  }
  return parts.join("");
}

const COMMON_CJK = [..."的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从"];
const BASE64 = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"];
const EMOJI = ["🎉", "👩‍👩‍👧", "👍🏽", "🇫🇷", "🙂", "🧑‍💻", "✨"];

// Each is one pre-tokenized piece, except the base64 blob (split at digits and `+/`) and the emoji (split by symbol).
const adversarial: Array<[string, () => string]> = [
  ["10,000 `a`s", () => "a".repeat(10_000)],
  ["100,000 `a`s", () => "a".repeat(100_000)],
  ["1 MB of `a`s", () => "a".repeat(1_000_000)],
  ["2,000 CJK characters", () => randomRun(COMMON_CJK, 2_000, 7)],
  ["100,000 CJK characters", () => randomRun(COMMON_CJK, 100_000, 7)],
  ["100,000 🎉", () => "🎉".repeat(100_000)],
  ["100,000 mixed emoji", () => randomRun(EMOJI, 100_000, 5)],
  ["1 MB base64 blob", () => randomRun(BASE64, 1_000_000, 3)],
  ["1 MB without spaces", () => prose(1_400_000, 3).replace(/[^a-z]/g, "").slice(0, 1_000_000)],
];

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Plain js-tiktoken's count and time, or undefined where its merge would run for minutes. */
async function plainCount(text: string, encoding: keyof typeof PLAIN): Promise<{ value: number; ms: number } | undefined> {
  if (longestPiece(text) > PLAIN_PIECE_LIMIT) return undefined;
  return timed(async () => PLAIN[encoding].encode(text).length);
}

// The longest run of letters, digits or symbols without a space: a bound on the longest pre-tokenized piece.
function longestPiece(text: string): number {
  let longest = 0;
  for (const run of text.split(/\s+/u)) longest = Math.max(longest, [...run].length);
  return longest;
}

let disagreements = 0;
function cellsFor(ours: { value: number; ms: number }, plain: { value: number; ms: number } | undefined): string[] {
  if (plain !== undefined && plain.value !== ours.value) disagreements++;
  const plainCell = plain === undefined ? "skipped (quadratic)" : `${plain.ms.toFixed(0)} ms${plain.value === ours.value ? "" : ` (counts ${plain.value}: DISAGREE)`}`;
  return [`${ours.ms.toFixed(0)} ms`, plainCell, `${ours.value}`];
}

const lines = [
  "Offline token counting (js-tiktoken ranks bundled, never fetched), beside plain js-tiktoken on the same text",
  "",
  "| encoding | ranks load (once) | 1 MB, first | plain js-tiktoken | 1 MB, fresh text | plain js-tiktoken | tokens |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const encoding of ["o200k_base", "cl100k_base"] as const) {
  const load = await timed(() => loadEncoding(encoding));
  const firstText = prose(1_000_000, 1);
  const freshText = prose(1_000_000, 2);
  const first = await timed(() => countTextTokens(firstText, encoding));
  const plainFirst = await plainCount(firstText, encoding);
  const fresh = await timed(() => countTextTokens(freshText, encoding));
  const plainFresh = await plainCount(freshText, encoding);
  const [firstMs, plainFirstCell] = cellsFor(first, plainFirst);
  const [freshMs, plainFreshCell] = cellsFor(fresh, plainFresh);
  lines.push(`| ${encoding} | ${load.ms.toFixed(0)} ms | ${firstMs} | ${plainFirstCell} | ${freshMs} | ${plainFreshCell} | ${first.value} |`);
}
lines.push(
  "",
  "| adversarial input | UTF-8 bytes | o200k_base | plain js-tiktoken | tokens | cl100k_base | plain js-tiktoken | tokens |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
);
for (const [label, build] of adversarial) {
  const text = build();
  const cells = [label, `${new TextEncoder().encode(text).length}`];
  for (const encoding of ["o200k_base", "cl100k_base"] as const) {
    const ours = await timed(() => countTextTokens(text, encoding));
    cells.push(...cellsFor(ours, await plainCount(text, encoding)));
  }
  lines.push(`| ${cells.join(" | ")} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
if (disagreements > 0) {
  process.stderr.write(`${disagreements} count(s) disagree with plain js-tiktoken\n`);
  process.exitCode = 1;
}
