// Offline token counting speed: 1 MB of text, with the ranks loaded once first (their one-time load is reported on
// its own), then adversarial inputs: long runs without a break, which js-tiktoken's merge handled in quadratic time
// (10,000 `a`s took 13 s). Target: well under a second for any 1 MB input. Run with `pnpm bench`.
import { countTextTokens, loadEncoding } from "@tessera/openai-tokens";

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

const lines = ["Offline token counting (js-tiktoken ranks bundled, never fetched)", "", "| encoding | ranks load (once) | 1 MB, first | 1 MB, fresh text | tokens |", "| --- | ---: | ---: | ---: | ---: |"];
for (const encoding of ["o200k_base", "cl100k_base"] as const) {
  const load = await timed(() => loadEncoding(encoding));
  const first = await timed(() => countTextTokens(prose(1_000_000, 1), encoding));
  const fresh = await timed(() => countTextTokens(prose(1_000_000, 2), encoding));
  lines.push(`| ${encoding} | ${load.ms.toFixed(0)} ms | ${first.ms.toFixed(0)} ms | ${fresh.ms.toFixed(0)} ms | ${first.value} |`);
}
lines.push("", "| adversarial input | UTF-8 bytes | o200k_base | tokens | cl100k_base | tokens |", "| --- | ---: | ---: | ---: | ---: | ---: |");
for (const [label, build] of adversarial) {
  const text = build();
  const cells = [label, `${new TextEncoder().encode(text).length}`];
  for (const encoding of ["o200k_base", "cl100k_base"] as const) {
    const run = await timed(() => countTextTokens(text, encoding));
    cells.push(`${run.ms.toFixed(0)} ms`, `${run.value}`);
  }
  lines.push(`| ${cells.join(" | ")} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
