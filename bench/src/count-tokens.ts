// Offline token counting speed: 1 MB of text, with the ranks loaded once first (their one-time load is reported on
// its own). Target: well under a second for 1 MB. Run with `pnpm bench`.
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
process.stdout.write(`${lines.join("\n")}\n`);
